"""The wegwijzer bench's personas speak the packaged catalogue's vocabulary, so they cannot rot.

Only the persona set is checked here, never the engine's advice: bench/wegwijzer.py measures that.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from rdm.catalogue import load_catalogue
from rdm.config import PACKAGED_CATALOGUE

PERSONAS_FILE = Path(__file__).resolve().parent.parent / "bench" / "personas.yaml"
PERSONAS = YAML(typ="safe").load(PERSONAS_FILE.read_text(encoding="utf-8"))["personas"]
CATALOGUE = load_catalogue(PACKAGED_CATALOGUE).catalogue
VOCABULARY = {answer.id: answer for answer in CATALOGUE.vocabulary}
# `need`'s options as announced before the catalogue had the question; the catalogue's own win.
ANNOUNCED = {"need": ("plek", "crisis", "veiligheid", "vastgelopen", "advies")}
VERDICTS = ("fits", "may_fit", "fits_after_steps", "does_not_fit")
LAY_ROLES = ("partner", "inwoner")
KEYS = {"name", "story", "role", "gemeente", "facts", "expect", "why"}


def options(answer_id: str) -> tuple:
    """Return the values an answer id takes besides 'unknown'."""
    answer = VOCABULARY.get(answer_id)
    if answer is None:
        return ANNOUNCED[answer_id]
    if answer.type == "bool":
        return (True, False)
    return tuple(option.value for option in answer.options)


def registers_somewhere(role: str) -> bool:
    """A professional: residents and partners (the catalogue's lay roles) register nowhere
    in their first action, even where a table would take them."""
    return role not in CATALOGUE.lay_roles and any(
        role in table.registration.roles for table in CATALOGUE.tables
    )


def test_enough_personas_of_both_kinds():
    names = [persona["name"] for persona in PERSONAS]
    assert len(names) == len(set(names)), "persona names must be unique"
    lay = [p for p in PERSONAS if p["role"] in LAY_ROLES]
    assert len(PERSONAS) >= 15 and len(lay) >= 4


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda persona: persona["name"])
def test_facts_use_the_vocabulary(persona):
    assert KEYS <= set(persona) <= KEYS | {"unsure"}, sorted(persona)
    assert persona["role"] in options("role")
    assert persona["gemeente"] in options("gemeente")
    assert not {"role", "gemeente"} & set(persona["facts"]), "role and gemeente stand apart"
    for answer_id, value in persona["facts"].items():
        assert answer_id in VOCABULARY or answer_id in ANNOUNCED, answer_id
        assert value == "unknown" or value in options(answer_id), (answer_id, value)


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda persona: persona["name"])
def test_expectations_use_slugs_and_verdicts(persona):
    expect = persona["expect"]
    assert isinstance(expect["emergency_box"], bool)
    assert expect["first_step"] is None or expect["first_step"] in options("gemeente")
    table_keys = {"top_table", "verdict", "may_register"}
    if not registers_somewhere(persona["role"]):
        assert set(expect) == {"emergency_box", "first_step"}
        return
    assert set(expect) == {"emergency_box", "first_step"} | table_keys
    if expect["top_table"] is None:
        assert expect["verdict"] is None and expect["may_register"] is None
        return
    table = CATALOGUE.table(expect["top_table"])
    assert table is not None, expect["top_table"]
    assert expect["verdict"] in VERDICTS
    assert expect["may_register"] == (persona["role"] in table.registration.roles)


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda persona: persona["name"])
def test_danger_and_first_step_follow_the_facts(persona):
    """Box when danger is not ruled out; the gemeente first unless involved or in danger."""
    facts, expect = persona["facts"], persona["expect"]
    danger = facts.get("acute_danger", "unknown")
    assert expect["emergency_box"] == (danger is not False)
    involved = facts.get("gemeente_involved") is True
    assert expect["first_step"] == (None if danger is True or involved else persona["gemeente"])
    if danger is True and registers_somewhere(persona["role"]):
        assert expect["top_table"] is None, "acute danger shows no tables"
