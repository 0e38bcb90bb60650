"""The rules engine: evaluate every table's inflow criteria and order the advice by the ladder.

Everything here is driven by the catalogue: criteria kinds and groups, registration roles,
ladder steps and what each answer means. No table is named in code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from rdm.catalogue import Catalogue, Criterion, Gemeente, LocalText, Table
from rdm.catalogue.tables import Contact, LadderStep
from rdm.catalogue.vocabulary import AcuteGuidance, Question, SafetyRoute
from rdm.wegwijzer.answers import AnswerParser

Status = Literal["met", "not_met", "unknown"]
Fit = Literal["fits", "may_fit", "fits_after_steps", "does_not_fit"]
# The four verdicts, best first.
FIT_ORDER: dict[str, int] = {"fits": 0, "may_fit": 1, "fits_after_steps": 2, "does_not_fit": 3}
# The answers that decide the ladder itself.
ACUTE, CRISIS, INVOLVED = "acute_danger", "crisis", "gemeente_involved"
ROLE, GEMEENTE, NEED = "role", "gemeente", "need"


@dataclass(frozen=True)
class Hint:
    """A 'what if': an unknown criterion the asker can find out that decides a table's verdict."""

    criterion: Criterion
    question: Question


@dataclass(frozen=True)
class Recommendation:
    """A table's verdict for this case, with the reasons and what to do next."""

    table: Table
    fit: Fit
    met: tuple[Criterion, ...]
    unmet: tuple[Criterion, ...]
    unknown: tuple[Criterion, ...]
    # What the verdict names: the unmet core criteria (does_not_fit), the unmet steps
    # (fits_after_steps) or what is still unknown and decides (may_fit); empty for fits.
    because: tuple[Criterion, ...]
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
    """The person's own gemeente: the first step unless it is already involved.

    `routes` are the gemeente's contact routes as far as the catalogue knows them (empty says
    so); `safety_route` is the best route known besides, when the case involves safety.
    """

    gemeente_slug: str | None
    gemeente: Gemeente | None
    text: LocalText
    routes: tuple[Contact, ...] = ()
    safety_route: SafetyRoute | None = None

    @property
    def outside_twente(self) -> bool:
        return self.gemeente_slug is not None and self.gemeente is None


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
    # A resident or partner: not a professional who registers at tables.
    lay_asker: bool = False

    @property
    def nothing_fits(self) -> bool:
        """Return True when no table fits, not even after steps (and there is no acute danger)."""
        return not self.acute and all(r.fit == "does_not_fit" for r in self.recommendations)

    @property
    def top(self) -> Recommendation | None:
        """Return the best recommendation, unless no table can fit."""
        if self.nothing_fits or not self.recommendations:
            return None
        return self.recommendations[0]

    @property
    def names_a_person(self) -> bool:
        """Whether the advice gives someone to call or mail: 112 in danger, the gemeente's
        route, the safety route, or the contact of a table the asker may turn to."""
        if self.acute:
            return True
        first = self.first_step
        if first is not None and (first.routes or first.safety_route):
            return True
        top = self.top
        return (
            top is not None
            and top.may_register is not False
            and any(c.kind in ("email", "phone") for c in top.table.contacts)
        )


@dataclass(frozen=True)
class Rules:
    """A table's criteria, sorted for evaluation: positions in `checked` stand for criteria.

    A criterion's id is unique within its table (the catalogue checks), so a case's
    statuses are one list in the order of `checked`, made once per table and case.
    """

    checked: tuple[Criterion, ...]
    shared: tuple[int, ...]
    groups: tuple[tuple[int, ...], ...]
    preconditions: tuple[int, ...]

    @classmethod
    def of(cls, table: Table) -> Rules:
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


def _open_groups(rules: Rules, status: list[Status]) -> list[tuple[int, ...]]:
    """Return the alternatives of a table that no answer has ruled out yet."""
    return [g for g in rules.groups if all(status[n] != "not_met" for n in g)]


class RulesEngine:
    """Turns answers into an Advice for one catalogue; build once, use for every case."""

    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue
        self.parser = AnswerParser(catalogue)
        self.rules = {t.slug: Rules.of(t) for t in catalogue.tables}
        self._position = {t.slug: n for n, t in enumerate(catalogue.tables)}
        # The tables that take a case in crisis first (a core criterion: crisis is yes).
        self._crisis_routes = {
            t.slug
            for t in catalogue.tables
            if any(c.id == CRISIS and c.met_when and c.kind == "core" for c in t.inflow.criteria)
        }
        self.tried_when = {s.step: s.tried_when for s in catalogue.ladder if s.tried_when}

    # -- advice ---------------------------------------------------------------------------

    def advise(self, answers: Mapping[str, bool | str | None]) -> Advice:
        """Return the advice for validated answers (see AnswerParser); omitted means unknown.

        Acute danger (yes) gives only the emergency guidance; danger not ruled out (unknown)
        gives the guidance beside the advice.
        """
        version = self.catalogue.rules_version
        guidance = self.catalogue.acute_guidance
        if answers.get(ACUTE) is True:
            return Advice(version, True, guidance, None, (), False, answers)
        evaluated = [self._evaluate(table, answers) for table in self.catalogue.tables]
        ordered = sorted(evaluated, key=lambda r: self._order(r, answers))
        recommendations = tuple(self._with_next_step(r, ordered) for r in ordered)
        return Advice(
            rules_version=version,
            acute=False,
            acute_guidance=guidance if answers.get(ACUTE) is None else None,
            first_step=self._first_step(answers),
            recommendations=recommendations,
            cce=any(r.table.refers_to_cce and r.fit != "does_not_fit" for r in recommendations),
            answers=answers,
            lay_asker=answers.get(ROLE) in self.catalogue.lay_roles,
        )

    def _evaluate(self, table: Table, answers: Mapping) -> Recommendation:
        rules = self.rules[table.slug]
        status = rules.statuses(answers)
        fit = self.fit(rules, status)
        role = answers.get(ROLE)
        may_register = None if role is None else role in table.registration.roles
        checked = tuple(zip(rules.checked, status, strict=True))
        because = tuple(rules.checked[n] for n in self._because(rules, status, fit))
        return Recommendation(
            table=table,
            fit=fit,
            met=tuple(c for c, s in checked if s == "met"),
            unmet=tuple(c for c, s in checked if s == "not_met"),
            unknown=tuple(c for c, s in checked if s == "unknown"),
            because=because,
            steps_first=tuple(rules.checked[n] for n in rules.preconditions if status[n] != "met"),
            what_if=self._what_if(because, fit, role, may_register),
            may_register=may_register,
        )

    @staticmethod
    def _core(rules: Rules, status: list[Status]) -> Status:
        """The core rule in three-valued logic: shared criteria and at least one group."""
        shared = _combine(status[n] for n in rules.shared)
        if not rules.groups:
            return shared
        groups = [_combine(status[n] for n in group) for group in rules.groups]
        best = "met" if "met" in groups else ("unknown" if "unknown" in groups else "not_met")
        return _combine([shared, best])

    def fit(self, rules: Rules, status: list[Status]) -> Fit:
        """The table's verdict; an unknown answer never makes a table does_not_fit."""
        core = self._core(rules, status)
        if core == "not_met":
            return "does_not_fit"
        steps = [status[n] for n in rules.preconditions]
        if "not_met" in steps:
            return "fits_after_steps"
        if core == "unknown" or "unknown" in steps:
            return "may_fit"
        return "fits"

    def _because(self, rules: Rules, status: list[Status], fit: Fit) -> list[int]:
        """The positions of the criteria the verdict names."""
        if fit == "fits":
            return []
        if fit == "fits_after_steps":
            return [n for n in rules.preconditions if status[n] == "not_met"]
        if fit == "does_not_fit":
            core = [*rules.shared, *(n for group in rules.groups for n in group)]
            return [n for n in core if status[n] == "not_met"]
        # may_fit: what is unknown and still decides; of the alternatives, the open one
        # closest to being met (none when one is met already).
        groups = _open_groups(rules, status)
        met_group = any(all(status[n] == "met" for n in g) for g in groups)
        closest = min(groups, key=lambda g: sum(status[n] == "unknown" for n in g), default=())
        wanted = [*rules.shared, *(() if met_group else closest), *rules.preconditions]
        return [n for n in wanted if status[n] == "unknown"]

    def _what_if(
        self, because: tuple[Criterion, ...], fit: Fit, role, may_register: bool | None
    ) -> tuple[Hint, ...]:
        """The unknowns an asker who may register here can find out, and that decide whether
        the table fits; none for a lay asker, who cannot register and is not asked them."""
        if fit != "may_fit" or may_register is not True:
            return ()
        hints = (Hint(c, self.catalogue.answer(c.id)) for c in because)
        return tuple(h for h in hints if self.catalogue.may_be_asked(h.question, role))

    def _order(self, recommendation: Recommendation, answers: Mapping) -> tuple:
        recommendation_met = len(recommendation.met)
        return self.order_key(recommendation.table, recommendation.fit, recommendation_met, answers)

    def order_key(self, table: Table, fit: Fit, met: int, answers: Mapping) -> tuple:
        """Where a table with this verdict stands in the advice: the tables that can fit before
        those that cannot; of them, the tables serving the asker's need (the tables in play)
        first; then by verdict; then, in a crisis, the crisis route; then the ladder
        (a step tried without result moves up); then the table with more criteria known to
        be met; then the catalogue's order."""
        in_crisis_route = answers.get(CRISIS) is True and table.slug in self._crisis_routes
        tried = self.tried_when.get(table.ladder_step)
        step = table.ladder_step + (100 if tried and answers.get(tried) is True else 0)
        return (
            fit == "does_not_fit",
            answers.get(NEED) not in table.needs,
            FIT_ORDER[fit],
            not in_crisis_route,
            step,
            # The more specific table first: the one with more criteria known to be met.
            -met,
            self._position[table.slug],
        )

    def _with_next_step(self, recommendation: Recommendation, ordered: list) -> Recommendation:
        """Name what comes next if this table does not solve the case: a table, else a step."""
        if recommendation.fit == "does_not_fit":
            return recommendation
        step = recommendation.table.ladder_step
        # A higher table that can fit on what is known (not one of which nothing is known),
        # else the table's own escalation.
        higher = [
            r.table
            for r in ordered
            if r.fit != "does_not_fit" and r.met and r.table.ladder_step > step
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
        gemeente = self.catalogue.gemeente(slug)
        safety = self.catalogue.safety_route
        return FirstStep(
            slug,
            gemeente,
            self.catalogue.introduction.first_step,
            routes=gemeente.routes if gemeente else (),
            safety_route=safety if safety and safety.applies(answers) else None,
        )
