"""The catalogue as Open Referral HSDS 3.0: organizations and services, eligibility as text.

Ids are UUIDv5 derived from slugs and names, so they stay the same from one export to the next.
"""

from __future__ import annotations

import json
import uuid

from .catalogue import Catalogue, Table

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:rdm-twente:hsds")


def _id(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def export(catalogue: Catalogue) -> dict:
    """Return {"organizations": [...], "services": [...]} in the HSDS 3.0 shape."""
    organizations: dict[str, dict] = {}
    for table in catalogue.tables:
        name = table.lead_organisation.nl
        organization = organizations.setdefault(
            name, {"id": _id("organization", name), "name": name, "description": "", "services": []}
        )
        organization["services"].append(table.short_name.nl)
    for organization in organizations.values():
        organization["description"] = (
            "Voert de regie over: " + ", ".join(organization.pop("services")) + "."
        )
    return {
        "organizations": list(organizations.values()),
        "services": [
            _service(table, organizations[table.lead_organisation.nl]["id"])
            for table in catalogue.tables
        ],
    }


def as_json(catalogue: Catalogue) -> str:
    """Return the HSDS export as the JSON text `flask rdm export --hsds` writes."""
    return json.dumps(export(catalogue), ensure_ascii=False, indent=2) + "\n"


def _service(table: Table, organization_id: str) -> dict:
    service_id = _id("service", table.slug)
    emails = [c for c in table.contacts if c.kind == "email"]
    websites = [c for c in table.contacts if c.kind == "website"]
    criteria = [c.text.nl for c in table.inflow.criteria]
    eligibility = " ".join(
        filter(None, [table.inflow.intro.nl if table.inflow.intro else "", *criteria])
    )
    process = " ".join(filter(None, [_nl(table.who_may_register), _nl(table.deadlines)]))
    service = {
        "id": service_id,
        "organization_id": organization_id,
        "name": table.name.nl,
        "alternate_name": table.short_name.nl,
        "description": f"{table.summary.nl} {table.goal.nl}",
        "status": "active",
        "eligibility_description": eligibility,
        "application_process": process or table.registration.via.nl,
        "assured_date": table.last_reviewed.isoformat(),
        "contacts": [
            {
                "id": _id("contact", table.slug, c.address),
                "service_id": service_id,
                "name": c.label.nl,
                "email": c.address,
            }
            for c in emails
        ],
    }
    if emails:
        service["email"] = emails[0].address
    if websites:
        service["url"] = websites[0].url
    if table.team and table.team.rates:
        rates = "; ".join(f"{r.role.nl}: € {r.euro_per_hour} per uur" for r in table.team.rates)
        service["fees_description"] = rates
    return service


def _nl(text) -> str:
    return text.nl if text else ""
