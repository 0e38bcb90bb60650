"""Changing the catalogue: edit, preview, publish, refusals, example verdicts, history, rollback."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest

from rdm.catalogue import parse_catalogue
from rdm.catalogue.roundtrip import dump, round_trip_yaml
from rdm.config import PACKAGED_CATALOGUE
from rdm.extensions import db
from rdm.models import FIRST_STATE, Revision
from rdm.wegwijzer import RulesEngine
from rdm.wegwijzer.interview import Interview

from .conftest import base_today, check_page, normalize_spaces
from .editor_helpers import form_data, logged_in, make_app, token

PACKAGED = PACKAGED_CATALOGUE.read_text(encoding="utf-8")
OLD_MAIL = "address: aanmelding@triagetafeltwente.nl"
NEW_MAIL = "address: nieuw@triagetafeltwente.nl"
# The Triage & Transfertafel's chair, as tables.yaml writes it (once).
TRIAGE_CHAIR = "    chair:\n      nl: Teamleider Mediant\n      en: Team leader, Mediant\n"
assert PACKAGED.count(TRIAGE_CHAIR) == 1


@pytest.fixture
def app(editor_app):
    return editor_app


def preview(client, text=None, slug="", upload=None, status=200):
    data = {"yaml": text or "", "slug": slug, "csrf_token": token(client, "/redactie/bewerken")}
    if upload is None:
        response = client.post("/redactie/voorbeeld", data=data)
    else:
        data["upload"] = (io.BytesIO(upload), "tables.yaml")
        response = client.post("/redactie/voorbeeld", data=data, content_type="multipart/form-data")
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return (
        check_page(response.get_data(as_text=True))
        if response.mimetype == "text/html"
        else response
    )


def publish(client, page, note="Nieuw adres voor aanmelding", confirm=False, status=302):
    form = page.select_one("form.publish-form")
    data = {i["name"]: i.get("value", "") for i in form.select("input[type=hidden]")}
    data["note"] = note
    if confirm:
        data["confirm"] = "y"
    response = client.post("/redactie/publiceren", data=data)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return response


def revisions(app) -> list[dict]:
    """The revisions editors published (without the first state stored before the first)."""
    with app.app_context():
        return [
            {
                "id": r.id,
                "note": r.note,
                "author": r.author.name if r.author else None,
                "yaml_text": r.yaml_text,
            }
            for r in db.session.query(Revision).order_by(Revision.id)
            if r.parent_id != FIRST_STATE
        ]


def test_editing_needs_a_login(app):
    client = app.test_client()
    for url in ("/redactie/bewerken", "/redactie/bewerken/topx", "/redactie/revisies"):
        assert client.get(url).status_code == 302
    # Without a form token the CSRF check refuses first; the login gate on a POST that does
    # carry a token is tested in test_editor_login.py.
    assert client.post("/redactie/publiceren").status_code == 400
    assert revisions(app) == []


def test_the_edit_page_holds_the_live_yaml(editor):
    page = check_page(editor.get("/redactie/bewerken").get_data(as_text=True))
    assert page.select_one("textarea[name=yaml]").get_text().removeprefix("\r\n") == PACKAGED
    assert page.select_one("label[for=yaml]")


def test_edit_preview_publish_and_live_on_another_instance(app, editor, database, tmp_path):
    page = preview(editor, PACKAGED.replace(OLD_MAIL, NEW_MAIL))
    assert page.h1.get_text() == "Voorbeeld van de wijziging"
    removed = [normalize_spaces(s.get_text()) for s in page.select(".diff__remove")]
    added = [normalize_spaces(s.get_text()) for s in page.select(".diff__add")]
    assert removed == ["- " + OLD_MAIL] and added == ["+ " + NEW_MAIL]
    previewed = page.select_one("#preview-triagetafel").find_parent("section")
    assert previewed.select_one("a[href='mailto:nieuw@triagetafeltwente.nl']")
    assert "Geen enkele uitkomst van de voorbeeldcasussen verandert." in page.get_text()
    assert revisions(app) == [], "a preview changes nothing"

    other = make_app(database, str(tmp_path / "two"))
    before = other.test_client().get("/tafels/triagetafel").get_data(as_text=True)
    assert "aanmelding@triagetafeltwente.nl" in before
    response = publish(editor, page)
    assert response.headers["Location"] == "/redactie/"
    dashboard = editor.get("/redactie/").get_data(as_text=True)
    assert "Revisie 2 is gepubliceerd." in dashboard, "revision 1 is the packaged first state"
    [revision] = revisions(app)
    assert (revision["note"], revision["author"]) == (
        "Nieuw adres voor aanmelding",
        "Rianne Redactie",
    )
    after = other.test_client().get("/tafels/triagetafel").get_data(as_text=True)
    assert "nieuw@triagetafeltwente.nl" in after and "aanmelding@triagetafeltwente.nl" not in after


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            PACKAGED.replace(TRIAGE_CHAIR, ""),
            "tafel 'triagetafel', veld 'chair': verplicht veld ontbreekt",
        ),
        (
            PACKAGED.replace(TRIAGE_CHAIR, "    chair: [Teamleider\n"),
            "ongeldige YAML",
        ),
        ("a: " + "[" * 40 + "]" * 40, "meer dan 20 niveaus diep genest"),
        ("x: " + "y" * 1_100_000, "bestand is groter dan 1.000.000 bytes"),
        (
            'a: &a ["x","x","x","x","x","x","x","x","x","x"]\n'
            + "".join(
                f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
                for p, c in zip("abcdefg", "bcdefgh", strict=True)
            )
            + "schema_version: 1\n",
            "te veel onderdelen",
        ),
        ("", "het bestand moet een blok met velden zijn"),
    ],
    ids=["missing field", "syntax", "nested", "oversized", "alias bomb", "empty"],
)
def test_bad_yaml_is_refused_with_a_clear_message_and_nothing_changes(app, editor, text, message):
    page = preview(editor, text, status=400)
    problems = normalize_spaces(page.select_one(".error-summary").get_text())
    assert "er is niets veranderd" in problems and message in problems
    assert (
        page.select_one("textarea[name=yaml]").get_text().strip()
        == text.strip()[:2_000_000].strip()
    )
    assert revisions(app) == []


def test_a_merge_key_bomb_is_refused_by_every_yaml_editor(app, editor):
    bomb = "base: &a {x: 1}\nitems:\n" + "".join(f"  k{n}:\n    <<: *a\n" for n in range(5_000))
    line = 2 + 2 * 101
    message = "meer dan 100 samenvoegingen (<<: *naam)"
    for slug, place in (("", "tables.yaml"), ("topx", "invoer")):
        page = preview(editor, bomb, slug=slug, status=400)
        problems = normalize_spaces(page.select_one(".error-summary").get_text())
        assert f"{place}:{line}: {message}" in problems
    page = preview(editor, upload=bomb.encode("utf-8"), status=400)
    assert f"tables.yaml:{line}: {message}" in page.select_one(".error-summary").get_text()
    assert revisions(app) == []


def test_text_sent_with_crlf_line_endings_is_stored_with_lf(app, editor):
    page = preview(editor, PACKAGED.replace(OLD_MAIL, NEW_MAIL).replace("\n", "\r\n"))
    assert len(page.select(".diff__add")) == 1, "only the changed line differs"
    publish(editor, page)
    assert revisions(app)[0]["yaml_text"] == PACKAGED.replace(OLD_MAIL, NEW_MAIL)


def test_a_line_number_points_at_the_problem(editor):
    broken = PACKAGED.replace(TRIAGE_CHAIR, "")
    page = preview(editor, broken, status=400)
    line = next(n for n, text in enumerate(broken.splitlines(), 1) if "- slug: triagetafel" in text)
    assert (
        f"tables.yaml:{line}: tafel 'triagetafel'" in page.select_one(".error-summary").get_text()
    )


def test_an_upload_over_the_limit_is_refused(app, editor):
    body = b"--x\r\n" + b"x" * (3 * 1024 * 1024) + b"\r\n--x--\r\n"
    response = editor.post(
        "/redactie/voorbeeld", data=body, content_type="multipart/form-data; boundary=x"
    )
    assert response.status_code == 413
    assert "Wat u verstuurde is te groot." in response.get_data(as_text=True)
    assert revisions(app) == []


def test_an_uploaded_file_is_previewed(app, editor):
    page = preview(editor, upload=PACKAGED.replace(OLD_MAIL, NEW_MAIL).encode())
    assert [normalize_spaces(s.get_text()) for s in page.select(".diff__add")] == ["+ " + NEW_MAIL]
    assert preview(editor, upload=b"\xff\xfe", status=400).select_one(".error-summary")


def test_an_unchanged_catalogue_has_nothing_to_publish(editor):
    page = preview(editor, PACKAGED)
    assert "er is niets te publiceren" in page.get_text()
    assert page.select_one("form.publish-form") is None


def test_a_changed_verdict_needs_an_explicit_confirmation(app, editor):
    # TopX without its area-bound alternative: the example 'Ernstige overlast in een wijk' changes.
    changed = PACKAGED.replace(
        "        - id: area_safety_problem\n          group: gebiedsgebonden\n",
        "        - id: area_safety_problem\n          group: gebiedsgebonden\n"
        "          kind: precondition\n",
    )
    page = preview(editor, changed)
    rows = [
        [normalize_spaces(td.get_text()) for td in tr.select("td")]
        for tr in page.select("table tbody tr")
    ]
    assert ["Ernstige overlast in een wijk", "topx", "Past", "Past mogelijk", "Past"] in rows
    refused = publish(editor, page, status=400)
    assert "Bevestig dat u de veranderde uitkomsten hebt gezien." in refused.get_data(as_text=True)
    assert revisions(app) == []
    publish(editor, page, confirm=True)
    assert len(revisions(app)) == 1


def test_publishing_needs_a_note_and_valid_text(app, editor):
    page = preview(editor, PACKAGED.replace(OLD_MAIL, NEW_MAIL))
    assert "Vul een toelichting in." in publish(editor, page, note="", status=400).get_data(
        as_text=True
    )
    form = {
        "yaml": "schema_version: 2",
        "note": "x",
        "csrf_token": token(editor, "/redactie/bewerken"),
    }
    assert editor.post("/redactie/publiceren", data=form).status_code == 400
    assert revisions(app) == []


def test_one_entry_is_edited_and_everything_else_stays_as_written(app, editor):
    page = check_page(editor.get("/redactie/bewerken/triagetafel").get_data(as_text=True))
    assert page.h1.get_text() == "Triage & Transfertafel bewerken"
    entry = page.select_one("textarea[name=yaml]").get_text().removeprefix("\r\n")
    assert entry.startswith("slug: triagetafel\n") and "# De bron linkt" in entry
    result = preview(
        editor,
        entry.replace("nl: Multidisciplinair advies", "nl: Multidisciplinair advies,"),
        slug="triagetafel",
    )
    publish(editor, result, note="Komma")
    [revision] = revisions(app)
    assert revision["yaml_text"] == PACKAGED.replace(
        "nl: Multidisciplinair advies", "nl: Multidisciplinair advies,"
    )
    bad = preview(editor, "- alleen\n- een lijst\n", slug="triagetafel", status=400)
    assert "de invoer moet één tafel zijn" in bad.select_one(".error-summary").get_text()
    assert editor.get("/redactie/bewerken/bestaat-niet").status_code == 404


def test_history_compare_and_roll_back(app, editor):
    publish(editor, preview(editor, PACKAGED.replace(OLD_MAIL, NEW_MAIL)), note="eerste")
    second = PACKAGED.replace(OLD_MAIL, "address: tweede@triagetafeltwente.nl")
    publish(editor, preview(editor, second), note="tweede")
    page = check_page(editor.get("/redactie/revisies").get_data(as_text=True))
    assert [normalize_spaces(th.get_text()) for th in page.select("tbody th")] == [
        "3 (live)",
        "2",
        "1",
    ], "revision 1 is the packaged first state"
    compare = check_page(
        editor.get("/redactie/revisies/vergelijk?van=2&naar=3").get_data(as_text=True)
    )
    assert [normalize_spaces(s.get_text()) for s in compare.select(".diff__add")] == [
        "+ address: tweede@triagetafeltwente.nl"
    ]
    assert editor.get("/redactie/revisies/vergelijk?van=1&naar=99").status_code == 404
    data = {"csrf_token": token(editor, "/redactie/revisies"), "base": "3"}
    rolled = editor.post("/redactie/revisies/2/terugzetten", data=data)
    assert rolled.status_code == 200, "a roll-back is previewed first"
    page = check_page(rolled.get_data(as_text=True))
    assert page.select_one("input[name=note]")["value"] == "Teruggezet naar revisie 2"
    assert len(revisions(app)) == 2
    publish(editor, page, note="Teruggezet naar revisie 2")
    third = revisions(app)[-1]
    assert (third["id"], third["note"]) == (4, "Teruggezet naar revisie 2")
    assert third["yaml_text"] == revisions(app)[0]["yaml_text"]
    assert "nieuw@triagetafeltwente.nl" in app.test_client().get("/tafels/triagetafel").get_data(
        as_text=True
    )


def test_a_round_trip_of_the_unchanged_catalogue_is_byte_identical():
    assert dump(round_trip_yaml().load(PACKAGED)) == PACKAGED


def test_export_after_publishing_returns_the_published_text(app, editor):
    publish(editor, preview(editor, PACKAGED.replace(OLD_MAIL, NEW_MAIL)))
    result = app.test_cli_runner().invoke(args=["rdm", "export"])
    assert result.output == PACKAGED.replace(OLD_MAIL, NEW_MAIL)


TOPX_REVIEWED = (
    "    last_reviewed: {}\n    source: Overzicht regionale doorzettingsmacht Twente, TopX"
)


def stale_topx(today: dt.date) -> str:
    """The catalogue with every entry checked on `today`, except TopX: a year and a day ago."""
    fresh = re.sub(r"last_reviewed: \d{4}-\d\d-\d\d", f"last_reviewed: {today}", PACKAGED)
    text = fresh.replace(
        TOPX_REVIEWED.format(today), TOPX_REVIEWED.format(today - dt.timedelta(days=366))
    )
    assert text != fresh
    return text


def test_stale_entries_are_flagged_to_editors_and_marked_for_the_public(app, editor, today):
    publish(editor, preview(editor, stale_topx(today)), note="oude datum")
    public = check_page(app.test_client().get("/tafels/topx").get_data(as_text=True))
    assert "mogelijk verouderd" in public.select_one(".stale").get_text()
    assert not check_page(
        app.test_client().get("/tafels/triagetafel").get_data(as_text=True)
    ).select(".stale")
    dashboard = check_page(editor.get("/redactie/").get_data(as_text=True))
    assert "1 tafel is al twaalf maanden niet gecontroleerd:" in normalize_spaces(
        dashboard.get_text()
    )
    flagged = [normalize_spaces(tr.th.get_text()) for tr in dashboard.select("tr.unexpected")]
    assert flagged == ["TopX / ketencasusoverleg"]


def reviewed_form(editor, slug: str, status: int = 200):
    response = editor.get(f"/redactie/gecontroleerd/{slug}")
    assert response.status_code == status
    page = check_page(response.get_data(as_text=True))
    return page, form_data(page.select_one("form.reviewed-form"))


def test_marking_as_checked_records_who_and_when(app, editor, today):
    stale = stale_topx(today)
    publish(editor, preview(editor, stale), note="oude datum")
    page, data = reviewed_form(editor, "topx")
    assert page.h1.get_text() == "TopX / ketencasusoverleg markeren als gecontroleerd"
    data["open_items_seen"] = "y"  # TopX has open to-confirm items
    response = editor.post("/redactie/gecontroleerd/topx", data=data)
    assert response.status_code == 302
    latest = revisions(app)[-1]
    assert latest["note"] == "Gecontroleerd: TopX / ketencasusoverleg"
    assert latest["author"] == "Rianne Redactie"
    assert latest["yaml_text"] == stale.replace(
        TOPX_REVIEWED.format(today - dt.timedelta(days=366)), TOPX_REVIEWED.format(today)
    )
    assert not check_page(app.test_client().get("/tafels/topx").get_data(as_text=True)).select(
        ".stale"
    )
    assert editor.post("/redactie/gecontroleerd/bestaat-niet", data=data).status_code == 404


def test_marking_as_checked_twice_a_day_makes_no_empty_revision(app, editor):
    publish(editor, preview(editor, stale_topx(base_today())), note="oude datum")
    _, data = reviewed_form(editor, "topx")
    data["open_items_seen"] = "y"
    assert editor.post("/redactie/gecontroleerd/topx", data=data).status_code == 302
    count = len(revisions(app))
    _, data = reviewed_form(editor, "topx")
    data["open_items_seen"] = "y"
    response = editor.post("/redactie/gecontroleerd/topx", data=data, follow_redirects=True)
    assert "was vandaag al gemarkeerd als gecontroleerd; er is niets veranderd" in (
        normalize_spaces(check_page(response.get_data(as_text=True)).get_text())
    )
    assert len(revisions(app)) == count


def test_open_to_confirm_items_need_a_second_confirmation(app, editor):
    slug = next(t.slug for t in _catalogue(app).tables if t.to_confirm)
    page, data = reviewed_form(editor, slug)
    items = page.select(".to-confirm li")
    assert items, "the open items are shown before marking"
    refused = editor.post(f"/redactie/gecontroleerd/{slug}", data=data)
    assert refused.status_code == 400
    error = check_page(refused.get_data(as_text=True)).select_one("#open-items-error")
    assert "Bevestig dat de open punten blijven staan" in error.get_text()
    assert revisions(app) == []
    data["open_items_seen"] = "y"
    assert editor.post(f"/redactie/gecontroleerd/{slug}", data=data).status_code == 302
    assert len(revisions(app)) == 1


def test_marking_as_checked_after_someone_published_asks_to_look_again(app, editor):
    _, data = reviewed_form(editor, "topx")
    other = logged_in(app)
    publish(other, preview(other, PACKAGED.replace(OLD_MAIL, NEW_MAIL)), note="B")
    response = editor.post("/redactie/gecontroleerd/topx", data=data)
    assert response.status_code == 409
    page = check_page(response.get_data(as_text=True))
    alert = normalize_spaces(page.select_one("[role=alert]").get_text())
    assert "Revisie 2 door Rianne Redactie" in alert and ": B" in alert
    assert [r["note"] for r in revisions(app)] == ["B"]


def _catalogue(app):
    from rdm.live import catalogue

    with app.test_request_context():
        return catalogue()


def test_a_publish_sent_with_crlf_is_stored_with_lf(app, editor):
    """Browsers send every form field, hidden ones too, with CRLF line endings."""
    page = preview(editor, PACKAGED.replace(OLD_MAIL, NEW_MAIL))
    data = {
        i["name"]: i.get("value", "") for i in page.select("form.publish-form input[type=hidden]")
    }
    data["yaml"] = data["yaml"].replace("\n", "\r\n")
    data["note"] = "crlf"
    assert editor.post("/redactie/publiceren", data=data).status_code == 302
    assert revisions(app)[0]["yaml_text"] == PACKAGED.replace(OLD_MAIL, NEW_MAIL)


@pytest.mark.parametrize("levels", [1000, 5000])
def test_deep_nesting_is_refused_not_a_server_error(app, editor, levels):
    deep = "a: " + "[" * levels + "]" * levels + "\n"
    assert "te diep" in normalize_spaces(preview(editor, deep, slug="topx", status=400).get_text())
    assert "diep genest" in normalize_spaces(preview(editor, deep, status=400).get_text())
    assert revisions(app) == []


def test_numbers_no_database_can_hold_are_not_found(editor):
    assert editor.get(f"/redactie/revisies/vergelijk?van=1&naar={10**30}").status_code == 404
    data = {"csrf_token": token(editor, "/redactie/")}
    assert editor.post(f"/redactie/revisies/{10**30}/terugzetten", data=data).status_code == 404
    assert editor.post(f"/redactie/meldingen/{10**30}/afgehandeld", data=data).status_code == 404


def test_rolling_back_to_an_invalid_revision_is_refused(app, editor):
    with app.app_context():
        db.session.add(Revision.of("schema_version: 2\n", "kapot", None))
        db.session.commit()
    data = {"csrf_token": token(editor, "/redactie/revisies")}
    response = editor.post("/redactie/revisies/1/terugzetten", data=data)
    assert response.status_code == 400
    assert "er is niets veranderd" in response.get_data(as_text=True)


def test_an_invalid_newest_revision_leaves_editing_on_the_last_good_one(app, editor):
    publish(editor, preview(editor, PACKAGED.replace(OLD_MAIL, NEW_MAIL)), note="goed")
    with app.app_context():
        db.session.add(Revision.of("schema_version: 2\n", "kapot", None))
        db.session.commit()
    page = check_page(editor.get("/redactie/bewerken/triagetafel").get_data(as_text=True))
    assert "nieuw@triagetafeltwente.nl" in page.select_one("textarea").get_text()
    result = app.test_cli_runner().invoke(args=["rdm", "export"])
    assert result.output == PACKAGED.replace(OLD_MAIL, NEW_MAIL)


def test_a_deleted_example_case_counts_as_a_changed_verdict(editor):
    start = PACKAGED.index("  - name: Ernstige overlast in een wijk")
    end = PACKAGED.index(
        "  - name: Wlz-cliënt moet overgeplaatst, aanbieder heeft alles geprobeerd"
    )
    page = preview(editor, PACKAGED[:start] + PACKAGED[end:])
    rows = [
        [normalize_spaces(td.get_text()) for td in tr.select("td")]
        for tr in page.select("table tbody tr")
    ]
    assert ["Ernstige overlast in een wijk", "topx", "Past", "—", "Past"] in rows


def test_the_preview_shows_each_example_cases_number_of_questions(editor):
    # The Wlz question on the first page: asked of every example case from then on.
    written = "  - id: wlz\n    type: bool\n    topic: betrokken\n"
    assert written in PACKAGED
    changed = PACKAGED.replace(written, written + "    always_ask: true\n")
    page = preview(editor, changed)
    table = next(t for t in page.select("table") if "Aantal vragen" in t.caption.get_text())
    rows = {
        normalize_spaces(tr.select("td")[0].get_text()): [
            normalize_spaces(td.get_text()) for td in tr.select("td")[1:]
        ]
        for tr in table.select("tbody tr")
    }
    catalogue = parse_catalogue(PACKAGED.encode()).catalogue
    interview = Interview(RulesEngine(catalogue))
    assert set(rows) == {e.name for e in catalogue.examples}
    for example in catalogue.examples:
        asked = len(interview.asked(interview.engine.parser.parse(example.answers)))
        assert rows[example.name][0] == str(asked), example.name
    changed_counts = [name for name, (now, after) in rows.items() if now != after]
    assert changed_counts, "moving a question to the first page changes what is asked"


def test_a_table_yaml_error_counts_lines_in_the_table_s_own_text(editor):
    page = check_page(editor.get("/redactie/bewerken/triagetafel").get_data(as_text=True))
    entry = page.select_one("textarea[name=yaml]").get_text().removeprefix("\r\n")
    broken = entry.replace(OLD_MAIL, "address: geen-adres")
    line = next(n for n, text in enumerate(broken.splitlines(), 1) if "geen-adres" in text)
    whole = next(n for n, text in enumerate(PACKAGED.splitlines(), 1) if OLD_MAIL in text)
    assert whole != line, "the table's own line, not the catalogue's"
    problems = preview(editor, broken, slug="triagetafel", status=400).select_one(".error-summary")
    assert f"invoer:{line}: tafel 'triagetafel'" in normalize_spaces(problems.get_text())

    indented = entry.replace("\nchair:", "\n chair:", 1)
    line = next(n for n, text in enumerate(indented.splitlines(), 1) if text == " chair:")
    problems = preview(editor, indented, slug="triagetafel", status=400).select_one(
        ".error-summary"
    )
    text = normalize_spaces(problems.get_text())
    assert "controleer op deze regel of de regel ervoor" in text and "even ver inspringen" in text
    assert f"invoer:{line - 1}:" in text or f"invoer:{line}:" in text


def test_every_editors_page_has_the_editors_menu_with_logout(app, editor):
    for url in (
        "/redactie/",
        "/redactie/bewerken",
        "/redactie/bewerken/topx",
        "/redactie/formulier/topx",
        "/redactie/revisies",
        "/redactie/meldingen",
        "/redactie/inzicht",
        "/redactie/gecontroleerd/topx",
    ):
        page = check_page(editor.get(url).get_data(as_text=True))
        menu = page.select_one("nav.editors-menu")
        assert menu, url
        assert menu.select_one("form[action='/redactie/uitloggen'] button"), url
        assert menu.select_one("a[href='/redactie/']"), url
    login = check_page(app.test_client().get("/redactie/inloggen").get_data(as_text=True))
    assert login.select_one("nav.editors-menu") is None
