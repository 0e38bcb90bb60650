"""The regiekaart's level check: every scaling rule of the guideline's regiekaart, unknown
answers, and the whole decision table against a plain reference written out here."""

from __future__ import annotations

import itertools

import pytest

from rdm.catalogue import parse_catalogue
from rdm.catalogue.regiekaart import Regiekaart
from rdm.config import PACKAGED_CATALOGUE
from rdm.regiekaart.rules import RegieCheck, place, result_json
from rdm.wegwijzer import AnswerErrors

KAART = parse_catalogue(PACKAGED_CATALOGUE.read_bytes()).catalogue.regiekaart
BOOLS = (
    "draagkracht_uit_balans",
    "zelfredzaamheid_beperkt",
    "basiszorg_ontoereikend",
    "ketenoverstijgend_nodig",
    "escalatie_dreigt",
    "stagnatie_problematiek",
    "samenwerking_stagneert",
)
ONVEILIGHEID = ("geen", "signalen", "onveilig")
# Level 2's situation; each level above adds to it.
LEVEL_2 = {
    "draagkracht_uit_balans": True,
    "zelfredzaamheid_beperkt": True,
    "basiszorg_ontoereikend": True,
    "onveiligheid": "geen",
    "ketenoverstijgend_nodig": False,
    "escalatie_dreigt": False,
}
LEVEL_3 = {**LEVEL_2, "onveiligheid": "signalen"}
LEVEL_4 = {**LEVEL_2, "onveiligheid": "onveilig", "ketenoverstijgend_nodig": True}
LEVEL_5 = {**LEVEL_4, "escalatie_dreigt": True}
LEVEL_1 = {**LEVEL_2, "draagkracht_uit_balans": False}


def level(answers: dict) -> int | None:
    return place(KAART, answers).number


def test_the_vocabulary_is_the_one_of_the_contract():
    assert [q.id for q in KAART.questions] == [
        "draagkracht_uit_balans",
        "zelfredzaamheid_beperkt",
        "basiszorg_ontoereikend",
        "onveiligheid",
        "ketenoverstijgend_nodig",
        "escalatie_dreigt",
        "stagnatie_problematiek",
        "samenwerking_stagneert",
    ]
    assert [o.value for o in KAART.question("onveiligheid").options] == list(ONVEILIGHEID)


@pytest.mark.parametrize(
    "answers, expected",
    [(LEVEL_1, 1), (LEVEL_2, 2), (LEVEL_3, 3), (LEVEL_4, 4), (LEVEL_5, 5)],
    ids=["level-1", "level-2", "level-3", "level-4", "level-5"],
)
def test_each_level_is_reached(answers, expected):
    result = place(KAART, answers)
    assert result.number == expected
    assert result.possible_levels == (expected,)


# Opschalen (Coördinatie van zorg volgens 1Gezin1Plan1Regisseur §5.2-5.5, part C): from each
# level, the situation that moves it up.
@pytest.mark.parametrize(
    "before, change, after",
    [
        # 1 -> 2: capacity out of balance, self-reliance limited and basic care not enough.
        (
            {"draagkracht_uit_balans": False, "zelfredzaamheid_beperkt": False},
            {"draagkracht_uit_balans": True, "zelfredzaamheid_beperkt": True},
            2,
        ),
        ({**LEVEL_2, "basiszorg_ontoereikend": False}, {"basiszorg_ontoereikend": True}, 2),
        # 2 -> 3: on top of that signals of unsafety, or an unsafe situation.
        (LEVEL_2, {"onveiligheid": "signalen"}, 3),
        (LEVEL_2, {"onveiligheid": "onveilig"}, 3),
        # 3 -> 4: unsafe and cooperation beyond one chain needed to restore safety.
        (LEVEL_3, {"onveiligheid": "onveilig", "ketenoverstijgend_nodig": True}, 4),
        # 4 -> 5: (threatening) total escalation and/or public unrest.
        (LEVEL_4, {"escalatie_dreigt": True}, 5),
    ],
    ids=["1-to-2", "1-to-2-basic-care", "2-to-3-signals", "2-to-3-unsafe", "3-to-4", "4-to-5"],
)
def test_opschalen(before, change, after):
    assert level({**LEVEL_2, **before}) < after
    assert level({**LEVEL_2, **before, **change}) == after


# Afschalen (part C of each level): the situation that moves it down.
@pytest.mark.parametrize(
    "before, change, after",
    [
        # 5 -> 4: the threat of escalation and public unrest is removed.
        (LEVEL_5, {"escalatie_dreigt": False}, 4),
        # 4 -> 1, 2 or 3: no cooperation beyond one chain needed and no threat of escalation.
        (LEVEL_4, {"ketenoverstijgend_nodig": False}, 3),
        (LEVEL_4, {"ketenoverstijgend_nodig": False, "onveiligheid": "geen"}, 2),
        (
            LEVEL_4,
            {
                "ketenoverstijgend_nodig": False,
                "onveiligheid": "geen",
                "basiszorg_ontoereikend": False,
            },
            1,
        ),
        # 3 -> 1 or 2: the situation is safe (and no chain-wide cooperation, no escalation).
        (LEVEL_3, {"onveiligheid": "geen"}, 2),
        (LEVEL_3, {"onveiligheid": "geen", "draagkracht_uit_balans": False}, 1),
        # 2 -> 1: in balance, self-reliant enough, or basic care enough.
        (LEVEL_2, {"draagkracht_uit_balans": False}, 1),
        (LEVEL_2, {"zelfredzaamheid_beperkt": False}, 1),
        (LEVEL_2, {"basiszorg_ontoereikend": False}, 1),
    ],
    ids=[
        "5-to-4",
        "4-to-3",
        "4-to-2",
        "4-to-1",
        "3-to-2",
        "3-to-1",
        "2-to-1-balance",
        "2-to-1-self-reliance",
        "2-to-1-basic-care",
    ],
)
def test_afschalen(before, change, after):
    assert level(before) > after
    assert level({**before, **change}) == after


@pytest.mark.parametrize(
    "answers, expected",
    [
        # Threatening escalation without unsafety does not skip levels.
        ({**LEVEL_2, "escalatie_dreigt": True}, 2),
        ({**LEVEL_3, "escalatie_dreigt": True}, 3),
        # Cooperation beyond one chain with only signals of unsafety stays at level 3.
        ({**LEVEL_3, "ketenoverstijgend_nodig": True}, 3),
        # An unsafe situation without chain-wide cooperation is level 3.
        ({**LEVEL_2, "onveiligheid": "onveilig"}, 3),
        # Everything alarming but the household in balance: level 1.
        ({**LEVEL_5, "draagkracht_uit_balans": False}, 1),
    ],
)
def test_levels_are_cumulative(answers, expected):
    assert level(answers) == expected


@pytest.mark.parametrize("answers", [LEVEL_1, LEVEL_2, LEVEL_3, LEVEL_4, LEVEL_5])
def test_stalling_cooperation_goes_to_the_manager_and_back_without_changing_the_level(answers):
    stalled = place(KAART, {**answers, "samenwerking_stagneert": True})
    assert stalled.to_manager and stalled.number == level(answers)
    assert not place(KAART, {**answers, "samenwerking_stagneert": False}).to_manager
    assert not place(KAART, answers).to_manager, "unknown is not yes"


@pytest.mark.parametrize("answers", [LEVEL_1, LEVEL_2, LEVEL_3, LEVEL_4, LEVEL_5])
def test_problems_stalling_the_plan_call_for_expertise(answers):
    stalled = place(KAART, {**answers, "stagnatie_problematiek": True})
    assert stalled.expertise_needed and stalled.number == level(answers)
    assert not place(KAART, {**answers, "stagnatie_problematiek": False}).expertise_needed


@pytest.mark.parametrize(
    "answers, possible",
    [
        ({}, (1, 2, 3, 4, 5)),
        ({"draagkracht_uit_balans": False}, (1,)),
        ({**LEVEL_2, "onveiligheid": None}, (2, 3)),
        ({**LEVEL_2, "onveiligheid": None, "ketenoverstijgend_nodig": None}, (2, 3, 4)),
        ({**LEVEL_4, "escalatie_dreigt": None}, (4, 5)),
        ({**LEVEL_2, "basiszorg_ontoereikend": None}, (1, 2)),
        ({**LEVEL_5, "basiszorg_ontoereikend": None}, (1, 5)),
        ({**LEVEL_3, "ketenoverstijgend_nodig": None}, (3,)),
        ({**LEVEL_4, "draagkracht_uit_balans": None, "escalatie_dreigt": None}, (1, 4, 5)),
    ],
)
def test_unknown_answers_give_the_levels_still_possible_not_a_guess(answers, possible):
    answers = {k: v for k, v in answers.items() if v is not None}
    result = place(KAART, answers)
    assert result.possible_levels == possible
    assert result.number == (possible[0] if len(possible) == 1 else None)


def _reference_level(answers: dict) -> int:
    """The guideline's levels written out plainly for fully known answers."""
    if not (
        answers["draagkracht_uit_balans"]
        and answers["zelfredzaamheid_beperkt"]
        and answers["basiszorg_ontoereikend"]
    ):
        return 1
    if answers["onveiligheid"] == "geen":
        return 2
    if answers["onveiligheid"] != "onveilig" or not answers["ketenoverstijgend_nodig"]:
        return 3
    if not answers["escalatie_dreigt"]:
        return 4
    return 5


def _reference(answers: dict) -> tuple[tuple[int, ...], bool, bool]:
    """Every level some filling-in of the unknown answers reaches, and the two outcomes."""
    unknown = [key for key in (*BOOLS, "onveiligheid") if key not in answers]
    options = [ONVEILIGHEID if key == "onveiligheid" else (True, False) for key in unknown]
    levels = {
        _reference_level({**answers, **dict(zip(unknown, filled, strict=True))})
        for filled in itertools.product(*options)
    }
    return (
        tuple(sorted(levels)),
        answers.get("samenwerking_stagneert") is True,
        answers.get("stagnatie_problematiek") is True,
    )


def test_the_decision_table_over_every_combination_of_answers():
    """7 yes/no/unknown answers and the 4-valued onveiligheid: 8,748 cases."""
    checked = 0
    for bools in itertools.product((True, False, None), repeat=len(BOOLS)):
        for onveiligheid in (*ONVEILIGHEID, None):
            answers = {
                key: value
                for key, value in zip((*BOOLS, "onveiligheid"), (*bools, onveiligheid), strict=True)
                if value is not None
            }
            possible, manager, expertise = _reference(answers)
            result = place(KAART, answers)
            assert (result.possible_levels, result.to_manager, result.expertise_needed) == (
                possible,
                manager,
                expertise,
            ), answers
            assert result.number == (possible[0] if len(possible) == 1 else None), answers
            checked += 1
    assert checked == 3**7 * 4


def test_the_response_gives_the_level_its_regie_and_its_scaling_rules():
    data = result_json(KAART, place(KAART, LEVEL_3), "nl")
    three = KAART.level(3)
    assert data["level"] == 3 and data["possible_levels"] == [3]
    assert data["casusregie"] == three.casusregie.nl
    assert data["procesregie"] == three.procesregie.nl
    assert data["plan"] == "Een ondersteuningsplan en een veiligheidsplan."
    assert [rule["to"] for rule in data["opschalen"]] == [4, "manager"]
    assert [rule["to"] for rule in data["afschalen"]] == [2]
    assert data["source"].startswith("Coördinatie van zorg volgens 1Gezin1Plan1Regisseur")
    english = result_json(KAART, place(KAART, LEVEL_3), "en")
    assert english["plan"] == "A support plan and a safety plan."


def test_with_the_level_open_the_regie_fields_are_null():
    data = result_json(KAART, place(KAART, {}), "nl")
    assert data["level"] is None and data["possible_levels"] == [1, 2, 3, 4, 5]
    regie = ("casusregie", "procesregie", "inzet", "in_overleg", "operationeel", "plan")
    assert all(data[field] is None for field in regie)
    assert data["opschalen"] == data["afschalen"] == []


def test_the_base_level_has_no_afschalen_and_the_top_no_higher_level():
    one, five = (
        result_json(KAART, place(KAART, LEVEL_1), "nl"),
        result_json(KAART, place(KAART, LEVEL_5), "nl"),
    )
    assert one["afschalen"] == [] and [r["to"] for r in one["opschalen"]] == [2, "manager"]
    assert [r["to"] for r in five["opschalen"]] == ["manager"]
    assert [r["to"] for r in five["afschalen"]] == [4]


def test_the_answers_are_checked_against_the_regiekaart_vocabulary():
    parser = RegieCheck(KAART).parser
    assert parser.parse({"onveiligheid": "unknown", "escalatie_dreigt": True}) == {
        "onveiligheid": None,
        "escalatie_dreigt": True,
    }
    with pytest.raises(AnswerErrors) as refused:
        parser.parse({"onveiligheid": "erg", "acute_danger": True})
    assert {e["field"] for e in refused.value.errors} == {"onveiligheid", "acute_danger"}


def test_the_levels_come_from_the_catalogue_not_from_code():
    """A kaart with other conditions gives other levels: nothing is hard-coded per level."""
    data = KAART.model_dump()
    for number, entry in enumerate(data["levels"]):
        entry["conditions"] = [{"id": "escalatie_dreigt", "values": [True]}] if number == 1 else []
    other = Regiekaart.model_validate(data)
    assert place(other, {"escalatie_dreigt": True}).number == 5
    assert place(other, {"escalatie_dreigt": False}).number == 1
    assert place(other, {}).possible_levels == (1, 5)
