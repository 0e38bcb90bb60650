"""Fuzzing every route: hostile paths, query strings, methods and bodies; never a 5xx, never XSS.

The strategies, checks and the app are shared with the other fuzz modules (fuzz_helpers.py).
"""

from __future__ import annotations

import importlib
import re
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from .fuzz_counter import Counter
from .fuzz_helpers import (
    PATH_TRICKS,
    SEARCH_WORDS,
    SLUGS,
    XSS,
    any_text,
    assert_inert,
    fuzz_settings,
    hostile_text,
    mostly,
    sender,
    with_payload,
)
from .fuzz_helpers import app as app  # noqa: F401  (the module-scoped app on a migrated database)
from .fuzz_helpers import editor as editor  # noqa: F401

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
    values = {
        "slug": "topx",
        "language": "nl",
        "number": "1",
        "filename": "css/site.css",
        "kind": "services",  # one of the HSDS 3.0 API's lists
    }
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
