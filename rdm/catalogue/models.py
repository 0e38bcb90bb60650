"""Typed, immutable objects for everything in tables.yaml."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import cached_property
from typing import Annotated, Literal
from urllib.parse import quote

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    model_validator,
)

from .fields import N_, NOT_SEARCHED, TITLE_WEIGHT, simple_text, simple_texts

LANGUAGES = ("nl", "en")
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
FIXED_TABLE_SLUGS = (
    "topx",
    "triagetafel",
    "regiotafel-wlz",
    "crisisteam-zorgkantoor",
    "hoogcomplex",
    "levensloopaanpak",
    "bestuurlijk-escalatie-overleg",
    "p10-mobiel-team",
)
EMAIL_PATTERN = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[a-z]{2,}$", re.IGNORECASE)
# Outlook "safelinks" wrap a link in a redirect on a regional protection.outlook.com host.
OUTLOOK_SAFELINK = re.compile(r"^https?://[^/?#]*\.safelinks\.protection\.outlook\.com[/?#:]", re.I)


def normalize(text: str) -> str:
    """Lowercase, strip accents, spell '&' as 'en', and reduce punctuation to single spaces:
    how search compares a spelling."""
    folded = unicodedata.normalize("NFKD", text.lower().replace("&", " en "))
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


class Frozen(BaseModel):
    """Base for catalogue objects: read-only, and unknown fields are typos."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def _as_local_text(value: object) -> object:
    """Accept plain Dutch text as shorthand for {nl: text}."""
    if isinstance(value, str):
        return {"nl": value}
    return value


class LocalText(Frozen):
    """A text in Dutch, optionally with an English translation."""

    nl: Annotated[str, Field(min_length=1)]
    en: str | None = None

    def in_language(self, language: str) -> tuple[str, str]:
        """Return (text, language it is in): the requested language, or Dutch as fallback."""
        if language == "en" and self.en:
            return self.en, "en"
        return self.nl, "nl"

    def all_text(self) -> str:
        """Return every language's text, for the search index."""
        return "\n".join(t for t in (self.nl, self.en) if t)

    def __str__(self) -> str:
        return self.nl


Text = Annotated[LocalText, BeforeValidator(_as_local_text)]


def _check_web_address(url: str) -> str:
    # http:// only where the source links so and https is not confirmed (see to_confirm).
    if not url.startswith(("https://", "http://")):
        raise ValueError("moet een volledig webadres zijn, met https:// (of http://)")
    if OUTLOOK_SAFELINK.match(url):
        raise ValueError("is een Outlook-safelink; vul het echte doeladres in")
    return url


def _check_email(address: str) -> str:
    if not EMAIL_PATTERN.match(address):
        raise ValueError("is geen geldig e-mailadres")
    return address


def _check_not_future(day: dt.date, info: ValidationInfo) -> dt.date:
    # One day of slack: an editor in the Netherlands may be a day ahead of a UTC server.
    today = (info.context or {}).get("today") or dt.date.today()
    if day > today + dt.timedelta(days=1):
        raise ValueError("ligt in de toekomst")
    return day


WebUrl = Annotated[str, AfterValidator(_check_web_address)]
Email = Annotated[str, AfterValidator(_check_email)]
Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]
ReviewDate = Annotated[dt.date, AfterValidator(_check_not_future)]


STALE_AFTER = dt.timedelta(days=365)


class Reviewed(Frozen):
    """Mixin for entries that carry when and against what they were last checked."""

    last_reviewed: ReviewDate
    source: Annotated[str, Field(min_length=1)]

    def stale_on(self, today: dt.date) -> bool:
        """Return True when, on `today`, this entry has not been checked for twelve months."""
        return today - self.last_reviewed > STALE_AFTER


class Contact(Frozen):
    """One way to reach a table: an email address or a website."""

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
# The answer that says what the asker is looking for (DESIGN.md §5).
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
    # these declarations. Their page (directory/_table_body.html) shows each by hand.
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


class Section(Frozen):
    """A heading with its body text."""

    heading: Text
    body: Text


class Introduction(Reviewed):
    """The introduction: why the overview exists, its principles and the first step."""

    title: Text
    lead: Text
    first_step: Text
    principle: Text
    sections: tuple[Section, ...]
    footnote: Text | None = None


class Link(Frozen):
    """A labelled link to a web page."""

    label: Text
    url: WebUrl


class Organisation(Frozen):
    """An organisation for independent client support or lived experience."""

    name: Text
    description: Text | None = None
    url: WebUrl


class ClientSupport(Reviewed):
    """Independent client support: rights, the overview per gemeente, organisations."""

    title: Text
    body: Text
    rights_intro: Text
    rights: tuple[Text, ...]
    overview: Link
    organisations: tuple[Organisation, ...]


class Gemeente(Frozen):
    """One of the 14 Twente gemeenten, its GGZ region (Mediant or Dimence) and the routes to
    its wijkteam or procesmanager: the first step. No source names them yet; an empty list
    makes the advice say so."""

    slug: Slug
    name: str
    ggz_region: Literal["mediant", "dimence"] | None
    region_note: Text | None = None
    routes: tuple[Contact, ...] = ()

    @model_validator(mode="after")
    def _unknown_region_explained(self) -> Gemeente:
        if self.ggz_region is None and self.region_note is None:
            raise ValueError("zonder GGZ-werkgebied is een 'region_note' verplicht")
        return self


class Abbreviation(Frozen):
    """An abbreviation, its long form and other spellings that mean the same."""

    abbr: Annotated[str, Field(min_length=1)]
    long: Text
    variants: tuple[str, ...] = ()

    def forms(self) -> tuple[str, ...]:
        """Return every spelling of this term: abbreviation, long forms, variants."""
        return (self.abbr, self.long.nl, *((self.long.en,) if self.long.en else ()), *self.variants)


class Option(Frozen):
    """A choice of an enum answer; without a label, the value names a gemeente."""

    value: Slug | AnswerId
    label: Text | None = None


class Topic(Frozen):
    """A page of the wizard: the questions on one topic."""

    id: Slug
    title: Text


class Answer(Frozen):
    """An answer id of the wizard's vocabulary: the question asked, and what it means.

    `asked_of: professionals` marks what only a professional can know or act on (a
    provider's internal steps, the CCE): a lay asker (`lay_roles`) is never asked it.
    """

    id: AnswerId
    type: Literal["bool", "enum"]
    topic: Slug
    always_ask: bool = False
    asked_of: Literal["everyone", "professionals"] = "everyone"
    question: Text
    hint: Text | None = None
    meaning: Text
    options: tuple[Option, ...] = ()

    @model_validator(mode="after")
    def _options_match_type(self) -> Answer:
        if (self.type == "enum") != bool(self.options):
            raise ValueError("een enum heeft 'options' nodig; een bool heeft er geen")
        return self


class AcuteGuidance(Frozen):
    """What to do in acute danger, shown instead of any table."""

    title: Text
    steps: tuple[Text, ...]
    to_confirm: tuple[Text, ...] = ()


class SafetyRoute(Frozen):
    """The best route known besides the gemeente when a case involves safety: shown with the
    first step when the asker's need is one of `needs` or any of the answers in `when` is yes."""

    needs: tuple[Slug, ...] = ()
    when: tuple[AnswerId, ...]
    text: Text
    contacts: tuple[Contact, ...]
    to_confirm: tuple[Text, ...] = ()

    def applies(self, answers) -> bool:
        return answers.get(NEED) in self.needs or any(
            answers.get(answer_id) is True for answer_id in self.when
        )


class Example(Frozen):
    """A worked case with the verdicts it should get, to show editors the effect of a change."""

    name: Annotated[str, Field(min_length=1)]
    answers: dict[AnswerId, bool | str]
    expect: dict[Slug, Literal["fits", "may_fit", "fits_after_steps", "does_not_fit"]]


class Translation(Frozen):
    """Says that a language's texts are a translation of another's, and which one applies."""

    language: Literal["en"]
    translated_from: Literal["nl"] = "nl"
    note: Text


SearchWord = Annotated[str, Field(min_length=2, max_length=80)]
# Words that mean the same to a searcher (huurder, woningcorporatie): any one finds them all.
SynonymGroup = Annotated[tuple[SearchWord, ...], Field(min_length=2)]


class Term(Frozen):
    """A word of the trade explained on the glossary page (e.g. casusregie); `variants` are
    other spellings by which a page uses it (e.g. drang/dwang for drang en dwang)."""

    term: Text
    explanation: Text
    variants: tuple[str, ...] = ()

    def used_in(self, text: str) -> bool:
        """Whether a text uses this term, in any spelling (case does not matter)."""
        forms = (self.term.nl, *((self.term.en,) if self.term.en else ()), *self.variants)
        pattern = "|".join(re.escape(form.split(" (")[0]) for form in forms)
        return re.search(rf"(?<!\w)(?:{pattern})(?!\w)", text, re.IGNORECASE) is not None


REGIE_LEVELS = (1, 2, 3, 4, 5)
RegieLevelNumber = Annotated[int, Field(ge=1, le=5)]


class RegieQuestion(Frozen):
    """An answer id of the regiekaart's vocabulary (DESIGN.md §8) and the question asked."""

    id: AnswerId
    type: Literal["bool", "enum"]
    question: Text
    hint: Text | None = None
    meaning: Text
    options: tuple[Option, ...] = ()

    @model_validator(mode="after")
    def _options_match_type(self) -> RegieQuestion:
        if (self.type == "enum") != bool(self.options) or any(
            o.label is None for o in self.options
        ):
            raise ValueError("een enum heeft 'options' met labels nodig; een bool heeft er geen")
        return self


class RegieCondition(Frozen):
    """An answer that must hold for a level: answer `id` is one of `values`."""

    id: AnswerId
    values: Annotated[tuple[bool | Slug, ...], Field(min_length=1)]


class ScalingRule(Frozen):
    """When to scale up or down, and to which level (or to the manager)."""

    to: RegieLevelNumber | Literal["manager"]
    when: Text


class RegieLevel(Frozen):
    """One level of the regiekaart: the situation, who holds which regie, the plan, and the
    answers that must hold (on top of every lower level's) for a case to be at this level."""

    level: RegieLevelNumber
    name: Text
    situatie: Text
    casusregie: Text
    procesregie: Text
    inzet: Text
    in_overleg: Text
    operationeel: Text
    plan: Text
    # Where the level meets a Twente route, as far as the sources say; see to_confirm.
    twente: Text | None = None
    conditions: tuple[RegieCondition, ...] = ()
    opschalen: tuple[ScalingRule, ...] = ()
    afschalen: tuple[ScalingRule, ...] = ()


class RegieOutcome(Frozen):
    """An outcome beside the levels, given when answer `when` is yes (e.g. to the manager)."""

    when: AnswerId
    title: Text
    text: Text
    afschalen: Text | None = None


class Regiekaart(Reviewed):
    """The regiekaart: five levels of regie with their scaling rules, from another region's
    guideline (`source` names it); its questions and conditions drive the level check."""

    title: Text
    intro: Text
    credit: Text
    questions: tuple[RegieQuestion, ...]
    levels: tuple[RegieLevel, ...]
    to_manager: RegieOutcome
    expertise: RegieOutcome
    to_confirm: tuple[Text, ...] = ()

    @model_validator(mode="after")
    def _five_levels(self) -> Regiekaart:
        if tuple(level.level for level in self.levels) != REGIE_LEVELS:
            raise ValueError("de regiekaart heeft de niveaus 1 tot en met 5, in die volgorde")
        return self

    def level(self, number: int) -> RegieLevel:
        """Return the level with this number (1-5)."""
        return self.levels[number - 1]

    def question(self, answer_id: str) -> RegieQuestion | None:
        """Return the regiekaart question with this id, or None."""
        return next((q for q in self.questions if q.id == answer_id), None)

    def problems(self) -> list[tuple[tuple, str]]:
        """Return (location, Dutch message) for conditions and outcomes naming unknown
        answers or values."""
        here = ("regiekaart",)
        problems = _doubles(
            (*here, "questions"), [q.id for q in self.questions], "id", "antwoord-id"
        )
        for number, level in enumerate(self.levels):
            for position, condition in enumerate(level.conditions):
                where = (*here, "levels", number, "conditions", position)
                question = self.question(condition.id)
                if question is None:
                    problems.append(((*where, "id"), f"vraag '{condition.id}' bestaat niet"))
                    continue
                allowed = (
                    {True, False}
                    if question.type == "bool"
                    else {o.value for o in question.options}
                )
                problems += [
                    ((*where, "values"), f"'{value}' is geen antwoord op '{condition.id}'")
                    for value in condition.values
                    if value not in allowed or isinstance(value, bool) != (question.type == "bool")
                ]
        for field in ("to_manager", "expertise"):
            outcome = getattr(self, field)
            question = self.question(outcome.when)
            if question is None or question.type != "bool":
                problems.append(
                    ((*here, field, "when"), f"'{outcome.when}' is geen ja/nee-vraag van de kaart")
                )
        return problems


class Catalogue(Frozen):
    """The whole catalogue: introduction, ladder, tables, client support and gemeenten."""

    schema_version: Literal[2]
    introduction: Introduction
    ladder: tuple[LadderStep, ...]
    client_support: ClientSupport
    gemeenten: tuple[Gemeente, ...]
    gemeenten_source: str
    gemeenten_last_reviewed: ReviewDate
    tables: tuple[Table, ...]
    abbreviations: tuple[Abbreviation, ...] = ()
    rules_version: Annotated[str, Field(min_length=1)]
    acute_guidance: AcuteGuidance
    safety_route: SafetyRoute | None = None
    # The roles of askers who are not professionals (residents, partners): they are asked
    # only what they can know, in plain words.
    lay_roles: tuple[AnswerId, ...] = ()
    topics: tuple[Topic, ...]
    vocabulary: tuple[Answer, ...]
    examples: tuple[Example, ...] = ()
    # The regiekaart (levels of regie) and the words of the trade on the glossary page.
    regiekaart: Regiekaart | None = None
    glossary: tuple[Term, ...] = ()
    # Words people type that mean the same for search; editors extend them.
    search_synonyms: tuple[SynonymGroup, ...] = ()
    # Languages whose texts are translations (of the Dutch sources), with a note for readers.
    translations: tuple[Translation, ...] = ()
    # The release changesets (rdm/data/changes/) this catalogue has taken or declined.
    changes_applied: tuple[Slug, ...] = ()
    changes_declined: tuple[Slug, ...] = ()

    def cross_check(self) -> list[tuple[tuple, str]]:
        """Return (location, Dutch message) for what spans entries: doubles, unknown ids."""
        problems: list[tuple[tuple, str]] = []
        problems += _doubles(("tables",), [t.slug for t in self.tables], "slug", "tafel-slug")
        problems += _doubles(
            ("gemeenten",), [g.slug for g in self.gemeenten], "slug", "gemeente-slug"
        )
        problems += _doubles(("vocabulary",), [a.id for a in self.vocabulary], "id", "antwoord-id")
        slugs = {t.slug for t in self.tables}
        missing = [s for s in FIXED_TABLE_SLUGS if s not in slugs]
        if missing:
            problems.append(
                (
                    ("tables",),
                    "deze vaste slugs ontbreken (URL's en de API gebruiken ze): "
                    + ", ".join(missing),
                )
            )
        for number, table in enumerate(self.tables):
            problems += self._table_problems(number, table)
        problems += self._vocabulary_problems()
        problems += self._example_problems()
        problems += self._asker_problems()
        problems += self._changeset_problems()
        problems += self._synonym_problems()
        if self.regiekaart is not None:
            problems += self.regiekaart.problems()
        return problems

    def _asker_problems(self) -> list[tuple[tuple, str]]:
        """Lay roles must be roles, needs must be options of `need`, and the safety route
        must name yes/no answers."""
        roles = {o.value for a in self.vocabulary if a.id == "role" for o in a.options}
        booleans = {a.id for a in self.vocabulary if a.type == "bool"}
        problems = [
            (("lay_roles", position), f"rol '{role}' staat niet bij de keuzes van 'role'")
            for position, role in enumerate(self.lay_roles)
            if role not in roles
        ]
        needs = {o.value for a in self.vocabulary if a.id == NEED for o in a.options}
        problems += [
            (("tables", number, "needs", position), f"hulpvraag '{need}' staat niet bij 'need'")
            for number, table in enumerate(self.tables)
            for position, need in enumerate(table.needs)
            if need not in needs
        ]
        if self.safety_route is not None:
            problems += [
                (("safety_route", "needs", position), f"hulpvraag '{need}' staat niet bij 'need'")
                for position, need in enumerate(self.safety_route.needs)
                if need not in needs
            ]
            problems += [
                (
                    ("safety_route", "when", position),
                    f"'{answer_id}' staat niet als ja/nee-antwoord in de woordenlijst (vocabulary)",
                )
                for position, answer_id in enumerate(self.safety_route.when)
                if answer_id not in booleans
            ]
        return problems

    def _synonym_problems(self) -> list[tuple[tuple, str]]:
        """A spelling stands in one group of search words only (an abbreviation's forms or a
        synonym group): else which group a search means would be left to chance."""
        seen: dict[str, str] = {}
        problems = []
        for number, abbreviation in enumerate(self.abbreviations):
            owner = f"afkorting {abbreviation.abbr}"
            for form in abbreviation.forms():
                if seen.setdefault(normalize(form), owner) != owner:
                    problems.append(
                        (
                            ("abbreviations", number),
                            f"'{form}' staat al bij {seen[normalize(form)]}",
                        )
                    )
        for number, group in enumerate(self.search_synonyms):
            for position, word in enumerate(group):
                key = normalize(word)
                if not key:
                    problems.append((("search_synonyms", number, position), "bevat geen letters"))
                elif seen.get(key, f"groep {number + 1}") != f"groep {number + 1}":
                    problems.append(
                        (
                            ("search_synonyms", number, position),
                            f"zoekwoord '{word}' staat al bij {seen[key]}",
                        )
                    )
                seen.setdefault(key, f"groep {number + 1}")
        return problems

    def _changeset_problems(self) -> list[tuple[tuple, str]]:
        applied = set(self.changes_applied)
        return [
            (("changes_declined", n), f"wijziging '{i}' staat ook bij changes_applied")
            for n, i in enumerate(self.changes_declined)
            if i in applied
        ]

    def _example_problems(self) -> list[tuple[tuple, str]]:
        answers = {a.id: a for a in self.vocabulary}
        problems = []
        for number, example in enumerate(self.examples):
            here = ("examples", number)
            for key, value in example.answers.items():
                answer = answers.get(key)
                options = {o.value for o in answer.options} if answer else set()
                valid = answer is not None and (
                    isinstance(value, bool) if answer.type == "bool" else value in options
                )
                if not valid:
                    problems.append(
                        ((*here, "answers", key), f"antwoord '{key}: {value}' bestaat niet")
                    )
            for slug in example.expect:
                if self.table(slug) is None:
                    problems.append(((*here, "expect", slug), f"tafel '{slug}' bestaat niet"))
        return problems

    def _vocabulary_problems(self) -> list[tuple[tuple, str]]:
        topics = {t.id for t in self.topics}
        gemeenten = {g.slug for g in self.gemeenten}
        problems = []
        for number, answer in enumerate(self.vocabulary):
            here = ("vocabulary", number)
            if answer.topic not in topics:
                problems.append(
                    ((*here, "topic"), f"onderwerp '{answer.topic}' staat niet bij 'topics'")
                )
            values = [o.value for o in answer.options]
            problems += _doubles((*here, "options"), values, "value", "keuze")
            for position, option in enumerate(answer.options):
                if option.label is None and option.value not in gemeenten:
                    problems.append(
                        (
                            (*here, "options", position, "label"),
                            f"keuze '{option.value}' heeft een label nodig (het is geen gemeente)",
                        )
                    )
        return problems

    def _table_problems(self, number: int, table: Table) -> list[tuple[tuple, str]]:
        here = ("tables", number)
        problems = []
        if self.ladder_step(table.ladder_step) is None:
            problems.append(
                ((*here, "ladder_step"), f"trede {table.ladder_step} staat niet op de ladder")
            )
        criteria = table.inflow.criteria
        problems += _doubles(
            (*here, "inflow", "criteria"), [c.id for c in criteria], "id", "criterium-id"
        )
        booleans = {a.id for a in self.vocabulary if a.type == "bool"}
        roles = {o.value for a in self.vocabulary if a.id == "role" for o in a.options}
        for position, role in enumerate(table.registration.roles):
            if role not in roles:
                problems.append(
                    (
                        (*here, "registration", "roles", position),
                        f"rol '{role}' staat niet bij de keuzes van 'role'",
                    )
                )
        if table.escalates_to and table.escalates_to not in {t.slug for t in self.tables}:
            problems.append(((*here, "escalates_to"), f"tafel '{table.escalates_to}' bestaat niet"))
        for position, criterion in enumerate(criteria):
            if criterion.id and criterion.id not in booleans:
                problems.append(
                    (
                        (*here, "inflow", "criteria", position, "id"),
                        f"'{criterion.id}' staat niet als ja/nee-antwoord in de woordenlijst "
                        "(vocabulary)",
                    )
                )
        return problems

    @cached_property
    def _tables_by_slug(self) -> dict[str, Table]:
        return {t.slug: t for t in self.tables}

    def table(self, slug: str) -> Table | None:
        """Return the table with this slug, or None."""
        return self._tables_by_slug.get(slug)

    def ladder_step(self, step: int) -> LadderStep | None:
        """Return the ladder step with this number, or None."""
        return next((s for s in self.ladder if s.step == step), None)

    def tables_on_ladder(self) -> tuple[Table, ...]:
        """Return the tables ordered by ladder step, then as listed."""
        return tuple(sorted(self.tables, key=lambda t: t.ladder_step))

    def terms_used_in(self, *texts: object) -> tuple[Term, ...]:
        """Return the glossary's terms that these texts use, in the glossary's order."""
        joined = "\n".join(
            t.all_text() if isinstance(t, LocalText) else str(t or "") for t in texts
        )
        return tuple(term for term in self.glossary if term.used_in(joined))

    def terms_on_page(self, table: Table) -> tuple[Term, ...]:
        """Return the glossary's terms a table's page uses: its texts, and the words of its
        headings and step badge (Instroom, Uitstroom, Trede)."""
        return self.terms_used_in("Instroom", "Uitstroom", "Trede", *table.public_texts())

    def tables_on_step(self, step: int) -> tuple[Table, ...]:
        """Return the tables on one step of the ladder."""
        return tuple(t for t in self.tables if t.ladder_step == step)

    def gemeenten_by_region(self) -> dict[str, tuple[Gemeente, ...]]:
        """Return the gemeenten per GGZ region; 'unknown' holds those still to be confirmed."""
        return {
            region: tuple(g for g in self.gemeenten if g.ggz_region == key)
            for region, key in (("mediant", "mediant"), ("dimence", "dimence"), ("unknown", None))
        }

    def may_be_asked(self, answer: Answer, role: str | None) -> bool:
        """Whether an asker in this role can be asked this question (unknown role: yes)."""
        return answer.asked_of == "everyone" or role not in self.lay_roles

    def answer(self, answer_id: str) -> Answer | None:
        """Return the vocabulary entry with this id, or None."""
        return self._answers_by_id.get(answer_id)

    @cached_property
    def _answers_by_id(self) -> dict[str, Answer]:
        return {a.id: a for a in self.vocabulary}

    def option_label(self, answer: Answer, value: str) -> LocalText:
        """Return the label of an enum choice; a gemeente choice is labelled with its name."""
        for option in answer.options:
            if option.value == value and option.label is not None:
                return option.label
        gemeente = next((g for g in self.gemeenten if g.slug == value), None)
        return LocalText(nl=gemeente.name if gemeente else value)

    def translation(self, language: str) -> Translation | None:
        """Return the note saying this language's texts are a translation, or None."""
        return next((t for t in self.translations if t.language == language), None)

    def gemeente(self, slug: str | None) -> Gemeente | None:
        """Return the gemeente with this slug, or None."""
        return next((g for g in self.gemeenten if g.slug == slug), None)

    def stale_tables(self, today: dt.date) -> tuple[Table, ...]:
        """Return the tables not checked for twelve months on `today`, oldest first."""
        stale = (t for t in self.tables if t.stale_on(today))
        return tuple(sorted(stale, key=lambda t: t.last_reviewed))

    def last_reviewed(self) -> dt.date:
        """Return the oldest review date in the catalogue: it is only as fresh as that."""
        return min(
            [t.last_reviewed for t in self.tables]
            + [self.introduction.last_reviewed, self.client_support.last_reviewed]
            + [self.gemeenten_last_reviewed]
        )


def _doubles(where: tuple, values: list, field: str, label: str) -> list[tuple[tuple, str]]:
    """Return a problem at every repeat of a value that must be unique."""
    seen: set = set()
    problems = []
    for position, value in enumerate(values):
        if value is not None and value in seen:
            problems.append(((*where, position, field), f"{label} '{value}' komt dubbel voor"))
        seen.add(value)
    return problems
