"""A table (an overlegtafel): its inflow criteria, team, registration, contacts; the ladder."""

from __future__ import annotations

import re
from typing import Annotated, Literal
from urllib.parse import quote

from pydantic import (
    Field,
    model_validator,
)

from rdm.catalogue.fields import N_, NOT_SEARCHED, TITLE_WEIGHT, simple_text, simple_texts
from rdm.catalogue.text import Email, Frozen, LocalText, Reviewed, Slug, Text, WebUrl


class Contact(Frozen):
    """One way to reach a table: an email address, a website or a phone number."""

    kind: Literal["email", "website", "phone"]
    label: Text
    address: Email | None = None
    subject: str | None = None
    url: WebUrl | None = None
    number: Annotated[str, Field(pattern=r"^\+?[0-9 ()-]{6,}$")] | None = None

    @model_validator(mode="after")
    def _has_target(self) -> Contact:
        needed = {"email": "address", "website": "url", "phone": "number"}[self.kind]
        if getattr(self, needed) is None:
            raise ValueError(f"contact van soort '{self.kind}' heeft het veld '{needed}' nodig")
        return self

    @property
    def href(self) -> str:
        """Return the link target: mailto:, https: (or http:) or tel:."""
        if self.kind == "email":
            query = f"?subject={quote(self.subject)}" if self.subject else ""
            return f"mailto:{self.address}{query}"
        if self.kind == "phone":
            return "tel:" + re.sub(r"[^0-9+]", "", self.number or "")
        return self.url or ""

    @property
    def display(self) -> str:
        """Return what a person reads and copies: the address, number or web address."""
        return self.address or self.number or self.url or ""

    @property
    def short_display(self) -> str:
        """Return the address without its scheme, for narrow places such as the printed matrix."""
        return re.sub(r"^https?://", "", self.display).rstrip("/")


AnswerId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
# The answer that says what the asker is looking for.
NEED = "need"


class Criterion(Frozen):
    """One inflow criterion, tied to an answer id of the wizard's vocabulary where one applies.

    A `core` criterion decides whether the table fits; a `precondition` is a step the asker
    can still take. Criteria with a `group` are alternatives: the table fits when every
    ungrouped core criterion and every core criterion of at least one group is met.
    """

    id: AnswerId | None = None
    met_when: bool = True
    kind: Literal["core", "precondition"] = "core"
    group: Slug | None = None
    text: Text


class Inflow(Frozen):
    """The inflow (instroom) of a table: an introduction and the separate criteria."""

    intro: Text | None = None
    criteria: tuple[Criterion, ...] = ()


class Duty(Frozen):
    """One row of a roles table: a task with its responsibility and authority."""

    task: Text
    responsibility: Text | None = None
    authority: Text | None = None


class Role(Frozen):
    """A role in a team (regisseur, casus coördinator GGZ, ervaringsdeskundige)."""

    name: Text
    description: Text | None = None
    duties: tuple[Duty, ...]


class Rate(Frozen):
    """An hourly rate charged to the gemeente."""

    role: Text
    euro_per_hour: Annotated[int, Field(gt=0)]


class Team(Frozen):
    """What only a mobile team has: status, deployment, financing and roles."""

    status: Text
    deployment: Text
    financing: tuple[Text, ...]
    rates: tuple[Rate, ...]
    rates_note: Text | None = None
    invoicing: Text
    consultation: Text | None = None
    roles_note: Text | None = None
    roles: tuple[Role, ...]


class Registration(Frozen):
    """Who may register a case (as wizard roles), and the route for everyone else."""

    roles: tuple[Slug | AnswerId, ...]
    via: Text


class Table(Reviewed):
    """An overlegtafel (or team) with everything a professional needs to use it."""

    slug: Slug
    kind: Literal["overlegtafel", "samenwerkingsverband", "team"]
    # The simple texts (fields.py): the editors' form, search and the page's glossary follow
    # these declarations. Their page (templates/overview/_table_body.html) shows each by hand.
    name: Annotated[Text, simple_text(N_("Naam"), "algemeen", TITLE_WEIGHT, page_text=False)]
    short_name: Annotated[
        Text, simple_text(N_("Korte naam"), "algemeen", TITLE_WEIGHT, page_text=False)
    ]
    ladder_step: Annotated[int, Field(ge=0, le=9)]
    summary: Annotated[Text, simple_text(N_("Doel in één regel"), "algemeen")]
    goal: Annotated[Text, simple_text(N_("Doel"), "algemeen")]
    chair: Annotated[
        Text, simple_text(N_("Onder regie van (organisatie / voorzitter)"), "algemeen")
    ]
    regie: Annotated[Text | None, simple_text(N_("Organisatie"), "algemeen")] = None
    participants: Annotated[Text | None, simple_text(N_("Deelnemers"), "algemeen")] = None
    who_may_register: Annotated[Text | None, simple_text(N_("Wie mag aanmelden"), "aanmelden")] = (
        None
    )
    register_summary: Annotated[
        Text | None,
        simple_text(N_("Wie mag aanmelden, kort"), "aanmelden", NOT_SEARCHED, page_text=False),
    ] = None
    inflow: Inflow
    outflow: Annotated[Text | None, simple_text(N_("Uitstroom"), "uitstroom")] = None
    client_support: Annotated[
        Text | None, simple_text(N_("Cliëntondersteuning of ervaringsdeskundige"), "uitstroom")
    ] = None
    rhythm: Annotated[Text | None, simple_text(N_("Ritme"), "uitstroom")] = None
    deadlines: Annotated[Text | None, simple_text(N_("Termijnen"), "uitstroom")] = None
    registration: Registration
    # The asker's needs (answer `need`) this table serves: it comes first among tables with
    # the same verdict when the asker names one of them.
    needs: tuple[Slug, ...] = ()
    escalates_to: Slug | None = None
    refers_to_cce: bool = False
    contacts: tuple[Contact, ...]
    team: Team | None = None
    to_confirm: tuple[Text, ...] = ()

    def public_texts(self) -> tuple[LocalText | None, ...]:
        """Return the texts the table's public page shows (to find the glossary's terms): the
        simple texts that are page text, the inflow's introduction and its criteria."""
        return (
            *(getattr(self, text.name) for text in TABLE_TEXTS if text.page_text),
            self.inflow.intro,
            *(c.text for c in self.inflow.criteria),
        )

    @property
    def lead_organisation(self) -> LocalText:
        """Return the organisation in charge (onder regie van), else the chair."""
        return self.regie or self.chair


# The table's simple texts, in the model's order (fields.py).
TABLE_TEXTS = simple_texts(Table)


class LadderStep(Frozen):
    """A step of the escalation ladder (0 = acute danger … 4 = the closing piece).

    `tried_when` names the answer that says this step was tried without result, so that
    the wizard moves its tables after the next step up.
    """

    step: Annotated[int, Field(ge=0, le=9)]
    tried_when: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")] | None = None
    name: Text
    description: Text
