"""Fuzzing request bodies: oversized, chunked and deeply nested ones, and deep or exploding YAML in
the editors' forms; a clear 4xx, never a 5xx (the strategies and the app: fuzz_helpers.py)."""

from __future__ import annotations

import io
import json

import pytest
from bs4 import BeautifulSoup

from .editor_helpers import form_data, token
from .fuzz_helpers import app as app  # noqa: F401  (the module-scoped app on a migrated database)
from .fuzz_helpers import (
    assert_inert,
)
from .fuzz_helpers import editor as editor  # noqa: F401

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
