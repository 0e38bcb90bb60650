"""What a person does in a real browser: browse, search, switch language, print; and axe-core."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from rdm.catalogue.text import FIXED_TABLE_SLUGS

from .conftest import axe_violations, csp_refusal, tab_to

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    *[f"/tafels/{slug}" for slug in FIXED_TABLE_SLUGS],
    "/vergelijk",
    "/over-rdm",
    "/clientondersteuning",
    "/gemeenten",
    "/afkortingen",
    "/regiekaart",
    "/regiekaart/check",
    "/zoeken",
    "/zoeken?q=wachtlijst",
    "/zoeken?q=xyzzyq",
    "/bestaat-niet",
    "/redactie/inloggen",
    "/tafels/topx/melden",
    "/melden",
    "/toegankelijkheid",
]


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_wcag_21_aa_violations(page, path):
    page.goto(path)
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", ["/", "/tafels/p10-mobiel-team", "/vergelijk", "/zoeken?q=lvb"])
def test_axe_finds_no_violations_in_english(page, path):
    page.goto("/taal/en?next=" + quote(path))
    assert page.locator("html").get_attribute("lang") == "en"
    assert axe_violations(page) == []


def test_a_policy_violation_would_be_reported(browser, live_server):
    """The page fixture's CSP check can fail: an inline style in markup is refused and logged."""
    context = browser.new_context(base_url=live_server)
    tab = context.new_page()
    tab.goto("/")
    # Fails with a timeout if no refusal is logged.
    with tab.expect_console_message(lambda message: csp_refusal(message.text), timeout=5000):
        tab.evaluate(
            "document.body.insertAdjacentHTML('beforeend', '<p style=\"color:red\">x</p>')"
        )
    context.close()


def test_axe_does_report_a_violation_when_there_is_one(page):
    page.goto("/")
    # A style attribute in markup is refused by the Content-Security-Policy; the CSSOM is not.
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend',"
        " '<p id=\"te-licht\">te licht</p><input type=text>');"
        "document.getElementById('te-licht').style.color = '#bbb'"
    )
    rules = {line.split(":")[0] for line in axe_violations(page)}
    assert {"color-contrast", "label"} <= rules


@pytest.mark.parametrize(
    "path", ["/", "/tafels/p10-mobiel-team", "/vergelijk", "/gemeenten", "/zoeken?q=ggz"]
)
def test_pages_fit_a_320_pixel_screen_without_sideways_scrolling(page, path):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert axe_violations(page) == []


def test_keyboard_user_skips_to_the_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Naar de inhoud"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"


def test_open_home_then_a_table_page_with_the_keyboard(page):
    page.goto("/")
    assert page.locator("h1").inner_text() == "Waar kunt u terecht als passende zorg niet lukt?"
    tab_to(page, ".cards a[href='/tafels/hoogcomplex']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/tafels/hoogcomplex")
    assert page.locator("h1").inner_text() == "Regio Oost-NL Hoogcomplex"
    mail = page.locator(".contacts a")
    assert mail.get_attribute("href").startswith("mailto:meldpunt.hoog.complexe.ggz@propersona.nl")


def test_search_from_the_header_with_the_keyboard(page):
    page.goto("/tafels/topx")
    tab_to(page, "#header-search-q")
    page.keyboard.type("licht verstandelijke beperking")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/zoeken\?q=licht"))
    assert page.locator("h1").inner_text() == "Zoekresultaten voor ‘licht verstandelijke beperking’"
    first = page.locator("ol.results li").first
    assert first.locator("a").get_attribute("href") == "/tafels/levensloopaanpak"
    assert first.locator("mark").count() >= 1
    tab_to(page, "ol.results li:first-child a")
    page.keyboard.press("Enter")
    page.wait_for_url("**/tafels/levensloopaanpak")


def test_switch_language_and_back_on_the_same_page(page):
    page.goto("/tafels/triagetafel")
    tab_to(page, ".language-switch a[hreflang=en]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/tafels/triagetafel")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#goal-title").inner_text() == "Goal"
    assert page.locator("nav.main-nav").inner_text().split("\n")[0] == "Overview"
    page.goto("/")
    assert page.locator("h1").inner_text() == "Where to turn when fitting care cannot be found?"
    page.locator(".language-switch a[hreflang=nl]").click()
    assert page.locator("html").get_attribute("lang") == "nl"


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def pdf_page_size(pdf: bytes) -> tuple[float, float]:
    x0, y0, x1, y1 = map(float, re.search(rb"/MediaBox\s*\[([^\]]+)\]", pdf).group(1).split())
    return x1 - x0, y1 - y0


def test_the_comparison_prints_on_one_a4_landscape_page(page):
    page.goto("/vergelijk")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert pdf_pages(pdf) == 1
    width, height = pdf_page_size(pdf)
    assert (round(width), round(height)) == (842, 595), "A4 landscape in points"


def test_other_pages_print_portrait(page):
    page.goto("/tafels/p10-mobiel-team")
    pdf = page.pdf(prefer_css_page_size=True)
    assert pdf_pages(pdf) > 1, "the page counter counts"
    width, height = pdf_page_size(pdf)
    assert (round(width), round(height)) == (595, 842)


def test_the_p10_page_is_short_on_a_phone_and_its_roles_open_by_keyboard(page):
    """Issue 14: the page was 7,364 px tall and at 375 px the roles' captions were cut off.
    Folded, the page is far shorter; a role's name wraps within the screen; Enter opens it."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/tafels/p10-mobiel-team")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 4800, height
    page.set_viewport_size({"width": 375, "height": 700})
    summaries = page.locator("details.role > summary")
    assert summaries.count() == 3
    for n in range(3):
        box = summaries.nth(n).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375, box
    assert not page.locator("table.roles").first.is_visible()
    tab_to(page, "details.role > summary")
    page.keyboard.press("Enter")
    assert page.locator("table.roles").first.is_visible()
    assert page.evaluate("document.querySelector('details.role').open")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert axe_violations(page) == []
