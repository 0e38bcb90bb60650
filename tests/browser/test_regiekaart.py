"""The regiekaart in Debian Chromium: the check done with the keyboard only, axe-core on
every page (also at 320 pixels), and the table printed on one A4 landscape page."""

from __future__ import annotations

import pytest

from .conftest import axe_violations, opened_tab, tab_to
from .test_site import pdf_page_size, pdf_pages

pytestmark = pytest.mark.browser
LEVEL_3 = {
    "draagkracht_uit_balans": "true",
    "zelfredzaamheid_beperkt": "true",
    "basiszorg_ontoereikend": "true",
    "onveiligheid": "signalen",
    "ketenoverstijgend_nodig": "false",
    "escalatie_dreigt": "unknown",
    "stagnatie_problematiek": "false",
    "samenwerking_stagneert": "true",
}


def choose(page, name: str, value: str) -> None:
    """Pick a radio with the keyboard: Tab into the group, Space, then arrow keys."""
    selector = f"#regie-form input[name='{name}']"
    values = page.eval_on_selector_all(selector, "els => els.map(e => e.value)")
    tab_to(page, selector)
    current = page.evaluate("document.activeElement.value")
    if not page.evaluate("document.activeElement.checked"):
        page.keyboard.press("Space")
    for _ in range((values.index(value) - values.index(current)) % len(values)):
        page.keyboard.press("ArrowDown")
    checked = page.eval_on_selector(f"{selector}:checked", "e => e.value")
    assert checked == value, (name, checked, value)


def press(page, text: str) -> None:
    """Tab to a button or link by its text and press Enter; wait for the next page."""
    tab_to(page, "button, a", text)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def h1(page) -> str:
    return " ".join(page.locator("main h1").inner_text().split())


def test_the_check_with_the_keyboard_only(page):
    page.goto("/regiekaart")
    assert axe_violations(page) == []
    press(page, "Welk niveau? Doe de check")
    assert h1(page) == "Welk niveau van regie?"
    assert axe_violations(page) == []
    press(page, "Bekijk het niveau")
    assert page.locator(".error-summary").is_visible()
    assert axe_violations(page) == []
    for name, value in LEVEL_3.items():
        choose(page, name, value)
    press(page, "Bekijk het niveau")
    assert h1(page) == "Niveau 3: Veiligheid", "an unknown escalation cannot lift level 3"
    assert axe_violations(page) == []
    press(page, "Antwoorden wijzigen")
    choose(page, "onveiligheid", "onveilig")
    choose(page, "ketenoverstijgend_nodig", "true")
    choose(page, "escalatie_dreigt", "false")
    press(page, "Bekijk het niveau")
    assert h1(page) == "Niveau 4: Over ketens heen"
    assert page.locator(".notice h2").inner_text() == "Naar de manager"
    assert axe_violations(page) == []


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_the_regiekaart_and_its_check_fit_320_pixels_without_violations(
    browser, live_server, javascript
):
    """axe-core runs where JavaScript does (here it waits for ever in a tab without it);
    without JavaScript the pages must still fit and the check still work."""

    def fits(tab) -> bool:
        return tab.evaluate("document.documentElement.scrollWidth") <= 320

    def accessible(tab) -> bool:
        return not javascript or axe_violations(tab) == []

    options = {"viewport": {"width": 320, "height": 640}, "java_script_enabled": javascript}
    with opened_tab(browser, live_server, **options) as tab:
        tab.goto("/regiekaart")
        assert tab.locator(".regie-card").first.is_visible()
        assert not tab.locator("table.regie-table").is_visible()
        assert fits(tab) and accessible(tab)
        tab.goto("/regiekaart/check")
        assert fits(tab) and accessible(tab)
        for name, value in LEVEL_3.items():
            choose(tab, name, value)
        press(tab, "Bekijk het niveau")
        assert h1(tab) == "Niveau 3: Veiligheid"
        assert fits(tab) and accessible(tab)


def test_the_regiekaart_prints_on_one_a4_landscape_page(page):
    page.goto("/regiekaart")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert pdf_pages(pdf) == 1
    width, height = pdf_page_size(pdf)
    assert (round(width), round(height)) == (842, 595), "A4 landscape in points"
