"""The regiekaart's pages: the five levels side by side, and the check ‘Welk niveau?’."""

from __future__ import annotations

import pytest

from rdm.catalogue import parse_catalogue
from rdm.config import PACKAGED_CATALOGUE

from .conftest import check_page, normalize_spaces
from .wizard_helpers import Visitor

KAART = parse_catalogue(PACKAGED_CATALOGUE.read_bytes()).catalogue.regiekaart
LEVEL_4 = {
    "draagkracht_uit_balans": "true",
    "zelfredzaamheid_beperkt": "true",
    "basiszorg_ontoereikend": "true",
    "onveiligheid": "onveilig",
    "ketenoverstijgend_nodig": "true",
    "escalatie_dreigt": "false",
    "stagnatie_problematiek": "false",
    "samenwerking_stagneert": "false",
}
EDITORS_ONLY = [text.nl for text in KAART.to_confirm]


def test_the_regiekaart_shows_five_levels_side_by_side(get_page):
    page = get_page("/regiekaart")
    assert normalize_spaces(page.h1.get_text()) == "Regiekaart"
    table = page.select_one("table.regie-table")
    headers = [normalize_spaces(th.get_text()) for th in table.select("thead th[scope=col]")]
    assert headers == [
        "Niveau 1: Basis",
        "Niveau 2: Ondersteuning",
        "Niveau 3: Veiligheid",
        "Niveau 4: Over ketens heen",
        "Niveau 5: Escalatie",
    ]
    rows = {
        normalize_spaces(tr.th.get_text()): [normalize_spaces(td.get_text()) for td in tr("td")]
        for tr in table.select("tbody tr")
    }
    assert list(rows) == [
        "Situatie",
        "Casusregie",
        "Procesregie",
        "Inzet van",
        "In overleg met",
        "Operationeel verantwoordelijk",
        "Plan",
        "In Twente",
        "Opschalen",
        "Afschalen",
    ]
    assert all(len(cells) == 5 for cells in rows.values())
    assert rows["Procesregie"][0] == "Niet nodig op dit niveau."
    assert rows["Plan"][2] == "Een ondersteuningsplan en een veiligheidsplan."
    assert rows["Afschalen"][0] == "Basisniveau: afschalen is niet van toepassing."
    assert rows["Opschalen"][0].startswith("Naar niveau 2: De draagkracht is uit balans")
    assert (
        "Naar de manager: als de samenwerking tussen professionals vastloopt."
        in (rows["Opschalen"][4])
    )
    assert "Regisseur met expertise" in rows["Opschalen"][3]
    assert "Regisseur met expertise" not in rows["Opschalen"][4], "nothing above level 5"
    assert rows["Afschalen"][4].startswith("Naar niveau 4: De dreiging van totale escalatie")
    assert "TopX" in rows["In Twente"][3]


def test_the_regiekaart_names_whose_guideline_it_is_and_when_it_was_checked(get_page):
    text = normalize_spaces(get_page("/regiekaart").select_one(".regie-source").get_text())
    assert "‘Coördinatie van zorg volgens 1Gezin1Plan1Regisseur’ (versie 2020)" in text
    assert "regio Zuid Oost Utrecht" in text and "geen Twentse afspraak" in text
    assert "Laatst gecontroleerd op 1 december 2026." in text


def test_the_outcomes_beside_the_levels_are_explained(get_page):
    page = get_page("/regiekaart")
    assert normalize_spaces(page.select_one("#naar-de-manager").get_text()) == "Naar de manager"
    assert normalize_spaces(page.select_one("#expertise").get_text()) == "Regisseur met expertise"


def test_narrow_screens_get_one_card_per_level(get_page):
    cards = get_page("/regiekaart").select(".regie-card")
    assert [normalize_spaces(c.h2.get_text()) for c in cards][0] == "Niveau 1: Basis"
    assert len(cards) == 5


@pytest.mark.parametrize("url", ["/regiekaart", "/regiekaart/check", "/afkortingen", "/"])
def test_no_editors_note_on_public_pages(client, url):
    text = normalize_spaces(client.get(url).get_data(as_text=True))
    for note in EDITORS_ONLY:
        assert normalize_spaces(note) not in text
    assert "te bevestigen" not in text.lower() and "Nathalie Sie" not in text


def test_the_check_asks_the_questions_and_gives_the_level(client):
    visitor = Visitor(client).open("/regiekaart/check")
    assert visitor.h1 == "Welk niveau van regie?"
    names = [f.select_one("input[type=radio]")["name"] for f in visitor.page.select("fieldset")]
    assert names == [q.id for q in KAART.questions]
    visitor.press("Bekijk het niveau", LEVEL_4)
    assert visitor.h1 == "Niveau 4: Over ketens heen"
    result = {
        normalize_spaces(dt.get_text()): normalize_spaces(dt.find_next("dd").get_text())
        for dt in visitor.page.select(".regie-result dt")
    }
    assert result["Casusregie"] == KAART.level(4).casusregie.nl
    assert result["Procesregie"] == KAART.level(4).procesregie.nl
    assert result["Plan"] == "Een ondersteuningsplan en een veiligheidsplan."
    scaling = [normalize_spaces(li.get_text()) for li in visitor.page.select(".scaling li")]
    assert scaling[0].startswith("Naar niveau 5:") and scaling[-1].startswith("Naar niveau 3:")
    assert visitor.page.select_one(".notice") is None


def test_the_check_shows_the_levels_still_possible_and_the_manager(client):
    visitor = Visitor(client).open("/regiekaart/check")
    chosen = {**LEVEL_4, "escalatie_dreigt": "unknown", "samenwerking_stagneert": "true"}
    visitor.press("Bekijk het niveau", chosen)
    assert visitor.h1 == "Nog mogelijk: niveau 4, 5"
    possible = [
        normalize_spaces(li.strong.get_text()) for li in visitor.page.select(".regie-possible li")
    ]
    assert possible == ["Niveau 4: Over ketens heen", "Niveau 5: Escalatie"]
    assert normalize_spaces(visitor.page.select_one(".notice h2").get_text()) == "Naar de manager"


def test_answers_can_be_changed_and_are_kept(client):
    visitor = Visitor(client).open("/regiekaart/check").press("Bekijk het niveau", LEVEL_4)
    visitor.press("Antwoorden wijzigen")
    assert visitor.h1 == "Welk niveau van regie?"
    checked = {r["name"]: r["value"] for r in visitor.page.select("input[type=radio][checked]")}
    assert checked == LEVEL_4
    visitor.press("Bekijk het niveau", {"escalatie_dreigt": "true"})
    assert visitor.h1 == "Niveau 5: Escalatie"


def test_a_missing_answer_is_named_in_the_error_summary(client):
    visitor = Visitor(client).open("/regiekaart/check")
    visitor.press("Bekijk het niveau", {"onveiligheid": "geen"})
    links = [normalize_spaces(a.get_text()) for a in visitor.page.select(".error-summary a")]
    assert links[0] == "Is de draagkracht van het huishouden uit balans?" and len(links) == 7
    assert visitor.page.select_one("#onveiligheid-0")


def test_tampered_answers_are_refused_without_storing_anything(client):
    visitor = Visitor(client).open("/regiekaart/check")
    form = visitor.page.select_one("#regie-form")
    token = form.select_one("[name=csrf_token]")["value"]
    response = client.post(
        "/regiekaart/check", data={"csrf_token": token, "onveiligheid": "<script>"}
    )
    assert response.status_code == 400 and response.headers["Cache-Control"] == "no-store"
    assert "<script>" not in response.get_data(as_text=True)


def test_the_check_language_switch_keeps_the_result(client):
    visitor = Visitor(client).open("/regiekaart/check").press("Bekijk het niveau", LEVEL_4)
    button = visitor.page.select_one("button[name=switch_language][value=en]")
    assert button["form"] == "regie-form"
    visitor.press("English")
    assert visitor.h1 == "Level 4: Beyond one chain"


def test_the_check_is_never_stored(client):
    assert client.get("/regiekaart/check").headers["Cache-Control"] == "no-store"
    assert client.get("/regiekaart").headers.get("Cache-Control") != "no-store"


def test_the_regiekaart_is_linked_from_the_ladder_and_the_glossary(get_page):
    home = get_page("/")
    assert home.select_one("section[aria-labelledby=ladder-title] a[href='/regiekaart']")
    glossary = get_page("/afkortingen")
    terms = [normalize_spaces(dt.get_text()) for dt in glossary.select("#begrippen + dl dt")]
    assert terms[:2] == ["Casusregie", "Procesregie"]
    assert "Drang en dwang" in terms, "the partners' words of the overview follow"
    assert glossary.select_one("a[href='/regiekaart']")


def test_the_wegwijzer_first_step_links_to_the_regiekaart(client):
    from .wizard_helpers import walk

    visitor = walk(Visitor(client).open(), {"role": "partner", "gemeente": "hengelo"})
    visitor.press("Bekijk het advies")
    assert visitor.page.select_one(".first-step a[href='/regiekaart']")


def test_editors_see_what_is_still_to_be_confirmed(database, tmp_path):
    from .editor_helpers import add_account, logged_in, make_app

    app = make_app(database, str(tmp_path / "editors"))
    add_account(app)
    dashboard = check_page(logged_in(app).get("/redactie/").get_data(as_text=True))
    items = [normalize_spaces(li.get_text()) for li in dashboard.select(".regie-to-confirm li")]
    assert items == [normalize_spaces(note) for note in EDITORS_ONLY]
    assert any("mag gebruiken en aanpassen" in item for item in items)
    assert sum("Te bevestigen" in item for item in items) == 3
