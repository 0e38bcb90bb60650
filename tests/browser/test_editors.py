"""An editor in Debian Chromium: log in, change a contact, preview, publish, see it live."""

from __future__ import annotations

import pytest

from tests.editor_helpers import PASSWORD, add_account, make_app

from .conftest import axe_violations, serving, tab_to

pytestmark = pytest.mark.browser


@pytest.fixture
def editors_site(tmp_path):
    """A live server with a migrated database and one editor."""
    app = make_app(f"sqlite:///{tmp_path}/rdm.sqlite3", str(tmp_path))
    add_account(app)
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
    assert "Revisie 1 is gepubliceerd." in page.locator(".flash").inner_text()
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
