"""The rules engine: answers -> advice, derived from the wording of seed 003 (and 001 for P10)."""

from __future__ import annotations

import pytest

from rdm.catalogue import load_catalogue
from rdm.config import PACKAGED_CATALOGUE
from rdm.routing import AnswerErrors, Router

ROUTER = Router(load_catalogue(PACKAGED_CATALOGUE).catalogue)


def advise(**answers):
    return ROUTER.advise(ROUTER.parser.parse(answers))


def verdict(advice, slug):
    return next(r for r in advice.recommendations if r.table.slug == slug)


def fit(slug, **answers):
    return verdict(advise(**answers), slug).fit


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


class TestTopX:
    """'Ernstige lokale of gebiedsgebonden veiligheidsproblematiek … of: multiproblem … én
    impact.'
    """

    def test_an_area_bound_safety_problem_alone_fits(self):
        assert fit("topx", area_safety_problem=True) == "fits"

    def test_multi_problem_with_nuisance_and_system_impact_fits(self):
        answers = dict(multi_problem=True, criminal_or_nuisance=True, system_impact=True)
        assert fit("topx", **answers) == "fits"

    def test_multi_problem_without_impact_on_the_system_does_not_fit(self):
        answers = dict(
            area_safety_problem=False,
            multi_problem=True,
            criminal_or_nuisance=True,
            system_impact=False,
        )
        recommendation = verdict(advise(**answers), "topx")
        assert recommendation.fit == "does_not_fit"
        assert ids(recommendation.unmet) == ["area_safety_problem", "system_impact"]

    def test_what_if_names_the_unknowns_of_the_closest_alternative(self):
        recommendation = verdict(advise(area_safety_problem=False, multi_problem=True), "topx")
        assert recommendation.fit == "does_not_fit"
        assert hint_ids(recommendation) == ["criminal_or_nuisance", "system_impact"]
        assert recommendation.what_if[0].question.id == "criminal_or_nuisance"


class TestTriagetafel:
    """'… waar de inbrengende partij advies wenst … Wanneer er sprake is van een lange
    wachtlijst …'
    """

    @pytest.mark.parametrize("answer", ["seeks_care_advice", "ggz_waiting_list"])
    def test_either_advice_or_a_waiting_list_fits(self, answer):
        assert fit("triagetafel", **{answer: True}) == "fits"

    def test_neither_does_not_fit(self):
        assert fit("triagetafel", seeks_care_advice=False, ggz_waiting_list=False) == "does_not_fit"


class TestRegiotafel:
    """'Criteria voordat een casus ingebracht mag worden zijn: geen crisissituatie; stappen 2
    en 3 …'
    """

    def test_all_criteria_and_steps_met_fits(self):
        assert fit("regiotafel-wlz", **REGIOTAFEL_READY) == "fits"

    def test_steps_the_provider_has_not_taken_yet_mean_fits_after_steps(self):
        answers = {**REGIOTAFEL_READY, "transfer_tried": False, "cce_involved": "unknown"}
        recommendation = verdict(advise(**answers), "regiotafel-wlz")
        assert recommendation.fit == "fits_after_steps"
        assert ids(recommendation.steps_first) == ["transfer_tried", "cce_involved"]
        assert ids(recommendation.unmet) == ["transfer_tried"]
        assert ids(recommendation.unknown) == ["cce_involved"]

    def test_a_crisis_excludes_the_regiotafel(self):
        recommendation = verdict(advise(**{**REGIOTAFEL_READY, "crisis": True}), "regiotafel-wlz")
        assert recommendation.fit == "does_not_fit"
        assert ids(recommendation.unmet) == ["crisis"]

    def test_without_wlz_it_does_not_fit(self):
        assert fit("regiotafel-wlz", **{**REGIOTAFEL_READY, "wlz": False}) == "does_not_fit"

    def test_cce_is_mentioned_when_the_regiotafel_is_in_view(self):
        assert advise(**{**REGIOTAFEL_READY, "cce_involved": False}).cce is True
        assert advise(area_safety_problem=True).cce is False


class TestCrisisteam:
    """'… melden aan als: … de thuiszorg of informele zorg plotseling verandert of wegvalt; er
    direct gevaar dreigt en er daarom binnen 24 uur … of binnen 48 uur … beschikbaar moet zijn.'
    The team itself judges whether it is a crisis: either situation is a reason to register."""

    @pytest.mark.parametrize("situation", ["crisis", "sudden_deterioration"])
    def test_either_situation_fits(self, situation):
        assert fit("crisisteam-zorgkantoor", wlz=True, **{situation: True}) == "fits"

    def test_neither_situation_does_not_fit(self):
        answers = dict(wlz=True, crisis=False, sudden_deterioration=False)
        assert fit("crisisteam-zorgkantoor", **answers) == "does_not_fit"

    def test_an_unknown_wlz_indication_is_something_to_check_not_a_refusal(self):
        recommendation = verdict(advise(crisis=True), "crisisteam-zorgkantoor")
        assert recommendation.fit == "fits_after_steps"
        assert ids(recommendation.steps_first) == ["wlz"]


class TestHoogcomplex:
    """The seven national inclusion criteria all count, plus: no fitting offer was found."""

    def test_all_criteria_met_fits(self):
        assert fit("hoogcomplex", **HOOGCOMPLEX_ALL) == "fits"

    @pytest.mark.parametrize("missing", sorted(HOOGCOMPLEX_ALL))
    def test_any_one_criterion_not_met_does_not_fit(self, missing):
        recommendation = verdict(advise(**{**HOOGCOMPLEX_ALL, missing: False}), "hoogcomplex")
        assert recommendation.fit == "does_not_fit"
        assert ids(recommendation.unmet) == [missing]

    def test_one_criterion_unknown_does_not_fit_yet_and_says_what_if(self):
        answers = {**HOOGCOMPLEX_ALL, "serious_harm_threat": "unknown"}
        recommendation = verdict(advise(**answers), "hoogcomplex")
        assert recommendation.fit == "does_not_fit"
        assert hint_ids(recommendation) == ["serious_harm_threat"]


class TestLevensloopaanpak:
    """'… ernstige psychiatrische problematiek, verslaving en/of verstandelijke beperking en
    een hoog veiligheidsrisico …'
    """

    @pytest.mark.parametrize("problem", ["severe_psychiatric", "addiction", "lvb"])
    def test_each_problem_with_a_high_safety_risk_fits(self, problem):
        answers = {problem: True, "high_safety_risk": True, "no_fitting_care_found": True}
        assert fit("levensloopaanpak", **answers) == "fits"

    def test_without_a_high_safety_risk_it_does_not_fit(self):
        answers = dict(addiction=True, high_safety_risk=False, no_fitting_care_found=True)
        assert fit("levensloopaanpak", **answers) == "does_not_fit"

    def test_with_none_of_the_three_problems_it_does_not_fit(self):
        answers = dict(
            severe_psychiatric=False,
            addiction=False,
            lvb=False,
            high_safety_risk=True,
            no_fitting_care_found=True,
        )
        assert fit("levensloopaanpak", **answers) == "does_not_fit"

    def test_only_the_procesmanager_of_the_gemeente_may_register(self):
        answers = dict(lvb=True, high_safety_risk=True, no_fitting_care_found=True)
        assert verdict(advise(role="procesmanager", **answers), "levensloopaanpak").may_register
        assert not verdict(advise(role="politie", **answers), "levensloopaanpak").may_register


class TestBestuurlijkEscalatieOverleg:
    """'Het regionale sluitstuk … als … geen oplossing lijkt, omdat het stelsel knelt …'"""

    def test_a_stuck_system_after_the_regional_routes_fits(self):
        assert (
            fit("bestuurlijk-escalatie-overleg", system_stuck=True, regional_routes_exhausted=True)
            == "fits"
        )

    def test_before_the_regional_routes_are_tried_it_fits_after_steps(self):
        recommendation = verdict(advise(system_stuck=True), "bestuurlijk-escalatie-overleg")
        assert recommendation.fit == "fits_after_steps"
        assert ids(recommendation.steps_first) == ["regional_routes_exhausted"]

    def test_when_the_system_is_not_stuck_it_does_not_fit(self):
        answers = dict(system_stuck=False, regional_routes_exhausted=True)
        assert fit("bestuurlijk-escalatie-overleg", **answers) == "does_not_fit"


class TestP10:
    """Seed 001: 'personen met verward gedrag die eerder in aanraking zijn geweest met
    strafrecht …'
    """

    def test_confused_behaviour_with_a_justice_history_fits(self):
        answers = dict(confused_behaviour=True, justice_or_forced_care_history=True)
        assert fit("p10-mobiel-team", **answers) == "fits"

    def test_confused_behaviour_without_that_history_does_not_fit(self):
        answers = dict(confused_behaviour=True, justice_or_forced_care_history=False)
        assert fit("p10-mobiel-team", **answers) == "does_not_fit"

    def test_it_is_deployed_via_the_gemeente(self):
        answers = dict(confused_behaviour=True, justice_or_forced_care_history=True)
        recommendation = verdict(advise(role="huisarts", **answers), "p10-mobiel-team")
        assert recommendation.may_register is False
        assert "gemeente" in recommendation.table.registration.via.nl


def order(advice):
    return [(r.table.slug, r.fit) for r in advice.recommendations]


class TestLadder:
    def test_acute_danger_gives_emergency_guidance_and_no_tables(self):
        advice = advise(acute_danger=True, area_safety_problem=True, gemeente="almelo")
        assert advice.acute is True
        assert advice.recommendations == ()
        assert advice.first_step is None
        assert "112" in advice.acute_guidance.steps[0].nl

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
            system_stuck=True,
            regional_routes_exhausted=True,
        )
        assert order(advise(**answers))[:3] == [
            ("bestuurlijk-escalatie-overleg", "fits"),
            ("topx", "fits"),
            ("levensloopaanpak", "fits"),
        ]

    def test_fits_then_fits_after_steps_then_does_not_fit(self):
        advice = advise(**{**REGIOTAFEL_READY, "transfer_tried": False}, area_safety_problem=True)
        fits = [r.fit for r in advice.recommendations]
        assert fits[:2] == ["fits", "fits_after_steps"]
        assert set(fits[2:]) == {"does_not_fit"}
        assert len(fits) == 8

    def test_the_closing_piece_points_beyond_the_region(self):
        answers = dict(system_stuck=True, regional_routes_exhausted=True)
        recommendation = verdict(advise(**answers), "bestuurlijk-escalatie-overleg")
        assert recommendation.fit == "fits" and recommendation.next_table is None
        assert recommendation.next_ladder_step.step == 5
        assert "Unit Complexe Zorgvragen" in recommendation.next_ladder_step.description.nl

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
        assert verdict(advice, "hoogcomplex").next_step is None, "does not fit: no next step"
        assert verdict(advise(**REGIOTAFEL_READY), "regiotafel-wlz").next_step == "hoogcomplex"


class TestFirstStep:
    def test_the_gemeente_comes_first_with_its_name_and_region(self):
        first = advise(gemeente="almelo", gemeente_involved=False).first_step
        assert first.gemeente_slug == "almelo"
        assert first.gemeente.name == "Almelo"
        assert first.gemeente.ggz_region == "dimence"
        assert "wijkteam of de procesmanager" in first.text.nl

    def test_unknown_involvement_still_names_the_gemeente(self):
        assert advise(gemeente="enschede").first_step.gemeente.name == "Enschede"

    def test_no_first_step_once_the_gemeente_is_involved(self):
        assert advise(gemeente="enschede", gemeente_involved=True).first_step is None

    def test_tubbergen_comes_with_its_region_to_be_confirmed(self):
        first = advise(gemeente="tubbergen").first_step
        assert first.gemeente.ggz_region is None
        assert "te bevestigen" in first.gemeente.region_note.nl

    def test_outside_twente_and_unknown_gemeente(self):
        outside = advise(gemeente="buiten-twente").first_step
        assert (outside.gemeente_slug, outside.gemeente) == ("buiten-twente", None)
        assert advise().first_step.gemeente_slug is None


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

    def test_without_a_role_it_is_unknown(self):
        assert verdict(advise(), "topx").may_register is None


def pages(**answers):
    return {t.id: [q.id for q in qs] for t, qs in ROUTER.pages(ROUTER.parser.parse(answers))}


class TestPages:
    def test_at_first_every_topic_is_asked(self):
        assert list(pages()) == [
            "wie",
            "veiligheid",
            "betrokken",
            "problematiek",
            "zorg",
            "hoogcomplex",
        ]

    def test_acute_danger_ends_the_questions_after_its_page(self):
        assert list(pages(acute_danger=True, wlz=True)) == ["wie", "veiligheid"]

    def test_without_wlz_the_providers_steps_are_not_asked(self):
        asked = pages(wlz=False)["zorg"]
        assert "provider_steps_exhausted" not in asked and "relocation_needed" not in asked
        assert "seeks_care_advice" in asked

    def test_without_several_disorders_the_hoogcomplex_page_is_skipped(self):
        assert "hoogcomplex" not in pages(multiple_psychiatric_disorders=False)

    def test_an_answer_never_hides_a_question_on_its_own_page(self):
        # Two 'no' answers to P10's criteria must not make each other look irrelevant.
        asked = pages(confused_behaviour=False, justice_or_forced_care_history=False)[
            "problematiek"
        ]
        assert {
            "confused_behaviour",
            "justice_or_forced_care_history",
            "criminal_or_nuisance",
        } <= set(asked)


class TestEffective:
    def test_answers_on_one_page_are_all_kept(self):
        answers = ROUTER.parser.parse(
            {"confused_behaviour": False, "justice_or_forced_care_history": False}
        )
        assert ROUTER.effective(answers) == answers

    def test_an_answer_to_a_question_no_longer_asked_is_left_out(self):
        answers = ROUTER.parser.parse({"wlz": False, "transfer_tried": True, "addiction": True})
        assert ROUTER.effective(answers) == {"wlz": False, "addiction": True}

    def test_in_acute_danger_only_the_pages_up_to_it_count(self):
        answers = ROUTER.parser.parse({"acute_danger": True, "role": "politie", "wlz": False})
        assert ROUTER.effective(answers) == {"acute_danger": True, "role": "politie"}


class TestAnswers:
    def test_unknown_and_omitted_mean_the_same(self):
        assert ROUTER.parser.parse({"wlz": "unknown"}) == {"wlz": None}
        assert order(advise(wlz="unknown")) == order(advise())

    @pytest.mark.parametrize(
        ("answers", "field", "message"),
        [
            ({"wlzz": True}, "wlzz", "unknown answer id"),
            ({"wlz": "yes"}, "wlz", 'must be true, false or "unknown"'),
            ({"wlz": 1}, "wlz", 'must be true, false or "unknown"'),
            ({"gemeente": "amsterdam"}, "gemeente", 'must be "unknown" or one of: almelo'),
            ({"role": True}, "role", 'must be "unknown" or one of: inwoner'),
        ],
    )
    def test_bad_answers_name_the_offending_id(self, answers, field, message):
        with pytest.raises(AnswerErrors) as raised:
            ROUTER.parser.parse(answers)
        [error] = raised.value.errors
        assert error["field"] == field
        assert error["message"].startswith(message)

    def test_answers_must_be_an_object(self):
        with pytest.raises(AnswerErrors) as raised:
            ROUTER.parser.parse(["wlz"])
        assert raised.value.errors == [{"field": "answers", "message": "answers must be an object"}]
