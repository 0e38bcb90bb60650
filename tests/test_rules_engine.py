"""The rules engine on a tiny fixture catalogue (tests/fixtures/engine-catalogue.yaml).

Answers -> verdicts, their order and the first step, stated as the fixture implies them, so
these tests hold whatever the real catalogue says; tests/test_routing.py checks the real
tables' rules against the wording of their sources.
"""

from __future__ import annotations

import pytest

from rdm.wegwijzer import AnswerErrors, RulesEngine
from rdm.wegwijzer.engine import FIT_ORDER

from .engine_catalogue import engine_catalogue
from .routing_helpers import Asking, ids, order, verdict

FIXTURE = Asking(RulesEngine(engine_catalogue()))
ENGINE, advise, fit = FIXTURE.engine, FIXTURE.advise, FIXTURE.fit
TABLES = [t.slug for t in ENGINE.catalogue.tables]
# Every plektafel criterion met, but whether it is a crisis.
PLEK_READY = dict(indicatie=True, stappen_gezet=True, overdracht_geprobeerd=True)


def test_the_fixture_has_a_table_of_each_shape():
    assert TABLES == ["wijktafel", "plektafel", "sluitstuk"]


class TestFourVerdicts:
    """The four verdicts: the core rule in three-valued logic, then the preconditions; an unknown
    answer never makes a table does_not_fit."""

    @pytest.mark.parametrize("table", TABLES)
    def test_no_answers_at_all_never_refuse_a_table(self, table):
        assert fit(table) == "may_fit"

    @pytest.mark.parametrize("table", TABLES)
    def test_each_core_criterion_answered_against_refuses_the_table(self, table):
        core = [c for c in ENGINE.catalogue.table(table).inflow.criteria if c.kind == "core"]
        recommendation = verdict(advise(**{c.id: not c.met_when for c in core}), table)
        assert recommendation.fit == "does_not_fit"
        assert set(ids(recommendation.because)) == {c.id for c in core}

    @pytest.mark.parametrize("table", TABLES)
    def test_every_criterion_met_fits_and_an_unknown_precondition_may_fit(self, table):
        rules = ENGINE.catalogue.table(table).inflow.criteria
        answers = {c.id: c.met_when for c in rules}
        assert fit(table, **answers) == "fits"
        for step in (c for c in rules if c.kind == "precondition"):
            assert fit(table, **{**answers, step.id: "unknown"}) == "may_fit"
            assert fit(table, **{**answers, step.id: not step.met_when}) == "fits_after_steps"

    def test_a_criterion_met_when_false_left_unanswered_is_not_a_refusal(self):
        recommendation = verdict(advise(**PLEK_READY), "plektafel")
        assert recommendation.fit == "may_fit"
        assert ids(recommendation.because) == ["crisis"]

    def test_an_unmet_step_outranks_an_unknown_core_criterion(self):
        recommendation = verdict(advise(**PLEK_READY | {"stappen_gezet": False}), "plektafel")
        assert recommendation.fit == "fits_after_steps"
        assert ids(recommendation.because) == ["stappen_gezet"]
        assert ids(recommendation.unknown) == ["crisis"]

    def test_one_alternative_met_makes_the_others_unknowns_irrelevant(self):
        recommendation = verdict(advise(overlast=True), "wijktafel")
        assert recommendation.fit == "fits" and recommendation.because == ()

    def test_an_alternative_fits_only_with_all_of_its_group(self):
        assert fit("wijktafel", meerdere_problemen=True, impact=True) == "fits"
        recommendation = verdict(
            advise(overlast=False, meerdere_problemen=True, impact=False), "wijktafel"
        )
        assert recommendation.fit == "does_not_fit"
        assert ids(recommendation.unmet) == ["overlast", "impact"]

    def test_may_fit_names_the_unknowns_of_the_closest_alternative(self):
        answers = dict(role="politie", overlast=False, meerdere_problemen=True)
        recommendation = verdict(advise(**answers), "wijktafel")
        assert recommendation.fit == "may_fit"
        assert ids(recommendation.because) == ["impact"]
        assert [hint.criterion.id for hint in recommendation.what_if] == ["impact"]

    @pytest.mark.parametrize("role", [None, "inwoner", "zorgaanbieder"])
    def test_no_what_if_for_whoever_may_not_register_there(self, role):
        answers = dict(overlast=False, meerdere_problemen=True, role=role or "unknown")
        recommendation = verdict(advise(**answers), "wijktafel")
        assert recommendation.fit == "may_fit" and recommendation.what_if == ()


class TestOrder:
    def test_fits_then_may_fit_then_fits_after_steps_then_does_not_fit(self):
        answers = dict(overlast=True, indicatie=True, crisis=False, stappen_gezet=False)
        advice = advise(**answers, stelsel_knelt=False)
        assert order(advice) == [
            ("wijktafel", "fits"),
            ("plektafel", "fits_after_steps"),
            ("sluitstuk", "does_not_fit"),
        ]
        fits = [r.fit for r in advise(overlast=True).recommendations]
        assert fits == sorted(fits, key=FIT_ORDER.get) == ["fits", "may_fit", "may_fit"]

    def test_the_lowest_fitting_step_comes_first(self):
        advice = advise(overlast=True, stelsel_knelt=True)
        assert order(advice)[:2] == [("wijktafel", "fits"), ("sluitstuk", "fits")]

    def test_after_the_regional_routes_were_tried_the_next_step_up_comes_first(self):
        advice = advise(overlast=True, stelsel_knelt=True, routes_geprobeerd=True)
        assert order(advice)[:2] == [("sluitstuk", "fits"), ("wijktafel", "fits")]

    def test_within_a_verdict_the_table_with_more_known_comes_first(self):
        assert order(advise(indicatie=True))[0] == ("plektafel", "may_fit")
        assert order(advise())[0] == ("wijktafel", "may_fit"), "else the catalogue's order"

    def test_the_tables_serving_the_askers_need_come_first(self):
        assert order(advise(need="vastgelopen"))[0] == ("sluitstuk", "may_fit")

    def test_every_table_that_can_fit_names_what_comes_next(self):
        advice = advise(overlast=True, indicatie=False)
        assert verdict(advice, "wijktafel").next_step == "sluitstuk"
        assert verdict(advice, "plektafel").next_step is None, "does not fit: no next step"
        assert verdict(advice, "sluitstuk").next_step is None, "the last step"


class TestDanger:
    def test_acute_danger_gives_emergency_guidance_and_no_tables(self):
        advice = advise(acute_danger=True, overlast=True, gemeente="almelo")
        assert advice.acute is True
        assert advice.recommendations == () and advice.first_step is None
        assert advice.acute_guidance.steps[0].nl == "Bel 112."

    def test_danger_not_ruled_out_gives_the_guidance_beside_the_advice(self):
        for answers in ({}, {"acute_danger": "unknown"}):
            advice = advise(overlast=True, **answers)
            assert advice.acute is False
            assert advice.acute_guidance.steps[0].nl == "Bel 112."
            assert order(advice)[0] == ("wijktafel", "fits")

    def test_no_danger_gives_no_guidance(self):
        assert advise(acute_danger=False).acute_guidance is None


class TestFirstStep:
    def test_the_gemeente_comes_first_with_its_name_region_and_routes(self):
        first = advise(gemeente="hengelo", gemeente_involved=False).first_step
        assert (first.gemeente.name, first.gemeente.ggz_region) == ("Hengelo", "mediant")
        assert first.text.nl == "De gemeente is altijd de eerste stap."
        assert [c.address for c in first.routes] == ["wijkteam@hengelo.example.org"]
        assert advise(gemeente="almelo").first_step.routes == ()

    def test_no_first_step_once_the_gemeente_is_involved(self):
        assert advise(gemeente="almelo", gemeente_involved=True).first_step is None

    def test_a_gemeente_without_a_region_comes_with_its_note(self):
        first = advise(gemeente="tubbergen").first_step
        assert first.gemeente.ggz_region is None
        assert first.gemeente.region_note.nl == "Het GGZ-werkgebied is nog te bevestigen."

    def test_outside_twente_and_unknown_gemeente(self):
        outside = advise(gemeente="buiten-twente").first_step
        assert (outside.gemeente_slug, outside.gemeente, outside.outside_twente) == (
            "buiten-twente",
            None,
            True,
        )
        assert advise().first_step.gemeente_slug is None

    def test_a_safety_answer_adds_the_safety_route(self):
        first = advise(gemeente="almelo", overlast=True).first_step
        assert [c.address for c in first.safety_route.contacts] == [
            "info@veiligheidshuis.example.org"
        ]
        assert advise(gemeente="almelo", overlast=False).first_step.safety_route is None


class TestRoles:
    @pytest.mark.parametrize(
        ("role", "slug", "allowed"),
        [
            ("politie", "wijktafel", True),
            ("zorgaanbieder", "wijktafel", False),
            ("zorgaanbieder", "plektafel", True),
            ("inwoner", "sluitstuk", False),
        ],
    )
    def test_who_may_register_follows_each_table(self, role, slug, allowed):
        assert verdict(advise(role=role), slug).may_register is allowed

    def test_without_a_role_it_is_unknown(self):
        assert verdict(advise(), "wijktafel").may_register is None


class TestAnswers:
    def test_unknown_and_omitted_mean_the_same(self):
        assert ENGINE.parser.parse({"indicatie": "unknown"}) == {"indicatie": None}
        assert order(advise(indicatie="unknown")) == order(advise())

    @pytest.mark.parametrize(
        ("answers", "field", "message"),
        [
            ({"indicatiee": True}, "indicatiee", "unknown answer id"),
            ({"indicatie": "yes"}, "indicatie", 'must be true, false or "unknown"'),
            ({"indicatie": 1}, "indicatie", 'must be true, false or "unknown"'),
            ({"gemeente": "amsterdam"}, "gemeente", 'must be "unknown" or one of: almelo'),
            ({"role": True}, "role", 'must be "unknown" or one of: inwoner'),
        ],
    )
    def test_bad_answers_name_the_offending_id(self, answers, field, message):
        with pytest.raises(AnswerErrors) as raised:
            ENGINE.parser.parse(answers)
        [error] = raised.value.errors
        assert error["field"] == field
        assert error["message"].startswith(message)

    def test_answers_must_be_an_object(self):
        with pytest.raises(AnswerErrors) as raised:
            ENGINE.parser.parse(["indicatie"])
        assert raised.value.errors == [{"field": "answers", "message": "answers must be an object"}]
