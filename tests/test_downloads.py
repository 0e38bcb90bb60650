"""The live catalogue to download from the dashboard: YAML as published, and HSDS JSON."""

from __future__ import annotations

import json

import pytest

from rdm.config import PACKAGED_CATALOGUE

from .conftest import check_page
from .editor_helpers import token

PACKAGED = PACKAGED_CATALOGUE.read_text(encoding="utf-8")
YAML_URL = "/redactie/downloaden/catalogus.yaml"
HSDS_URL = "/redactie/downloaden/catalogus-hsds.json"


@pytest.fixture
def app(editor_app):
    return editor_app


def test_the_downloads_are_for_editors_only(app):
    client = app.test_client()
    for url in (YAML_URL, HSDS_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/redactie/inloggen")


def test_the_dashboard_links_to_both_downloads(editor):
    page = check_page(editor.get("/redactie/").get_data(as_text=True))
    links = [a["href"] for a in page.select("a[download]")]
    assert links == [YAML_URL, HSDS_URL]


def test_the_yaml_is_the_live_catalogue_as_published(app, editor):
    response = editor.get(YAML_URL)
    assert response.status_code == 200
    assert response.mimetype == "application/yaml"
    assert response.get_data(as_text=True) == PACKAGED
    disposition = response.headers["Content-Disposition"]
    assert disposition == "attachment; filename=rdm-twente-catalogus-meegeleverd.yaml"
    assert response.headers["Cache-Control"] == "no-store"

    changed = PACKAGED.replace("aanmelding@triagetafeltwente.nl", "nieuw@triagetafeltwente.nl")
    data = {"csrf_token": token(editor, "/redactie/bewerken"), "note": "adres", "base": "0"}
    assert editor.post("/redactie/publiceren", data={**data, "yaml": changed}).status_code == 302
    response = editor.get(YAML_URL)
    assert response.get_data(as_text=True) == changed
    disposition = response.headers["Content-Disposition"]
    assert disposition == "attachment; filename=rdm-twente-catalogus-revisie-2.yaml"


def test_the_hsds_json_is_what_the_export_command_writes(app, editor):
    response = editor.get(HSDS_URL)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    disposition = response.headers["Content-Disposition"]
    assert disposition == "attachment; filename=rdm-twente-hsds-meegeleverd.json"
    exported = app.test_cli_runner().invoke(args=["rdm", "export", "--hsds"]).output
    assert response.get_data(as_text=True) == exported
    assert {"organizations", "services"} == set(json.loads(exported))
