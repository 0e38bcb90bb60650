"""schemathesis against /api/v1/openapi.json, run by test_fuzz_api.py in a pytest process of
its own (schemathesis patches Hypothesis for the whole process). Not a test_*.py file, so a
normal run does not collect it; `pytest tests/api_schema_fuzz.py` runs it on its own.

Schemathesis generates requests from the published OpenAPI document and sends them to the
WSGI app (no network). Its checks: no server error, every status code, content type, header
and body as documented; and, in a second test, that valid requests are accepted and invalid
ones refused, as the document promises.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import given
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
from .fuzz_helpers import app as app  # noqa: F401  (the module-scoped app on a migrated database)
from .fuzz_helpers import fuzz_settings
from .test_fuzz_api import OPERATIONS

pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

POSITIVE = GenerationMode.POSITIVE
CASES = [
    pytest.param(method, path, GenerationMode(mode), examples, id=f"{method} {path} {mode}")
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
