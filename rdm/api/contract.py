"""The wizard's API: questions and advice as their response models (rdm/api/models.py),
texts in one language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from rdm.api import models
from rdm.catalogue import Catalogue, Contact, Criterion, LocalText, Table
from rdm.wegwijzer.engine import Advice, FirstStep, Recommendation

BOOL_CHOICES = (
    (True, LocalText(nl="Ja", en="Yes")),
    (False, LocalText(nl="Nee", en="No")),
    ("unknown", LocalText(nl="Weet ik niet", en="Don't know")),
)


def _text(value: LocalText | None, language: str) -> str | None:
    """A text in `language`, Dutch where it is not translated."""
    return None if value is None else value.in_language(language)[0]


def _both(text: LocalText | None) -> models.Both | None:
    return None if text is None else models.Both(nl=text.nl, en=text.en or text.nl)


def questions_json(catalogue: Catalogue) -> models.Questions:
    """Return every question with its id, type, topic, options and texts in Dutch and English."""
    questions = []
    for answer in catalogue.vocabulary:
        if answer.type == "bool":
            choices = [(value, label) for value, label in BOOL_CHOICES]
        else:
            choices = [(o.value, catalogue.option_label(answer, o.value)) for o in answer.options]
            choices.append(("unknown", BOOL_CHOICES[2][1]))
        questions.append(
            models.Question(
                id=answer.id,
                type=answer.type,
                topic=answer.topic,
                text=_both(answer.question),
                hint=_both(answer.hint),
                options=[models.QuestionOption(value=v, label=_both(t)) for v, t in choices],
            )
        )
    return models.Questions(
        rules_version=catalogue.rules_version,
        topics=[models.QuestionTopic(id=t.id, title=_both(t.title)) for t in catalogue.topics],
        questions=questions,
    )


# The API names a contact route's kinds phone, email and web (the catalogue: website).
ROUTE_KINDS = {"phone": "phone", "email": "email", "website": "web"}


def _routes(contacts: tuple[Contact, ...], language: str) -> list[models.Route]:
    """Contact routes as the API writes them: kind, value (what to dial, mail or open)."""
    return [
        models.Route(kind=ROUTE_KINDS[c.kind], value=c.display, label=_text(c.label, language))
        for c in contacts
    ]


def _first_step(first: FirstStep | None, language: str) -> models.FirstStep | None:
    if first is None:
        return None
    text = partial(_text, language=language)
    gemeente = first.gemeente
    safety = first.safety_route
    return models.FirstStep(
        gemeente=first.gemeente_slug,
        name=gemeente.name if gemeente else None,
        ggz_region=gemeente.ggz_region if gemeente else None,
        region_note=text(gemeente.region_note) if gemeente else None,
        text=text(first.text),
        routes=_routes(first.routes, language),
        outside_twente=first.outside_twente,
        safety_route=None
        if safety is None
        else models.SafetyRoute(text=text(safety.text), routes=_routes(safety.contacts, language)),
    )


class AdviceJson:
    """The advice as the API's response for one catalogue, texts in one language (Dutch where
    not translated). What a table contributes apart from the verdict (its title, contacts and
    criteria texts) is made once per table and language, not per request."""

    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue
        self._tables: dict[tuple[str, str], _TableParts] = {}

    def __call__(
        self, advice: Advice, language: str, url_for_table: Callable[[str], str]
    ) -> models.Advice:
        text = partial(_text, language=language)
        guidance = advice.acute_guidance
        support = self.catalogue.client_support
        return models.Advice(
            rules_version=advice.rules_version,
            acute=advice.acute,
            acute_guidance=None
            if guidance is None
            else models.AcuteGuidance(
                title=text(guidance.title), steps=[text(s) for s in guidance.steps]
            ),
            first_step=_first_step(advice.first_step, language),
            recommendations=[
                self._recommendation(r, language, url_for_table) for r in advice.recommendations
            ],
            client_support=models.ClientSupport(
                text=text(support.body),
                cce=advice.cce,
                overview_url=support.overview.url,
                organisations=[
                    models.SupportOrganisation(name=text(o.name), url=o.url)
                    for o in support.organisations
                ],
            ),
        )

    def _parts(self, table: Table, language: str) -> _TableParts:
        parts = self._tables.get((table.slug, language))
        if parts is None:
            parts = self._tables[(table.slug, language)] = _TableParts.of(table, language)
        return parts

    def _recommendation(
        self, r: Recommendation, language: str, url_for_table: Callable[[str], str]
    ) -> models.Recommendation:
        parts = self._parts(r.table, language)
        step = r.next_ladder_step

        def criteria(items: tuple[Criterion, ...]) -> list[models.CriterionText]:
            return [parts.criteria[c.id] for c in items]

        return models.Recommendation(
            **parts.fixed,
            fit=r.fit,
            because=criteria(r.because),
            met=criteria(r.met),
            unmet=criteria(r.unmet),
            unknown=criteria(r.unknown),
            steps_first=criteria(r.steps_first),
            what_if=criteria(tuple(hint.criterion for hint in r.what_if)),
            may_register=r.may_register,
            contact=models.TableContacts(url=url_for_table(r.table.slug), contacts=parts.contacts),
            next_step=r.next_step,
            next_ladder_step=None
            if step is None
            else models.NextLadderStep(
                step=step.step,
                name=_text(step.name, language),
                description=_text(step.description, language),
            ),
        )


@dataclass(frozen=True)
class _TableParts:
    """A table's part of every advice in one language; shared by responses, never changed."""

    fixed: dict
    criteria: dict[str, models.CriterionText]
    contacts: list[models.AdviceContact]

    @classmethod
    def of(cls, table: Table, language: str) -> _TableParts:
        text = partial(_text, language=language)

        return cls(
            fixed={
                "table": table.slug,
                "title": text(table.name),
                "ladder_step": table.ladder_step,
                "register_via": text(table.registration.via),
                "deadlines": text(table.deadlines),
            },
            # A criterion without an id is read, not decided: no verdict names it.
            criteria={
                c.id: models.CriterionText(id=c.id, text=text(c.text))
                for c in table.inflow.criteria
                if c.id is not None
            },
            contacts=[
                models.AdviceContact(
                    kind=c.kind, label=text(c.label), href=c.href, display=c.display
                )
                for c in table.contacts
            ],
        )
