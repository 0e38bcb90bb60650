"""A live server on loopback and Debian's Chromium driven by Playwright.

In CI (CI or RDM_REQUIRE_BROWSER set) a missing browser fails the run; only on a developer
machine without Chromium (and without root to install it) are these tests skipped.
"""

from __future__ import annotations

import os
import re
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from markupsafe import Markup
from werkzeug.serving import make_server

from rdm import create_app

CHROMIUM = Path(os.environ.get("RDM_CHROMIUM", "/usr/bin/chromium"))
# Flags the closed network of this machine needs: no background calls home, no sandbox as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
STYLESHEET = Path(__file__).parents[2] / "rdm" / "static" / "css" / "site.css"


def browser_required() -> bool:
    return bool(os.environ.get("CI") or os.environ.get("RDM_REQUIRE_BROWSER"))


@contextmanager
def serving(app):
    """Serve `app` on a free loopback port; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """Serve the app on a free loopback port for the whole session."""
    instance = str(tmp_path_factory.mktemp("instance"))
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=instance
    )
    with serving(app) as url:
        yield url


def csp_refusal(text: str) -> bool:
    """Whether a console message is Chromium refusing something under the page's CSP."""
    return "Content Security Policy" in text


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = (
            f"Debian's Chromium is not installed at {CHROMIUM} (make test installs it as root)"
        )
        if browser_required():
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@contextmanager
def opened_tab(browser, live_server, **options):
    """A fresh Dutch browser tab on the live server; fails on any asset that fails or errs,
    and on anything the Content-Security-Policy refuses."""
    context = browser.new_context(
        base_url=live_server,
        locale="nl-NL",
        **{"viewport": {"width": 1280, "height": 900}, **options},
    )
    tab = context.new_page()
    tab.rdm_javascript = options.get("java_script_enabled", True)
    problems: list[str] = []

    def failed(request):
        # A navigation cancels what is still loading (net::ERR_ABORTED), e.g. the favicon, and
        # a download aborts its own navigation: neither is a failure.
        if request.failure != "net::ERR_ABORTED":
            problems.append(f"{request.url}: {request.failure}")

    def answered(response):
        # A wegwijzer step sent by its script answers 400 when an answer is missing, as the
        # page does without JavaScript: that is the form's error page, not a failure.
        kind = response.request.resource_type
        if kind == "fetch" and response.status == 400:
            return
        if kind != "document" and response.status >= 400:
            problems.append(f"{response.url}: HTTP {response.status}")

    def console(message):
        # The Content-Security-Policy is enforced: anything it refuses is a defect of a page.
        if csp_refusal(message.text):
            problems.append(f"{tab.url}: {message.text}")

    tab.on("requestfailed", failed)
    tab.on("response", answered)
    tab.on("console", console)
    # So is an error of the page's own script.
    tab.on("pageerror", lambda error: problems.append(f"{tab.url}: {error}"))
    yield tab
    context.close()
    assert problems == []


@pytest.fixture
def page(browser, live_server):
    """A tab with JavaScript, as most people have it."""
    with opened_tab(browser, live_server) as tab:
        yield tab


@pytest.fixture
def page_without_javascript(browser, live_server):
    """A tab with JavaScript switched off: every page must work without it."""
    with opened_tab(browser, live_server, java_script_enabled=False) as tab:
        yield tab


def axe_violations(tab) -> list[str]:
    """Run axe-core with the WCAG 2.1 A and AA rules; return one line per violating node.

    axe-core is a script: in a tab without JavaScript it runs on a copy of the page as that
    tab shows it (same HTML, stylesheet and viewport) in a twin tab that runs scripts."""
    from axe_playwright_python.sync_playwright import Axe

    if getattr(tab, "rdm_javascript", True):
        return _axe(Axe(), tab)
    # The copy loads nothing: the stylesheet is written into it, links to files are dropped.
    style = Markup("<style>{}</style>").format(Markup(STYLESHEET.read_text(encoding="utf-8")))
    html = re.sub(r"<link [^>]*>", "", tab.content())
    html = re.sub(r"<script[^>]*>\s*</script>", "", html).replace("</head>", style + "</head>", 1)
    twin = tab.context.browser.new_context(locale="nl-NL", viewport=tab.viewport_size)
    try:
        copy = twin.new_page()
        copy.set_content(html)
        return _axe(Axe(), copy)
    finally:
        twin.close()


def _axe(axe, tab) -> list[str]:
    results = axe.run(tab, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    return [
        f"{violation['id']}: {node['target']} — {violation['help']}"
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]


def tab_to(tab, selector: str = "*", text: str | None = None, limit: int = 120) -> None:
    """Press Tab until an element matching `selector` (and showing `text`) has focus."""
    check = """([selector, text]) => {
        const e = document.activeElement;
        if (!e || !e.matches(selector)) return false;
        return text === null || e.textContent.replace(/\\s+/g, " ").trim() === text;
    }"""
    for _ in range(limit):
        tab.keyboard.press("Tab")
        if tab.evaluate(check, [selector, text]):
            return
    raise AssertionError(f"could not reach {selector} {text or ''} with the Tab key")


def log_in(browser, url: str, email: str = "redactie@example.org"):
    """A new browser context logged in to the editors' area as `email` (the tests' password)."""
    from tests.editor_helpers import PASSWORD

    context = browser.new_context(base_url=url, locale="nl-NL")
    page = context.new_page()
    page.goto("/redactie/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    assert page.locator("h1").inner_text() == "Redactie"
    return page
