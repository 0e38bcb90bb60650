"""The API's contract: /api/v1/openapi.json is a valid OpenAPI 3.1 document (checked by
openapi-spec-validator), made from the response models, and every operation's real responses
agree with it (checked by openapi-core), so a model and the document cannot disagree unseen."""

from __future__ import annotations

import json

import pytest
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_spec_validator import validate
from pydantic import create_model
from werkzeug.test import EnvironBuilder

from rdm import create_app
from rdm.api import models, openapi
from rdm.api.hsds import export
from rdm.catalogue import load_catalogue
from rdm.config import PACKAGED_CATALOGUE

CATALOGUE = load_catalogue(PACKAGED_CATALOGUE).catalogue
HSDS = export(CATALOGUE)
UNKNOWN_ID = "00000000-0000-5000-8000-000000000000"
A_CASE = {"answers": {"wlz": True, "crisis": False, "role": "zorgaanbieder"}}
# Every operation, called for real: (method, path in the document, URL, request arguments).
CALLS = [
    ("get", "/api/v1/tables", "/api/v1/tables", {}),
    *[
        ("get", "/api/v1/tables/{slug}", f"/api/v1/tables/{slug}", {})
        for slug in [t.slug for t in CATALOGUE.tables] + ["onbekend"]
    ],
    ("get", "/api/v1/search", "/api/v1/search?q=LVB", {}),
    ("get", "/api/v1/search", "/api/v1/search?q=waiting+list&lang=en", {}),
    ("get", "/api/v1/search", "/api/v1/search?q=gemeente", {}),
    ("get", "/api/v1/search", "/api/v1/search?q=", {}),
    ("get", "/api/v1/search", "/api/v1/search?q=wlz&lang=fr", {}),
    ("get", "/api/v1/questions", "/api/v1/questions", {}),
    ("get", "/api/v1/hsds", "/api/v1/hsds", {}),
    ("get", "/api/v1/hsds", "/api/v1/hsds", {"headers": {"Accept-Language": "en"}}),
    *[
        ("get", f"/api/v1/hsds/{kind}", f"/api/v1/hsds/{kind}{query}", {})
        for kind in ("services", "organizations")
        for query in ("", "?page=2&per_page=3", "?page=99", "?per_page=0", "?page=een")
    ],
    *[
        ("get", f"/api/v1/hsds/{kind}/{{id}}", f"/api/v1/hsds/{kind}/{item['id']}", {})
        for kind in ("services", "organizations")
        for item in HSDS[kind]
    ],
    ("get", "/api/v1/hsds/services/{id}", f"/api/v1/hsds/services/{UNKNOWN_ID}", {}),
    ("get", "/api/v1/hsds/organizations/{id}", "/api/v1/hsds/organizations/topx", {}),
    ("post", "/api/v1/advice", "/api/v1/advice", {"json": {}}),
    ("post", "/api/v1/advice", "/api/v1/advice?lang=en", {"json": A_CASE}),
    ("post", "/api/v1/advice", "/api/v1/advice", {"json": {"answers": {"acute_danger": True}}}),
    ("post", "/api/v1/advice", "/api/v1/advice", {"json": {"answers": {"wlz": "misschien"}}}),
    ("post", "/api/v1/advice", "/api/v1/advice", {"data": b" " * 70_000}),
    ("post", "/api/v1/regiekaart", "/api/v1/regiekaart", {"json": {}}),
    ("post", "/api/v1/regiekaart", "/api/v1/regiekaart?lang=en", {"json": {"answers": {}}}),
    ("post", "/api/v1/regiekaart", "/api/v1/regiekaart", {"json": {"answers": {"x": 1}}}),
    ("post", "/api/v1/regiekaart", "/api/v1/regiekaart", {"data": b" " * 70_000}),
]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    config = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    return create_app(config, instance_path=str(tmp_path_factory.mktemp("i"))).test_client()


@pytest.fixture(scope="module")
def spec(client):
    return client.get("/api/v1/openapi.json").get_json()


@pytest.fixture(scope="module")
def judge(spec):
    return OpenAPI.from_dict(spec)


def response_errors(judge: OpenAPI, response, method="get", arguments=None) -> list[str]:
    """What openapi-core finds wrong with a real response, judged by the document."""
    request = response.request
    asked = EnvironBuilder(
        path=request.full_path, base_url=request.host_url, method=method, **(arguments or {})
    ).get_request()
    found = judge.iter_response_errors(
        WerkzeugOpenAPIRequest(asked), WerkzeugOpenAPIResponse(response)
    )
    return [f"{error}: {getattr(error, '__cause__', '')}" for error in found]


def call(client, method: str, url: str, arguments: dict):
    return getattr(client, method)(url, **arguments)


def test_the_document_is_valid_openapi(spec):
    validate(spec)  # raises on any fault
    assert spec["info"]["version"] == openapi.API_VERSION


def test_every_operation_is_named_and_every_object_has_its_properties(spec):
    operations = [op for item in spec["paths"].values() for op in item.values()]
    ids = [op["operationId"] for op in operations]
    assert len(set(ids)) == len(ids) == len(openapi.OPERATIONS)
    assert all(op["summary"] for op in operations)
    for name, schema in spec["components"]["schemas"].items():
        assert schema["type"] == "object" and "properties" in schema, name
    # Before, these three were a bare list of required names: clients saw untyped objects.
    schemas = spec["components"]["schemas"]
    assert {"slug", "name", "inflow", "contacts", "url"} <= set(schemas["Table"]["required"])
    assert set(schemas["Table"]["properties"]) >= {"slug", "name", "ladder_step", "url"}
    assert set(schemas["HsdsService"]["properties"]) >= {"id", "name", "status", "contacts"}
    assert set(schemas["HsdsOrganization"]["properties"]) == {"id", "name", "description"}


def test_every_operation_is_called_for_real():
    documented = {(op.method, op.path) for op in openapi.OPERATIONS}
    assert {(method, path) for method, path, _, _ in CALLS} == documented


@pytest.mark.parametrize(("method", "path", "url", "arguments"), CALLS, ids=lambda v: str(v))
def test_every_real_response_agrees_with_the_document(
    client, spec, judge, method, path, url, arguments
):
    response = call(client, method, url, arguments)
    assert response.status_code in (200, 400, 404, 413), response.status_code
    assert str(response.status_code) in spec["paths"][path][method]["responses"]
    assert response_errors(judge, response, method, arguments) == []


def test_every_documented_success_and_refusal_happens(client):
    happened = {
        (method, path, str(call(client, method, url, arguments).status_code))
        for method, path, url, arguments in CALLS
    }
    documented = {
        (op.method, op.path, status) for op in openapi.OPERATIONS for status in op.responses
    }
    # The packaged catalogue holds a regiekaart: its 404 is for catalogues without one.
    assert documented - happened == {("post", "/api/v1/regiekaart", "404")}


def test_a_model_the_document_and_the_response_disagree_on_is_caught(client, monkeypatch):
    """The document made from a model with a field the view does not write: the real
    response fails against it. And a response without a field its model requires."""
    longer = create_model("Tables", __base__=models.Tables, generated_at=(str, ...))
    first, *rest = openapi.OPERATIONS
    changed = openapi.Operation(**{**first.__dict__, "responses": {"200": (longer, "")}})
    monkeypatch.setattr(openapi, "OPERATIONS", (changed, *rest))
    judge = OpenAPI.from_dict(client.get("/api/v1/openapi.json").get_json())
    found = response_errors(judge, client.get("/api/v1/tables"))
    assert found and "'generated_at' is a required property" in found[0]

    response = client.get("/api/v1/tables/topx")
    data = response.get_json()
    del data["url"]
    response.set_data(json.dumps(data))
    found = response_errors(judge, response)
    assert found and "'url' is a required property" in found[0]


def test_the_views_refuse_to_write_what_their_model_does_not_know(client, monkeypatch, caplog):
    from rdm.api import views as api

    monkeypatch.setattr(api, "result_json", lambda kaart, result, language: {"level": 1})
    response = client.post("/api/v1/regiekaart", json={})
    assert response.status_code == 500 and "level" not in response.get_json()
    # The regiekaart takes a case's answers: the log names the error, never its message.
    assert "ValidationError" in caplog.text and "Field required" not in caplog.text


def test_hsds_pages_hold_the_export_in_order(client):
    first = client.get("/api/v1/hsds/services?per_page=3").get_json()
    assert first["total_items"] == len(HSDS["services"]) == 8
    assert (first["total_pages"], first["page_number"], first["size"]) == (3, 1, 3)
    assert first["first_page"] and not first["last_page"] and not first["empty"]
    pages = [client.get(f"/api/v1/hsds/services?per_page=3&page={n}").get_json() for n in (1, 2, 3)]
    assert [s for p in pages for s in p["contents"]] == HSDS["services"]
    assert pages[2]["last_page"]
    beyond = client.get("/api/v1/hsds/services?page=4&per_page=3").get_json()
    assert beyond["empty"] and beyond["contents"] == []


def test_hsds_items_by_id_in_the_language_asked_for(client):
    topx = next(s for s in HSDS["services"] if s["alternate_name"] == "TopX / ketencasusoverleg")
    assert client.get(f"/api/v1/hsds/services/{topx['id']}").get_json() == topx
    english = client.get(
        f"/api/v1/hsds/services/{topx['id']}", headers={"Accept-Language": "en"}
    ).get_json()
    assert english["description"].startswith(CATALOGUE.table("topx").summary.en)
    organization = HSDS["organizations"][0]
    found = client.get(f"/api/v1/hsds/organizations/{organization['id']}")
    assert found.get_json() == organization
    missing = client.get(f"/api/v1/hsds/services/{UNKNOWN_ID}")
    assert missing.status_code == 404 and missing.get_json()["errors"][0]["field"] == "id"
    refused = client.get("/api/v1/hsds/organizations?per_page=101")
    assert refused.status_code == 400
    assert refused.get_json()["errors"][0]["field"] == "per_page"
