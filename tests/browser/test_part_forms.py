"""Rows added and removed in the editors' forms, with and without JavaScript, by keyboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.editor_helpers import PASSWORD, add_account, make_app

from .conftest import axe_violations, serving

pytestmark = pytest.mark.browser


@pytest.fixture
def editors_site(tmp_path):
    """A live server with a migrated database and one editor."""
    app = make_app(f"sqlite:///{tmp_path}/rdm.sqlite3", str(tmp_path))
    add_account(app)
    with serving(app) as url:
        yield url


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without"])
def test_rows_are_added_and_removed_and_enter_previews(browser, editors_site, javascript):
    context = browser.new_context(
        base_url=editors_site, locale="nl-NL", java_script_enabled=javascript
    )
    page = context.new_page()
    page.rdm_javascript = javascript  # axe runs on a twin tab when this one has no scripts
    page.goto("/redactie/inloggen")
    page.get_by_label("E-mailadres").fill("redactie@example.org")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    page.goto("/redactie/formulier/topx")
    assert axe_violations(page) == []
    page.locator("#goal-nl").fill("Een getypt doel")
    page.get_by_role("button", name="Criterium toevoegen").click()
    # The button sends the form; the page that comes back puts the focus on the new row.
    expect(page.locator("fieldset#criteria-5:focus"), "the new row has the focus").to_have_count(1)
    page.keyboard.press("Tab")
    page.locator("#criteria-5-text-nl").fill("Een nieuw criterium")
    page.get_by_role("button", name="Verwijderen (Criterium 1)", exact=True).click()
    expect(page.locator("div#criteria:focus")).to_have_count(1)
    assert page.locator("fieldset[id^=criteria-]").count() == 5
    assert page.locator("#criteria-4-text-nl").input_value() == "Een nieuw criterium"
    assert page.locator("#goal-nl").input_value() == "Een getypt doel"
    assert axe_violations(page) == []

    page.locator("#contacts-0-subject").press("Enter")
    assert page.locator("h1").inner_text() == "Voorbeeld van de wijziging", "Enter previews"
    diff = page.locator(".diff").inner_text()
    assert "Een nieuw criterium" in diff and "Een getypt doel" in diff

    for url in (
        "/redactie/onderdelen",
        "/redactie/gemeenten/tubbergen",
        "/redactie/toelichting",
        "/redactie/woordenlijst/need",
        "/redactie/voorbeeldcasussen/1",
    ):
        page.goto(url)
        assert axe_violations(page) == [], url
    page.goto("/redactie/gemeenten/almelo")
    page.get_by_role("button", name="Route toevoegen").click()
    page.get_by_label("Soort").select_option("phone")
    page.get_by_role("button", name="Velden voor deze soort tonen (Contact 1)", exact=True).click()
    assert page.get_by_label("Telefoonnummer").count() == 1
    assert page.get_by_label("E-mailadres").count() == 0
    assert axe_violations(page) == []
    context.close()
