"""The catalogue as Open Referral HSDS 3.0: organizations and services, eligibility as text.

Ids are UUIDv5 derived from slugs and names, so they stay the same from one export to the next.
Texts are in the language asked for where the catalogue has it, else in Dutch. The export
is written through the API's HSDS models (rdm/api/models.py), which the OpenAPI document publishes;
`page` cuts a list into the pages HSDS 3.0 API clients read.
"""

from __future__ import annotations

import json
import re
import uuid

from rdm.api.models import HSDS, hsds_json
from rdm.catalogue import Catalogue, LocalText, Table

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:rdm-twente:hsds")
# A criterion that goes on in the next one ends with '…'; the next one starts with '…'.
CONTINUES = re.compile(r"\s*…\s*$")
CONTINUED = re.compile(r"^\s*…\s*")
WORDS = {
    "nl": {
        "runs": "Voert de regie over: ",
        "also_online": "Ook op het web: ",
        "per_hour": "per uur",
        "fees_when": "Alleen als de cliënt niet bij Mediant of Dimence staat ingeschreven "
        "(dan betaalt de gemeente): ",
    },
    "en": {
        "runs": "Leads: ",
        "also_online": "Also on the web: ",
        "per_hour": "per hour",
        "fees_when": "Only when the client is not registered with Mediant or Dimence "
        "(the gemeente then pays): ",
    },
}


def _id(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def export(catalogue: Catalogue, language: str = "nl") -> dict:
    """Return {"organizations": [...], "services": [...]} in the HSDS 3.0 shape."""
    language = language if language in WORDS else "nl"
    organizations: dict[str, dict] = {}
    for table in catalogue.tables:
        name = table.lead_organisation.nl
        organization = organizations.setdefault(
            name, {"id": _id("organization", name), "name": name, "description": "", "services": []}
        )
        organization["services"].append(_text(table.short_name, language))
    for organization in organizations.values():
        services = ", ".join(organization.pop("services"))
        organization["description"] = f"{WORDS[language]['runs']}{services}."
    export = HSDS.model_validate(
        {
            "organizations": list(organizations.values()),
            "services": [
                _service(table, organizations[table.lead_organisation.nl]["id"], language)
                for table in catalogue.tables
            ],
        }
    )
    return hsds_json(export)


def page(items: list[dict], number: int, size: int) -> dict:
    """Page `number` (from 1) of `items`, `size` a page, in the HSDS 3.0 API's Page shape;
    a page past the last is empty."""
    total_pages = -(-len(items) // size)
    contents = items[(number - 1) * size : number * size]
    return {
        "total_items": len(items),
        "total_pages": total_pages,
        "page_number": number,
        "size": size,
        "first_page": number == 1,
        "last_page": number >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def as_json(catalogue: Catalogue) -> str:
    """Return the HSDS export as the JSON text `flask rdm export --hsds` writes."""
    return json.dumps(export(catalogue), ensure_ascii=False, indent=2) + "\n"


def _text(text: LocalText | None, language: str) -> str:
    return text.in_language(language)[0] if text else ""


def eligibility(table: Table, language: str = "nl") -> str:
    """The inflow as one text: an intro that introduces the list (ends with a colon) leads
    it, one that sums the criteria up is left out (the criteria say it in full); criteria
    that go on in the next one ('… en …') are joined into one sentence."""
    intro = _text(table.inflow.intro, language)
    parts = [intro] if intro.rstrip().endswith(":") else []
    for criterion in table.inflow.criteria:
        text = _text(criterion.text, language)
        if parts and CONTINUES.search(parts[-1]) and CONTINUED.match(text):
            parts[-1] = f"{CONTINUES.sub('', parts[-1])} {CONTINUED.sub('', text)}"
        else:
            parts.append(CONTINUED.sub("", text))
    return " ".join(CONTINUES.sub("", part) for part in parts)


def _service(table: Table, organization_id: str, language: str) -> dict:
    service_id = _id("service", table.slug)
    words = WORDS[language]
    websites = [c for c in table.contacts if c.kind == "website"]
    process = " ".join(
        filter(None, [_text(table.who_may_register, language), _text(table.deadlines, language)])
    )
    description = f"{_text(table.summary, language)} {_text(table.goal, language)}"
    if len(websites) > 1:
        further = "; ".join(f"{_text(c.label, language)} ({c.url})" for c in websites[1:])
        description += f"\n\n{words['also_online']}{further}."
    service = {
        "id": service_id,
        "organization_id": organization_id,
        "name": _text(table.name, language),
        "alternate_name": _text(table.short_name, language),
        "description": description,
        "status": "active",
        "eligibility_description": eligibility(table, language),
        "application_process": process or _text(table.registration.via, language),
        "assured_date": table.last_reviewed.isoformat(),
        "contacts": _contacts(table, service_id, language),
    }
    emails = [c for c in table.contacts if c.kind == "email"]
    if emails:
        service["email"] = emails[0].address
    if websites:
        service["url"] = websites[0].url
    if table.team and table.team.rates:
        rates = "; ".join(
            f"{_text(r.role, language)}: € {r.euro_per_hour} {words['per_hour']}"
            for r in table.team.rates
        )
        service["fees_description"] = words["fees_when"] + rates
    return service


def _contacts(table: Table, service_id: str, language: str) -> list[dict]:
    """The table's mail contacts; a table without one (registration runs via others, as for
    the P10 team) gets its way in as the contact: who registers, and how."""
    emails = [c for c in table.contacts if c.kind == "email"]
    if emails:
        return [
            {
                "id": _id("contact", table.slug, c.address),
                "service_id": service_id,
                "name": _text(c.label, language),
                "email": c.address,
            }
            for c in emails
        ]
    who = table.register_summary or table.registration.via
    return [
        {
            "id": _id("contact", table.slug, "registration"),
            "service_id": service_id,
            "name": _text(who, language),
            "title": _text(table.registration.via, language),
        }
    ]
