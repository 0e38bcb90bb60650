"""An editor works through the to-do list, a report and the history with the keyboard."""

from __future__ import annotations

import pytest

from . import test_editors
from .conftest import axe_violations, log_in, tab_to
from .test_editors import open_form, preview_and_publish

pytestmark = pytest.mark.browser
# The same site as the other editors' walks: a migrated database and two editors.
editors_site = test_editors.editors_site


def send_report(browser, url: str) -> None:
    public = browser.new_context(base_url=url, locale="nl-NL").new_page()
    public.goto("/tafels/topx/melden")
    public.get_by_label("Wat klopt er niet, of wat is er veranderd?").fill("Nieuw adres.")
    public.get_by_role("button", name="Verstuur de melding").click()
    public.context.close()


def test_a_report_from_the_to_do_list_resolved_and_reopened_by_keyboard(browser, editors_site):
    send_report(browser, editors_site)
    page = log_in(browser, editors_site, "redactie@example.org")
    assert page.locator("#todo-open_reports h3").inner_text() == "Open meldingen (1)"
    assert axe_violations(page) == []
    tab_to(page, "a[href='/redactie/meldingen#melding-1']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Meldingen"
    tab_to(page, "#note-1")
    page.keyboard.type("Adres bijgewerkt.")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Melding 1 is afgehandeld." in page.locator(".flash").inner_text()
    assert "Wat ermee gedaan is: Adres bijgewerkt." in page.locator("#melding-1").inner_text()
    assert axe_violations(page) == []
    tab_to(page, "button", "Heropen: melding 1")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#note-1").count() == 1
    page.locator("#note-1").fill("x" * 1001)
    page.locator("#melding-1 .resolve-form button").click()
    assert page.locator(".error-summary").is_visible()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert axe_violations(page) == []
    page.context.close()


def test_the_history_by_table_and_the_links_between_page_and_form(browser, editors_site):
    page = log_in(browser, editors_site, "redactie@example.org")
    open_form(page, "nieuw@triagetafeltwente.nl")
    preview_and_publish(page, "Nieuw aanmeldadres")
    page.goto("/redactie/revisies")
    page.locator("#tafel").select_option("triagetafel")
    tab_to(page, "button", "Toon")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/redactie/revisies?tafel=triagetafel")
    assert page.locator(".compare-form tbody tr").count() == 1
    assert axe_violations(page) == []

    page.goto("/tafels/triagetafel")
    assert axe_violations(page) == []
    tab_to(page, "a", "Bewerk deze tafel")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text().startswith("Triage & Transfertafel bewerken")
    page.get_by_role("link", name="Bekijk de openbare pagina van deze tafel").click()
    assert page.url.endswith("/tafels/triagetafel")
    page.context.close()
