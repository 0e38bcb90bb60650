"""Search: Dutch stemming, abbreviations both ways, partial words, typos, and the empty state."""

from __future__ import annotations

import pytest

from rdm.catalogue import load_catalogue, parse_catalogue
from rdm.config import PACKAGED_CATALOGUE
from rdm.overview.search import build_index, normalize, search

from .conftest import normalize_spaces


@pytest.fixture(scope="module")
def index():
    return build_index(load_catalogue(PACKAGED_CATALOGUE).catalogue)


def slugs(index, query, language="nl"):
    """The tables found, best first (pages left out)."""
    return [r.table.slug for r in search(index, query, language) if r.table is not None]


def found(index, query, language="nl"):
    """Everything found, best first: a table by its slug, a page by its key."""
    return [r.table.slug if r.table else r.page.key for r in search(index, query, language)]


def test_normalize_folds_accents_ampersands_and_punctuation():
    assert normalize("Cliënt-ondersteuning & Zorg") == "client ondersteuning en zorg"


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("triagetafel", "triagetafel"),
        ("wachtlijsten", "triagetafel"),  # stem of 'wachtlijst'
        ("overplaatsingen", "regiotafel-wlz"),  # stem of 'overplaatsing'
        ("verward gedrag", "p10-mobiel-team"),
        ("ShareFile", "regiotafel-wlz"),
        ("Pro Persona", "hoogcomplex"),
        ("Transfore", "levensloopaanpak"),
        ("the whole system in the room", "bestuurlijk-escalatie-overleg"),
        ("waiting list", "triagetafel"),  # English summary text
    ],
)
def test_words_and_their_inflections_find_the_right_table_first(index, query, first):
    assert slugs(index, query)[0] == first


@pytest.mark.parametrize(
    ("short", "long"),
    [
        ("LVB", "licht verstandelijke beperking"),
        ("Wlz", "Wet langdurige zorg"),
        ("ZVH", "Zorg en Veiligheidshuis"),
        ("VHT", "Zorg en Veiligheidshuis"),
        ("CCE", "Centrum voor Consultatie en Expertise"),
        ("GGZ", "geestelijke gezondheidszorg"),
        ("OM", "Openbaar Ministerie"),
        ("VG", "verstandelijk gehandicaptenzorg"),
        ("POH", "praktijkondersteuner huisarts"),
    ],
)
def test_an_abbreviation_and_its_long_form_find_the_same_tables(index, short, long):
    found = slugs(index, short)
    assert found, short
    assert sorted(found) == sorted(slugs(index, long))
    assert sorted(found) == sorted(slugs(index, short.lower()))


def test_abbreviation_groups_find_tables_that_only_use_the_long_form(index):
    # Hoogcomplex never writes 'Zvw', Levensloopaanpak never writes 'LVB'.
    assert "levensloopaanpak" in slugs(index, "LVB")
    assert slugs(index, "Wlz")[0] == "regiotafel-wlz"
    assert set(slugs(index, "OM")) == {"topx", "levensloopaanpak", "bestuurlijk-escalatie-overleg"}


def test_the_dutch_word_om_in_a_text_does_not_count_as_the_abbreviation(index):
    # Hoogcomplex says "om te zorgen voor een maatwerkoplossing" but has no OM at the table.
    assert "hoogcomplex" not in slugs(index, "OM")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("levenslooopaanpak", "levensloopaanpak"),
        ("hoogcomplx", "hoogcomplex"),
        ("triagetafle", "triagetafel"),
        ("zorgkantor", "crisisteam-zorgkantoor"),
    ],
)
def test_small_typos_still_find_the_right_table(index, query, expected):
    assert expected in slugs(index, query)[:2]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("transfer", "triagetafel"), ("levensloop", "levensloopaanpak"), ("hoogcompl", "hoogcomplex")],
)
def test_partial_words_find_the_table(index, query, expected):
    assert slugs(index, query)[0] == expected


def test_accents_do_not_matter(index):
    assert slugs(index, "cliënt") == slugs(index, "client")


def test_unmatched_and_syntax_like_queries_find_nothing_without_error(index):
    for query in ["xyzzyq", "AND OR NOT (", "*", "de", "", '"', "\\"]:
        assert slugs(index, query) == []


def test_snippets_mark_the_matching_words(index):
    [result, *_] = search(index, "wachtlijst")
    assert "<mark>wachtlijst</mark>" in str(result.snippet_html)
    assert "<mark>" not in result.snippet


def test_snippets_escape_catalogue_text():
    text = PACKAGED_CATALOGUE.read_text(encoding="utf-8").replace(
        "Transfermogelijkheden bij andere instellingen",
        "<script>alert(1)</script> Transfermogelijkheden bij",
    )
    index = build_index(parse_catalogue(text.encode()).catalogue)
    [result, *_] = search(index, "alert script transfermogelijkheden")
    html = str(result.snippet_html)
    assert "<script>" not in html and "</script>" not in html
    assert "&lt;<mark>script</mark>&gt;<mark>alert</mark>(1)" in html


def test_search_page_shows_results_with_snippet_and_step(get_page):
    page = get_page("/zoeken?q=wachtlijst")
    results = page.select("ol.results li")
    assert results[0].select_one("a")["href"] == "/tafels/triagetafel"
    assert results[0].select_one(".result__snippet mark")
    assert normalize_spaces(results[0].select_one(".result__meta").get_text()) == "Trede 2"
    assert "resultaten gevonden" in page.select_one(".result-count").get_text()
    assert page.select_one("#search-q")["value"] == "wachtlijst"


def test_empty_result_suggests_the_first_step_and_the_overview(get_page):
    page = get_page("/zoeken?q=xyzzyq")
    empty = page.select_one(".empty-state")
    assert "Niets gevonden voor ‘xyzzyq’" in empty.get_text()
    assert empty.select_one("a[href='/gemeenten']")
    assert empty.select_one("a[href='/wegwijzer/']")
    assert empty.select_one("a[href='/vergelijk']")
    assert "wijkteam of de procesmanager" in normalize_spaces(empty.get_text())


def test_search_from_the_header_form(get_page):
    form = get_page("/").select_one("header form[role=search]")
    assert form["action"] == "/zoeken" and form["method"] == "get"
    assert form.select_one("input[name=q]")
    assert form.select_one("label[for=header-search-q]")


def test_search_page_escapes_the_query(client):
    html = client.get("/zoeken?q=<script>alert(1)</script>").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_an_overlong_query_is_refused_clearly(get_page):
    page = get_page("/zoeken?q=" + "a" * 201, status=400)
    assert "te lang" in page.select_one(".error-message").get_text()


def test_empty_search_page_explains_what_to_search(get_page):
    page = get_page("/zoeken")
    assert "LVB, Wlz of ZVH" in page.select_one("main").get_text()


def test_the_index_is_built_once_per_catalogue_and_shared_by_every_process(tmp_path, monkeypatch):
    """Instances (gunicorn workers, restarts) on one folder build a catalogue's index once."""
    from rdm import create_app
    from rdm.overview import search as search_module

    built = []
    real_build = search_module.build_index
    monkeypatch.setattr(
        search_module, "build_index", lambda *a, **k: built.append(1) or real_build(*a, **k)
    )
    config = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    workers = [create_app(config, instance_path=str(tmp_path)) for _ in range(3)]
    for worker in workers:
        results = worker.test_client().get("/api/v1/search?q=wlz").get_json()["results"]
        assert "regiotafel-wlz" in [r["table"] for r in results]
    assert len(built) == 1, "the second and third worker open the first one's index"
    folders = [p.name for p in (tmp_path / "search-index").iterdir()]
    sha = workers[0].test_client().get("/healthz").get_json()["catalogue"]["sha256"]
    assert folders == [f"{sha}-v{search_module.INDEX_FORMAT}"], (
        "one folder, no half-built leftovers"
    )


def test_old_indexes_are_pruned(tmp_path):
    from rdm.overview.search import KEEP_INDEXES, shared_index

    catalogue = load_catalogue(PACKAGED_CATALOGUE).catalogue
    for number in range(KEEP_INDEXES + 3):
        shared_index(catalogue, tmp_path, f"revisie-{number}")
    assert len(list(tmp_path.iterdir())) == KEEP_INDEXES


def test_a_repeated_query_gives_the_same_results_and_a_copy(index):
    expected = slugs(index, "wlz")
    assert expected
    first = search(index, "wlz")
    first.clear()  # the caller's list, not the cached answer
    assert slugs(index, "  wlz ") == expected


def test_an_index_folder_that_cannot_be_written_falls_back_to_memory(tmp_path):
    from rdm.overview.search import shared_index

    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    catalogue = load_catalogue(PACKAGED_CATALOGUE).catalogue
    index = shared_index(catalogue, blocked, "x")
    assert "regiotafel-wlz" in slugs(index, "wlz")


def test_a_pruned_index_folder_is_rebuilt_in_memory(tmp_path):
    import shutil

    from rdm.overview.search import shared_index

    catalogue = load_catalogue(PACKAGED_CATALOGUE).catalogue
    index = shared_index(catalogue, tmp_path, "x")
    shutil.rmtree(next(tmp_path.iterdir()))
    assert "regiotafel-wlz" in slugs(index, "wlz")


def test_a_word_typed_without_its_accent_is_marked_in_the_snippet(index):
    [result] = [r for r in search(index, "client") if r.table and r.table.slug == "regiotafel-wlz"]
    assert "<mark>cliënt</mark> ontvangt zorg" in result.snippet_html
