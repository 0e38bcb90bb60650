"""The JSON API's responses as pydantic models: the one source of what /api/v1 returns.

The views produce their JSON through these models (`model_dump(mode="json")`), and
/api/v1/openapi.json publishes their JSON schemas (rdm/api/openapi.py), so the document and
the responses cannot drift apart. Unknown fields are refused: a view that adds a field must
add it here first. Texts are in one language unless a field holds both (`Both`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from rdm import catalogue


class Response(BaseModel):
    """A response object: every field is always written (null where empty), none other."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, json_schema_serialization_defaults_required=True
    )


def as_json(model: type[BaseModel], data: dict) -> dict:
    """`data` read as `model` and written back as JSON: a field the model lacks, misses or
    types otherwise is refused here, before it reaches a client."""
    return model.model_validate(data).model_dump(mode="json", by_alias=True)


# --- GET /api/v1/tables, /api/v1/tables/{slug} ---------------------------------------------


class TableContact(catalogue.Contact):
    """A table's contact as the catalogue has it, with the link to follow (mailto:, tel:…)
    as `href` (named `link` here, for `href` is the catalogue contact's own property)."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

    link: str = Field(alias="href")


class Table(catalogue.Table):
    """A table as the catalogue has it, with the address of its page."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

    contacts: list[TableContact]
    url: str


class Tables(Response):
    tables: list[Table]
    last_reviewed: dt.date
    catalogue_sha256: str


# --- GET /api/v1/search ----------------------------------------------------------------------


class SearchResult(Response):
    """A table (its slug in `table`) or a page of the overview (`table` null)."""

    type: Literal["table", "page"]
    table: str | None
    title: str
    snippet: str
    snippet_html: str
    ladder_step: int | None
    url: str


class SearchResults(Response):
    query: str
    results: list[SearchResult]


# --- GET /api/v1/questions -------------------------------------------------------------------


class Both(Response):
    """A text in Dutch and English (the Dutch where there is no translation)."""

    nl: str
    en: str


class QuestionOption(Response):
    value: bool | str
    label: Both


class Question(Response):
    id: str
    type: Literal["bool", "enum"]
    topic: str
    text: Both
    hint: Both | None
    options: list[QuestionOption]


class QuestionTopic(Response):
    id: str
    title: Both


class Questions(Response):
    rules_version: str
    topics: list[QuestionTopic]
    questions: list[Question]


# --- POST /api/v1/advice ---------------------------------------------------------------------


class Route(Response):
    """A contact route: what to dial, mail or open."""

    kind: Literal["phone", "email", "web"]
    value: str
    label: str


class SafetyRoute(Response):
    text: str
    routes: list[Route]


class FirstStep(Response):
    """The first step with the gemeente (null where the gemeente is already involved)."""

    gemeente: str | None
    name: str | None
    ggz_region: str | None
    region_note: str | None
    text: str
    routes: list[Route]
    outside_twente: bool
    safety_route: SafetyRoute | None


class AcuteGuidance(Response):
    title: str
    steps: list[str]


class CriterionText(Response):
    id: str
    text: str


class AdviceContact(Response):
    kind: str
    label: str
    href: str
    display: str


class TableContacts(Response):
    url: str
    contacts: list[AdviceContact]


class NextLadderStep(Response):
    step: int
    name: str
    description: str


class Recommendation(Response):
    table: str
    title: str
    ladder_step: int
    fit: Literal["fits", "may_fit", "fits_after_steps", "does_not_fit"]
    because: list[CriterionText]
    met: list[CriterionText]
    unmet: list[CriterionText]
    unknown: list[CriterionText]
    steps_first: list[CriterionText]
    what_if: list[CriterionText]
    may_register: bool | None
    register_via: str
    deadlines: str | None
    contact: TableContacts
    next_step: str | None
    next_ladder_step: NextLadderStep | None


class SupportOrganisation(Response):
    name: str
    url: str


class ClientSupport(Response):
    text: str
    cce: bool
    overview_url: str
    organisations: list[SupportOrganisation]


class Advice(Response):
    rules_version: str
    acute: bool
    acute_guidance: AcuteGuidance | None
    first_step: FirstStep | None
    recommendations: list[Recommendation]
    client_support: ClientSupport


# --- POST /api/v1/regiekaart -----------------------------------------------------------------

Level = Annotated[int, Field(ge=1, le=5)]


class RegieRule(Response):
    to: Level | Literal["manager"]
    when: str


class Regiekaart(Response):
    """The level of regie (null while answers are unknown, with the levels still possible)."""

    level: Level | None
    possible_levels: Annotated[list[Level], Field(min_length=1)]
    casusregie: str | None
    procesregie: str | None
    inzet: str | None
    in_overleg: str | None
    operationeel: str | None
    plan: str | None
    opschalen: list[RegieRule]
    afschalen: list[RegieRule]
    to_manager: bool
    expertise_needed: bool
    source: str


# --- Errors ------------------------------------------------------------------------------------


class Error(Response):
    field: str
    message: str


class Errors(Response):
    errors: Annotated[list[Error], Field(min_length=1)]


def errors(field: str, message: str) -> dict:
    """The JSON of a refusal naming one field."""
    return Errors(errors=[Error(field=field, message=message)]).model_dump(mode="json")


# --- Open Referral HSDS 3.0 --------------------------------------------------------------------


class Hsds(BaseModel):
    """An HSDS object: fields HSDS marks optional are left out where empty, never null."""

    model_config = ConfigDict(extra="forbid")


class HsdsOrganization(Hsds):
    id: uuid.UUID
    name: str
    description: str


class HsdsContact(Hsds):
    id: uuid.UUID
    service_id: uuid.UUID
    name: str
    email: str | None = None
    title: str | None = None


class HsdsService(Hsds):
    id: uuid.UUID
    organization_id: uuid.UUID
    name: str
    alternate_name: str
    description: str
    status: Literal["active", "inactive", "defunct", "temporarily closed"]
    eligibility_description: str
    application_process: str
    assured_date: dt.date
    contacts: list[HsdsContact]
    email: str | None = None
    url: str | None = None
    fees_description: str | None = None


class HSDS(Hsds):
    """The whole catalogue: every organization and service."""

    organizations: list[HsdsOrganization]
    services: list[HsdsService]


class HsdsPage(Hsds):
    """One page of a list, as HSDS 3.0 API clients read it."""

    total_items: int
    total_pages: int
    page_number: int
    size: int = Field(description="Items per page, as asked for (per_page)")
    first_page: bool
    last_page: bool
    empty: bool


class HsdsServicePage(HsdsPage):
    contents: list[HsdsService]


class HsdsOrganizationPage(HsdsPage):
    contents: list[HsdsOrganization]


def hsds_json(model: Hsds) -> dict:
    """An HSDS object as JSON, its empty optional fields left out."""
    return model.model_dump(mode="json", exclude_none=True)
