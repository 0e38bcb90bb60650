"""An editor in Debian Chromium: log in, change a contact, preview, publish, see it live."""

from __future__ import annotations

import pytest

from tests.editor_helpers import PASSWORD, add_account, make_app

from .conftest import axe_violations, log_in, serving, tab_to

pytestmark = pytest.mark.browser


@pytest.fixture
def editors_site(tmp_path):
    """A live server with a migrated database and one editor."""
    app = make_app(f"sqlite:///{tmp_path}/rdm.sqlite3", str(tmp_path))
    add_account(app)
    add_account(app, "b@example.org", "Bram Beheer")
    with serving(app) as url:
        yield url


def test_an_editor_changes_a_contact_and_the_public_page_shows_it(browser, editors_site):
    context = browser.new_context(base_url=editors_site, locale="nl-NL")
    page = context.new_page()
    page.goto("/redactie/")
    assert page.locator("h1").inner_text() == "Inloggen voor de redactie"
    assert axe_violations(page) == []
    tab_to(page, "#email")
    page.keyboard.type("redactie@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Redactie"
    assert axe_violations(page) == []

    page.get_by_role("link", name="YAML Triage & Transfertafel", exact=True).click()
    assert page.locator("h1").inner_text() == "Triage & Transfertafel bewerken"
    assert axe_violations(page) == []
    area = page.locator("textarea[name=yaml]")
    area.fill(
        area.input_value().replace("aanmelding@triagetafeltwente.nl", "nieuw@triagetafeltwente.nl")
    )
    page.get_by_role("button", name="Controleer en bekijk het voorbeeld").click()
    assert page.locator("h1").inner_text() == "Voorbeeld van de wijziging"
    assert axe_violations(page) == []
    assert (
        " ".join(page.locator(".diff__add").inner_text().split())
        == "+ address: nieuw@triagetafeltwente.nl"
    )

    page.get_by_label("Wat is er veranderd en waarom?").fill("Nieuw aanmeldadres")
    page.get_by_role("button", name="Publiceren").click()
    # Revision 1 is the packaged catalogue, stored by the first publication.
    assert "Revisie 2 is gepubliceerd." in page.locator(".flash").inner_text()
    for url in (
        "/redactie/revisies",
        "/redactie/inzicht",
        "/redactie/meldingen",
        "/redactie/formulier/topx",
    ):
        page.goto(url)
        assert axe_violations(page) == [], url

    public = browser.new_context(base_url=editors_site, locale="nl-NL").new_page()
    public.goto("/tafels/triagetafel")
    assert public.locator("a[href='mailto:nieuw@triagetafeltwente.nl']").count() == 1
    context.close()


def open_form(page, email: str):
    """Open Triage & Transfertafel's form and type a new registration address (not sent)."""
    page.goto("/redactie/formulier/triagetafel")
    field = page.locator("input[value='aanmelding@triagetafeltwente.nl']")
    field.fill(email)


def preview_and_publish(page, note: str):
    page.get_by_role("button", name="Controleer en bekijk het voorbeeld").click()
    assert page.locator("h1").inner_text() == "Voorbeeld van de wijziging"
    page.get_by_label("Wat is er veranderd en waarom?").fill(note)
    page.get_by_role("button", name="Publiceren").click()


@pytest.mark.parametrize("colliding", [False, True], ids=["separate fields", "same field"])
def test_two_editors_in_two_browsers_lose_nothing(browser, editors_site, colliding):
    anna = log_in(browser, editors_site, "redactie@example.org")
    bram = log_in(browser, editors_site, "b@example.org")
    open_form(anna, "anna@triagetafeltwente.nl")
    if colliding:
        open_form(bram, "bram@triagetafeltwente.nl")
    else:
        bram.goto("/redactie/formulier/triagetafel")
        bram.locator("#chair-nl").fill("Teamleider van Mediant")
    preview_and_publish(bram, "Bram")
    assert "is gepubliceerd" in bram.locator(".flash").inner_text()

    anna.get_by_role("button", name="Controleer en bekijk het voorbeeld").click()
    assert anna.locator("h1").inner_text() == (
        "Niet gepubliceerd: iemand anders publiceerde intussen"
    )
    assert "Bram Beheer" in anna.locator("table").first.inner_text()
    assert axe_violations(anna) == []
    if colliding:
        anna.get_by_label("Mijn waarde gebruiken").check()
    anna.get_by_role("button", name="Samenvoegen en het voorbeeld bekijken").click()
    assert anna.locator("h1").inner_text() == "Voorbeeld van de wijziging"
    assert axe_violations(anna) == []
    anna.get_by_label("Wat is er veranderd en waarom?").fill("Anna")
    anna.get_by_role("button", name="Publiceren").click()
    assert "is gepubliceerd" in anna.locator(".flash").inner_text()

    public = browser.new_context(base_url=editors_site, locale="nl-NL").new_page()
    public.goto("/tafels/triagetafel")
    assert public.locator("a[href='mailto:anna@triagetafeltwente.nl']").count() == 1
    if not colliding:
        assert "Teamleider van Mediant" in public.locator("main").inner_text()
    anna.goto("/redactie/revisies")
    notes = anna.locator("tbody td:nth-child(6)").all_inner_texts()  # Toelichting
    assert notes[:2] == ["Anna", "Bram"], "Bram's revision stays in the history"


def test_marking_as_checked_asks_first(browser, editors_site):
    page = log_in(browser, editors_site, "redactie@example.org")
    # The tables' list (the to-do list links the same page once TopX is a year unchecked).
    page.get_by_role("link", name="Markeer als gecontroleerd : TopX / ketencasusoverleg").click()
    assert page.locator("h1").inner_text() == "TopX / ketencasusoverleg markeren als gecontroleerd"
    assert axe_violations(page) == []
    page.get_by_role("button", name="Markeer als gecontroleerd").click()
    assert page.locator("#open-items-error").is_visible()
    assert axe_violations(page) == []


def presses_to(page, check: str, limit: int = 60) -> int:
    """Press Tab until `check` (a JavaScript expression) holds; return how many presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(check):
            return presses
    raise AssertionError(f"not reached in {limit} Tab presses: {check}")


def test_a_contact_is_changed_and_published_with_the_keyboard_alone(browser, editors_site):
    page = log_in(browser, editors_site, "redactie@example.org")
    # From the dashboard (its to-do list first) to the table's form: past the list by a link.
    found = presses_to(page, "document.activeElement.classList.contains('skip-link')")
    page.keyboard.press("Enter")
    found += presses_to(page, "document.activeElement.getAttribute('href') === '#tafels'")
    page.keyboard.press("Enter")
    form = "/redactie/formulier/triagetafel"
    found += presses_to(page, f"document.activeElement.getAttribute('href') === '{form}'")
    assert found < 10, f"{found} Tab presses from the dashboard to the table's form"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tabs = presses_to(page, "document.activeElement.classList.contains('skip-link')")
    page.keyboard.press("Enter")
    tabs += presses_to(page, "document.activeElement.getAttribute('href') === '#contact'")
    page.keyboard.press("Enter")
    tabs += presses_to(page, "document.activeElement.id === 'contacts-0-address'")
    assert tabs < 20, f"{tabs} Tab presses from the top of the form to the e-mail field"
    page.keyboard.press("Control+A")
    page.keyboard.type("nieuw@triagetafeltwente.nl")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Voorbeeld van de wijziging"
    presses_to(page, "document.activeElement.id === 'note'")
    page.keyboard.type("Nieuw aanmeldadres")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "is gepubliceerd" in page.locator(".flash").inner_text()


def test_the_first_change_is_live_at_once_and_can_be_rolled_back(browser, editors_site):
    anna = log_in(browser, editors_site, "redactie@example.org")
    open_form(anna, "nieuw@triagetafeltwente.nl")
    preview_and_publish(anna, "Nieuw adres")
    assert "Revisie 2 is gepubliceerd." in anna.locator(".flash").inner_text()
    assert "Live is: revisie 2" in " ".join(anna.locator("main").inner_text().split())
    anna.goto("/redactie/revisies")
    assert " ".join(anna.locator("tbody th").first.inner_text().split()) == "2 (live)"
    # Revision 1 is the packaged state: the very first change can be undone.
    anna.get_by_role("button", name="Zet revisie 1 terug").click()
    assert anna.locator("h1").inner_text() == "Voorbeeld van de wijziging"
    removed = [" ".join(line.split()) for line in anna.locator(".diff__remove").all_inner_texts()]
    assert removed == ["- address: nieuw@triagetafeltwente.nl"]
    anna.get_by_role("button", name="Publiceren").click()
    assert "Revisie 3 is gepubliceerd." in anna.locator(".flash").inner_text()
    public = browser.new_context(base_url=editors_site, locale="nl-NL").new_page()
    public.goto("/tafels/triagetafel")
    assert public.locator("a[href='mailto:aanmelding@triagetafeltwente.nl']").count() == 1


def test_a_wrong_address_is_named_at_its_field_and_the_summary_has_focus(browser, editors_site):
    anna = log_in(browser, editors_site, "redactie@example.org")
    open_form(anna, "geen-adres")
    anna.get_by_role("button", name="Controleer en bekijk het voorbeeld").click()
    summary = anna.locator(".error-summary")
    assert summary.evaluate("element => element === document.activeElement")
    link = summary.locator("a").first
    target = link.get_attribute("href")
    link.click()
    field = anna.locator(target)
    assert field.evaluate("element => element === document.activeElement")
    described = field.get_attribute("aria-describedby") or ""
    assert described and "e-mail" in anna.locator(f"#{described.split()[0]}").inner_text().lower()
    assert field.input_value() == "geen-adres", "what was typed is kept"
    assert axe_violations(anna) == []
