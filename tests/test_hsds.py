"""The Open Referral HSDS 3.0 export, validated against the HSDS 3.0 JSON schemas."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from rdm.api.hsds import export
from rdm.catalogue import load_catalogue
from rdm.config import PACKAGED_CATALOGUE

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
    assert triage["url"] == "http://www.triagetafeltwente.nl/"
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


def test_eligibility_reads_as_sentences_without_joining_marks_or_a_repeated_intro():
    services = {s["alternate_name"]: s for s in export(CATALOGUE)["services"]}
    for name, service in services.items():
        assert "…" not in service["eligibility_description"], name
    topx = services["TopX / ketencasusoverleg"]["eligibility_description"]
    assert topx.count("ernstige lokale of gebiedsgebonden veiligheidsproblematiek") == 1
    assert "leefgebied spelen en (naar verwachting) leiden tot crimineel" in topx
    levensloop = services["Levensloopaanpak"]["eligibility_description"]
    assert "Ernstige psychiatrische problematiek, verslaving en/of verstandelijke beperking." in (
        levensloop
    )
    p10 = services["P10 mobiel team"]["eligibility_description"]
    assert "Personen met verward gedrag die eerder in aanraking zijn geweest" in p10
    assert "mensen met een strafrechtelijke titel" in p10


def test_every_web_page_of_a_service_is_kept():
    crisis = next(s for s in export(CATALOGUE)["services"] if s["name"].startswith("Regionaal"))
    pages = [c.url for c in CATALOGUE.table("crisisteam-zorgkantoor").contacts]
    assert len(pages) == 2
    assert crisis["url"] == pages[0]
    assert pages[1] in crisis["description"]


def test_a_service_without_a_mail_address_names_its_way_in_as_contact():
    p10 = next(s for s in export(CATALOGUE)["services"] if s["alternate_name"] == "P10 mobiel team")
    [contact] = p10["contacts"]
    assert "procesmanager" in contact["name"].lower()
    assert "gemeente" in contact["title"]
    assert contact["service_id"] == p10["id"]


def test_the_rates_say_when_they_apply():
    p10 = next(s for s in export(CATALOGUE)["services"] if s["alternate_name"] == "P10 mobiel team")
    assert p10["fees_description"].startswith(
        "Alleen als de cliënt niet bij Mediant of Dimence staat ingeschreven"
    )


def test_the_export_is_in_english_where_the_catalogue_has_english(client, registry):
    data = client.get("/api/v1/hsds", headers={"Accept-Language": "en"}).get_json()
    topx = next(s for s in data["services"] if s["alternate_name"] == "TopX / ketencasusoverleg")
    summary = CATALOGUE.table("topx").summary
    assert topx["description"].startswith(summary.en)
    assert data["services"][0]["id"] == export(CATALOGUE)["services"][0]["id"]
    assert all(errors(registry, "service.json", s) == [] for s in data["services"])
    dutch = client.get("/api/v1/hsds", headers={"Accept-Language": "nl"}).get_json()
    assert next(s for s in dutch["services"] if s["id"] == topx["id"])["description"].startswith(
        summary.nl
    )
