"""Asking a rules engine about a case in a line, for the real catalogue and the fixture one;
answers that the rules tests of the real tables share."""

from __future__ import annotations

from rdm.catalogue import load_catalogue
from rdm.config import PACKAGED_CATALOGUE
from rdm.wegwijzer import RulesEngine


class Asking:
    """One engine's advice for answers given as keywords, and one table's verdict in it."""

    def __init__(self, engine: RulesEngine):
        self.engine = engine

    def advise(self, **answers):
        return self.engine.advise(self.engine.parser.parse(answers))

    def fit(self, slug, **answers):
        return verdict(self.advise(**answers), slug).fit


def verdict(advice, slug):
    return next(r for r in advice.recommendations if r.table.slug == slug)


REAL = Asking(RulesEngine(load_catalogue(PACKAGED_CATALOGUE).catalogue))
ENGINE, advise, fit = REAL.engine, REAL.advise, REAL.fit


def ids(criteria):
    return [c.id for c in criteria]


def hint_ids(recommendation):
    return [hint.criterion.id for hint in recommendation.what_if]


REGIOTAFEL_READY = dict(
    wlz=True,
    crisis=False,
    relocation_needed=True,
    provider_steps_exhausted=True,
    alternatives_explored=True,
    transfer_tried=True,
    provider_keeps_care=True,
    cce_involved=True,
)
HOOGCOMPLEX_ALL = dict(
    multiple_psychiatric_disorders=True,
    treatment_goal_feasible=True,
    systemic_multi_domain=True,
    serious_harm_threat=True,
    extensive_treatment_history=True,
    exceptional_regime_needed=True,
    scarce_intensive_care=True,
    no_fitting_care_found=True,
)


BESTUURLIJK_TARGET = dict(ggz_care_need=True, high_safety_risk=True)


def order(advice):
    return [(r.table.slug, r.fit) for r in advice.recommendations]
