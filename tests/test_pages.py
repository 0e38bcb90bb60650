"""The pages a partner or professional reads, parsed as HTML."""

from __future__ import annotations

import pytest

from rdm.catalogue import load_catalogue
from rdm.catalogue.text import FIXED_TABLE_SLUGS
from rdm.config import PACKAGED_CATALOGUE

from .conftest import normalize_spaces

CATALOGUE = load_catalogue(PACKAGED_CATALOGUE).catalogue


def test_home_explains_rdm_and_the_first_step(get_page):
    page = get_page("/")
    first_step = page.select_one(".first-step")
    assert "De eerste stap is altijd uw gemeente" in first_step.get_text()
    assert "wijkteam of de procesmanager" in normalize_spaces(first_step.get_text())
    assert "Los op of schaal op" in first_step.get_text()
    assert first_step.select_one("a[href='/gemeenten']")


def test_home_shows_the_ladder_as_an_ordered_list_with_its_tables(get_page):
    page = get_page("/")
    steps = page.select("ol.ladder > li")
    assert [normalize_spaces(s.select_one("h3").get_text()) for s in steps] == [
        "Trede 0: Acuut gevaar",
        "Trede 1: Lokaal — de gemeente",
        "Trede 2: Regionale tafels",
        "Trede 3: Bovenregionaal",
        "Trede 4: Bestuurlijk escalatie overleg",
    ]
    # The ministry's unit registers at the closing piece; it is no step above it.
    assert "Unit Complexe Zorgvragen" in steps[4].get_text()
    assert "112" in steps[0].get_text()
    on_step_3 = [a["href"] for a in steps[3].select("a")]
    assert on_step_3 == ["/tafels/hoogcomplex", "/tafels/levensloopaanpak"]


def test_home_shows_every_table_as_a_card_with_purpose_and_step(get_page):
    cards = get_page("/").select(".cards .card")
    links = [card.select_one(".card__title a")["href"] for card in cards]
    assert sorted(links) == sorted(f"/tafels/{slug}" for slug in FIXED_TABLE_SLUGS)
    for card in cards:
        assert card.select_one(".card__summary").get_text(strip=True)
        assert normalize_spaces(card.select_one(".step-badge").get_text()).startswith("Trede ")


@pytest.mark.parametrize("slug", FIXED_TABLE_SLUGS)
def test_every_table_page_shows_every_section(get_page, slug):
    page = get_page(f"/tafels/{slug}")
    headings = [normalize_spaces(h.get_text()) for h in page.select("main h2")]
    for heading in [
        "Doel",
        "Wie zitten er aan tafel?",
        "Wie mag aanmelden?",
        "Instroom",
        "Uitstroom",
        "Cliëntondersteuning of ervaringsdeskundige",
        "Contact",
    ]:
        assert heading in headings
    assert page.select("ul.criteria li"), "inflow criteria are a list"
    assert "Laatst gecontroleerd op 22 november 2026" in page.select_one(".reviewed").get_text()
    assert page.select_one(".step-badge")


def test_table_page_links_contacts_to_their_real_targets(get_page):
    page = get_page("/tafels/topx")
    hrefs = [a["href"] for a in page.select(".contacts a")]
    assert hrefs == [
        "mailto:info@veiligheidshuistwente.nl",
        "http://www.zorgenveiligheidshuizen.nl/",
    ]


def test_table_page_shows_rhythm_and_deadlines_where_the_seed_gives_them(get_page):
    triage = get_page("/tafels/triagetafel")
    assert (
        "Tweewekelijks een half uur"
        in triage.select_one("#rhythm-title").find_parent("section").get_text()
    )
    regio = normalize_spaces(get_page("/tafels/regiotafel-wlz").get_text())
    assert "drie weken voor het overleg indienen" in regio
    assert "ShareFile" in regio


@pytest.mark.parametrize("slug", [t.slug for t in CATALOGUE.tables])
def test_a_table_page_shows_no_editors_notes(get_page, slug):
    """What the editors must still confirm is theirs: the public reads the facts."""
    text = normalize_spaces(get_page(f"/tafels/{slug}").get_text())
    assert "te bevestigen" not in text.lower()
    for item in CATALOGUE.table(slug).to_confirm:
        assert normalize_spaces(item.nl) not in text


def test_unknown_table_is_a_helpful_404_with_search(get_page):
    page = get_page("/tafels/bestaat-niet", status=404)
    assert page.select_one("main form[role=search] input[name=q]")
    assert page.select_one("main a[href='/']")


def test_p10_page_has_financing_regions_and_the_roles_table(get_page):
    page = get_page("/tafels/p10-mobiel-team")
    text = normalize_spaces(page.get_text())
    assert "€ 72,00" in text and "€ 48,00" in text
    assert "Na elke 20 uur inzet" in text
    assert "2016 tot en met 2018" in text
    regions = {
        normalize_spaces(dt.get_text()): normalize_spaces(dt.find_next("dd").get_text())
        for dt in page.select("#team-title ~ dl dt")
    }
    assert regions["Mediant"].startswith("Borne, Dinkelland, Enschede")
    assert regions["Dimence"] == "Almelo, Hellendoorn, Rijssen-Holten, Twenterand, Wierden"
    assert regions["Werkgebied nog niet bekend"] == "Tubbergen"
    captions = [normalize_spaces(c.get_text()) for c in page.select("table.roles caption")]
    assert [c.split(" (")[0].split(" —")[0] for c in captions] == [
        "Regisseur",
        "Casus coördinator GGZ",
        "Ervaringsdeskundige GGZ",
    ]
    header = [
        normalize_spaces(th.get_text()) for th in page.select("table.roles")[0].select("thead th")
    ]
    assert header == ["Taken", "Verantwoordelijkheden", "Bevoegdheden"]


def test_the_p10_page_opens_with_a_summary_and_folds_each_roles_table(get_page):
    """Issue 14: the page was 7,364 px tall; the essentials first, the roles one click away
    (details/summary: no script needed, the tables are in the page)."""
    page = get_page("/tafels/p10-mobiel-team")
    sections = [normalize_spaces(h.get_text()) for h in page.select("main h2")]
    assert sections.index("In het kort") < sections.index("Doel")
    summary = normalize_spaces(page.select_one(".team-summary").get_text())
    for fact in ("procesmanager", "DBC", "€ 72,00", "€ 48,00", "kosten van de gemeente"):
        assert fact in summary, fact
    assert page.select_one(".team-summary a[href='#roles-title']")
    assert page.select_one("#roles-title")
    roles = page.select("details.role")
    assert [normalize_spaces(d.select_one(".role__name").get_text()) for d in roles] == [
        normalize_spaces(c.get_text()) for c in page.select("table.roles caption")
    ]
    assert len(roles) == 3
    assert not any(d.has_attr("open") for d in roles), "folded until the reader opens one"
    for role in roles:
        assert role.find("summary") is role.find(True), "the summary comes first"
        assert "visually-hidden" in role.select_one("caption")["class"]
        assert len(role.select("tbody tr")) >= 9
    assert not page.select("main script")


def test_home_spells_out_rdm_and_explains_its_words(get_page):
    page = get_page("/")
    lead = page.select_one(".lead")
    assert lead.select_one("abbr[title='regionale doorzettingsmacht']").get_text() == "RDM"
    assert normalize_spaces(lead.get_text()).startswith("RDM (regionale doorzettingsmacht)")
    words = {
        normalize_spaces(dt.get_text()): normalize_spaces(dt.find_next("dd").get_text())
        for dt in page.select(".first-step dl.glossary dt")
    }
    assert list(words) == ["Los op of schaal op", "Procesmanager", "Trede"]
    assert "opschalen" in words["Los op of schaal op"]
    assert "procesregie" in words["Procesmanager"]
    assert page.select_one(".first-step a[href='/afkortingen#begrippen']")


def test_a_table_page_explains_its_abbreviations_and_words(get_page):
    page = get_page("/tafels/topx")
    outflow = page.select_one("#outflow-title").find_parent("section")
    titles = {a.get_text(): a["title"] for a in outflow.select("abbr")}
    assert titles == {
        "ISD": "Inrichting voor Stelselmatige Daders",
        "TBS": "terbeschikkingstelling",
    }
    terms = page.select_one("details.terms")
    assert normalize_spaces(terms.select_one("summary").get_text()) == (
        "Wat betekenen de woorden op deze pagina?"
    )
    listed = [normalize_spaces(dt.get_text()) for dt in terms.select("dt")]
    assert listed == ["Procesmanager", "Trede", "Instroom en uitstroom", "Drang en dwang"]
    # A page without these words does not list them.
    hoogcomplex = get_page("/tafels/hoogcomplex").select_one("details.terms")
    assert "Drang en dwang" not in hoogcomplex.get_text()


def test_the_words_are_explained_in_english_too(get_page):
    page = get_page("/tafels/topx", headers={"Accept-Language": "en"})
    terms = [normalize_spaces(dt.get_text()) for dt in page.select("details.terms dt")]
    assert "Drang en dwang (pressure and compulsion)" in terms
    assert "What do the words on this page mean?" in page.select_one("details.terms").get_text()


def test_compare_matrix_has_a_row_per_table_with_the_four_questions(get_page):
    page = get_page("/vergelijk")
    table = page.select_one("table.compare")
    assert [normalize_spaces(th.get_text()) for th in table.select("thead th")] == [
        "Tafel",
        "Trede",
        "Onder regie van",
        "Wie mag aanmelden",
        "Wanneer gebruikt u deze tafel",
        "Contact",
    ]
    rows = table.select("tbody tr")
    assert len(rows) == len(FIXED_TABLE_SLUGS)
    steps = [int(row.select("td")[0].get_text()) for row in rows]
    assert steps == sorted(steps), "ordered from local to administrative"
    topx = next(r for r in rows if r.select_one("a[href='/tafels/topx']"))
    assert topx.select_one("a[href='mailto:info@veiligheidshuistwente.nl']")
    crisis = next(r for r in rows if r.select_one("a[href='/tafels/crisisteam-zorgkantoor']"))
    printed = [normalize_spaces(a.get_text()) for a in crisis.select(".compare__contact a")]
    assert printed[0] == "www.menziszorgkantoor.nl/zorgaanbieders/zorginkoop/crisiszorg"
    scroll = page.select_one(".table-scroll")
    assert scroll["tabindex"] == "0" and scroll["role"] == "region"


def test_gemeenten_page_lists_14_with_tubbergens_region_not_yet_known(get_page):
    page = get_page("/gemeenten")
    rows = page.select("table.gemeenten tbody tr")
    assert len(rows) == 14
    by_name = {normalize_spaces(r.th.get_text()): normalize_spaces(r.td.get_text()) for r in rows}
    assert by_name["Almelo"] == "Dimence"
    assert by_name["Enschede"] == "Mediant"
    assert by_name["Tubbergen"] == "Nog niet bekend"


def test_client_support_page_lists_the_organisations_with_links(get_page):
    page = get_page("/clientondersteuning")
    links = {normalize_spaces(a.get_text()): a["href"] for a in page.select(".organisations a")}
    assert links["SCOT Cliëntondersteuning"] == "https://scotwente.nl/"
    assert links["Centrum voor Consultatie en Expertise (CCE)"] == "https://cce.nl/"
    assert len(links) == 5
    assert page.select_one("a[href^='https://www.regelhulp.nl/']")


def test_about_page_has_the_three_sections_of_the_introduction(get_page):
    page = get_page("/over-rdm")
    assert [normalize_spaces(h.get_text()) for h in page.select("main h2")] == [
        "Waarom dit overzicht?",
        "Wat maken wij hierin duidelijk?",
        "Wat zijn de uitgangspunten?",
    ]


def test_abbreviations_page(get_page):
    page = get_page("/afkortingen")
    terms = {
        normalize_spaces(dt.get_text()): normalize_spaces(dt.find_next("dd").get_text())
        for dt in page.select("dl dt")
    }
    assert terms["LVB"] == "licht verstandelijke beperking"
    assert terms["ZVH"] == "Zorg en Veiligheidshuis"


def test_main_navigation_marks_the_current_page(get_page):
    page = get_page("/vergelijk")
    assert page.select_one("nav.main-nav a[aria-current=page]")["href"] == "/vergelijk"


def test_unsupported_method_is_a_405_page(client):
    response = client.post("/vergelijk")
    assert response.status_code == 405
    assert "Deze pagina werkt niet op deze manier." in response.get_data(as_text=True)


def test_pages_vary_on_the_language_inputs(client):
    response = client.get("/")
    assert {"Accept-Language", "Cookie"} <= set(response.vary)


def test_a_page_with_a_flashed_message_is_kept_by_no_shared_cache(app):
    client = app.test_client()
    client.get("/")
    with client.session_transaction() as session:
        session["_flashes"] = [("message", "Een bericht voor deze lezer.")]
    personal = client.get("/")
    assert "Een bericht voor deze lezer." in personal.get_data(as_text=True)
    assert personal.cache_control.private and personal.cache_control.no_cache
    assert not personal.cache_control.public
    assert "Een bericht voor deze lezer." not in app.test_client().get("/").get_data(as_text=True)


def test_an_abbreviation_between_brackets_is_written_out_without_brackets_in_brackets(get_page):
    """ "(in GGZ, mental health care)", not "(in GGZ (mental health care))"."""
    goal = get_page("/tafels/triagetafel", headers={"Accept-Language": "en"}).select_one(
        "#goal-title"
    )
    text = normalize_spaces(goal.find_parent("section").get_text())
    assert "(in GGZ, mental health care)" in text
    assert "))" not in text
