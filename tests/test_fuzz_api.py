"""Fuzzing the JSON API: schemathesis against /api/v1/openapi.json, and hostile JSON of our own.

Schemathesis (api_schema_fuzz.py, run here in a pytest process of its own) generates requests
from the published OpenAPI document and sends them to the WSGI app (no network). Its checks:
no server error, every status code, content type, header and body as documented; and, in a
second test, that valid requests are accepted and invalid ones refused, as the document promises.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote
from xml.etree import ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .conftest import BACKENDS, REPO
from .fuzz_counter import PROPERTY, Counter
from .fuzz_helpers import (
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
from .fuzz_helpers import app as app  # noqa: F401  (the module-scoped app on a migrated database)

pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

# schemathesis patches Hypothesis for the whole process the first time it builds a strategy
# (schemathesis.generation.hypothesis.setup): failing examples print as "run(x=, y=,)", and
# BUFFER_SIZE grows from 8 to 32 KB, which changes what the other tests generate. So its tests
# (api_schema_fuzz.py) run in a pytest process of their own; this module never imports it.
SCHEMA_TESTS = Path(__file__).with_name("api_schema_fuzz.py")
# Each operation of the document with the examples to generate: valid requests, and invalid
# ones where there is something to make invalid (a path slug is any text, so never invalid).
OPERATIONS = {
    ("GET", "/api/v1/tables"): {"positive": 1},
    ("GET", "/api/v1/tables/{slug}"): {"positive": 200},
    ("GET", "/api/v1/search"): {"positive": 250, "negative": 250},
    ("GET", "/api/v1/questions"): {"positive": 1},
    ("POST", "/api/v1/advice"): {"positive": 300, "negative": 300},
    ("POST", "/api/v1/regiekaart"): {"positive": 150, "negative": 150},
    ("GET", "/api/v1/hsds"): {"positive": 1},
    ("GET", "/api/v1/hsds/services"): {"positive": 50, "negative": 50},
    ("GET", "/api/v1/hsds/services/{id}"): {"positive": 50},
    ("GET", "/api/v1/hsds/organizations"): {"positive": 50, "negative": 50},
    ("GET", "/api/v1/hsds/organizations/{id}"): {"positive": 50},
}


def test_schemathesis_finds_the_api_as_documented_in_a_process_of_its_own(request, tmp_path):
    """Every operation of /api/v1/openapi.json fuzzed by schemathesis (api_schema_fuzz.py)."""
    report = tmp_path / "schemathesis.xml"
    command = [sys.executable, "-m", "pytest", str(SCHEMA_TESTS), "-p", "no:cacheprovider"]
    finished = subprocess.run(
        [*command, "-q", f"--junitxml={report}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert finished.returncode == 0, finished.stdout[-8000:] + finished.stderr[-2000:]
    testcases = list(ElementTree.parse(report).getroot().iter("testcase"))
    skipped = [c.get("name") for c in testcases if c.find("skipped") is not None]
    assert skipped == []
    sent = {
        case.get("name"): sum(
            int(p.get("value")) for p in case.iter("property") if p.get("name") == PROPERTY
        )
        for case in testcases
    }
    cases = sum(len(modes) for modes in OPERATIONS.values())
    # Per database backend: each case twice (never fails; accepts what is allowed), and the
    # check that every operation is fuzzed.
    assert len(sent) == len(BACKENDS) * (2 * cases + 1), sorted(sent)
    examples = [n for modes in OPERATIONS.values() for n in modes.values()]
    counter = Counter(request, minimum=sum(n + min(n, 100) for n in examples))
    counter.add(sum(sent.values()))
    counter.check()


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
