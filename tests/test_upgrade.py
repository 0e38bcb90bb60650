"""Catalogue upgrades reach live sites: older formats are read upgraded, release changes offered."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import get_args

import pytest

from rdm import create_app
from rdm.catalogue import CatalogueError, parse_catalogue
from rdm.catalogue.changesets import load_changesets, pending
from rdm.catalogue.loader import plain_data
from rdm.catalogue.models import Catalogue
from rdm.catalogue.roundtrip import round_trip_yaml
from rdm.catalogue.upgrade import FORMAT
from rdm.config import PACKAGED_CATALOGUE, PACKAGED_CHANGES
from rdm.extensions import db
from rdm.live import EXTENSION_KEY
from rdm.models import Revision
from rdm.redactie.publishing import take_changeset, verdict_changes

from .conftest import check_page, normalize_spaces
from .editor_helpers import add_account, logged_in, make_app, token

FIXTURES = Path(__file__).parent / "fixtures"
# tables.yaml as it was before formats were upgraded: what live sites have stored.
FORMAT_1 = (FIXTURES / "catalogue-format-1.yaml").read_text(encoding="utf-8")
PACKAGED = PACKAGED_CATALOGUE.read_text(encoding="utf-8")
# The changesets whose content the packaged catalogue already holds.
SHIPPED = "2026-12-advies-en-wegwijzer"
REGIEKAART = "2026-12-regiekaart"
ENGLISH = "2026-12b-engels-en-zoeken"
CONTENT = "2026-12-inhoud-en-bronnen"
# Every changeset shipped so far, in the order they are offered (and listed as applied).
SHIPPED_IDS = tuple(c.id for c in load_changesets(PACKAGED_CHANGES))
APPLIED = ", ".join(SHIPPED_IDS)
APPLIED_LINE = f"changes_applied: [{APPLIED}]\n"


def in_format_2(text: str) -> str:
    """The format-1 text as the 1 -> 2 upgrade should write it: only the version differs."""
    assert text.count("\nschema_version: 1\n") == 1
    return text.replace("\nschema_version: 1\n", "\nschema_version: 2\n")


@pytest.fixture
def app(database, tmp_path):
    app = make_app(database, str(tmp_path / "one"))
    add_account(app)
    return app


def store(app, text: str, note: str = "opgeslagen voor de upgrade") -> int:
    with app.app_context():
        revision = Revision.of(text, note, None)
        db.session.add(revision)
        db.session.commit()
        return revision.id


def test_the_model_reads_the_current_format():
    assert get_args(Catalogue.model_fields["schema_version"].annotation) == (FORMAT,)
    assert round_trip_yaml().load(PACKAGED)["schema_version"] == FORMAT


def test_a_format_1_catalogue_is_read_upgraded_with_its_comments_and_layout():
    loaded = parse_catalogue(FORMAT_1.encode("utf-8"))
    assert loaded.upgraded_from == 1
    assert loaded.catalogue.schema_version == FORMAT
    assert loaded.text == in_format_2(FORMAT_1)
    assert loaded.sha256 == hashlib.sha256(loaded.text.encode("utf-8")).hexdigest()
    assert loaded.source_sha256 == hashlib.sha256(FORMAT_1.encode("utf-8")).hexdigest()
    before = plain_data(round_trip_yaml().load(FORMAT_1))
    after = plain_data(round_trip_yaml().load(loaded.text))
    assert {**before, "schema_version": FORMAT} == after, "no data lost or moved"


def test_a_catalogue_in_the_current_format_is_not_upgraded():
    loaded = parse_catalogue(PACKAGED.encode("utf-8"))
    assert loaded.upgraded_from is None
    assert loaded.text == PACKAGED and loaded.sha256 == loaded.source_sha256


def test_the_upgraded_catalogue_has_the_packaged_tables_and_verdicts():
    """The upgrade keeps a format-1 site's tables; with this release's changesets taken, its
    rules give every example case the packaged verdicts (the criteria audit changed some)."""
    loaded = parse_catalogue(FORMAT_1.encode("utf-8"))
    upgraded = loaded.catalogue
    packaged = parse_catalogue(PACKAGED.encode("utf-8")).catalogue
    assert [t.slug for t in upgraded.tables] == [t.slug for t in packaged.tables]
    assert len(upgraded.examples) >= 9
    text = loaded.text
    for changeset in load_changesets(PACKAGED_CHANGES):
        text, _ = take_changeset(text, changeset)
    taken = parse_catalogue(text.encode("utf-8")).catalogue
    changed = [c for c in verdict_changes(taken, packaged) if c.before != c.after]
    assert changed == [], "the example cases get the same verdicts from both"
    audited = [c for c in verdict_changes(upgraded, packaged) if c.before != c.after]
    assert {c.table for c in audited} >= {"triagetafel", "bestuurlijk-escalatie-overleg"}


@pytest.mark.parametrize(
    ("version", "message"),
    [
        (
            "3",
            "formaat 3 is nieuwer dan deze versie van de site kent (formaat 2); werk de site bij",
        ),
        ("0", "formaat 0 is onbekend; deze site leest formaat 1 tot 2"),
        ("twee", "moet een geheel getal zijn (het formaat), niet 'twee'"),
        ("1.5", "moet een geheel getal zijn (het formaat), niet '1.5'"),
        ("true", "moet een geheel getal zijn (het formaat), niet 'True'"),
    ],
)
def test_a_format_this_site_cannot_read_is_refused_in_dutch_with_its_line(version, message):
    text = FORMAT_1.replace("\nschema_version: 1\n", f"\nschema_version: {version}\n")
    line = text.splitlines().index(f"schema_version: {version}") + 1
    with pytest.raises(CatalogueError) as refused:
        parse_catalogue(text.encode("utf-8"), "revisie 7")
    assert [str(p) for p in refused.value.problems] == [
        f"revisie 7:{line}: veld 'schema_version': {message}"
    ]


def test_a_stored_format_1_revision_is_served_upgraded_and_exported_in_format_2(app, tmp_path):
    number = store(app, FORMAT_1.replace("aanmelding@triagetafeltwente.nl", "oud@example.org"))
    client = app.test_client()
    page = client.get("/tafels/triagetafel").get_data(as_text=True)
    assert "oud@example.org" in page
    health = client.get("/healthz").get_json()["catalogue"]
    assert health["revision"] == number
    served = app.extensions[EXTENSION_KEY].current
    client.get("/tafels/topx")
    assert app.extensions[EXTENSION_KEY].current is served, "read once, not on every look"
    out = tmp_path / "export.yaml"
    assert app.test_cli_runner().invoke(args=["rdm", "export", "-o", str(out)]).exit_code == 0
    exported = out.read_text(encoding="utf-8")
    assert exported == in_format_2(FORMAT_1).replace(
        "aanmelding@triagetafeltwente.nl", "oud@example.org"
    )
    assert health["sha256"] == hashlib.sha256(exported.encode("utf-8")).hexdigest()


def test_editors_see_a_format_1_revision_and_their_next_publication_stores_format_2(app):
    number = store(app, FORMAT_1)
    editor = logged_in(app)
    dashboard = check_page(editor.get("/redactie/").get_data(as_text=True))
    text = normalize_spaces(dashboard.get_text())
    assert f"Live is: revisie {number}" in text
    assert "opgeslagen in formaat 1 van de catalogus" in text
    history = check_page(editor.get("/redactie/revisies").get_data(as_text=True))
    assert history.select_one("tbody th").get_text(strip=True) == f"{number}(live)"
    edit = check_page(editor.get("/redactie/bewerken").get_data(as_text=True))
    assert "\nschema_version: 2\n" in edit.select_one("textarea").get_text()
    changed = FORMAT_1.replace("aanmelding@triagetafeltwente.nl", "nieuw@example.org")
    data = {"yaml": changed, "slug": "", "csrf_token": token(editor, "/redactie/bewerken")}
    preview = check_page(editor.post("/redactie/voorbeeld", data=data).get_data(as_text=True))
    diff = preview.select_one("pre.diff").get_text()
    assert "nieuw@example.org" in diff and "schema_version" not in diff
    form = preview.select_one("form.publish-form")
    sent = {i["name"]: i.get("value", "") for i in form.select("input[type=hidden]")}
    sent["note"] = "Nieuw adres"
    # The format-1 examples predate the fourth verdict: one of them now reads may_fit, which
    # the editor confirms having seen (the release's changeset updates that example).
    assert form.select_one("input[name=confirm]"), "a changed example verdict is shown"
    sent["confirm"] = "y"
    assert editor.post("/redactie/publiceren", data=sent).status_code == 302
    with app.app_context():
        newest = db.session.query(Revision).order_by(Revision.id.desc()).first()
        assert newest.id == number + 1
        assert newest.yaml_text == in_format_2(changed)
    dashboard = check_page(editor.get("/redactie/").get_data(as_text=True))
    assert "opgeslagen in formaat" not in dashboard.get_text()


def test_rolling_back_to_a_format_1_revision_previews_it_in_format_2(app):
    first = store(app, FORMAT_1)
    store(app, PACKAGED.replace("aanmelding@triagetafeltwente.nl", "nieuw@example.org"))
    editor = logged_in(app)
    data = {"csrf_token": token(editor, "/redactie/revisies")}
    response = editor.post(f"/redactie/revisies/{first}/terugzetten", data=data)
    assert response.status_code == 200
    page = check_page(response.get_data(as_text=True))
    diff = page.select_one("pre.diff").get_text()
    assert "aanmelding@triagetafeltwente.nl" in diff and "schema_version" not in diff
    assert "schema_version: 2\n" in page.select_one("input[name=yaml]")["value"]


# Release changesets: offered on the dashboard, taken or declined through preview and publish.

CHANGES = FIXTURES / "changes"
TAKEN = "/redactie/wijzigingen/2026-12-triagetafel/overnemen"
DECLINED = "/redactie/wijzigingen/2026-12-triagetafel/afwijzen"
TITLE = "Nieuw aanmeldadres en telefoon van de Triage & Transfertafel"


@pytest.fixture
def offering(database, tmp_path):
    """An app whose release ships the test changeset, with a logged-in editor."""
    app = make_app(database, str(tmp_path / "offering"), CATALOGUE_CHANGES=str(CHANGES))
    add_account(app)
    return app


def revisions(app) -> list[str]:
    with app.app_context():
        return [r.yaml_text for r in db.session.query(Revision).order_by(Revision.id)]


def post(client, url: str, status: int = 200):
    response = client.post(url, data={"csrf_token": token(client, "/redactie/")})
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return response


def publish_preview(client, page, note: str | None = None, status: int = 302):
    form = page.select_one("form.publish-form")
    data = {i["name"]: i.get("value", "") for i in form.select("input")}
    if note is not None:
        data["note"] = note
    response = client.post("/redactie/publiceren", data=data)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return response


def offered(client) -> list[str]:
    page = check_page(client.get("/redactie/").get_data(as_text=True))
    return [normalize_spaces(h.get_text()) for h in page.select(".changeset-list h3")]


def added_lines(page) -> list[str]:
    return [span.get_text() for span in page.select("pre.diff .diff__add")]


def test_a_pending_changeset_is_offered_on_the_dashboard_with_its_two_actions(offering):
    editor = logged_in(offering)
    page = check_page(editor.get("/redactie/").get_data(as_text=True))
    assert offered(editor) == [f"Meegeleverde wijziging: {TITLE} — nog niet in de live catalogus"]
    forms = page.select(".changeset-list form")
    assert [f["action"] for f in forms] == [TAKEN, DECLINED]
    assert all(f["method"] == "post" and f.select_one("[name=csrf_token]") for f in forms)


def test_the_packaged_release_offers_nothing_the_packaged_catalogue_already_holds(app):
    editor = logged_in(app)
    assert offered(editor) == []
    changesets = load_changesets(PACKAGED_CHANGES)
    assert pending(parse_catalogue(PACKAGED.encode()).catalogue, changesets) == []
    for changeset in changesets:
        text, conflicts = take_changeset(PACKAGED, changeset)
        assert text == PACKAGED, changeset.id
        # Only where a later changeset that builds on this one set the field anew (or a part
        # of it, or the block or list around it).
        later = [op.path for c in changesets if changeset.id in c.after for op in c.operations]
        for conflict in conflicts:
            path = conflict.operation.path
            overlaps = (path[: len(p)] == p or p[: len(path)] == path for p in later)
            assert any(overlaps), (changeset.id, path)


def test_taking_a_changeset_is_previewed_and_published_only_by_the_editor(offering):
    editor = logged_in(offering)
    page = check_page(post(editor, TAKEN).get_data(as_text=True))
    assert (
        page.select_one(".changeset h2").get_text() == f"Meegeleverde wijziging overnemen: {TITLE}"
    )
    assert (
        "Alle velden van deze wijziging worden overgenomen"
        in page.select_one(".changeset").get_text()
    )
    assert added_lines(page) == [
        "+  - {slug: hengelo, name: Hengelo, ggz_region: mediant, region_note: Werkgebied "
        "bevestigd door de gemeente.}",
        "+        address: aanmelding@example.org",
        "+      - kind: phone",
        "+        label: Secretariaat Triage & Transfertafel",
        "+        number: 053 000 00 00",
        f"+changes_applied: [{APPLIED}, 2026-12-triagetafel]",
    ]
    note = page.select_one("form.publish-form input[name=note]")["value"]
    assert note == f"Meegeleverde wijziging overgenomen: {TITLE}"
    assert revisions(offering) == [], "a preview publishes nothing"
    publish_preview(editor, page)
    [first_state, text] = revisions(offering)
    assert first_state == PACKAGED, "the state before the first publication is kept"
    assert f"changes_applied: [{APPLIED}, 2026-12-triagetafel]\n" in text
    public = editor.get("/tafels/triagetafel").get_data(as_text=True)
    assert "aanmelding@example.org" in public and "053 000 00 00" in public
    assert offered(editor) == []
    response = post(editor, TAKEN, status=302)
    assert response.headers["Location"] == "/redactie/"
    flash = check_page(editor.get("/redactie/").get_data(as_text=True)).select_one(".flash")
    assert "al overgenomen of afgewezen" in flash.get_text()
    assert len(revisions(offering)) == 2


def test_a_field_an_editor_changed_is_kept_and_the_conflict_shown(offering):
    with offering.app_context():
        db.session.add(
            Revision.of(
                PACKAGED.replace("aanmelding@triagetafeltwente.nl", "nieuw@triagetafeltwente.nl"),
                "Nieuw adres van de redactie",
                None,
            )
        )
        db.session.commit()
    editor = logged_in(offering)
    page = check_page(post(editor, TAKEN).get_data(as_text=True))
    notice = normalize_spaces(page.select_one(".changeset .notice").get_text())
    assert notice.startswith("1 veld is niet overgenomen: de redactie heeft het")
    rows = [
        [normalize_spaces(cell.get_text()) for cell in row.select("th, td")]
        for row in page.select(".changeset tbody tr")
    ]
    assert rows == [
        [
            "tables › triagetafel › contacts › email › address",
            "nieuw@triagetafeltwente.nl",
            "aanmelding@example.org",
        ]
    ]
    assert "aanmelding@example.org" not in page.select_one("pre.diff").get_text()
    refused = check_page(publish_preview(editor, page, note="", status=400).get_data(as_text=True))
    assert len(refused.select(".changeset tbody tr")) == 1, "still shown when publishing fails"
    publish_preview(editor, page)
    text = revisions(offering)[-1]
    assert "nieuw@triagetafeltwente.nl" in text and "aanmelding@example.org" not in text
    assert "053 000 00 00" in text and "region_note: Werkgebied bevestigd" in text
    assert offered(editor) == []


def test_declining_records_only_that_and_it_is_not_offered_again(offering):
    editor = logged_in(offering)
    page = check_page(post(editor, DECLINED).get_data(as_text=True))
    assert (
        page.select_one(".changeset h2").get_text() == f"Meegeleverde wijziging afwijzen: {TITLE}"
    )
    assert added_lines(page) == ["+changes_declined:", "+  - 2026-12-triagetafel"]
    assert not page.select("pre.diff .diff__remove")
    assert revisions(offering) == []
    publish_preview(editor, page)
    [first_state, text] = revisions(offering)
    assert first_state == PACKAGED
    assert text == PACKAGED + "changes_declined:\n  - 2026-12-triagetafel\n"
    assert offered(editor) == []
    assert post(editor, DECLINED, status=302).headers["Location"] == "/redactie/"
    assert post(editor, TAKEN, status=302).headers["Location"] == "/redactie/"
    assert len(revisions(offering)) == 2


def test_changeset_actions_need_an_editor_a_form_token_and_a_shipped_id(offering):
    visitor = offering.test_client()
    response = visitor.post(TAKEN, data={"csrf_token": token(visitor)})
    # Not logged in: the login page at once (the form's work would be kept), nothing taken.
    assert response.status_code == 401
    assert check_page(response.get_data(as_text=True)).select_one("form input[name=password]")
    editor = logged_in(offering)
    assert editor.post(TAKEN).status_code == 400
    assert editor.post(DECLINED).status_code == 400
    post(editor, "/redactie/wijzigingen/bestaat-niet/overnemen", status=404)
    post(editor, "/redactie/wijzigingen/bestaat-niet/afwijzen", status=404)
    assert revisions(offering) == []


def write_changeset(folder: Path, text: str, name: str = "wijziging.yaml") -> Path:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


VALID = """id: een-wijziging
title: Een wijziging
description: Wat er verandert.
changes:
  - path: [gemeenten_source]
    value: Een nieuwe bron
"""


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (VALID.replace("title: Een wijziging\n", ""), ":1: veld 'title': verplicht veld ontbreekt"),
        (
            VALID.replace("[gemeenten_source]", "[{slug: hengelo}, routes]"),
            ":5: veld 'changes[1].path': een {sleutel: waarde} kiest een item uit de lijst in "
            "het veld ervoor",
        ),
        (
            VALID.replace("[gemeenten_source]", "[gemeenten, {slug: hengelo, name: x}]"),
            ":5: veld 'changes[1].path': een {sleutel: waarde} noemt precies één sleutel",
        ),
        (VALID.replace("    value: Een nieuwe bron\n", ""), ":5: veld 'changes[1].value'"),
        (VALID.replace("id: een-wijziging", "id: Een Wijziging"), ":1: veld 'id': heeft een"),
        (VALID + "  - path: []\n    value: x\n", ":7: veld 'changes[2].path'"),
    ],
)
def test_a_broken_changeset_file_is_refused_in_dutch_with_its_line(tmp_path, text, problem):
    folder = write_changeset(tmp_path / "changes", text)
    with pytest.raises(CatalogueError) as refused:
        load_changesets(folder)
    assert problem in str(refused.value)
    assert str(refused.value).startswith(str(folder / "wijziging.yaml"))


def test_two_changesets_with_one_id_are_refused(tmp_path):
    folder = write_changeset(tmp_path / "changes", VALID, "a.yaml")
    write_changeset(folder, VALID, "b.yaml")
    with pytest.raises(CatalogueError) as refused:
        load_changesets(folder)
    assert str(refused.value) == f"{folder / 'b.yaml'}: veld 'id': 'een-wijziging' komt dubbel voor"


def test_the_app_does_not_start_with_a_broken_changeset(tmp_path, capsys):
    folder = write_changeset(tmp_path / "changes", VALID.replace("title: Een wijziging\n", ""))
    with pytest.raises(SystemExit):
        make_app("sqlite://", str(tmp_path), CATALOGUE_CHANGES=str(folder))
    assert capsys.readouterr().err.startswith(
        "Een meegeleverde wijziging is ongeldig; de site start niet.\n"
    )


def test_a_path_blocked_by_a_value_of_another_kind_is_a_conflict_not_a_crash(tmp_path):
    folder = write_changeset(
        tmp_path / "changes", VALID.replace("[gemeenten_source]", "[gemeenten_source, nl]")
    )
    [changeset] = load_changesets(folder)
    text, conflicts = take_changeset(PACKAGED, changeset)
    assert text == PACKAGED.replace(APPLIED_LINE, f"changes_applied: [{APPLIED}, een-wijziging]\n")
    [conflict] = conflicts
    assert conflict.where == "gemeenten_source › nl"
    assert conflict.live_yaml.startswith("Afrondingsbrief Tien in Twente")
    assert conflict.proposed_yaml == "Een nieuwe bron"


def test_a_field_the_release_expected_missing_is_added_and_one_it_expected_is_replaced(tmp_path):
    folder = write_changeset(
        tmp_path / "changes",
        VALID.replace(
            "    value: Een nieuwe bron\n",
            "    was: Afrondingsbrief Tien in Twente, 2018, tabel casussen per gemeente\n"
            "    value: Een nieuwe bron\n"
            "  - path: [tables, {slug: topx}, deadlines, nl]\n"
            "    value: Twee weken vooraf\n",
        ),
    )
    [changeset] = load_changesets(folder)
    text, conflicts = take_changeset(PACKAGED, changeset)
    assert conflicts == []
    catalogue = parse_catalogue(text.encode()).catalogue
    assert catalogue.gemeenten_source == "Een nieuwe bron"
    assert catalogue.table("topx").deadlines.nl == "Twee weken vooraf"
    assert "    deadlines:\n      nl: Twee weken vooraf\n" in text
    assert catalogue.changes_applied == (*SHIPPED_IDS, "een-wijziging")


def test_a_changeset_both_taken_and_declined_is_refused_by_the_catalogue():
    text = PACKAGED.replace(APPLIED_LINE, "") + "changes_applied: [a]\nchanges_declined: [b, a]\n"
    with pytest.raises(CatalogueError) as refused:
        parse_catalogue(text.encode())
    [problem] = refused.value.problems
    assert problem.line == text.count(
        "\n"
    ) and "wijziging 'a' staat ook bij changes_applied" in str(problem)


def test_the_shipped_changeset_brings_a_format_1_site_to_the_packaged_content():
    """A site whose live revision is today's format-1 catalogue takes this release's content
    (need, needs, lay roles, the safety route, the new examples) without a conflict."""
    text = parse_catalogue(FORMAT_1.encode()).text
    for changeset in load_changesets(PACKAGED_CHANGES):
        text, conflicts = take_changeset(text, changeset)
        assert conflicts == [], changeset.id
    taken = parse_catalogue(text.encode()).catalogue
    packaged = parse_catalogue(PACKAGED.encode()).catalogue
    rest = {"vocabulary", "examples"}
    assert taken.model_dump(exclude=rest) == packaged.model_dump(exclude=rest)
    # Added list entries come last; their content is the packaged one.
    assert {a.id: a for a in taken.vocabulary} == {a.id: a for a in packaged.vocabulary}
    assert {e.name: e for e in taken.examples} == {e.name: e for e in packaged.examples}


def test_the_regiekaart_changeset_brings_a_site_the_packaged_regiekaart_and_glossary():
    """A format-1 site that took this release's first changeset gets the regiekaart and the
    glossary from the second, exactly as packaged, and nothing else changes."""
    first, regiekaart = load_changesets(PACKAGED_CHANGES)[:2]
    assert (first.id, regiekaart.id) == (SHIPPED, REGIEKAART)
    before, _ = take_changeset(parse_catalogue(FORMAT_1.encode()).text, first)
    assert parse_catalogue(before.encode()).catalogue.regiekaart is None
    text, conflicts = take_changeset(before, regiekaart)
    assert conflicts == []
    taken = parse_catalogue(text.encode()).catalogue
    packaged = parse_catalogue(PACKAGED.encode()).catalogue
    assert taken.regiekaart == packaged.regiekaart
    # The packaged glossary adds the partners' words (2026-12-inhoud-en-bronnen) to these.
    assert taken.glossary == packaged.glossary[: len(taken.glossary)]
    assert [t.term.nl for t in taken.glossary] == ["Casusregie", "Procesregie"]
    assert taken.changes_applied == (SHIPPED, REGIEKAART)
    rest = {"regiekaart", "glossary", "changes_applied"}
    assert taken.model_dump(exclude=rest) == parse_catalogue(before.encode()).catalogue.model_dump(
        exclude=rest
    )


def test_a_changeset_offered_before_another_publication_is_not_published_over_it(offering):
    editor = logged_in(offering)
    dashboard = check_page(editor.get("/redactie/").get_data(as_text=True))
    take = dashboard.select_one(f".changeset-list form[action='{TAKEN}']")
    data = {i["name"]: i["value"] for i in take.select("input[type=hidden]")}
    assert data["base"] == "0"
    with offering.app_context():
        db.session.add(Revision.of(PACKAGED.replace("Teamleider Mediant", "Iemand"), "B", None))
        db.session.commit()
    response = editor.post(TAKEN, data=data)
    assert response.status_code == 409, "the preview is a conflict page, not a revert"
    page = check_page(response.get_data(as_text=True))
    assert page.select_one("form.merge-form")


def test_flask_rdm_changeset_writes_what_turns_one_catalogue_into_the_other(tmp_path):
    """The developers' command: a changeset from two catalogue files, taken without conflict,
    gives the second one's content; entries are named by key, never by position."""
    question = "Zijn er ernstige psychiatrische problemen?"
    after = PACKAGED.replace("aanmelding@triagetafeltwente.nl", "nieuw@triagetafeltwente.nl")
    after = after.replace(question, "Zijn er ernstige psychische problemen?")
    assert after.count("nieuw@triagetafeltwente.nl") and question not in after
    (tmp_path / "voor.yaml").write_text(PACKAGED, encoding="utf-8")
    (tmp_path / "na.yaml").write_text(after, encoding="utf-8")
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "instance")})
    arguments = ["--id", "2027-01-proef", "--title", "Proef", "--description", "Een proef."]
    result = app.test_cli_runner().invoke(
        args=["rdm", "changeset", str(tmp_path / "voor.yaml"), str(tmp_path / "na.yaml")]
        + arguments
    )
    assert result.exit_code == 0, result.output
    (tmp_path / "changes").mkdir()
    (tmp_path / "changes" / "2027-01-proef.yaml").write_text(result.output, encoding="utf-8")
    [changeset] = load_changesets(tmp_path / "changes")
    for operation in changeset.operations:
        assert not any(isinstance(step, int) for step in operation.path), operation.path
    assert any(("id", "severe_psychiatric") in op.path for op in changeset.operations)
    text, conflicts = take_changeset(PACKAGED, changeset)
    assert conflicts == []
    taken = parse_catalogue(text.encode()).catalogue
    wanted = parse_catalogue(after.encode()).catalogue
    exclude = {"changes_applied"}
    assert taken.model_dump(exclude=exclude) == wanted.model_dump(exclude=exclude)


def test_a_changeset_comes_after_those_it_builds_on_whatever_its_file_name(tmp_path):
    folder = write_changeset(
        tmp_path / "changes",
        VALID.replace("id: een-wijziging", "id: vervolg").replace(
            "changes:\n", "after: [basis]\nchanges:\n"
        ),
        name="a-vervolg.yaml",
    )
    write_changeset(folder, VALID.replace("id: een-wijziging", "id: basis"), name="b-basis.yaml")
    assert [c.id for c in load_changesets(folder)] == ["basis", "vervolg"]
    shipped = [c.id for c in load_changesets(PACKAGED_CHANGES)]
    assert shipped == [SHIPPED, REGIEKAART, ENGLISH, CONTENT]


@pytest.mark.parametrize(
    ("after", "problem"),
    [("[onbekend]", "'onbekend' bestaat niet"), ("[een-wijziging]", "kring tussen een-wijziging")],
)
def test_building_on_an_unknown_or_its_own_changeset_is_refused_in_dutch(tmp_path, after, problem):
    text = VALID.replace("changes:\n", f"after: {after}\nchanges:\n")
    folder = write_changeset(tmp_path / "changes", text)
    with pytest.raises(CatalogueError) as refused:
        load_changesets(folder)
    assert problem in str(refused.value)


def test_a_site_before_this_release_previews_the_content_changeset_and_publishes_it(app):
    """A site live on the three earlier changesets is offered the sources-and-criteria one: the
    preview shows it whole, without a conflict, and the published site reads as packaged."""
    *earlier, content = load_changesets(PACKAGED_CHANGES)
    assert content.id == CONTENT
    text = parse_catalogue(FORMAT_1.encode()).text
    for changeset in earlier:
        text, _ = take_changeset(text, changeset)
    store(app, text, "live voor deze versie")
    editor = logged_in(app)
    assert offered(editor) == [
        f"Meegeleverde wijziging: {content.title} — nog niet in de live catalogus"
    ]
    page = check_page(
        post(editor, f"/redactie/wijzigingen/{content.id}/overnemen").get_data(as_text=True)
    )
    assert page.select_one(".changeset h2").get_text() == (
        f"Meegeleverde wijziging overnemen: {content.title}"
    )
    assert page.select_one(".changeset .notice") is None or "niet overgenomen" not in (
        page.select_one(".changeset .notice").get_text()
    )
    form = page.select_one("form.publish-form")
    data = {i["name"]: i.get("value", "") for i in form.select("input")}
    data["confirm"] = "y"
    response = editor.post("/redactie/publiceren", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    public = editor.get("/tafels/p10-mobiel-team").get_data(as_text=True)
    assert "bron: Afrondingsbrief Tien in Twente, 2018" in public
    live = parse_catalogue(revisions(app)[-1].encode()).catalogue
    packaged = parse_catalogue(PACKAGED.encode()).catalogue
    assert live.table("triagetafel") == packaged.table("triagetafel")
    assert live.rules_version == packaged.rules_version
