"""Search finds what partners and professionals type: synonyms and compounds from the
catalogue, the overview's pages beside the tables, the first step always in reach, and
snippets that end at a word with '…'."""

from __future__ import annotations

import pytest

from rdm.catalogue import CatalogueError, load_catalogue, parse_catalogue
from rdm.config import PACKAGED_CATALOGUE
from rdm.overview.search import build_index, search

from .conftest import normalize_spaces

CATALOGUE = load_catalogue(PACKAGED_CATALOGUE).catalogue


@pytest.fixture(scope="module")
def index():
    return build_index(CATALOGUE)


def found(index, query, language="nl"):
    """Everything found, best first: a table by its slug, a page as 'page:<key>'."""
    return [
        r.table.slug if r.table else f"page:{r.page.key}" for r in search(index, query, language)
    ]


# Real queries of partners and professionals, with what must come first and what must be found.
QUERIES = [
    ("woningcorporatie", "page:gemeenten", {"page:over-rdm"}),
    ("huurder", "page:gemeenten", set()),
    ("wijkteam", "page:gemeenten", set()),
    ("tenant", "page:gemeenten", set()),
    ("Tubbergen", "page:gemeenten", set()),
    ("dakloos", "levensloopaanpak", set()),
    ("psychiatrie", None, {"hoogcomplex", "levensloopaanpak", "topx"}),
    ("psychose", None, {"hoogcomplex", "levensloopaanpak"}),
    ("crisisopname", "crisisteam-zorgkantoor", set()),
    ("crisisbed", "crisisteam-zorgkantoor", set()),
    ("crisisteamleider", "crisisteam-zorgkantoor", set()),
    ("verslaving", None, {"levensloopaanpak", "triagetafel", "topx"}),
    ("drugs", None, {"levensloopaanpak", "triagetafel"}),
    ("verward gedrag", "p10-mobiel-team", set()),
    ("verwarde man", "p10-mobiel-team", set()),
    ("wachtlijst", "triagetafel", {"regiotafel-wlz"}),
    ("wachtlijstprobleem", "triagetafel", set()),
    ("overlast", "topx", {"p10-mobiel-team"}),
    ("agressie", "levensloopaanpak", set()),
    ("huisarts", None, {"crisisteam-zorgkantoor", "triagetafel", "hoogcomplex"}),
    ("cliëntondersteuning", "page:clientondersteuning", {"triagetafel"}),
    ("ervaringsdeskundige", "page:clientondersteuning", {"p10-mobiel-team"}),
    ("wlz crisis", "crisisteam-zorgkantoor", {"regiotafel-wlz"}),
    ("zorgkantoren", None, {"crisisteam-zorgkantoor", "regiotafel-wlz"}),
    ("procesmanager", None, {"page:gemeenten", "topx", "levensloopaanpak"}),
    ("veiligheidsproblematiek", "topx", set()),
]


@pytest.mark.parametrize(("query", "first", "also"), QUERIES, ids=[q[0] for q in QUERIES])
def test_real_queries_find_what_people_mean(index, query, first, also):
    results = found(index, query)
    assert results, f"'{query}' finds nothing"
    if first:
        assert results[0] == first, results
    assert also <= set(results), results


def test_an_abbreviation_finds_what_its_long_form_finds(index):
    assert found(index, "LVB") == found(index, "verstandelijke beperking")
    assert {"levensloopaanpak", "triagetafel"} <= set(found(index, "LVB"))


def test_english_words_find_the_same_through_the_synonyms(index):
    assert found(index, "homeless", "en") == found(index, "dakloos", "en")
    assert found(index, "addiction", "en")[:1] == found(index, "verslaving")[:1]


def test_a_compound_the_catalogue_does_not_hold_is_found_by_its_known_parts(index):
    # Neither 'verslavingsarts' nor a synonym of it is in the catalogue; 'verslaving' is.
    assert "verslavingsarts" not in str(CATALOGUE.search_synonyms)
    assert "levensloopaanpak" in found(index, "verslavingsarts")


def test_editors_extend_the_synonyms_in_the_catalogue(catalogue_text):
    extended = catalogue_text.replace(
        "  - [woonplek,", "  - [buurman, buurvrouw, buren, overlastgevende]\n  - [woonplek,", 1
    )
    assert extended != catalogue_text
    # 'overlastgevende' stands in the overlast group already: refused, with its place.
    with pytest.raises(CatalogueError) as refused:
        parse_catalogue(extended.encode())
    assert "zoekwoord 'overlastgevende' staat al bij groep" in str(refused.value)
    catalogue = parse_catalogue(extended.replace(", overlastgevende]", "]").encode()).catalogue
    index = build_index(catalogue)
    assert found(index, "buurvrouw") == found(index, "buren")


def test_a_spelling_in_two_abbreviation_groups_is_refused(catalogue_text):
    doubled = catalogue_text.replace(
        "variants: [verstandelijk gehandicapten, verstandelijk gehandicapt]",
        "variants: [verstandelijk gehandicapten, verstandelijk gehandicapt, verstandelijk beperkt]",
        1,
    )
    assert doubled != catalogue_text
    with pytest.raises(CatalogueError) as refused:
        parse_catalogue(doubled.encode())
    assert "'verstandelijk beperkt' staat al bij afkorting LVB" in str(refused.value)


def test_snippets_cut_inside_a_paragraph_end_at_a_word_with_an_ellipsis(index):
    snippets = [
        r.snippet for query in ("politie", "wachtlijst", "crisis") for r in search(index, query)
    ]
    cut = [s for s in snippets if s.endswith("…")]
    assert cut, snippets
    for snippet in cut:
        assert snippet.endswith(" …") and snippet[-3].isalnum(), snippet
    assert not any("… …" in s for s in snippets)


def test_the_results_page_links_pages_and_always_offers_the_first_step(get_page):
    page = get_page("/zoeken?q=huurder")
    first = page.select_one("ol.results li")
    assert first.select_one("a")["href"] == "/gemeenten"
    assert normalize_spaces(first.select_one(".result__meta").get_text()) == "Pagina"
    note = page.select_one(".first-step-note")
    assert "de gemeente" in note.get_text() and note.select_one("a[href='/gemeenten']")
    # Where only a table is found, the first step is still offered.
    assert get_page("/zoeken?q=dakloos").select_one(".first-step-note a[href='/gemeenten']")


def test_nothing_found_offers_the_own_gemeente_and_the_wegwijzer(get_page):
    empty = get_page("/zoeken?q=xyzzyq").select_one(".empty-state")
    assert empty.select_one("a[href='/wegwijzer/']")
    links = [a["href"] for a in empty.select(".gemeente-links a")]
    assert len(links) == len(CATALOGUE.gemeenten) and "/gemeenten#gemeente-tubbergen" in links


def test_the_api_gives_pages_with_type_and_no_table(client):
    results = client.get("/api/v1/search?q=woningcorporatie").get_json()["results"]
    assert results[0] == {
        **results[0],
        "type": "page",
        "table": None,
        "ladder_step": None,
        "url": "http://localhost/gemeenten",
    }
    tables = client.get("/api/v1/search?q=crisisopname").get_json()["results"]
    assert tables[0]["type"] == "table" and tables[0]["table"] == "crisisteam-zorgkantoor"
    assert tables[0]["url"] == "http://localhost/tafels/crisisteam-zorgkantoor"


def test_the_openapi_document_describes_page_results(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    schemas = spec["components"]["schemas"]
    reference = schemas["SearchResults"]["properties"]["results"]["items"]["$ref"]
    item = schemas[reference.removeprefix("#/components/schemas/")]
    assert item["properties"]["type"]["enum"] == ["table", "page"]
    assert "type" in item["required"]
    assert tuple(map(int, spec["info"]["version"].split("."))) >= (1, 3, 0)
