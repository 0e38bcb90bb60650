"""The Open Referral HSDS 3.0 export, validated against the HSDS 3.0 JSON schemas."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from rdm.catalogue import load_catalogue
from rdm.config import PACKAGED_CATALOGUE
from rdm.hsds import export

SCHEMAS = Path(__file__).parent / "fixtures" / "hsds-3.0"
CATALOGUE = load_catalogue(PACKAGED_CATALOGUE).catalogue


@pytest.fixture(scope="module")
def registry():
    resources = [
        (
            path.name,
            Resource.from_contents(json.loads(path.read_text()), default_specification=DRAFT202012),
        )
        for path in SCHEMAS.glob("*.json")
    ]
    return Registry().with_resources(resources)


def errors(registry, schema: str, instance: dict) -> list[str]:
    validator = Draft202012Validator(
        {"$ref": schema}, registry=registry, format_checker=FormatChecker()
    )
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(instance)
    ]


def test_every_organization_and_service_validates_against_hsds_3(registry):
    data = export(CATALOGUE)
    assert len(data["services"]) == 8
    for organization in data["organizations"]:
        assert errors(registry, "organization.json", organization) == []
    for service in data["services"]:
        assert errors(registry, "service.json", service) == []


def test_the_schemas_do_catch_a_broken_service(registry):
    broken = {**export(CATALOGUE)["services"][0], "id": "topx", "email": "geen-adres"}
    del broken["status"]
    found = errors(registry, "service.json", broken)
    assert any("status" in e for e in found) and any("uuid" in e for e in found)


def test_services_carry_contacts_eligibility_and_their_organization():
    data = export(CATALOGUE)
    by_name = {s["alternate_name"]: s for s in data["services"]}
    triage = by_name["Triage & Transfertafel"]
    assert triage["email"] == "aanmelding@triagetafeltwente.nl"
    assert triage["url"] == "https://www.triagetafeltwente.nl/"
    assert "De inbrengende partij wenst advies" in triage["eligibility_description"]
    assert triage["assured_date"] == "2026-11-22"
    organizations = {o["id"]: o["name"] for o in data["organizations"]}
    assert organizations[triage["organization_id"]] == "Mediant"
    assert "€ 72 per uur" in by_name["P10 mobiel team"]["fees_description"]
    assert uuid.UUID(triage["id"]).version == 5


def test_ids_are_stable_between_exports():
    """Ids derive from slugs (UUIDv5), so other directories can link to them for good."""
    services = {s["alternate_name"]: s["id"] for s in export(CATALOGUE)["services"]}
    assert services["TopX / ketencasusoverleg"] == "749db4a6-7e02-5b12-aee9-ded3df121e1a"


def test_the_api_and_the_cli_give_the_same_export(tmp_path):
    from .editor_helpers import make_app

    app = make_app(f"sqlite:///{tmp_path}/rdm.sqlite3", str(tmp_path))
    served = app.test_client().get("/api/v1/hsds").get_json()
    printed = json.loads(app.test_cli_runner().invoke(args=["rdm", "export", "--hsds"]).output)
    assert served == printed == json.loads(json.dumps(export(CATALOGUE)))


def test_export_without_a_usable_database_says_so(runner):
    result = runner.invoke(args=["rdm", "export"])
    assert result.exit_code == 1
    assert "voer eerst `flask --app rdm db upgrade` uit" in result.output
