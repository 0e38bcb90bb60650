"""The wegwijzer in Debian Chromium, keyboard only, with axe-core on every page it shows."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from .conftest import axe_violations, tab_to

pytestmark = pytest.mark.browser


def choose(page, name: str, value: str) -> None:
    """Pick a radio with the keyboard: Tab into the group, Space, then arrow keys."""
    values = page.eval_on_selector_all(
        f"#wizard-form input[name='{name}']", "els => els.map(e => e.value)"
    )
    tab_to(page, f"#wizard-form input[name='{name}']")
    current = page.evaluate("document.activeElement.value")
    if not page.evaluate("document.activeElement.checked"):
        page.keyboard.press("Space")
    for _ in range((values.index(value) - values.index(current)) % len(values)):
        page.keyboard.press("ArrowDown")
    checked = page.eval_on_selector(f"#wizard-form input[name='{name}']:checked", "e => e.value")
    assert checked == value, (name, checked, value)


def press(page, text: str) -> None:
    """Tab to a button by its text and press Enter."""
    tab_to(page, "button, a", text)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def answer_page(page, answers: dict[str, str], default: str = "unknown") -> None:
    names = page.eval_on_selector_all(
        "#wizard-form input[type=radio]", "els => [...new Set(els.map(e => e.name))]"
    )
    for name in names:
        choose(page, name, answers.get(name, default))
    press(page, "Volgende")


def complete(page, answers: dict[str, str]) -> list[str]:
    """From the start page to the check page; return the h1 of every page seen, axe-checked."""
    page.goto("/wegwijzer/")
    assert axe_violations(page) == []
    press(page, "Start de wegwijzer")
    seen = []
    while page.locator("h1").inner_text() != "Controleer uw antwoorden":
        seen.append(page.locator("h1").inner_text())
        assert axe_violations(page) == [], seen[-1]
        answer_page(page, answers)
    assert axe_violations(page) == []
    return seen


HOUSING_CORPORATION = {
    "role": "partner",
    "gemeente": "enschede",
    "acute_danger": "false",
    "crisis": "false",
    "sudden_deterioration": "false",
    "gemeente_involved": "false",
    "wlz": "false",
    "area_safety_problem": "true",
    "multi_problem": "true",
    "criminal_or_nuisance": "true",
    "system_impact": "true",
}

GP_IN_A_CRISIS = {
    "role": "huisarts",
    "gemeente": "almelo",
    "acute_danger": "false",
    "crisis": "true",
    "sudden_deterioration": "true",
    "gemeente_involved": "true",
    "wlz": "true",
}


def test_a_housing_corporation_finds_topx_changes_an_answer_and_keeps_a_pdf(page, tmp_path):
    seen = complete(page, HOUSING_CORPORATION)
    assert seen[:3] == [
        "Wie vraagt het en waar woont de persoon?",
        "Is er gevaar of een crisis?",
        "Wie is er al betrokken?",
    ]
    tab_to(page, "button", "Wijzig het antwoord op: In welke gemeente woont de persoon?")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert axe_violations(page) == []
    choose(page, "gemeente", "hengelo")
    press(page, "Opslaan en terug naar het overzicht")
    assert page.locator("h1").inner_text() == "Controleer uw antwoorden"
    assert "Hengelo" in page.locator(".summary-list").first.inner_text()

    press(page, "Bekijk het advies")
    assert page.locator("h1").inner_text() == "Advies van de wegwijzer"
    assert axe_violations(page) == []
    assert "Eerste stap: de gemeente Hengelo" in page.locator(".first-step").inner_text()
    first = page.locator(".verdict").first
    assert (
        "TopX" in first.locator("h2").inner_text()
        and "Past" in first.locator(".verdict__badge").inner_text()
    )
    assert "U mag deze casus niet zelf aanmelden." in first.inner_text()

    tab_to(page, "button", "Download als PDF")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    saved = tmp_path / "advies.pdf"
    download.value.save_as(saved)
    text = " ".join(p.extract_text() for p in PdfReader(saved).pages)
    assert "TopX / ketencasusoverleg Zorg en Veiligheidshuis Twente" in text
    assert "Hengelo" in text

    printed = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf())).pages)
    assert "Advies van de wegwijzer" in printed
    assert "Download als PDF" not in printed, "print styles hide the buttons"


def test_a_gp_in_a_wlz_crisis_is_sent_to_the_crisis_team(page):
    complete(page, GP_IN_A_CRISIS)
    press(page, "Bekijk het advies")
    assert axe_violations(page) == []
    first = page.locator(".verdict").first
    assert "Regionaal Crisis- en ondersteuningsteam Zorgkantoor" in first.locator("h2").inner_text()
    assert "U mag deze casus zelf aanmelden." in first.inner_text()
    assert page.locator(".first-step").count() == 0, "the gemeente is already involved"


def test_a_missing_answer_is_shown_accessibly(page):
    page.goto("/wegwijzer/")
    press(page, "Start de wegwijzer")
    press(page, "Volgende")
    assert page.locator(".error-summary").is_visible()
    assert axe_violations(page) == []
    tab_to(page, ".error-summary a")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#role-0"


def test_the_wizard_in_english(page):
    page.goto("/taal/en?next=/wegwijzer/")
    assert page.locator("h1").inner_text() == "Wizard: which table fits?"
    press(page, "Start the wizard")
    assert page.locator("html").get_attribute("lang") == "en"
    assert axe_violations(page) == []
