"""The real tables' rules: answers -> advice, derived from the wording of the Overzicht regionale
doorzettingsmacht Twente (and of the Afrondingsbrief Tien in Twente for P10). How the engine
decides, whatever the catalogue says, is in tests/test_rules_engine.py."""

from __future__ import annotations

import pytest

from .routing_helpers import (
    BESTUURLIJK_TARGET,
    ENGINE,
    HOOGCOMPLEX_ALL,
    REGIOTAFEL_READY,
    advise,
    fit,
    hint_ids,
    ids,
    verdict,
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
        question = ENGINE.catalogue.answer("seeks_care_advice")
        assert "GGZ-zorg" in question.question.nl and "GGZ-zorg" in question.meaning.nl
        [criterion] = [
            c for c in ENGINE.catalogue.table("triagetafel").inflow.criteria if c.group == "advies"
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
