"""The regiekaart: the five levels of regie around a household, as catalogue data."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    Field,
    model_validator,
)

from rdm.catalogue.tables import AnswerId
from rdm.catalogue.text import Frozen, Reviewed, Slug, Text, doubles
from rdm.catalogue.vocabulary import Option

REGIE_LEVELS = (1, 2, 3, 4, 5)
RegieLevelNumber = Annotated[int, Field(ge=1, le=5)]


class RegieQuestion(Frozen):
    """An answer id of the regiekaart's vocabulary and the question asked."""

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
        problems = doubles(
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
