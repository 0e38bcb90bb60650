"""Every page of the editors' area in Chromium: axe-core finds nothing, the keyboard gets
everywhere, and a session that ended loses no work.

The pages come from the app's url_map (every GET rule under /redactie), so a page added later
is checked without a change here; an argument not known below fails with its name.
"""

from __future__ import annotations

import pytest

from rdm.config import PACKAGED_CATALOGUE
from rdm.extensions import db
from rdm.models import Revision
from rdm.overview.feedback import report_problem
from tests.editor_helpers import PASSWORD, add_account, make_app

from .conftest import axe_violations, log_in, serving

pytestmark = pytest.mark.browser

AREA = "/redactie"
# A real value for each argument of an editors' page; a new argument must be added here.
ARGUMENTS = {"slug": "triagetafel", "number": 1, "answer_id": "severe_psychiatric"}
# Where a page's argument names something else than a table.
ENDPOINT_ARGUMENTS = {"redactie.catalogue_forms.gemeente": {"slug": "hengelo"}}
# Pages that need a query to show more than a redirect.
QUERIES = {"redactie.revisions.compare": "?van=1&naar=2"}
PACKAGED = PACKAGED_CATALOGUE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def area(tmp_path_factory):
    """A live server with two revisions, a report and two editors; the pages of its area."""
    folder = tmp_path_factory.mktemp("editors-pages")
    app = make_app(f"sqlite:///{folder}/rdm.sqlite3", str(folder))
    add_account(app)
    add_account(app, "b@example.org", "Bram Beheer")
    changed = PACKAGED.replace("aanmelding@triagetafeltwente.nl", "nieuw@triagetafeltwente.nl")
    with app.app_context():
        db.session.add_all([Revision.of(PACKAGED, "Eerste stand", None, 0)])
        db.session.commit()
        db.session.add(Revision.of(changed, "Nieuw adres", None, 1))
        db.session.commit()
        report_problem("triagetafel", "Het telefoonnummer is veranderd.", "")
    with serving(app) as url:
        yield url, pages(app)


def pages(app) -> list[str]:
    """Every GET page of the editors' area, with real arguments."""
    found = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.rule.startswith(AREA) or "GET" not in rule.methods:
            continue
        if rule.endpoint.startswith("redactie.downloads."):
            continue  # files to save, not pages
        unknown = set(rule.arguments) - set(ARGUMENTS)
        assert not unknown, f"{rule.rule}: give ARGUMENTS a real value for {unknown}"
        values = {**ARGUMENTS, **ENDPOINT_ARGUMENTS.get(rule.endpoint, {})}
        url = rule.build({name: values[name] for name in rule.arguments})[1]
        found.append(url + QUERIES.get(rule.endpoint, ""))
    return found


def test_the_area_has_the_pages_we_know_of(area):
    _url, found = area
    assert {
        "/redactie/",
        "/redactie/redacteuren",
        "/redactie/wachtwoord",
        "/redactie/onderdelen",
        "/redactie/gemeenten/hengelo",
        "/redactie/woordenlijst/severe_psychiatric",
        "/redactie/voorbeeldcasussen/1",
    } <= set(found)
    assert len(found) >= 19


def test_every_editors_page_passes_axe(browser, area):
    url, found = area
    page = log_in(browser, url)
    failures = {}
    for path in found:
        response = page.goto(path)
        assert response.status == 200, (path, response.status)
        assert page.locator("h1").count() == 1, path
        violations = axe_violations(page)
        if violations:
            failures[path] = violations
    page.context.close()
    assert failures == {}


def focused(page, selector: str) -> bool:
    return page.evaluate("(s) => document.activeElement.matches(s)", selector)


def test_every_editors_page_starts_with_a_skip_link_and_reaches_the_menu(browser, area):
    url, found = area
    page = log_in(browser, url)
    for path in found:
        page.goto(path)
        page.keyboard.press("Tab")
        assert focused(page, "a.skip-link[href='#inhoud']"), path
        if path == "/redactie/inloggen":
            continue  # the login page has the public menu
        menu = page.locator("nav.editors-menu a, nav.editors-menu button").count()
        reached = set()
        for _ in range(12 + menu):
            page.keyboard.press("Tab")
            if focused(page, "nav.editors-menu a, nav.editors-menu button"):
                reached.add(page.evaluate("document.activeElement.textContent.trim()"))
        assert len(reached) == menu, (path, reached)
        page.keyboard.press("Shift+Tab")
        page.goto(path)
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        assert focused(page, "main#inhoud"), f"{path}: the skip link leads to the content"
    page.context.close()


def test_a_yaml_edit_after_logging_out_in_another_tab_is_previewed_after_the_login(browser, area):
    url, _found = area
    page = log_in(browser, url, "b@example.org")
    page.goto("/redactie/bewerken/triagetafel")
    field = page.locator("textarea[name=yaml]")
    field.fill(field.input_value().replace("Triage & Transfertafel", "Triage- en Transfertafel", 1))
    other = page.context.new_page()
    other.goto("/redactie/")
    other.get_by_role("button", name="Uitloggen").click()
    other.close()

    page.get_by_role("button", name="Controleer en bekijk het voorbeeld").click()
    assert page.locator("h1").inner_text() == "Inloggen voor de redactie"
    assert "Wat u had ingevuld is bewaard" in page.locator(".notice").inner_text()
    assert axe_violations(page) == []
    page.get_by_label("E-mailadres").fill("b@example.org")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    assert page.locator("h1").inner_text() == "Ga verder waar u was"
    assert axe_violations(page) == []
    page.get_by_role("button", name="Verstuur wat u had ingevuld").click()
    assert page.locator("h1").inner_text() == "Voorbeeld van de wijziging"
    assert "Triage- en Transfertafel" in page.locator(".diff__add").first.inner_text()
    page.context.close()


@pytest.mark.parametrize(
    ("path", "button"),
    [
        ("/redactie/redacteuren/nieuw", "Redacteur toevoegen"),
        ("/redactie/wachtwoord", "Wachtwoord wijzigen"),
    ],
)
def test_an_account_form_with_mistakes_focuses_its_error_summary(browser, area, path, button):
    url, _found = area
    page = log_in(browser, url)
    page.goto(path)
    page.get_by_role("button", name=button).click()
    # The summary has the focus, so it is read first (autofocus: once the page is drawn).
    page.wait_for_function("document.activeElement.matches('.error-summary')", timeout=3000)
    first = page.locator(".error-summary a").first
    target = first.get_attribute("href")
    first.click()
    assert focused(page, target), "each problem links to its field"
    assert axe_violations(page) == []
    page.context.close()
