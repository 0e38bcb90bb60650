"""Fuzzing every route: hostile paths, query strings, methods and bodies; never a 5xx, never XSS.

Shared by the other fuzz modules (test_fuzz_forms, test_fuzz_api, test_xss): the strategies that
mix real catalogue values with hostile ones, the check that an HTML page is inert, the Sender
that counts and checks every input, and the app on a migrated database.

Every fuzz test counts the requests it really sent (fuzz_counter.Counter), asserts its own
minimum, and the total is printed at the end of the run. Generation is derandomized (the same
inputs every run; only the wizard walk, which follows the pages it gets, varies a little).
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import logging
import re
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from werkzeug.datastructures import MultiDict

from rdm.catalogue import load_catalogue
from rdm.config import PACKAGED_CATALOGUE

from .conftest import BACKENDS, empty_database
from .editor_helpers import add_account, form_data, logged_in, make_app, token
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


# --- every route ------------------------------------------------------------------------------

EDITOR_ACTIONS = "test_fuzz_forms.py::test_editor_actions_take_any_number_or_slug"
# POST routes and the test that fuzzes each one; a new POST route must be added here.
FORM_FUZZERS = {
    "wizard.step": "test_fuzz_forms.py::test_the_wegwijzer_forms_take_any_fields",
    "wizard.advice": "test_fuzz_forms.py::test_the_wegwijzer_forms_take_any_fields",
    "wizard.advice_as_pdf": "test_fuzz_forms.py::test_the_wegwijzer_forms_take_any_fields",
    "feedback.report": "test_fuzz_forms.py::test_the_report_form_takes_any_text",
    "feedback.report_site": "test_fuzz_forms.py::test_the_report_form_takes_any_text",
    "redactie.editors.login": "test_fuzz_forms.py::test_the_login_form_takes_any_text",
    "redactie.editors.logout": "test_fuzz_forms.py::test_logout_takes_any_token",
    "redactie.accounts.new_editor": "test_fuzz_accounts.py::test_the_account_forms_take_any_fields",
    "redactie.accounts.access": "test_fuzz_accounts.py::test_the_account_forms_take_any_fields",
    "redactie.accounts.password": "test_fuzz_accounts.py::test_the_account_forms_take_any_fields",
    "redactie.editing.show_preview": "test_fuzz_forms.py::test_the_yaml_editor_takes_any_text",
    "redactie.editing.edit_form": "test_fuzz_forms.py::test_the_table_form_takes_any_fields",
    "redactie.editing.publish_revision": "test_fuzz_forms.py::test_publish_takes_any_fields",
    "redactie.editing.merge_change": "test_fuzz_forms.py::test_merge_takes_any_fields",
    "redactie.revisions.roll_back_to": EDITOR_ACTIONS,
    "redactie.editing.reviewed": EDITOR_ACTIONS,
    "redactie.inbox.resolved": EDITOR_ACTIONS,
    "redactie.inbox.reopened": EDITOR_ACTIONS,
    "redactie.release_changes.take_release_change": EDITOR_ACTIONS,
    "redactie.release_changes.decline_release_change": EDITOR_ACTIONS,
    "api.advice": "test_fuzz_api.py::test_advice_takes_any_json",  # and schemathesis there
    "api.regiekaart": "test_fuzz_api.py::test_advice_takes_any_json",  # and schemathesis there
    "regiekaart.answer": "test_fuzz_forms.py::test_the_regiekaart_check_takes_any_fields",
    **dict.fromkeys(
        (
            "redactie.catalogue_forms.gemeente",
            "redactie.catalogue_forms.introduction",
            "redactie.catalogue_forms.question",
            "redactie.catalogue_forms.example",
            "redactie.catalogue_forms.new_example",
        ),
        "test_fuzz_part_forms.py::test_the_part_forms_take_any_fields",
    ),
}


def test_every_post_route_has_a_fuzzer(app):
    """GET routes are all fuzzed below, from the url_map; each POST route needs its own test."""
    posts = {r.endpoint for r in app.url_map.iter_rules() if "POST" in r.methods}
    assert posts - set(FORM_FUZZERS) == set(), "add a fuzz test for these POST routes"
    assert set(FORM_FUZZERS) - posts == set(), "these routes are gone: remove them here"
    for where in set(FORM_FUZZERS.values()):
        file, name = where.split("::")
        module = importlib.import_module(f"tests.{file.removesuffix('.py')}")
        assert callable(getattr(module, name, None)), f"{where} does not exist"


def _get_rules(app) -> list:
    return sorted((r for r in app.url_map.iter_rules() if "GET" in r.methods), key=lambda r: r.rule)


ARGUMENT = re.compile(r"<(?:(?P<converter>\w+)(?:\([^)]*\))?:)?(?P<name>\w+)>")
ARGUMENTS = {
    "int": (st.integers(-(2**70), 2**70) | st.integers(0, 5)).map(str) | hostile_text,
    "path": st.sampled_from(["css/site.css", "favicon.svg", "js/none.js", *PATH_TRICKS])
    | hostile_text,
    None: mostly(st.sampled_from(SLUGS + ("nl", "en")), hostile_text, 5),
}
query_keys = st.sampled_from(["q", "next", "lang", "van", "naar", "slug", "topic"]) | any_text
queries = st.dictionaries(query_keys, with_payload, max_size=4)
raw_queries = st.sampled_from(XSS + PATH_TRICKS) | st.text(max_size=60)
accept_languages = st.sampled_from(["en", "nl;q=0.5,en", "*"]) | any_text
languages = st.sampled_from(["en", "nl"]) | any_text


@st.composite
def get_requests(draw, rules):
    """A URL for one of the GET routes, with a query string (sometimes raw) and odd headers."""
    rule = draw(st.sampled_from(rules))

    def argument(match: re.Match) -> str:
        value = draw(ARGUMENTS.get(match["converter"], ARGUMENTS[None]))
        return quote(value, safe="") if draw(st.booleans()) else quote(value, safe="/%")

    url = ARGUMENT.sub(argument, rule.rule)
    if draw(st.booleans()):
        kwargs = {"query_string": draw(queries)}
    else:
        url += "?" + draw(raw_queries).replace("#", "%23")
        kwargs = {}
    headers = {}
    if draw(st.booleans()):
        headers["Accept-Language"] = draw(accept_languages)
    return url, {**kwargs, "headers": headers}, draw(languages)


def _safe_header(value: str) -> bool:
    return all(32 <= ord(c) < 127 for c in value)


@pytest.mark.parametrize(("who", "examples"), [("visitor", 600), ("editor", 250)])
def test_every_get_route_takes_any_path_and_query(request, app, editor, who, examples):
    counter = Counter(request, minimum=examples)
    send = sender(app, counter, editor if who == "editor" else None)

    @fuzz_settings(examples)
    @given(get_requests(_get_rules(app)))
    def run(case):
        url, kwargs, language = case
        kwargs["headers"] = {k: v for k, v in kwargs["headers"].items() if _safe_header(v)}
        send.client.set_cookie("lang", language[:200])
        send.get(url, **kwargs)

    run()
    counter.check()


# --- the search page and the language switch --------------------------------------------------

search_queries = st.one_of(
    st.sampled_from(SEARCH_WORDS),
    st.lists(st.sampled_from(SEARCH_WORDS), min_size=2, max_size=4).map(" ".join),
    with_payload,
    st.text(max_size=250),
)


def test_the_search_page_takes_any_query(request, app):
    counter = Counter(request, minimum=300)
    send = sender(app, counter)
    limit = app.config["SEARCH_QUERY_MAX_LENGTH"]

    @fuzz_settings(300)
    @given(q=search_queries, language=st.sampled_from(["nl", "en", "xx"]))
    def run(q, language):
        send.client.set_cookie("lang", language)
        response = send.get("/zoeken", query_string={"q": q})
        query = q.strip()
        assert response.status_code == (400 if len(query) > limit else 200)
        if 0 < len(query) <= limit:
            # Shown back to the reader, escaped.
            assert str(escape(query)) in response.get_data(as_text=True), query

    run()
    counter.check()


def test_the_language_switch_takes_any_next(request, app):
    counter = Counter(request, minimum=400)
    send = sender(app, counter)

    @fuzz_settings(400)
    @given(
        language=st.sampled_from(["nl", "en"]) | any_text,
        target=st.one_of(
            st.sampled_from(["/", "/zoeken?q=wlz", "/tafels/topx", "/wegwijzer/"]),
            st.sampled_from(PATH_TRICKS + XSS),
            hostile_text,
        ),
    )
    def run(language, target):
        response = send.get("/taal/" + quote(language, safe=""), query_string={"next": target})
        if language in ("nl", "en"):
            assert response.status_code == 302
            assert f"lang={language}" in response.headers["Set-Cookie"]
        else:  # unknown, or a path that werkzeug first redirects to its merged slashes
            assert response.status_code in (404, 308)

    run()
    counter.check()


# --- methods ----------------------------------------------------------------------------------

METHODS = ("PROPFIND", "PATCH", "PUT", "DELETE", "TRACE", "POST", "GET", "MKCOL", "CONNECT")


def _example_url(rule) -> str:
    values = {"slug": "topx", "language": "nl", "number": "1", "filename": "css/site.css"}
    return ARGUMENT.sub(lambda match: values.get(match["name"], "x"), rule.rule)


def test_unknown_methods_get_a_405(request, app):
    """PROPFIND, PATCH or any made-up method on any route: 405 with the methods it allows."""
    counter = Counter(request, minimum=300)
    send = sender(app, counter)
    allowed: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        allowed.setdefault(_example_url(rule), set()).update(rule.methods)
    methods = st.sampled_from(METHODS) | st.from_regex(r"\A[A-Z]{3,12}\Z")

    @fuzz_settings(300)
    @given(url=st.sampled_from(sorted(allowed)), method=methods)
    def run(url, method):
        response = send.open(url, method)
        if method not in allowed[url]:
            assert response.status_code == 405, (method, url, response.status_code)
            assert set(response.headers["Allow"].split(", ")) == allowed[url]

    run()
    counter.check()


# --- oversized and nested bodies --------------------------------------------------------------

PUBLIC_POSTS = [
    "/api/v1/advice",
    "/api/v1/regiekaart",
    "/wegwijzer/stap",
    "/regiekaart/check",
    "/wegwijzer/advies",
    "/wegwijzer/advies.pdf",
    "/tafels/topx/melden",
    "/melden",
]
EDITOR_POSTS = [
    "/redactie/inloggen",
    "/redactie/voorbeeld",
    "/redactie/publiceren",
    "/redactie/formulier/topx",
    "/redactie/gecontroleerd/topx",
    "/redactie/revisies/1/terugzetten",
    "/redactie/meldingen/1/afgehandeld",
    "/redactie/uitloggen",
]


@pytest.mark.parametrize("url", PUBLIC_POSTS)
@pytest.mark.parametrize("kind", ["form", "json", "multipart"])
def test_a_public_body_over_the_limit_gets_a_413(app, url, kind):
    size = app.config["MAX_CONTENT_LENGTH"] + 1
    client = app.test_client()
    if kind == "form":
        response = client.post(url, data={"message": "x" * size})
    elif kind == "multipart":
        response = client.post(
            url, data={"message": "x" * size}, content_type="multipart/form-data"
        )
    else:
        body = json.dumps({"answers": {}, "pad": "x" * size})
        response = client.post(url, data=body, content_type="application/json")
    assert response.status_code == 413, url


@pytest.mark.parametrize("url", EDITOR_POSTS)
def test_an_editor_body_over_the_limit_gets_a_413(app, editor, url):
    size = app.config["EDITOR_MAX_CONTENT_LENGTH"] + 1
    response = editor.post(url, data={"yaml": "x" * size})
    assert response.status_code == 413, url
    assert_inert(response.get_data(as_text=True))


@pytest.mark.parametrize(
    ("url", "content_type", "body"),
    [
        (
            "/api/v1/advice",
            "application/json",
            b'{"answers": {}, "pad": "' + b"x" * 100_000 + b'"}',
        ),
        ("/melden", "application/x-www-form-urlencoded", b"message=" + b"x" * 100_000),
    ],
)
def test_a_chunked_body_over_the_limit_gets_a_413(app, url, content_type, body):
    """Behind gunicorn a chunked body has no Content-Length: the limit must hold all the same."""
    response = app.test_client().post(
        url,
        input_stream=io.BytesIO(body),
        content_type=content_type,
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},  # as gunicorn sets it
    )
    assert response.status_code == 413, response.get_data(as_text=True)[:300]


def _json_error(response, status: int = 400) -> str:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/json"
    error = response.get_json()["errors"][0]
    assert error["message"], error
    return error["field"]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        pytest.param("[" * 100_000 + "]" * 100_000, 413, id="array-100000-deep"),
        pytest.param('{"a":' * 100_000 + "1" + "}" * 100_000, 413, id="object-100000-deep"),
        pytest.param("[" * 32_000 + "]" * 32_000, 400, id="array-32000-deep-under-limit"),
        pytest.param('{"a":' * 10_000 + "1" + "}" * 10_000, 400, id="object-10000-deep"),
        pytest.param(
            '{"answers": ' + '{"wlz": ' * 7_000 + "true" + "}" * 7_001,
            400,
            id="answers-7000-deep",
        ),
    ],
)
def test_deeply_nested_json_is_refused_cleanly(app, body, status):
    response = app.test_client().post("/api/v1/advice", data=body, content_type="application/json")
    assert _json_error(response, status) == "body"


def _many_keys(prefix: str, size: int = 60_000) -> dict:
    """About `size` bytes of JSON: {"<prefix>0": true, "<prefix>1": true, ...}."""
    keys: dict = {}
    length = 2
    while length < size:
        key = f"{prefix}{len(keys)}"
        keys[key] = True
        length += len(key) + 10
    return keys


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param(json.dumps(_many_keys("k")), "k0", id="60KB-of-top-level-keys"),
        pytest.param(json.dumps({"answers": _many_keys("x")}), None, id="60KB-of-answer-keys"),
        pytest.param(
            '{"answers": {' + ", ".join(['"wlz": true'] * 4_500) + "}}",
            "ok",
            id="60KB-of-one-duplicated-key",
        ),
        pytest.param(json.dumps({"answers": {"wlz": ["unknown"] * 5_000}}), "wlz", id="60KB-list"),
        pytest.param('{"answers": {"wlz": ' + "9" * 5_000 + "}}", "body", id="5000-digit-int"),
        pytest.param('{"answers": {"wlz": 1e999}}', "wlz", id="infinite-float"),
        pytest.param('{"answers": {"wlz": "\\ud800"}}', "wlz", id="lone-surrogate"),
    ],
)
def test_huge_json_is_refused_cleanly(app, body, field):
    assert len(body.encode()) < app.config["MAX_CONTENT_LENGTH"]
    response = app.test_client().post("/api/v1/advice", data=body, content_type="application/json")
    if field == "ok":
        assert response.status_code == 200
        return
    found = _json_error(response)
    if field is not None:
        assert found == field


# --- deep and exploding YAML in the editors' forms --------------------------------------------


def _block_mapping(depth: int) -> str:
    return "".join("  " * level + f"k{level}:\n" for level in range(depth)) + "  " * depth + "x"


def _billion_laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


HOSTILE_YAML = {
    "flow-100-deep": "a: " + "[" * 100 + "]" * 100,
    "flow-400-deep": "a: " + "[" * 400 + "]" * 400,
    "flow-1000-deep": "a: " + "[" * 1_000 + "]" * 1_000,
    "flow-1000-unclosed": "{" * 1_000,
    "block-50-deep": _block_mapping(50),
    "block-400-deep": _block_mapping(400),
    "block-900-deep": _block_mapping(900),
    "sequence-2000-deep": "- " * 2_000 + "x",
    "billion-laughs": _billion_laughs(),
    "self-reference": "a: &a [*a]\nb: &b {c: *b}\n",
    "many-anchors": "".join(f"k{n}: &a{n} [1]\n" for n in range(2_000)),
}
# The YAML form gets them all; the other ways in a selection (each costs a second or more).
YAML_WAYS = {
    "pasted": list(HOSTILE_YAML),
    # (uploads over 500 KB make the test client leave a temporary file open)
    "uploaded": ["flow-400-deep", "block-400-deep", "billion-laughs", "self-reference"],
    "as-an-entry": [
        "flow-400-deep",
        "block-400-deep",
        "sequence-2000-deep",
        "billion-laughs",
        "self-reference",
    ],
    "as-team-details": ["flow-400-deep", "block-400-deep", "billion-laughs", "self-reference"],
}
# What an editor reads: the refusal heading and at least one Dutch problem.
REFUSED = "De catalogus is zo niet geldig; er is niets veranderd"


def _refused_in_dutch(response, what) -> None:
    body = response.get_data(as_text=True)
    assert response.status_code == 400, (what, response.status_code, body[:300])
    assert_inert(body, what)
    page = BeautifulSoup(body, "html.parser")
    assert REFUSED in " ".join(page.get_text().split()), what
    problems = [" ".join(li.get_text().split()) for li in page.select(".error-summary li")]
    assert problems and all(problems), (what, problems)


@pytest.mark.parametrize(
    ("how", "name"), [(how, name) for how, names in YAML_WAYS.items() for name in names]
)
def test_deep_or_exploding_yaml_is_refused_in_dutch(editor, how, name):
    """Pasted, uploaded, as one table's YAML or in the table form: a message, never a 5xx."""
    text = HOSTILE_YAML[name]
    csrf = token(editor, "/redactie/bewerken")
    if how == "as-team-details":
        page = BeautifulSoup(editor.get("/redactie/formulier/p10-mobiel-team").data, "html.parser")
        fields = form_data(page.select_one("form.table-form"))
        response = editor.post("/redactie/formulier/p10-mobiel-team", data={**fields, "team": text})
    else:
        data = {"yaml": text, "slug": "topx" if how == "as-an-entry" else "", "csrf_token": csrf}
        if how == "uploaded":
            data = {**data, "yaml": "", "upload": (io.BytesIO(text.encode()), "tables.yaml")}
        response = editor.post("/redactie/voorbeeld", data=data)
    _refused_in_dutch(response, (name, how))


# --- the check itself -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        "<p><script>alert(1)</script></p>",
        '<input value=""><img src=x onerror=alert(1)>">',
        "<textarea></textarea><svg/onload=alert(1)></textarea>",
        '<a href=" JaVa\tScRiPt:alert(1)">x</a>',
        '<a href="java&#x09;script:alert(1)">x</a>',
        '<form action="javascript:alert(1)"></form>',
        '<p title="x"onmouseover="alert(1)">x</p>',
        '<meta http-equiv="refresh" content="0;url=https://evil.example">',
        '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
        "<BODY ONLOAD=alert(1)>",
    ],
)
def test_the_inertness_check_finds_active_content(html):
    with pytest.raises(AssertionError):
        assert_inert(f"<!doctype html><html><body>{html}</body></html>")


@pytest.mark.parametrize(
    "html",
    [
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
        '<input value="&#34;&gt;&lt;img src=x onerror=alert(1)&gt;">',
        '<input value="&#34; onmouseover=&#34;alert(1)">',
        "<textarea>&lt;/textarea&gt;&lt;svg/onload=alert(1)&gt;</textarea>",
        '<a href="/taal/en?next=javascript:alert(1)">en</a>',
        "<p>javascript:alert(1)</p>",
    ],
)
def test_the_inertness_check_lets_escaped_payloads_pass(html):
    assert_inert(f"<!doctype html><html><body>{html}</body></html>")
