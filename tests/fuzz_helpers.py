"""What the fuzz modules share (test_fuzz, test_fuzz_forms, test_fuzz_part_forms,
test_fuzz_accounts, test_fuzz_api, test_fuzz_bodies, api_schema_fuzz, test_xss): the
strategies that mix real catalogue values with hostile ones, the check that an HTML page is
inert, the Sender that counts and checks every input, and the module-scoped app on a migrated
database with a signed-in editor.

Every fuzz test counts the requests it really sent (fuzz_counter.Counter), asserts its own
minimum, and the total is printed at the end of the run. Generation is derandomized (the same
inputs every run; only the wizard walk, which follows the pages it gets, varies a little).
"""

from __future__ import annotations

import contextlib
import logging
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from rdm.catalogue import load_catalogue
from rdm.config import PACKAGED_CATALOGUE

from .conftest import BACKENDS, empty_database
from .editor_helpers import add_account, logged_in, make_app
from .fuzz_counter import Counter

CATALOGUE = load_catalogue(PACKAGED_CATALOGUE).catalogue
SLUGS = tuple(t.slug for t in CATALOGUE.tables)
TOPICS = tuple(t.id for t in CATALOGUE.topics)
GEMEENTEN = tuple(g.slug for g in CATALOGUE.gemeenten)
ANSWER_IDS = tuple(a.id for a in CATALOGUE.vocabulary)
# Words a professional would search for: abbreviations, their long forms, table names.
SEARCH_WORDS = tuple(
    sorted(
        {a.abbr for a in CATALOGUE.abbreviations}
        | {a.long.nl for a in CATALOGUE.abbreviations}
        | {t.short_name.nl for t in CATALOGUE.tables}
        | {"wachtlijst", "verward gedrag", "wlz", "lvb", "zorgmijder", "crisis", "wijkteam"}
    )
)

# Payloads that would run script if a page put them in its HTML unescaped.
XSS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg/onload=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</title><img src=x onerror=alert(1)>",
    '" autofocus onfocus="alert(1)',
    "' onmouseover='alert(1)",
    "<iframe src=javascript:alert(1)></iframe>",
    '<a href="javascript:alert(1)">x</a>',
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<body onload=alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<!--<img src=x onerror=alert(1)>-->",
    "{{ 7 * 7 }}{% raw %}",
)
SQLISH = (
    "' OR '1'='1",
    "1; DROP TABLE revisions; --",
    '" OR ""="',
    "%' --",
    "' UNION SELECT password_hash FROM editors --",
    "\\",
    "%",
    "_",
)
PATH_TRICKS = (
    "../../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "/\\evil.example",
    "//evil.example",
    "///evil.example/",
    "\\\\evil.example",
    "https://evil.example/",
    "/%2e%2e/%2e%2e/etc/passwd",
    "%2F%2Fevil.example",
    "/\t/evil.example",
    " /evil.example",
    "javascript://%0aalert(1)",
    "/redactie/",
    "/.well-known/../redactie/",
    "/static/../rdm.sqlite3",
)
ODD = (
    "\x00",
    "a\x00b",
    "\r\nSet-Cookie: lang=en",
    "\x1b[2J",
    "\u202egnp.exe",
    "\ufeff",
    "\u200b",
    "🙂🙂🙂",
    "İstanbul",
    "e\u0301",
    "\uffff",
    "null",
    "undefined",
    "true",
    "NaN",
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "[]",
    "{}",
    "__proto__",
)
HOSTILE = XSS + SQLISH + PATH_TRICKS + ODD
# What must never appear unescaped in a page (the site itself has no script, img or iframe).
RAW_MARKERS = re.compile(r"<\s*script|<img\b|<iframe|<svg[^>]*onload|<body\s+onload", re.I)
# The one script the site runs: its own, from its own address, with its integrity hash.
OWN_SCRIPT = re.compile(
    r'<script src="/static/js/wegwijzer\.js(?:\?v=[0-9a-f]+)?" '
    r'integrity="sha384-[A-Za-z0-9+/]+=*" defer></script>'
)

FUZZ_HEALTH = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.filter_too_much,
    HealthCheck.large_base_example,
]

# A failing input may be huge; Hypothesis warns before printing it, which must not hide why.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")


def fuzz_settings(max_examples: int) -> settings:
    """Reproducible settings: the same inputs every run, no deadline, nothing kept between runs."""
    return settings(
        max_examples=max_examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=FUZZ_HEALTH,
        print_blob=True,
    )


# --- strategies -------------------------------------------------------------------------------
# Built once: Hypothesis checks each strategy object only the first time it is drawn from.


def mostly(likely: st.SearchStrategy, other: st.SearchStrategy, tenths: int = 8):
    """`likely` in `tenths` of ten draws, else `other` (shrinking prefers `likely`)."""
    return st.integers(0, 9).flatmap(lambda n: likely if n < tenths else other)


payloads = st.sampled_from(HOSTILE)
xss = st.sampled_from(XSS)
huge_text = st.builds(
    lambda piece, times: piece * times,
    st.sampled_from(["a", "<script>", "é", "\x00", "🙂", " ", "'", "\\"]),
    st.integers(200, 20_000),
)
hostile_text = st.one_of(
    payloads,
    st.builds(lambda a, p, b: a + p + b, st.text(max_size=8), payloads, st.text(max_size=8)),
    st.text(max_size=40),
    huge_text,
)
# Text a browser form could carry: no control characters, often with a payload in it.
printable = st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=60)
realistic_text = st.sampled_from(
    SLUGS
    + TOPICS
    + GEMEENTEN
    + ANSWER_IDS
    + SEARCH_WORDS
    + ("nl", "en", "true", "false", "unknown", "controleren", "1", "2")
)
any_text = st.one_of(realistic_text, hostile_text)
slugs = mostly(st.sampled_from(SLUGS), hostile_text, 5)
with_payload = st.one_of(
    any_text,
    st.builds(lambda a, p, b: a + p + b, printable, xss, printable),
)
printable_with_payload = st.one_of(
    realistic_text,
    printable,
    st.builds(lambda a, p, b: a + p + b, printable, xss, printable),
)


# --- checks -----------------------------------------------------------------------------------

ACTIVE_TAGS = {
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "style",
    "img",
    "video",
    "audio",
    "portal",
    "marquee",
}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "srcdoc",
    "poster",
    "background",
    "xlink:href",
    "ping",
    "codebase",
}
SPACES_AND_CONTROLS = re.compile(r"[\x00-\x20\x7f]+")


class _ActiveContent(HTMLParser):
    """Collects what could run script: script-like elements, on* handlers, javascript: URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ACTIVE_TAGS:
            self.found.append(f"<{tag} {attrs}>")
        if tag == "link" and not (dict(attrs).get("href") or "").startswith("/static/"):
            self.found.append(f"<link {attrs}>")
        if tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() == "refresh":
            self.found.append(f"<meta {attrs}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag}> with {name}={value!r}")
            scheme = SPACES_AND_CONTROLS.sub("", value or "").lower()
            if name in URL_ATTRIBUTES and scheme.startswith(("javascript:", "vbscript:", "data:")):
                self.found.append(f"<{tag}> with {name}={value!r}")


def assert_inert(html: str, what: object = "") -> None:
    """Assert that nothing in this page can run script: every input was escaped."""
    html = OWN_SCRIPT.sub("", html, count=1)
    raw = RAW_MARKERS.search(html)
    assert raw is None, (
        f"unescaped markup {html[max(0, raw.start() - 80) : raw.end() + 80]!r} for {what!r}"
    )
    parser = _ActiveContent()
    parser.feed(html)
    parser.close()
    assert parser.found == [], f"active content {parser.found[:3]} for {what!r}"


def assert_same_site(location: str, what: object = "") -> None:
    """A redirect stays on this site: a path, never //host, /\\host or another scheme."""
    parts = urlsplit(location)
    if parts.scheme or parts.netloc:
        assert parts.scheme in ("http", "https") and parts.hostname == "localhost", (
            location,
            what,
        )
        return
    assert location.startswith("/"), (location, what)
    assert location[1:2] not in ("/", "\\"), (location, what)
    assert not SPACES_AND_CONTROLS.search(location), (location, what)


class LogTail(logging.Handler):
    """Keeps the app's last logged errors with their tracebacks, to show with a 5xx."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[str] = []
        self.setFormatter(logging.Formatter("%(levelname)s %(message)s"))

    def emit(self, record):
        self.records.append(self.format(record))
        del self.records[:-3]


class Sender:
    """Sends one generated input, counts it, and checks the response."""

    def __init__(self, client, counter: Counter, logs: LogTail | None = None):
        self.client = client
        self.counter = counter
        self.logs = logs

    def open(self, url: str, method: str = "GET", **kwargs):
        if self.logs:
            self.logs.records.clear()
        response = self.client.open(url, method=method, **kwargs)
        self.counter.add()
        textual = response.mimetype.startswith("text/") or response.is_json
        body = response.get_data(as_text=True) if textual else ""
        if response.status_code >= 500:
            logged = "\n".join(self.logs.records if self.logs else [])
            raise AssertionError(
                f"{response.status_code} for {_what(method, url, kwargs)!r}\n{body[:300]}\n{logged}"
            )
        if response.mimetype == "text/html":
            assert_inert(body, (method, url, kwargs))
        if url.startswith("/api/") and response.status_code >= 400:
            assert response.mimetype == "application/json", (response.mimetype, url)
            assert response.get_json()["errors"][0]["message"], url
        if "Location" in response.headers:
            assert_same_site(response.headers["Location"], (method, url, kwargs))
        response.get_data()  # kept on the response for the caller; the file behind it closed
        response.close()
        return response

    def get(self, url: str, **kwargs):
        return self.open(url, "GET", **kwargs)

    def post(self, url: str, **kwargs):
        return self.open(url, "POST", **kwargs)


def _what(method: str, url: str, kwargs: dict) -> dict:
    what = {"method": method, "url": url, **{k: v for k, v in kwargs.items() if k != "data"}}
    if "data" in kwargs:
        what["data"] = _short(kwargs["data"])
    return what


def _short(data) -> object:
    """The posted data, with long values cut, for an assertion message."""
    if isinstance(data, MultiDict):
        items = list(data.items(multi=True))
    elif isinstance(data, dict):
        items = list(data.items())
    else:
        return repr(data)[:500]
    return [(k, v if not isinstance(v, str) or len(v) < 200 else v[:200] + "…") for k, v in items]


# --- apps -------------------------------------------------------------------------------------


@contextlib.contextmanager
def fuzz_app(backend: str, folder, **config):
    """A migrated app with one editor account, its errors kept in a LogTail."""
    with empty_database(backend, folder, prefix="rdm_fuzz") as url:
        app = make_app(url, str(folder / "instance"), **config)
        add_account(app)
        app.extensions["fuzz.logs"] = logs = LogTail()
        app.logger.addHandler(logs)
        try:
            yield app
        finally:
            app.logger.removeHandler(logs)


def sender(app, counter: Counter, client=None) -> Sender:
    return Sender(client or app.test_client(), counter, app.extensions["fuzz.logs"])


@pytest.fixture(scope="module", params=BACKENDS)
def app(request, tmp_path_factory):
    with fuzz_app(request.param, tmp_path_factory.mktemp("fuzz")) as app:
        yield app


@pytest.fixture(scope="module")
def editor(app):
    """A logged-in editor's client, shared by the module's tests."""
    return logged_in(app)
