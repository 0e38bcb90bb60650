"""Fuzzing the JSON API: schemathesis against /api/v1/openapi.json, and hostile JSON of our own.

Schemathesis generates requests from the published OpenAPI document and sends them to the
WSGI app (no network). Its checks: no server error, every status code, content type, header
and body as documented; and, in a second test, that valid requests are accepted and invalid
ones refused, as the document promises.
"""

from __future__ import annotations

import importlib
import json
from urllib.parse import quote

import pytest
import schemathesis
from hypothesis import given
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .fuzz_counter import Counter
from .test_fuzz import (
    ANSWER_IDS,
    SEARCH_WORDS,
    any_text,
    assert_inert,
    fuzz_settings,
    hostile_text,
    mostly,
    sender,
    slugs,
    with_payload,
)
from .test_fuzz import app as app  # noqa: F401  (the module-scoped app on a migrated database)

pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

# schemathesis patches Hypothesis for the whole process the first time it builds a strategy
# (schemathesis.generation.hypothesis.setup): failing examples print as "run(x=, y=,)", and
# BUFFER_SIZE grows from 8 to 32 KB, which changes what the other tests generate. Its pytest
# plugin does the same at start-up unless disabled (-p no:schemathesis). These are put back
# after this module, so that the modules after it run on Hypothesis as it was.
_PATCHED = [
    ("hypothesis.core", "RepresentationPrinter"),
    ("hypothesis.core", "BUFFER_SIZE"),
    ("hypothesis.internal.conjecture.engine", "BUFFER_SIZE"),
    ("hypothesis.strategies._internal.collections", "BUFFER_SIZE"),
    ("hypothesis.internal.entropy", "register_random"),
    ("hypothesis.strategies._internal.core", "is_first_param_referenced_in_function"),
]


@pytest.fixture(scope="module", autouse=True)
def hypothesis_as_it_was():
    modules = {name: importlib.import_module(name) for name, _ in _PATCHED}
    saved = [
        (modules[name], attribute, getattr(modules[name], attribute))
        for name, attribute in _PATCHED
        if hasattr(modules[name], attribute)
    ]
    setup = importlib.import_module("schemathesis.generation.hypothesis").setup
    was_patched = getattr(setup, "_is_patched", False)
    yield
    for module, attribute, value in saved:
        setattr(module, attribute, value)
    setup._is_patched = was_patched


POSITIVE, NEGATIVE = GenerationMode.POSITIVE, GenerationMode.NEGATIVE
# Each operation of the document with the examples to generate: valid requests, and invalid
# ones where there is something to make invalid (a path slug is any text, so never invalid).
OPERATIONS = {
    ("GET", "/api/v1/tables"): {POSITIVE: 1},
    ("GET", "/api/v1/tables/{slug}"): {POSITIVE: 200},
    ("GET", "/api/v1/search"): {POSITIVE: 250, NEGATIVE: 250},
    ("GET", "/api/v1/questions"): {POSITIVE: 1},
    ("POST", "/api/v1/advice"): {POSITIVE: 300, NEGATIVE: 300},
    ("POST", "/api/v1/regiekaart"): {POSITIVE: 150, NEGATIVE: 150},
    ("GET", "/api/v1/hsds"): {POSITIVE: 1},
    ("GET", "/api/v1/hsds/services"): {POSITIVE: 50, NEGATIVE: 50},
    ("GET", "/api/v1/hsds/services/{id}"): {POSITIVE: 50},
    ("GET", "/api/v1/hsds/organizations"): {POSITIVE: 50, NEGATIVE: 50},
    ("GET", "/api/v1/hsds/organizations/{id}"): {POSITIVE: 50},
}
CASES = [
    pytest.param(method, path, mode, examples, id=f"{method} {path} {mode.value}")
    for (method, path), modes in OPERATIONS.items()
    for mode, examples in modes.items()
]
CONFORMANCE = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def api_schema(app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def test_every_operation_is_fuzzed(api_schema):
    found = {(op.ok().method.upper(), op.ok().path) for op in api_schema.get_all_operations()}
    assert found == set(OPERATIONS)


def _fuzz_operation(request, operation, mode, checks, examples):
    """Send `examples` generated requests, validate each response, and count them."""
    counter = Counter(request, minimum=examples)

    @fuzz_settings(examples)
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        response = case.call()
        counter.add()
        case.validate_response(response, checks=checks)

    run()
    counter.check()


@pytest.mark.parametrize(("method", "path", "mode", "examples"), CASES)
def test_the_api_never_fails_and_answers_as_documented(
    request, api_schema, method, path, mode, examples
):
    """No 5xx; status codes, content types, headers and bodies as the document describes."""
    _fuzz_operation(request, api_schema[path][method], mode, CONFORMANCE, examples)


@pytest.mark.parametrize(("method", "path", "mode", "examples"), CASES)
def test_the_api_accepts_what_the_document_allows_and_refuses_the_rest(
    request, api_schema, method, path, mode, examples
):
    """A request the document allows gets a 2xx; one it forbids gets a 4xx."""
    check = positive_data_acceptance if mode is POSITIVE else negative_data_rejection
    checks = [not_a_server_error, check]
    _fuzz_operation(request, api_schema[path][method], mode, checks, min(examples, 100))


# --- hostile input of our own -----------------------------------------------------------------


def test_search_takes_any_query_and_its_snippets_are_inert(request, app):
    """snippet_html is HTML that API clients insert into their pages: it must be escaped."""
    counter = Counter(request, minimum=250)
    send = sender(app, counter)

    @fuzz_settings(250)
    @given(
        q=st.none() | st.sampled_from(SEARCH_WORDS) | with_payload,
        lang=st.none() | st.sampled_from(["nl", "en"]) | any_text,
        extra=mostly(st.just({}), st.dictionaries(any_text, any_text, max_size=2), 8),
    )
    def run(q, lang, extra):
        query = {
            **extra,
            **({} if q is None else {"q": q}),
            **({} if lang is None else {"lang": lang}),
        }
        response = send.get("/api/v1/search", query_string=query)
        assert response.status_code in (200, 400), response.status_code
        for result in response.get_json().get("results", []):
            assert_inert(result["snippet_html"], query)

    run()
    counter.check()


def test_a_table_by_any_slug(request, app):
    counter = Counter(request, minimum=150)
    send = sender(app, counter)

    @fuzz_settings(150)
    @given(slug=slugs, query=st.dictionaries(any_text, any_text, max_size=2))
    def run(slug, query):
        response = send.get(f"/api/v1/tables/{quote(slug, safe='')}", query_string=query)
        assert response.status_code in (200, 308, 404), response.status_code
        assert response.is_json or response.status_code == 308

    run()
    counter.check()


json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**80), 2**80)
    | st.floats(allow_nan=False)
    | st.sampled_from(["unknown", "true", "false", "ja"])
    | with_payload
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(any_text, inner, max_size=4),
    max_leaves=12,
)
answer_keys = st.sampled_from(ANSWER_IDS) | any_text


def _raw_object(pairs: list[tuple[str, object]]) -> str:
    """A JSON object written by hand, so that it can repeat a key."""
    return "{" + ", ".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in pairs) + "}"


advice_bodies = st.one_of(
    json_values.map(json.dumps),
    st.fixed_dictionaries(
        {"answers": st.dictionaries(answer_keys, json_values, max_size=8)},
        optional={"extra": json_values},
    ).map(json.dumps),
    st.lists(st.tuples(answer_keys, json_values), max_size=6).map(
        lambda pairs: '{"answers": ' + _raw_object(pairs) + "}"
    ),
    st.sampled_from(
        [
            "NaN",
            "Infinity",
            '{"answers": {"wlz": NaN}}',
            '{"answers": {"wlz": -Infinity}}',
            '{"answers": {"wlz": true}, "answers": []}',
            '{"answers": {"role": "politie", "role": "<script>alert(1)</script>"}}',
            '{"answers": {"wlz": 1e400}}',
            '{"answers": {"\\u0000": true}}',
            '{"answers": {"wlz": "\\ud800"}}',
            "\ufeff{}",
            '{"answers": {}}\x00',
        ]
    ),
    hostile_text,
)


REGIE_IDS = [
    "draagkracht_uit_balans",
    "zelfredzaamheid_beperkt",
    "basiszorg_ontoereikend",
    "onveiligheid",
    "ketenoverstijgend_nodig",
    "escalatie_dreigt",
    "stagnatie_problematiek",
    "samenwerking_stagneert",
]
regie_keys = st.sampled_from(REGIE_IDS) | any_text
regie_bodies = st.one_of(
    json_values.map(json.dumps),
    st.fixed_dictionaries(
        {
            "answers": st.dictionaries(
                regie_keys,
                json_values | st.sampled_from(["geen", "signalen", "onveilig", "unknown"]),
                max_size=8,
            )
        },
        optional={"extra": json_values},
    ).map(json.dumps),
    st.lists(st.tuples(regie_keys, json_values), max_size=6).map(
        lambda pairs: '{"answers": ' + _raw_object(pairs) + "}"
    ),
    st.sampled_from(
        [
            '{"answers": {"escalatie_dreigt": NaN}}',
            '{"answers": {"onveiligheid": "onveilig", "onveiligheid": 1e400}}',
            '{"answers": {"wlz": true}}',
            '{"answers": {"onveiligheid": "\\ud800"}}',
            "\ufeff{}",
        ]
    ),
    hostile_text,
)


@pytest.mark.parametrize(
    ("path", "bodies"),
    [("/api/v1/advice", advice_bodies), ("/api/v1/regiekaart", regie_bodies)],
    ids=["advice", "regiekaart"],
)
def test_advice_takes_any_json(request, app, path, bodies):
    counter = Counter(request, minimum=300)
    send = sender(app, counter)

    @fuzz_settings(300)
    @given(
        body=bodies,
        lang=st.none() | st.sampled_from(["nl", "en"]) | any_text,
        content_type=st.sampled_from(["application/json", "text/plain", "", "application/xml"]),
    )
    def run(body, lang, content_type):
        response = send.post(
            path,
            data=body.encode("utf-8", "surrogatepass"),
            content_type=content_type,
            query_string={} if lang is None else {"lang": lang},
        )
        assert response.status_code in (200, 400, 413), response.status_code
        assert response.is_json

    run()
    counter.check()


@pytest.mark.parametrize("path", ["/api/v1/tables", "/api/v1/questions", "/api/v1/hsds"])
def test_reading_operations_ignore_any_query(request, app, path):
    counter = Counter(request, minimum=40)
    send = sender(app, counter)

    @fuzz_settings(40)
    @given(query=st.dictionaries(any_text, with_payload, max_size=3))
    def run(query):
        response = send.get(path, query_string=query)
        assert response.status_code == 200
        assert response.is_json

    run()
    counter.check()
