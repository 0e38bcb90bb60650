"""The rules engine: evaluate every table's inflow criteria and order the advice by the ladder.

Everything here is driven by the catalogue: criteria kinds and groups, registration roles,
ladder steps and what each answer means. No table is named in code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from ..catalogue import Catalogue, Criterion, Gemeente, LocalText, Table
from ..catalogue.models import AcuteGuidance, Answer, LadderStep, Topic
from .answers import AnswerParser

Status = Literal["met", "not_met", "unknown"]
Fit = Literal["fits", "fits_after_steps", "does_not_fit"]
FIT_ORDER: dict[str, int] = {"fits": 0, "fits_after_steps": 1, "does_not_fit": 2}
# The answers that decide the ladder itself (DESIGN.md §5).
ACUTE, CRISIS, INVOLVED = "acute_danger", "crisis", "gemeente_involved"
ROLE, GEMEENTE = "role", "gemeente"
Page = tuple[Topic, tuple[Answer, ...]]


@dataclass(frozen=True)
class Hint:
    """A 'what if': an unknown criterion that, answered so, would improve a table's verdict."""

    criterion: Criterion
    question: Answer


@dataclass(frozen=True)
class Recommendation:
    """A table's verdict for this case, with the reasons and what to do next."""

    table: Table
    fit: Fit
    met: tuple[Criterion, ...]
    unmet: tuple[Criterion, ...]
    unknown: tuple[Criterion, ...]
    steps_first: tuple[Criterion, ...]
    what_if: tuple[Hint, ...]
    may_register: bool | None
    next_table: Table | None = None
    next_ladder_step: LadderStep | None = None

    @property
    def next_step(self) -> str | None:
        """Return the slug of the table that comes next if this one does not solve the case."""
        return self.next_table.slug if self.next_table else None


@dataclass(frozen=True)
class FirstStep:
    """The person's own gemeente: the first step unless it is already involved."""

    gemeente_slug: str | None
    gemeente: Gemeente | None
    text: LocalText


@dataclass(frozen=True)
class Advice:
    """The whole advice for one case."""

    rules_version: str
    acute: bool
    acute_guidance: AcuteGuidance | None
    first_step: FirstStep | None
    recommendations: tuple[Recommendation, ...]
    cce: bool
    answers: Mapping[str, bool | str | None] = field(default_factory=dict)

    @property
    def nothing_fits(self) -> bool:
        """Return True when no table fits, not even after steps (and there is no acute danger)."""
        return not self.acute and all(r.fit == "does_not_fit" for r in self.recommendations)


@dataclass(frozen=True)
class _Rules:
    """A table's criteria, sorted for evaluation: positions in `checked` stand for criteria.

    A criterion's id is unique within its table (the catalogue checks), so a case's
    statuses are one list in the order of `checked`, made once per table and case.
    """

    checked: tuple[Criterion, ...]
    shared: tuple[int, ...]
    groups: tuple[tuple[int, ...], ...]
    preconditions: tuple[int, ...]

    @classmethod
    def of(cls, table: Table) -> _Rules:
        core = [c for c in table.inflow.criteria if c.id and c.kind == "core"]
        names = list(dict.fromkeys(c.group for c in core if c.group))
        shared = [c for c in core if not c.group]
        groups = [[c for c in core if c.group == name] for name in names]
        preconditions = [c for c in table.inflow.criteria if c.id and c.kind == "precondition"]
        checked = (*shared, *(c for group in groups for c in group), *preconditions)
        count = iter(range(len(checked)))
        return cls(
            checked,
            tuple(next(count) for _ in shared),
            tuple(tuple(next(count) for _ in group) for group in groups),
            tuple(next(count) for _ in preconditions),
        )

    def statuses(self, answers: Mapping) -> list[Status]:
        """Each checked criterion's status for these answers."""
        return [_status(c, answers) for c in self.checked]


def _status(criterion: Criterion, answers: Mapping) -> Status:
    value = answers.get(criterion.id)
    if value is None:
        return "unknown"
    return "met" if value == criterion.met_when else "not_met"


def _combine(statuses) -> Status:
    combined: Status = "met"
    for status in statuses:
        if status == "not_met":
            return "not_met"
        if status == "unknown":
            combined = "unknown"
    return combined


def _open_groups(rules: _Rules, status: list[Status]) -> list[tuple[int, ...]]:
    """Return the alternatives of a table that no answer has ruled out yet."""
    return [g for g in rules.groups if all(status[n] != "not_met" for n in g)]


class Router:
    """Turns answers into an Advice for one catalogue; build once, use for every case."""

    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue
        self.parser = AnswerParser(catalogue)
        self._rules = {t.slug: _Rules.of(t) for t in catalogue.tables}
        self._position = {t.slug: n for n, t in enumerate(catalogue.tables)}
        # The tables that take a case in crisis first (a core criterion: crisis is yes).
        self._crisis_routes = {
            t.slug
            for t in catalogue.tables
            if any(c.id == CRISIS and c.met_when and c.kind == "core" for c in t.inflow.criteria)
        }
        self._tried_when = {s.step: s.tried_when for s in catalogue.ladder if s.tried_when}
        self._questions = tuple(
            (topic, tuple(a for a in catalogue.vocabulary if a.topic == topic.id))
            for topic in catalogue.topics
        )

    # -- advice ---------------------------------------------------------------------------

    def advise(self, answers: Mapping[str, bool | str | None]) -> Advice:
        """Return the advice for validated answers (see AnswerParser); omitted means unknown."""
        version = self.catalogue.rules_version
        if answers.get(ACUTE) is True:
            return Advice(version, True, self.catalogue.acute_guidance, None, (), False, answers)
        evaluated = [self._evaluate(table, answers) for table in self.catalogue.tables]
        ordered = sorted(evaluated, key=lambda r: self._order(r, answers))
        recommendations = tuple(self._with_next_step(r, ordered) for r in ordered)
        return Advice(
            rules_version=version,
            acute=False,
            acute_guidance=None,
            first_step=self._first_step(answers),
            recommendations=recommendations,
            cce=any(r.table.refers_to_cce and r.fit != "does_not_fit" for r in recommendations),
            answers=answers,
        )

    def _evaluate(self, table: Table, answers: Mapping) -> Recommendation:
        rules = self._rules[table.slug]
        status = rules.statuses(answers)
        fit = self._fit(rules, status)
        role = answers.get(ROLE)
        checked = tuple(zip(rules.checked, status, strict=True))
        return Recommendation(
            table=table,
            fit=fit,
            met=tuple(c for c, s in checked if s == "met"),
            unmet=tuple(c for c, s in checked if s == "not_met"),
            unknown=tuple(c for c, s in checked if s == "unknown"),
            steps_first=tuple(rules.checked[n] for n in rules.preconditions if status[n] != "met"),
            what_if=self._what_if(rules, status, fit),
            may_register=None if role is None else role in table.registration.roles,
        )

    @staticmethod
    def _core(rules: _Rules, status: list[Status]) -> Status:
        shared = _combine(status[n] for n in rules.shared)
        if not rules.groups:
            return shared
        groups = [_combine(status[n] for n in group) for group in rules.groups]
        best = "met" if "met" in groups else ("unknown" if "unknown" in groups else "not_met")
        return _combine([shared, best])

    def _fit(self, rules: _Rules, status: list[Status]) -> Fit:
        if self._core(rules, status) != "met":
            return "does_not_fit"
        steps = _combine(status[n] for n in rules.preconditions)
        return "fits" if steps == "met" else "fits_after_steps"

    def _what_if(self, rules: _Rules, status: list[Status], fit: Fit) -> tuple[Hint, ...]:
        """Return the unknown criteria that, answered favourably, would improve the verdict."""
        if fit == "fits":
            return ()
        hopeful = ["met" if s == "unknown" else s for s in status]
        if FIT_ORDER[self._fit(rules, hopeful)] >= FIT_ORDER[fit]:
            return ()
        groups = _open_groups(rules, status)
        cheapest = min(groups, key=lambda g: sum(status[n] == "unknown" for n in g), default=())
        wanted = {*rules.shared, *cheapest, *rules.preconditions}
        return tuple(
            Hint(c, self.catalogue.answer(c.id))
            for n, c in enumerate(rules.checked)
            if status[n] == "unknown" and n in wanted
        )

    def _order(self, recommendation: Recommendation, answers: Mapping) -> tuple:
        table = recommendation.table
        in_crisis_route = answers.get(CRISIS) is True and table.slug in self._crisis_routes
        tried = self._tried_when.get(table.ladder_step)
        step = table.ladder_step + (100 if tried and answers.get(tried) is True else 0)
        return (
            FIT_ORDER[recommendation.fit],
            not in_crisis_route,
            step,
            self._position[table.slug],
        )

    def _with_next_step(self, recommendation: Recommendation, ordered: list) -> Recommendation:
        """Name what comes next if this table does not solve the case: a table, else a step."""
        if recommendation.fit == "does_not_fit":
            return recommendation
        step = recommendation.table.ladder_step
        higher = [
            r.table for r in ordered if r.fit != "does_not_fit" and r.table.ladder_step > step
        ]
        escalation = self.catalogue.table(recommendation.table.escalates_to or "")
        following = higher[0] if higher else escalation
        if following is not None:
            return replace(recommendation, next_table=following)
        above = [s for s in self.catalogue.ladder if s.step > step]
        return replace(
            recommendation, next_ladder_step=min(above, key=lambda s: s.step, default=None)
        )

    def _first_step(self, answers: Mapping) -> FirstStep | None:
        if answers.get(INVOLVED) is True:
            return None
        slug = answers.get(GEMEENTE)
        return FirstStep(
            slug, self.catalogue.gemeente(slug), self.catalogue.introduction.first_step
        )

    # -- which questions to ask -----------------------------------------------------------

    def relevant(self, answer: Answer, known: Mapping) -> bool:
        """Return True when this question can still change the advice, given the answers known."""
        known = {key: value for key, value in known.items() if key != answer.id}
        if known.get(ACUTE) is True:
            return False
        if answer.always_ask:
            return True
        if answer.id in self._tried_when.values():
            return any(self._possible(rules, known) for rules in self._rules.values())
        return any(
            self._possible(rules, known, answer.id)
            for rules in self._rules.values()
            if any(c.id == answer.id for c in rules.checked)
        )

    @staticmethod
    def _possible(rules: _Rules, answers: Mapping, answer_id: str | None = None) -> bool:
        """Return True when the table can still fit (and `answer_id` can still matter to it)."""
        status = rules.statuses(answers)
        if any(status[n] == "not_met" for n in rules.shared):
            return False
        groups = _open_groups(rules, status)
        if rules.groups and not groups:
            return False
        checked = rules.checked
        in_a_group = any(checked[n].id == answer_id for g in rules.groups for n in g)
        return not in_a_group or any(checked[n].id == answer_id for g in groups for n in g)

    def pages(self, answers: Mapping) -> list[Page]:
        """Return the wizard's pages, each with the questions it asks.

        A page's questions depend only on the answers of the pages before it, as the asker
        sees them one after another; so an answer never hides its own page or its neighbours.
        """
        known: dict = {}
        pages = []
        for topic, questions in self._questions:
            asked = tuple(q for q in questions if self.relevant(q, known))
            if asked:
                pages.append((topic, asked))
                known.update({q.id: answers[q.id] for q in asked if q.id in answers})
        return pages

    def effective(self, answers: Mapping) -> dict[str, bool | str | None]:
        """Return the answers to the questions the wizard asks; an answer to a question that is
        no longer asked (after a change) is left out, not forgotten by the caller."""
        asked = {q.id for _, questions in self.pages(answers) for q in questions}
        return {key: value for key, value in answers.items() if key in asked}
