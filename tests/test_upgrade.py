"""Catalogue upgrades reach live sites: older formats are read upgraded, release changes offered."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import get_args

import pytest

from rdm.catalogue import CatalogueError, parse_catalogue
from rdm.catalogue.loader import plain_data
from rdm.catalogue.models import Catalogue
from rdm.catalogue.roundtrip import round_trip_yaml
from rdm.catalogue.upgrade import FORMAT
from rdm.config import PACKAGED_CATALOGUE
from rdm.editing import verdict_changes
from rdm.extensions import db
from rdm.live import EXTENSION_KEY
from rdm.models import Revision

from .conftest import check_page, normalize_spaces
from .editor_helpers import add_account, logged_in, make_app, token

FIXTURES = Path(__file__).parent / "fixtures"
# tables.yaml as it was before formats were upgraded: what live sites have stored.
FORMAT_1 = (FIXTURES / "catalogue-format-1.yaml").read_text(encoding="utf-8")
PACKAGED = PACKAGED_CATALOGUE.read_text(encoding="utf-8")


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
    upgraded = parse_catalogue(FORMAT_1.encode("utf-8")).catalogue
    packaged = parse_catalogue(PACKAGED.encode("utf-8")).catalogue
    assert [t.slug for t in upgraded.tables] == [t.slug for t in packaged.tables]
    assert len(upgraded.examples) >= 9
    changed = [c for c in verdict_changes(upgraded, packaged) if c.before != c.after]
    assert changed == [], "the example cases get the same verdicts from both"


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
