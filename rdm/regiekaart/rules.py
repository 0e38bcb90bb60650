"""The level check of the regiekaart: answers -> the level of regie.

Pure: no Flask, no level named in code. Each level in the catalogue lists the answers that
must hold for it; levels are cumulative, so a case is at the highest level whose conditions
and all lower levels' conditions hold. Answers are yes, no or unknown: where an unknown
answer leaves more than one level open, the level is None and `possible_levels` says which
are still possible.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

from rdm.catalogue.regiekaart import RegieCondition, Regiekaart, RegieLevel, ScalingRule
from rdm.wegwijzer.answers import AnswerParser


def condition_holds(condition: RegieCondition, answers: Mapping[str, object]) -> bool:
    """Whether one condition holds for known answers."""
    return answers.get(condition.id) in condition.values


def level_for(kaart: Regiekaart, answers: Mapping[str, object]) -> int:
    """Return the level for answers known on every condition: the highest level whose
    conditions, and those of every level below it, hold."""
    reached = 1
    for level in kaart.levels:
        if not all(condition_holds(c, answers) for c in level.conditions):
            break
        reached = level.level
    return reached


@dataclass(frozen=True)
class RegieResult:
    """Where a case stands on the regiekaart."""

    level: RegieLevel | None
    possible_levels: tuple[int, ...]
    to_manager: bool
    expertise_needed: bool

    @property
    def number(self) -> int | None:
        return None if self.level is None else self.level.level


def place(kaart: Regiekaart, answers: Mapping[str, object]) -> RegieResult:
    """Return the level (or the levels still possible) and the outcomes beside the levels.

    An unknown answer may still be any of its values: the levels possible are those some
    choice of the unknown answers reaches. (Evaluating each level's conditions with unknown
    as a third truth value alone would also call levels possible that no choice reaches,
    e.g. 2-4 when only basic care is unknown in a level-5 case.) The level is known when
    one level is possible.
    """
    asked = {c.id for level in kaart.levels for c in level.conditions}
    unknown = sorted(i for i in asked if answers.get(i) is None)
    values = [_values(kaart, i) for i in unknown]
    possible = sorted(
        {
            level_for(kaart, {**answers, **dict(zip(unknown, chosen, strict=True))})
            for chosen in itertools.product(*values)
        }
    )
    return RegieResult(
        level=kaart.level(possible[0]) if len(possible) == 1 else None,
        possible_levels=tuple(possible),
        to_manager=answers.get(kaart.to_manager.when) is True,
        expertise_needed=answers.get(kaart.expertise.when) is True,
    )


def _values(kaart: Regiekaart, answer_id: str) -> tuple:
    question = kaart.question(answer_id)
    if question is None or question.type == "bool":
        return (True, False)
    return tuple(o.value for o in question.options)


class RegieCheck:
    """The regiekaart with a parser for its answers (built once per served catalogue)."""

    def __init__(self, kaart: Regiekaart):
        self.kaart = kaart
        self.parser = AnswerParser(kaart.questions)

    def place(self, answers: Mapping[str, object]) -> RegieResult:
        """Return the result for validated answers (see AnswerParser)."""
        return place(self.kaart, answers)


def result_json(kaart: Regiekaart, result: RegieResult, language: str) -> dict:
    """Return the API's response for a result (POST /api/v1/regiekaart), texts in `language`."""

    def say(value):
        return None if value is None else value.in_language(language)[0]

    def rules(items: tuple[ScalingRule, ...]) -> list[dict]:
        return [{"to": rule.to, "when": say(rule.when)} for rule in items]

    level = result.level
    return {
        "level": result.number,
        "possible_levels": list(result.possible_levels),
        "casusregie": say(level.casusregie) if level else None,
        "procesregie": say(level.procesregie) if level else None,
        "inzet": say(level.inzet) if level else None,
        "in_overleg": say(level.in_overleg) if level else None,
        "operationeel": say(level.operationeel) if level else None,
        "plan": say(level.plan) if level else None,
        "opschalen": rules(scaling_up(kaart, level)) if level else [],
        "afschalen": rules(level.afschalen) if level else [],
        "to_manager": result.to_manager,
        "expertise_needed": result.expertise_needed,
        "source": kaart.source,
    }


def scaling_up(kaart: Regiekaart, level: RegieLevel) -> tuple[ScalingRule, ...]:
    """Return a level's rules to scale up, with the manager's (which holds on every level)."""
    return (*level.opschalen, ScalingRule(to="manager", when=kaart.to_manager.text))
