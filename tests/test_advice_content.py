"""The real catalogue's advice: the ladder's order, who may register, the interview's questions
and the first step, as the sources describe them (the engine on its own: test_rules_engine.py)."""

from __future__ import annotations

import pytest

from rdm.wegwijzer.engine import FIT_ORDER
from rdm.wegwijzer.interview import Interview

from .routing_helpers import (
    BESTUURLIJK_TARGET,
    ENGINE,
    REGIOTAFEL_READY,
    advise,
    fit,
    ids,
    order,
    verdict,
)


class TestLadder:
    def test_in_a_crisis_the_crisis_route_comes_first(self):
        # TopX (step 2, listed first in the catalogue) fits too, but the crisis route leads.
        advice = advise(wlz=True, crisis=True, sudden_deterioration=True, area_safety_problem=True)
        assert order(advice)[:2] == [("crisisteam-zorgkantoor", "fits"), ("topx", "fits")]

    def test_the_lowest_fitting_step_comes_first(self):
        answers = dict(
            area_safety_problem=True,
            addiction=True,
            high_safety_risk=True,
            no_fitting_care_found=True,
        )
        assert order(advise(**answers))[:2] == [("topx", "fits"), ("levensloopaanpak", "fits")]

    def test_after_the_regional_routes_were_tried_the_next_step_up_comes_first(self):
        answers = dict(
            area_safety_problem=True,
            addiction=True,
            high_safety_risk=True,
            no_fitting_care_found=True,
            ggz_care_need=True,
            system_stuck=True,
            regional_routes_exhausted=True,
        )
        assert order(advise(**answers))[:3] == [
            ("bestuurlijk-escalatie-overleg", "fits"),
            ("topx", "fits"),
            ("levensloopaanpak", "fits"),
        ]

    def test_fits_then_may_fit_then_fits_after_steps_then_does_not_fit(self):
        answers = {**REGIOTAFEL_READY, "transfer_tried": False, "system_stuck": False}
        advice = advise(**answers, area_safety_problem=True, seeks_care_advice=True)
        fits = [r.fit for r in advice.recommendations]
        assert fits == sorted(fits, key=FIT_ORDER.get)
        assert set(order(advice)[:2]) == {("topx", "fits"), ("triagetafel", "fits")}
        assert ("regiotafel-wlz", "fits_after_steps") in order(advice)
        assert ("bestuurlijk-escalatie-overleg", "does_not_fit") in order(advice)
        assert "may_fit" in fits

    def test_the_closing_piece_is_the_last_step(self):
        # 'het regionale sluitstuk'; the ministry's unit is one of the parties that may
        # register there, not a step above it.
        answers = dict(**BESTUURLIJK_TARGET, system_stuck=True, regional_routes_exhausted=True)
        recommendation = verdict(advise(**answers), "bestuurlijk-escalatie-overleg")
        assert recommendation.fit == "fits" and recommendation.next_table is None
        assert recommendation.next_ladder_step is None
        assert "vws" in recommendation.table.registration.roles

    def test_every_fitting_table_names_what_comes_next(self):
        answers = dict(
            area_safety_problem=True,
            addiction=True,
            high_safety_risk=True,
            no_fitting_care_found=True,
        )
        advice = advise(**answers)
        assert verdict(advice, "topx").next_step == "levensloopaanpak"
        assert verdict(advice, "levensloopaanpak").next_step == "bestuurlijk-escalatie-overleg"
        assert verdict(advice, "hoogcomplex").fit == "may_fit"
        assert verdict(advice, "hoogcomplex").next_step == "bestuurlijk-escalatie-overleg"
        ruled_out = verdict(advise(**answers, treatment_goal_feasible=False), "hoogcomplex")
        assert ruled_out.fit == "does_not_fit"
        assert ruled_out.next_step is None, "does not fit: no next step"
        assert verdict(advise(**REGIOTAFEL_READY), "regiotafel-wlz").next_step == "hoogcomplex"


class TestFirstStep:
    def test_the_gemeente_comes_first_with_its_name_and_region(self):
        first = advise(gemeente="almelo", gemeente_involved=False).first_step
        assert first.gemeente_slug == "almelo"
        assert first.gemeente.name == "Almelo"
        assert first.gemeente.ggz_region == "dimence"
        assert "wijkteam of de procesmanager" in first.text.nl

    def test_tubbergen_comes_with_its_region_to_be_confirmed(self):
        first = advise(gemeente="tubbergen").first_step
        assert first.gemeente.ggz_region is None
        assert "te bevestigen" in first.gemeente.region_note.nl


class TestRoles:
    @pytest.mark.parametrize(
        ("role", "slug", "allowed"),
        [
            ("partner", "topx", False),
            ("politie", "topx", True),
            ("zorgaanbieder", "regiotafel-wlz", True),
            ("huisarts", "regiotafel-wlz", False),
            ("inwoner", "hoogcomplex", True),
            ("vws", "bestuurlijk-escalatie-overleg", True),
            ("partner", "bestuurlijk-escalatie-overleg", False),
            ("huisarts", "crisisteam-zorgkantoor", True),
        ],
    )
    def test_who_may_register_follows_each_table(self, role, slug, allowed):
        assert verdict(advise(role=role), slug).may_register is allowed


INTERVIEW = Interview(ENGINE)


def interview(facts: dict) -> tuple[list[str], dict]:
    """Walk the interview as an asker who knows `facts` and says 'weet ik niet' elsewhere."""
    answers, asked = {}, []
    while True:
        _, page = INTERVIEW.pages(answers)
        if page is None:
            return asked, answers
        for question in page:
            asked.append(question.id)
            answers[question.id] = facts.get(question.id)


FIRST_PAGE = ["role", "gemeente", "acute_danger", "need", "gemeente_involved"]


class TestInterview:
    def test_the_first_page_asks_what_every_advice_needs(self):
        assert [q.id for q in INTERVIEW.first_page] == FIRST_PAGE

    def test_acute_danger_ends_the_questions_after_the_first_page(self):
        asked, _ = interview({"role": "huisarts", "acute_danger": True})
        assert asked == FIRST_PAGE

    @pytest.mark.parametrize("role", ["partner", "inwoner"])
    def test_a_resident_or_partner_is_asked_only_the_first_page(self, role):
        asked, _ = interview({"role": role, "gemeente": "hengelo", "need": "veiligheid"})
        assert asked == FIRST_PAGE

    def test_a_professional_is_asked_what_decides_the_table_in_play(self):
        facts = dict(role="ggz_aanbieder", acute_danger=False, need="plek", gemeente_involved=True)
        facts.update(wlz=False, crisis=False, seeks_care_advice=True)
        asked, answers = interview(facts)
        assert asked[len(FIRST_PAGE) :] == ["crisis", "wlz", "seeks_care_advice"]
        assert order(ENGINE.advise(INTERVIEW.effective(answers)))[0] == ("triagetafel", "fits")

    def test_a_provider_is_never_asked_again_what_it_does_not_know(self):
        facts = dict(role="wijkteam", acute_danger=False, need="veiligheid")
        asked, answers = interview(facts)
        assert len(asked) == len(set(asked)), "a 'weet ik niet' is not asked again"
        assert all(answers[i] is None for i in asked if i not in facts)

    def test_a_partner_is_never_asked_a_professionals_question(self):
        partner = ENGINE.catalogue.answer("provider_steps_exhausted")
        assert not ENGINE.catalogue.may_be_asked(partner, "partner")
        assert ENGINE.catalogue.may_be_asked(partner, "zorgaanbieder")


class TestEffective:
    def test_only_the_answers_to_questions_asked_count(self):
        facts = dict(role="huisarts", gemeente="almelo", acute_danger=False, need="advies")
        facts.update(gemeente_involved=True, seeks_care_advice=True)
        asked, answers = interview(facts)
        answers["transfer_tried"] = True  # not asked: left over from a changed answer
        assert set(INTERVIEW.effective(answers)) == set(asked)

    def test_in_acute_danger_only_the_first_page_counts(self):
        answers = ENGINE.parser.parse({"acute_danger": True, "role": "politie", "wlz": False})
        answers.update(gemeente=None, need=None, gemeente_involved=None)
        assert set(INTERVIEW.effective(answers)) == set(FIRST_PAGE)


class TestFourVerdicts:
    """The four verdicts: the core rule in three-valued logic, then the preconditions; an unknown
    answer never makes a table does_not_fit."""

    @pytest.mark.parametrize("table", [t.slug for t in ENGINE.catalogue.tables])
    def test_no_answers_at_all_never_refuse_a_table(self, table):
        assert fit(table) == "may_fit"

    @pytest.mark.parametrize("table", [t.slug for t in ENGINE.catalogue.tables])
    def test_each_core_criterion_answered_against_refuses_the_table(self, table):
        rules = ENGINE.catalogue.table(table).inflow.criteria
        core = [c for c in rules if c.id and c.kind == "core"]
        groups = {c.group for c in core}
        answers = {c.id: not c.met_when for c in core}
        # Every alternative ruled out (or the one shared criterion): does not fit, naming them.
        recommendation = verdict(advise(**answers), table)
        assert recommendation.fit == "does_not_fit", groups
        assert set(ids(recommendation.because)) == {c.id for c in core}

    @pytest.mark.parametrize("table", [t.slug for t in ENGINE.catalogue.tables])
    def test_every_criterion_met_fits_and_an_unknown_precondition_may_fit(self, table):
        rules = ENGINE.catalogue.table(table).inflow.criteria
        answers = {c.id: c.met_when for c in rules if c.id}
        assert fit(table, **answers) == "fits"
        for step in (c for c in rules if c.id and c.kind == "precondition"):
            assert fit(table, **{**answers, step.id: "unknown"}) == "may_fit"
            assert fit(table, **{**answers, step.id: not step.met_when}) == "fits_after_steps"


class TestRoutesToAPerson:
    def test_the_gemeente_route_is_empty_where_no_source_names_one(self):
        first = advise(gemeente="hengelo", role="partner").first_step
        assert first.routes == ()
        assert first.safety_route is None

    @pytest.mark.parametrize(
        "answer", ["high_safety_risk", "area_safety_problem", "criminal_or_nuisance"]
    )
    def test_a_safety_case_names_the_zorg_en_veiligheidshuis(self, answer):
        first = advise(gemeente="hengelo", role="partner", **{answer: True}).first_step
        contact = first.safety_route.contacts[0]
        assert contact.address == "info@veiligheidshuistwente.nl"

    def test_outside_twente_is_said_as_such(self):
        assert advise(gemeente="buiten-twente").first_step.outside_twente is True
        assert advise(gemeente="almelo").first_step.outside_twente is False

    def test_whether_the_advice_names_someone_to_call_or_mail(self):
        assert advise(acute_danger=True).names_a_person is True
        assert advise(role="partner", gemeente="hengelo").names_a_person is False
        assert advise(role="partner", gemeente="hengelo", high_safety_risk=True).names_a_person
        professional = advise(role="huisarts", gemeente_involved=True, ggz_waiting_list=True)
        assert professional.top.table.slug == "triagetafel"
        assert professional.names_a_person is True
