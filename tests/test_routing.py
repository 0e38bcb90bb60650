"""The rules engine: answers -> advice, derived from the wording of seed 003 (and 001 for P10)."""

from __future__ import annotations

import pytest

from rdm.catalogue import load_catalogue
from rdm.config import PACKAGED_CATALOGUE
from rdm.routing import AnswerErrors, Router
from rdm.routing.engine import FIT_ORDER
from rdm.routing.interview import Interview

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

    def test_may_fit_names_the_unknowns_of_the_closest_alternative(self):
        answers = dict(area_safety_problem=False, multi_problem=True)
        recommendation = verdict(advise(role="politie", **answers), "topx")
        assert recommendation.fit == "may_fit"
        assert ids(recommendation.because) == ["criminal_or_nuisance", "system_impact"]
        assert hint_ids(recommendation) == ["criminal_or_nuisance", "system_impact"]
        assert recommendation.what_if[0].question.id == "criminal_or_nuisance"

    @pytest.mark.parametrize("role", [None, "partner", "huisarts"])
    def test_no_what_if_for_whoever_may_not_register_here(self, role):
        answers = dict(area_safety_problem=False, multi_problem=True)
        recommendation = verdict(advise(**answers, **({"role": role} if role else {})), "topx")
        assert recommendation.fit == "may_fit"
        assert recommendation.what_if == ()


class TestTriagetafel:
    """'Wachttijden (in GGZ) terugdringen … waar de inbrengende partij advies wenst of op zoek is
    naar een passende plek voor zorg. Wanneer er sprake is van een lange wachtlijst …'
    """

    @pytest.mark.parametrize("answer", ["seeks_care_advice", "ggz_waiting_list"])
    def test_either_advice_for_ggz_care_or_a_waiting_list_fits(self, answer):
        assert fit("triagetafel", **{answer: True}) == "fits"

    def test_the_question_asks_for_someone_who_needs_ggz_care(self):
        # Not any advice or place: the table's goal is the GGZ's waiting times.
        question = ROUTER.catalogue.answer("seeks_care_advice")
        assert "GGZ-zorg" in question.question.nl and "GGZ-zorg" in question.meaning.nl
        [criterion] = [
            c for c in ROUTER.catalogue.table("triagetafel").inflow.criteria if c.group == "advies"
        ]
        assert "GGZ-zorg nodig heeft" in criterion.text.nl

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
        ruled_out = dict(wlz=False, crisis=False, sudden_deterioration=False)
        assert advise(area_safety_problem=True, **ruled_out).cce is False


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

    def test_an_unknown_wlz_indication_may_fit_and_is_what_decides(self):
        recommendation = verdict(advise(crisis=True), "crisisteam-zorgkantoor")
        assert recommendation.fit == "may_fit"
        assert recommendation.steps_first == ()
        assert ids(recommendation.because) == ["wlz"]

    def test_without_a_wlz_indication_it_does_not_fit(self):
        # The Zorgkantoor arranges Wlz crisis care; applying for an indication is no step to
        # take first in a crisis (a precondition would say 'fits after steps').
        recommendation = verdict(advise(crisis=True, wlz=False), "crisisteam-zorgkantoor")
        assert recommendation.fit == "does_not_fit"
        assert ids(recommendation.because) == ["wlz"]


class TestHoogcomplex:
    """The seven national inclusion criteria all count, plus: no fitting offer was found."""

    def test_all_criteria_met_fits(self):
        assert fit("hoogcomplex", **HOOGCOMPLEX_ALL) == "fits"

    @pytest.mark.parametrize("missing", sorted(HOOGCOMPLEX_ALL))
    def test_any_one_criterion_not_met_does_not_fit(self, missing):
        recommendation = verdict(advise(**{**HOOGCOMPLEX_ALL, missing: False}), "hoogcomplex")
        assert recommendation.fit == "does_not_fit"
        assert ids(recommendation.unmet) == [missing]

    def test_one_criterion_unknown_may_fit_and_says_what_if(self):
        answers = {**HOOGCOMPLEX_ALL, "serious_harm_threat": "unknown", "role": "ggz_aanbieder"}
        recommendation = verdict(advise(**answers), "hoogcomplex")
        assert recommendation.fit == "may_fit"
        assert ids(recommendation.because) == ["serious_harm_threat"]
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


# 'een hoog complexe zorgvraag, waaronder in ieder geval GGZ en veiligheidsrisico's'
BESTUURLIJK_TARGET = dict(ggz_care_need=True, high_safety_risk=True)


class TestBestuurlijkEscalatieOverleg:
    """'… waar een hoog complexe zorgvraag, waaronder in ieder geval GGZ en veiligheidsrisico's,
    naar opgeschaald kan worden. Het is het regionale sluitstuk … als … geen oplossing lijkt,
    omdat het stelsel knelt …'"""

    def test_a_stuck_system_after_the_regional_routes_fits(self):
        answers = dict(**BESTUURLIJK_TARGET, system_stuck=True, regional_routes_exhausted=True)
        assert fit("bestuurlijk-escalatie-overleg", **answers) == "fits"

    def test_a_stuck_system_alone_may_fit_until_the_target_group_is_known(self):
        answers = dict(system_stuck=True, regional_routes_exhausted=True)
        recommendation = verdict(advise(**answers), "bestuurlijk-escalatie-overleg")
        assert recommendation.fit == "may_fit"
        assert ids(recommendation.because) == ["ggz_care_need", "high_safety_risk"]

    @pytest.mark.parametrize("missing", sorted(BESTUURLIJK_TARGET))
    def test_without_ggz_or_safety_risks_it_does_not_fit(self, missing):
        answers = dict(system_stuck=True, regional_routes_exhausted=True)
        answers.update({**BESTUURLIJK_TARGET, missing: False})
        assert fit("bestuurlijk-escalatie-overleg", **answers) == "does_not_fit"

    def test_before_the_regional_routes_are_tried_it_fits_after_steps(self):
        answers = dict(system_stuck=True, regional_routes_exhausted=False)
        recommendation = verdict(advise(**answers), "bestuurlijk-escalatie-overleg")
        assert recommendation.fit == "fits_after_steps"
        assert ids(recommendation.steps_first) == ["regional_routes_exhausted"]

    def test_not_knowing_whether_the_routes_were_tried_may_fit(self):
        answers = dict(**BESTUURLIJK_TARGET, system_stuck=True)
        recommendation = verdict(advise(**answers), "bestuurlijk-escalatie-overleg")
        assert recommendation.fit == "may_fit"
        assert ids(recommendation.because) == ["regional_routes_exhausted"]

    def test_when_the_system_is_not_stuck_it_does_not_fit(self):
        answers = dict(system_stuck=False, regional_routes_exhausted=True)
        assert fit("bestuurlijk-escalatie-overleg", **answers) == "does_not_fit"


class TestP10:
    """Afrondingsbrief Tien in Twente: 'personen met verward gedrag die eerder in aanraking
    zijn geweest met strafrecht of specialistische (gedwongen) zorg en mensen met een
    strafrechtelijke titel die (forensische) zorg nodig hebben.' Two groups: the second is
    'mensen', so confused behaviour is no condition there.
    """

    def test_a_criminal_title_needing_forensic_care_fits_without_confused_behaviour(self):
        answers = dict(confused_behaviour=False, criminal_title_forensic_care=True)
        assert fit("p10-mobiel-team", **answers) == "fits"

    def test_confused_behaviour_with_an_unknown_history_may_fit(self):
        recommendation = verdict(advise(confused_behaviour=True), "p10-mobiel-team")
        assert recommendation.fit == "may_fit"
        assert ids(recommendation.because) == ["justice_or_forced_care_history"]

    def test_confused_behaviour_with_a_justice_history_fits(self):
        answers = dict(confused_behaviour=True, justice_or_forced_care_history=True)
        assert fit("p10-mobiel-team", **answers) == "fits"

    def test_confused_behaviour_without_that_history_or_a_title_does_not_fit(self):
        answers = dict(
            confused_behaviour=True,
            justice_or_forced_care_history=False,
            criminal_title_forensic_care=False,
        )
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


INTERVIEW = Interview(ROUTER)


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
        assert order(ROUTER.advise(INTERVIEW.effective(answers)))[0] == ("triagetafel", "fits")

    def test_a_provider_is_never_asked_again_what_it_does_not_know(self):
        facts = dict(role="wijkteam", acute_danger=False, need="veiligheid")
        asked, answers = interview(facts)
        assert len(asked) == len(set(asked)), "a 'weet ik niet' is not asked again"
        assert all(answers[i] is None for i in asked if i not in facts)

    def test_a_partner_is_never_asked_a_professionals_question(self):
        partner = ROUTER.catalogue.answer("provider_steps_exhausted")
        assert not ROUTER.catalogue.may_be_asked(partner, "partner")
        assert ROUTER.catalogue.may_be_asked(partner, "zorgaanbieder")


class TestEffective:
    def test_only_the_answers_to_questions_asked_count(self):
        facts = dict(role="huisarts", gemeente="almelo", acute_danger=False, need="advies")
        facts.update(gemeente_involved=True, seeks_care_advice=True)
        asked, answers = interview(facts)
        answers["transfer_tried"] = True  # not asked: left over from a changed answer
        assert set(INTERVIEW.effective(answers)) == set(asked)

    def test_in_acute_danger_only_the_first_page_counts(self):
        answers = ROUTER.parser.parse({"acute_danger": True, "role": "politie", "wlz": False})
        answers.update(gemeente=None, need=None, gemeente_involved=None)
        assert set(INTERVIEW.effective(answers)) == set(FIRST_PAGE)


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


class TestFourVerdicts:
    """DESIGN.md §6: the core rule in three-valued logic, then the preconditions; an unknown
    answer never makes a table does_not_fit."""

    def test_regression_an_omitted_crisis_answer_is_not_a_refusal(self):
        # Before: a Wlz provider who met every Regiotafel criterion but did not say whether it
        # is a crisis got does_not_fit.
        answers = {k: v for k, v in REGIOTAFEL_READY.items() if k != "crisis"}
        recommendation = verdict(advise(**answers), "regiotafel-wlz")
        assert recommendation.fit == "may_fit"
        assert ids(recommendation.because) == ["crisis"]

    @pytest.mark.parametrize("table", [t.slug for t in ROUTER.catalogue.tables])
    def test_no_answers_at_all_never_refuse_a_table(self, table):
        assert fit(table) == "may_fit"

    @pytest.mark.parametrize("table", [t.slug for t in ROUTER.catalogue.tables])
    def test_each_core_criterion_answered_against_refuses_the_table(self, table):
        rules = ROUTER.catalogue.table(table).inflow.criteria
        core = [c for c in rules if c.id and c.kind == "core"]
        groups = {c.group for c in core}
        answers = {c.id: not c.met_when for c in core}
        # Every alternative ruled out (or the one shared criterion): does not fit, naming them.
        recommendation = verdict(advise(**answers), table)
        assert recommendation.fit == "does_not_fit", groups
        assert set(ids(recommendation.because)) == {c.id for c in core}

    @pytest.mark.parametrize("table", [t.slug for t in ROUTER.catalogue.tables])
    def test_every_criterion_met_fits_and_an_unknown_precondition_may_fit(self, table):
        rules = ROUTER.catalogue.table(table).inflow.criteria
        answers = {c.id: c.met_when for c in rules if c.id}
        assert fit(table, **answers) == "fits"
        for step in (c for c in rules if c.id and c.kind == "precondition"):
            assert fit(table, **{**answers, step.id: "unknown"}) == "may_fit"
            assert fit(table, **{**answers, step.id: not step.met_when}) == "fits_after_steps"

    def test_an_unmet_step_outranks_an_unknown_core_criterion(self):
        # Core unknown (crisis not answered) and a step not taken: after steps, naming the step.
        answers = {**REGIOTAFEL_READY, "transfer_tried": False}
        del answers["crisis"]
        recommendation = verdict(advise(**answers), "regiotafel-wlz")
        assert recommendation.fit == "fits_after_steps"
        assert ids(recommendation.because) == ["transfer_tried"]
        assert "crisis" in ids(recommendation.unknown)

    def test_one_alternative_met_makes_the_others_unknowns_irrelevant(self):
        recommendation = verdict(advise(area_safety_problem=True), "topx")
        assert recommendation.fit == "fits" and recommendation.because == ()

    def test_within_a_verdict_the_table_with_more_known_comes_first(self):
        answers = dict(wlz=True, relocation_needed=True, provider_steps_exhausted=True)
        assert order(advise(**answers))[0] == ("regiotafel-wlz", "may_fit")


class TestDanger:
    def test_danger_not_ruled_out_gives_the_guidance_beside_the_advice(self):
        for answers in ({}, {"acute_danger": "unknown"}):
            advice = advise(area_safety_problem=True, **answers)
            assert advice.acute is False
            assert "112" in advice.acute_guidance.steps[0].nl
            assert order(advice)[0] == ("topx", "fits")

    def test_no_danger_gives_no_guidance(self):
        assert advise(acute_danger=False).acute_guidance is None


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
