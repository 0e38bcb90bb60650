"""The wegwijzer in Debian Chromium, keyboard only, with axe-core on every page it shows,
with JavaScript (steps swapped in place, Back through the browser's history) and without."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from rdm.wegwijzer.pdf import page_text

from .conftest import axe_violations, tab_to

pytestmark = pytest.mark.browser
CHECK = "Controleer uw antwoorden"
ADVICE = "Advies van de wegwijzer"


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
    """Tab to a button by its text, press Enter, and wait for the next page: a new document
    without JavaScript, new content in <main> with it."""
    tab_to(page, "button, a", text)
    page.evaluate("for (const e of document.querySelector('main').children) e.dataset.old = 1")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => { const m = document.querySelector('main');"
        " return m && m.children.length && !m.querySelector('[data-old]'); }"
    )


def h1(page) -> str:
    return " ".join(page.locator("main h1").inner_text().split())


def radios(page) -> list[str]:
    return page.eval_on_selector_all(
        "#wizard-form input[type=radio]", "els => [...new Set(els.map(e => e.name))]"
    )


def answer_page(page, answers: dict[str, str], default: str = "unknown") -> int:
    names = radios(page)
    for name in names:
        choose(page, name, answers.get(name, default))
    press(page, "Volgende")
    return len(names)


def complete(page, answers: dict[str, str]) -> tuple[list[str], int]:
    """From the start page to the check page, axe-checked; the headings seen and the number
    of questions answered."""
    page.goto("/wegwijzer/")
    assert axe_violations(page) == []
    press(page, "Start de wegwijzer")
    seen, questions = [], 0
    while h1(page) != CHECK:
        seen.append(h1(page))
        assert axe_violations(page) == [], seen[-1]
        questions += answer_page(page, answers)
    assert axe_violations(page) == []
    return seen, questions


HOUSING_CORPORATION = {
    "role": "partner",
    "gemeente": "enschede",
    "acute_danger": "false",
    "need": "veiligheid",
    "gemeente_involved": "false",
}

GGZ_PROVIDER = {
    "role": "ggz_aanbieder",
    "gemeente": "almelo",
    "acute_danger": "false",
    "need": "plek",
    "gemeente_involved": "true",
    "crisis": "false",
    "wlz": "false",
    "seeks_care_advice": "true",
}


def test_a_housing_corporation_reaches_its_gemeente_in_five_questions(page, tmp_path):
    seen, questions = complete(page, HOUSING_CORPORATION)
    assert seen == ["Over uw vraag"] and questions == 5
    tab_to(page, "button", "Wijzig het antwoord op: In welke gemeente woont de persoon?")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('main h1').textContent.includes('Over')")
    choose(page, "gemeente", "hengelo")
    press(page, "Opslaan en verder")
    assert h1(page) == CHECK
    assert "Hengelo" in page.locator(".summary-list").first.inner_text()

    press(page, "Bekijk het advies")
    assert h1(page) == ADVICE
    assert axe_violations(page) == []
    first = page.locator(".first-step").inner_text()
    assert "Eerste stap: de gemeente Hengelo" in first
    assert "staan nog niet in dit overzicht" in first, "no route known: said plainly"
    assert "info@veiligheidshuistwente.nl" in first, "a safety case: the best route known"
    assert page.locator(".verdict__badge", has_text="Past niet").count() == 0

    html = page.content()
    tab_to(page, "button", "Download als PDF")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    saved = tmp_path / "advies.pdf"
    download.value.save_as(saved)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(saved).pages).split())
    printed = " ".join(w for w in text.split() if w not in {"•", "\x7f"})
    assert printed == " ".join(page_text(html).split()), "the PDF says what the page says"

    on_paper = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf())).pages)
    assert ADVICE in on_paper and "Download als PDF" not in on_paper


def test_a_professional_reaches_the_table_in_a_few_questions_by_keyboard(page):
    seen, questions = complete(page, GGZ_PROVIDER)
    assert questions <= 8, seen
    press(page, "Bekijk het advies")
    first = page.locator(".verdict").first
    assert "Triage & Transfertafel" in first.locator("h3").inner_text()
    assert first.locator(".verdict__badge").inner_text() == "Past"
    assert "U mag deze casus zelf aanmelden." in first.inner_text()
    assert axe_violations(page) == []


def test_back_returns_to_each_question_with_its_answer_and_never_resubmits(page):
    complete(page, GGZ_PROVIDER)
    assert h1(page) == CHECK
    assert page.url.endswith("/wegwijzer/"), "no answer and no step in the address"
    asked = []
    for _ in range(4):
        page.go_back()
        page.wait_for_function("() => document.querySelector('main h1')")
        asked.append(h1(page))
        for name in radios(page):
            checked = page.eval_on_selector(
                f"#wizard-form input[name='{name}']:checked", "e => e.value"
            )
            assert checked == GGZ_PROVIDER.get(name, "unknown"), (h1(page), name)
        assert page.evaluate("document.activeElement.tagName") == "H1", "focus on the heading"
    assert asked[-1] == "Over uw vraag"
    page.go_forward()
    page.go_forward()
    assert h1(page) == asked[-3]
    assert axe_violations(page) == []


def test_without_javascript_the_back_link_is_the_way_back(page_without_javascript):
    page = page_without_javascript
    seen, _ = complete(page, GGZ_PROVIDER)
    press(page, "Terug")
    assert h1(page) == seen[-1]
    press(page, "Terug")
    assert h1(page) == seen[-2]
    assert axe_violations(page) == []


def test_wijzig_lands_on_the_question_with_focus(page):
    complete(page, GGZ_PROVIDER)
    question = "Heeft de persoon een Wlz-indicatie?"
    press(page, f"Wijzig het antwoord op: {question}")
    assert h1(page) == question
    assert page.evaluate("document.activeElement.textContent.trim()") == question
    choose(page, "wlz", "false")
    press(page, "Opslaan en verder")
    assert h1(page) == CHECK


def test_a_missing_answer_is_shown_accessibly_and_focused(page):
    page.goto("/wegwijzer/")
    press(page, "Start de wegwijzer")
    press(page, "Volgende")
    assert page.locator(".error-summary").is_visible()
    assert page.evaluate("document.activeElement.className") == "error-summary"
    assert axe_violations(page) == []
    tab_to(page, ".error-summary a")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#role-0"


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_every_page_of_the_wegwijzer_fits_320_pixels_without_violations(
    browser, live_server, javascript
):
    from .conftest import opened_tab

    def fits(tab) -> bool:
        return tab.evaluate("document.documentElement.scrollWidth") <= 320

    options = {"viewport": {"width": 320, "height": 640}, "java_script_enabled": javascript}
    with opened_tab(browser, live_server, **options) as tab:
        tab.goto("/wegwijzer/")
        press(tab, "Start de wegwijzer")
        while h1(tab) != CHECK:
            assert fits(tab) and axe_violations(tab) == [], h1(tab)
            answer_page(tab, GGZ_PROVIDER)
        assert fits(tab) and axe_violations(tab) == []
        press(tab, "Bekijk het advies")
        assert fits(tab) and axe_violations(tab) == []


def test_the_wizard_in_english(page):
    page.goto("/taal/en?next=/wegwijzer/")
    assert h1(page) == "Wizard: which table fits?"
    press(page, "Start the wizard")
    assert page.locator("html").get_attribute("lang") == "en"
    assert axe_violations(page) == []
