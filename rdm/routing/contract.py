"""The JSON shapes of the wizard's API (DESIGN.md §6): questions and advice, in one language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from ..catalogue import Catalogue, Contact, Criterion, LocalText, Table
from .engine import Advice, Recommendation

BOOL_CHOICES = (
    (True, LocalText(nl="Ja", en="Yes")),
    (False, LocalText(nl="Nee", en="No")),
    ("unknown", LocalText(nl="Weet ik niet", en="Don't know")),
)


def _text(value: LocalText | None, language: str) -> str | None:
    """A text in `language`, Dutch where it is not translated."""
    return None if value is None else value.in_language(language)[0]


def _both(text: LocalText | None) -> dict | None:
    return None if text is None else {"nl": text.nl, "en": text.en or text.nl}


def questions_json(catalogue: Catalogue) -> dict:
    """Return every question with its id, type, topic, options and texts in Dutch and English."""
    questions = []
    for answer in catalogue.vocabulary:
        if answer.type == "bool":
            options = [{"value": value, "label": _both(label)} for value, label in BOOL_CHOICES]
        else:
            options = [
                {"value": o.value, "label": _both(catalogue.option_label(answer, o.value))}
                for o in answer.options
            ] + [{"value": "unknown", "label": _both(BOOL_CHOICES[2][1])}]
        questions.append(
            {
                "id": answer.id,
                "type": answer.type,
                "topic": answer.topic,
                "text": _both(answer.question),
                "hint": _both(answer.hint),
                "options": options,
            }
        )
    return {
        "rules_version": catalogue.rules_version,
        "topics": [{"id": t.id, "title": _both(t.title)} for t in catalogue.topics],
        "questions": questions,
    }


# DESIGN.md §6 names a contact route's kinds phone, email and web.
ROUTE_KINDS = {"phone": "phone", "email": "email", "website": "web"}


def _routes(contacts: tuple[Contact, ...], language: str) -> list[dict]:
    """Contact routes as DESIGN.md §6 writes them: kind, value (what to dial, mail or open)."""
    return [
        {"kind": ROUTE_KINDS[c.kind], "value": c.display, "label": _text(c.label, language)}
        for c in contacts
    ]


class AdviceJson:
    """The advice as the API's JSON for one catalogue, texts in one language (Dutch where not
    translated). What a table contributes apart from the verdict (its title, contacts and
    criteria texts) is made once per table and language, not per request."""

    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue
        self._tables: dict[tuple[str, str], _TableParts] = {}

    def __call__(self, advice: Advice, language: str, url_for_table: Callable[[str], str]) -> dict:
        text = partial(_text, language=language)

        first = advice.first_step
        guidance = advice.acute_guidance
        support = self.catalogue.client_support
        return {
            "rules_version": advice.rules_version,
            "acute": advice.acute,
            "acute_guidance": None
            if guidance is None
            else {"title": text(guidance.title), "steps": [text(s) for s in guidance.steps]},
            "first_step": None
            if first is None
            else {
                "gemeente": first.gemeente_slug,
                "name": first.gemeente.name if first.gemeente else None,
                "ggz_region": first.gemeente.ggz_region if first.gemeente else None,
                "region_note": text(first.gemeente.region_note) if first.gemeente else None,
                "text": text(first.text),
                "routes": _routes(first.routes, language),
                "outside_twente": first.outside_twente,
                "safety_route": None
                if first.safety_route is None
                else {
                    "text": text(first.safety_route.text),
                    "routes": _routes(first.safety_route.contacts, language),
                },
            },
            "recommendations": [
                self._recommendation(r, language, text, url_for_table)
                for r in advice.recommendations
            ],
            "client_support": {
                "text": text(support.body),
                "cce": advice.cce,
                "overview_url": support.overview.url,
                "organisations": [
                    {"name": text(o.name), "url": o.url} for o in support.organisations
                ],
            },
        }

    def _parts(self, table: Table, language: str) -> _TableParts:
        parts = self._tables.get((table.slug, language))
        if parts is None:
            parts = self._tables[(table.slug, language)] = _TableParts.of(table, language)
        return parts

    def _recommendation(
        self, r: Recommendation, language: str, text, url_for_table: Callable[[str], str]
    ) -> dict:
        parts = self._parts(r.table, language)

        def criteria(items: tuple[Criterion, ...]) -> list[dict]:
            return [parts.criteria[c.id] for c in items]

        return {
            **parts.fixed,
            "fit": r.fit,
            "because": criteria(r.because),
            "met": criteria(r.met),
            "unmet": criteria(r.unmet),
            "unknown": criteria(r.unknown),
            "steps_first": criteria(r.steps_first),
            "what_if": criteria(tuple(hint.criterion for hint in r.what_if)),
            "may_register": r.may_register,
            "contact": {"url": url_for_table(r.table.slug), "contacts": parts.contacts},
            "next_step": r.next_step,
            "next_ladder_step": None
            if r.next_ladder_step is None
            else {
                "step": r.next_ladder_step.step,
                "name": text(r.next_ladder_step.name),
                "description": text(r.next_ladder_step.description),
            },
        }


@dataclass(frozen=True)
class _TableParts:
    """A table's part of every advice in one language; shared by responses, never changed."""

    fixed: dict
    criteria: dict[str, dict]
    contacts: list[dict]

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
            criteria={c.id: {"id": c.id, "text": text(c.text)} for c in table.inflow.criteria},
            contacts=[
                {"kind": c.kind, "label": text(c.label), "href": c.href, "display": c.display}
                for c in table.contacts
            ],
        )
