"""A table's simple texts are declared once, on the model: the editors' form, search and the
page's glossary terms follow the declaration (rdm/catalogue/fields.py)."""

from __future__ import annotations

from typing import Annotated

import pytest

from rdm.catalogue import load_catalogue
from rdm.catalogue.fields import NOT_SEARCHED, TITLE_WEIGHT, simple_text, simple_texts
from rdm.catalogue.models import Catalogue
from rdm.catalogue.tables import TABLE_TEXTS
from rdm.catalogue.text import Frozen, Text
from rdm.config import PACKAGED_CATALOGUE
from rdm.overview.search import build_index, search

from .conftest import check_page, normalize_spaces
from .editor_helpers import add_account, logged_in, make_app

CATALOGUE = load_catalogue(PACKAGED_CATALOGUE).catalogue
# A word no table uses, to put in one field and look for.
WORD = "kwispelstaart"


def with_texts(texts_by_slug: dict[str, dict[str, str]]) -> Catalogue:
    """The packaged catalogue with some tables' simple texts replaced (Dutch only)."""
    data = CATALOGUE.model_dump()
    for table in data["tables"]:
        table.update({k: {"nl": v} for k, v in texts_by_slug.get(table["slug"], {}).items()})
    return Catalogue.model_validate(data)


def found(catalogue: Catalogue, query: str) -> list[str]:
    return [r.table.slug for r in search(build_index(catalogue), query) if r.table is not None]


def test_a_model_declares_its_simple_texts_in_its_own_order():
    class Example(Frozen):
        heading: Annotated[Text, simple_text("Kop", "algemeen", TITLE_WEIGHT, page_text=False)]
        count: int = 0
        body: Annotated[Text | None, simple_text("Tekst", "uitstroom", NOT_SEARCHED)] = None

    heading, body = simple_texts(Example)
    assert (heading.name, heading.label, heading.required) == ("heading", "Kop", True)
    assert (heading.form_part, heading.search_weight, heading.page_text) == (
        "algemeen",
        TITLE_WEIGHT,
        False,
    )
    assert (body.name, body.required, body.search_weight, body.page_text) == (
        "body",
        False,
        NOT_SEARCHED,
        True,
    )


@pytest.mark.parametrize(
    ("arguments", "complaint"),
    [(("Kop", "elders"), "form_part"), (("Kop", "algemeen", 2), "search_weight")],
)
def test_a_simple_text_in_no_part_of_the_form_or_of_unknown_weight_is_refused(arguments, complaint):
    with pytest.raises(ValueError, match=complaint):
        simple_text(*arguments)


def test_the_table_model_declares_the_form_s_texts_in_the_form_s_order():
    assert [t.name for t in TABLE_TEXTS] == [
        "name",
        "short_name",
        "summary",
        "goal",
        "chair",
        "regie",
        "participants",
        "who_may_register",
        "register_summary",
        "outflow",
        "client_support",
        "rhythm",
        "deadlines",
    ]


@pytest.mark.parametrize("text", [t for t in TABLE_TEXTS if t.search_weight != NOT_SEARCHED])
def test_a_word_in_any_searched_text_finds_its_table(text):
    assert found(with_texts({"topx": {text.name: WORD}}), WORD) == ["topx"]


def test_a_text_of_weight_zero_is_not_searched():
    [unsearched] = [t.name for t in TABLE_TEXTS if t.search_weight == NOT_SEARCHED]
    assert unsearched == "register_summary"
    assert found(with_texts({"topx": {unsearched: WORD}}), WORD) == []


def test_a_word_in_a_title_weighs_more_than_in_the_text():
    texts = {"topx": {"deadlines": WORD}, "hoogcomplex": {"short_name": f"Hoogcomplex {WORD}"}}
    assert found(with_texts(texts), WORD) == ["hoogcomplex", "topx"]


def test_the_page_s_glossary_terms_come_from_its_page_texts():
    term = CATALOGUE.glossary[0].term.nl
    in_rhythm = with_texts({"topx": {"rhythm": term}}).table("topx")
    in_summary_line = with_texts({"topx": {"register_summary": term}}).table("topx")
    assert any(t and t.nl == term for t in in_rhythm.public_texts())
    assert not any(t and t.nl == term for t in in_summary_line.public_texts())


@pytest.fixture
def editor(database, tmp_path):
    app = make_app(database, str(tmp_path))
    add_account(app)
    return logged_in(app)


def test_the_form_shows_each_simple_text_under_its_heading(editor):
    page = check_page(editor.get("/redactie/formulier/topx").get_data(as_text=True))
    shown: dict[str, list[str]] = {}
    for heading in page.select("form.table-form h2[id]"):
        legends = []
        for element in heading.find_next_siblings():
            if element.name == "h2":
                break
            if element.name == "fieldset" and "text-pair" in element.get("class", []):
                legends.append(normalize_spaces(element.legend.get_text()))
        shown[heading["id"]] = legends
    assert shown["algemeen"] == [
        "Naam",
        "Korte naam",
        "Doel in één regel",
        "Doel",
        "Onder regie van (organisatie / voorzitter)",
        "Organisatie",
        "Deelnemers",
    ]
    assert shown["aanmelden"] == [
        "Wie mag aanmelden",
        "Wie mag aanmelden, kort",
        "Aanmelden via, voor wie het niet zelf mag",
    ]
    assert shown["uitstroom"] == [
        "Uitstroom",
        "Cliëntondersteuning of ervaringsdeskundige",
        "Ritme",
        "Termijnen",
    ]
