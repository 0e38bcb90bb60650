"""The English site reads as English: every public catalogue text has a translation, and
Dutch function words are rare in what a page's <main> says."""

from __future__ import annotations

import re

import pytest
from pydantic import BaseModel

from rdm.catalogue import LocalText, load_catalogue
from rdm.config import PACKAGED_CATALOGUE
from rdm.wegwijzer.forms import encode

from .conftest import check_page, normalize_spaces
from .editor_helpers import token

CATALOGUE = load_catalogue(PACKAGED_CATALOGUE).catalogue
# Dutch words that carry no meaning of their own and are not English words too ("is", "of",
# "over", "door" are both): where they show up, a text was left untranslated.
DUTCH_FUNCTION_WORDS = frozenset(
    "de het een en van voor met niet zijn wordt bij naar ook die dat te aan er deze dit "
    "worden kan uit nog heeft hebben geen waar wie wat als om op".split()
)
MAX_DUTCH_SHARE = 0.03
# Proper names (of tables, organisations, contacts) stay as they are; editors' open
# questions are not public.
NAME_FIELDS = frozenset({"name", "short_name", "regie", "label"})
NOT_PUBLIC = frozenset({"to_confirm", "examples"})
PUBLIC_PAGES = [
    "/",
    "/over-rdm",
    "/clientondersteuning",
    "/gemeenten",
    "/afkortingen",
    "/toegankelijkheid",
    "/vergelijk",
    "/regiekaart",
    "/wegwijzer/",
    "/melden",
    "/zoeken?q=wlz",
    "/zoeken?q=verward",
    *(f"/tafels/{table.slug}" for table in CATALOGUE.tables),
]
# A few cases through the wegwijzer, as its last form posts them.
ADVICE_CASES = {
    "safety": {"role": "politie", "gemeente": "almelo", "area_safety_problem": True},
    "partner": {"role": "partner", "gemeente": "hengelo", "acute_danger": False, "need": "plek"},
    "wlz-crisis": {"role": "huisarts", "wlz": True, "crisis": True, "sudden_deterioration": True},
    "stuck": {
        "role": "ggz_aanbieder",
        "need": "vastgelopen",
        "regional_routes_exhausted": True,
        "system_stuck": True,
    },
}


def dutch_share(text: str) -> float:
    """Return the share of words in `text` that are Dutch function words (abbreviations in
    capitals, such as OM, are not counted as words)."""
    words = re.findall(r"[^\W\d_]+", text)
    dutch = [w for w in words if w.lower() in DUTCH_FUNCTION_WORDS and not w.isupper()]
    return len(dutch) / max(1, len(words))


def main_text(page) -> str:
    return normalize_spaces(page.select_one("main").get_text(" "))


def untranslated(value, path=()):
    """Yield the path of every public catalogue text without an English version."""
    if isinstance(value, LocalText):
        if not value.en and path[-1] not in NAME_FIELDS:
            yield path
    elif isinstance(value, BaseModel):
        for field in type(value).model_fields:
            if field not in NOT_PUBLIC:
                yield from untranslated(getattr(value, field), (*path, field))
    elif isinstance(value, tuple):
        for position, item in enumerate(value):
            yield from untranslated(item, (*path[:-1], f"{path[-1]}[{position}]"))


def test_every_public_catalogue_text_has_an_english_version():
    assert list(untranslated(CATALOGUE)) == []


def test_the_catalogue_says_its_english_is_a_translation_of_the_dutch():
    translation = CATALOGUE.translation("en")
    assert translation is not None and translation.translated_from == "nl"
    assert CATALOGUE.translation("nl") is None


def test_english_pages_say_their_texts_are_translated(get_page):
    english = get_page("/", headers={"Accept-Language": "en"})
    note = english.select_one(".site-footer__translation")
    assert normalize_spaces(note.get_text()).startswith("The English texts are a translation")
    assert get_page("/").select_one(".site-footer__translation") is None


def test_no_english_text_says_home_is_no_longer_responsible(catalogue_text):
    assert "no longer responsible" not in catalogue_text


def test_the_measure_counts_dutch_words():
    assert dutch_share("De tafel is voor de gemeente en het wijkteam") > 0.5
    assert dutch_share("The table is for the gemeente and its wijkteam; OM") == 0


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_english_pages_are_english(get_page, url):
    text = main_text(get_page(url, headers={"Accept-Language": "en"}))
    assert dutch_share(text) < MAX_DUTCH_SHARE, text[:2000]


@pytest.mark.parametrize("case", ADVICE_CASES.values(), ids=ADVICE_CASES)
def test_the_advice_in_english_is_english(client, case):
    client.get("/taal/en")
    data = {key: encode(value) for key, value in case.items()}
    response = client.post("/wegwijzer/advies", data={**data, "csrf_token": token(client)})
    assert response.status_code == 200
    page = check_page(response.get_data(as_text=True))
    assert page.html["lang"] == "en"
    assert dutch_share(main_text(page)) < MAX_DUTCH_SHARE, main_text(page)[:2000]
