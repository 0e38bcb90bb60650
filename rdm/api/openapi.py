"""The OpenAPI 3.1 description of /api/v1: its operations from a declarative list, the
responses' schemas from the pydantic models the views write their JSON with (models.py),
the requests' answers from the catalogue's vocabulary."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from rdm.api import models
from rdm.catalogue import Catalogue

# The contract's version: raised with every change, each with a line in CHANGELOG.md.
API_VERSION = "1.4.0"
TEXT = {"type": "string"}
# The search query: at least one character that is neither white space nor a control
# character (one regular expression for both ECMA-262, as JSON Schema reads it, and Python).
QUERY_PATTERN = "[^\\s\\ufeff\\x00-\\x1f\\x7f-\\x9f]"


def _object(properties: dict, required: list[str] | None = None, extra: bool = False) -> dict:
    return {
        "type": "object",
        "required": list(properties) if required is None else required,
        "properties": properties,
        "additionalProperties": extra,
    }


def _answers(catalogue: Catalogue) -> dict:
    properties = {}
    for answer in catalogue.vocabulary:
        if answer.type == "bool":
            properties[answer.id] = {"enum": [True, False, "unknown"]}
        else:
            properties[answer.id] = {"enum": [o.value for o in answer.options] + ["unknown"]}
        properties[answer.id]["description"] = answer.meaning.en or answer.meaning.nl
    return _object(properties, required=[])


def _regiekaart_request(catalogue: Catalogue) -> dict:
    """The request schemas of POST /api/v1/regiekaart."""
    kaart = catalogue.regiekaart
    questions = kaart.questions if kaart is not None else ()
    answers = {}
    for question in questions:
        values = [True, False] if question.type == "bool" else [o.value for o in question.options]
        answers[question.id] = {
            "enum": [*values, "unknown"],
            "description": question.meaning.en or question.meaning.nl,
        }
    return {
        "RegiekaartAnswers": _object(answers, required=[]),
        "RegiekaartRequest": _object(
            {"answers": {"$ref": "#/components/schemas/RegiekaartAnswers"}}, required=[]
        ),
    }


LANG = {"name": "lang", "in": "query", "required": False, "schema": {"enum": ["nl", "en"]}}
IN_ACCEPT_LANGUAGE = (
    "In English where the catalogue has English, when Accept-Language (or the language "
    "cookie) puts English first; else Dutch."
)
PAGE = (
    {
        "name": "page",
        "in": "query",
        "required": False,
        "description": "The page, counted from 1",
        "schema": {"type": "integer", "minimum": 1, "maximum": 1_000_000, "default": 1},
    },
    {
        "name": "per_page",
        "in": "query",
        "required": False,
        "description": "Items a page",
        "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 50},
    },
)
SEARCH_QUERY = {
    "name": "q",
    "in": "query",
    "required": True,
    "description": "What to look for: not only spaces or control codes",
    "schema": {"type": "string", "maxLength": 200, "pattern": QUERY_PATTERN},
}


def _path_parameter(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": TEXT}


BAD = (models.Errors, "The request names an unknown id, a wrong type or value, or is no JSON")
TOO_LARGE = (models.Errors, "The body is larger than the limit")


@dataclass(frozen=True)
class Operation:
    """One operation of the API: what the document says of it, its responses by status."""

    method: str
    path: str
    operation_id: str
    summary: str
    responses: dict[str, tuple[type[BaseModel], str]]
    parameters: tuple[dict, ...] = ()
    request: str | None = None
    description: str | None = None

    def document(self) -> dict:
        """The operation object of the OpenAPI document."""
        written = {"operationId": self.operation_id, "summary": self.summary}
        if self.description:
            written["description"] = self.description
        if self.parameters:
            written["parameters"] = list(self.parameters)
        if self.request:
            schema = {"$ref": f"#/components/schemas/{self.request}"}
            written["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": schema}},
            }
        written["responses"] = {
            status: {
                "description": text,
                "content": {"application/json": {"schema": {"$ref": _ref(model)}}},
            }
            for status, (model, text) in self.responses.items()
        }
        return written


def _ref(model: type[BaseModel]) -> str:
    return f"#/components/schemas/{model.__name__}"


def _hsds_item(path: str, name: str, model: type[BaseModel], what: str) -> Operation:
    return Operation(
        "get",
        f"/api/v1/hsds/{path}/{{id}}",
        f"getHsds{name}",
        f"One {what} of the HSDS 3.0 export, by its id",
        {"200": (model, f"The {what}"), "404": (models.Errors, f"No such {what}")},
        (_path_parameter("id"),),
        description=IN_ACCEPT_LANGUAGE,
    )


def _hsds_list(path: str, name: str, model: type[BaseModel], what: str) -> Operation:
    return Operation(
        "get",
        f"/api/v1/hsds/{path}",
        f"listHsds{name}",
        f"The {what} of the HSDS 3.0 export, a page at a time",
        {"200": (model, f"One page of {what}"), "400": BAD},
        PAGE,
        description=IN_ACCEPT_LANGUAGE,
    )


OPERATIONS = (
    Operation(
        "get", "/api/v1/tables", "listTables", "Every table of the catalogue",
        {"200": (models.Tables, "The catalogue")},
    ),
    Operation(
        "get", "/api/v1/tables/{slug}", "getTable", "One table, by its fixed slug",
        {"200": (models.Table, "One table"), "404": (models.Errors, "No such table")},
        (_path_parameter("slug"),),
    ),
    Operation(
        "get", "/api/v1/search", "searchCatalogue", "Search the tables and the overview's pages",
        {"200": (models.SearchResults, "Matching tables and pages, best first"), "400": BAD},
        (SEARCH_QUERY, LANG),
    ),
    Operation(
        "get", "/api/v1/hsds", "exportHsds", "The whole catalogue as Open Referral HSDS 3.0",
        {"200": (models.HSDS, "Every organization and service")},
        description=IN_ACCEPT_LANGUAGE,
    ),
    _hsds_list("services", "Services", models.HsdsServicePage, "services"),
    _hsds_item("services", "Service", models.HsdsService, "service"),
    _hsds_list("organizations", "Organizations", models.HsdsOrganizationPage, "organizations"),
    _hsds_item("organizations", "Organization", models.HsdsOrganization, "organization"),
    Operation(
        "get", "/api/v1/questions", "listQuestions", "The wizard's questions, in Dutch and English",
        {"200": (models.Questions, "The wizard's questions")},
    ),
    Operation(
        "post", "/api/v1/advice", "getAdvice", "The advice for a case's answers",
        {"200": (models.Advice, "The advice for these answers"), "400": BAD, "413": TOO_LARGE},
        (LANG,),
        request="AdviceRequest",
    ),
    Operation(
        "post", "/api/v1/regiekaart", "placeOnRegiekaart",
        "The level of regie on the regiekaart for a case",
        {
            "200": (models.Regiekaart, "The level (or levels still possible)"),
            "400": BAD,
            "404": (models.Errors, "The catalogue holds no regiekaart"),
            "413": TOO_LARGE,
        },
        (LANG,),
        request="RegiekaartRequest",
    ),
)  # fmt: skip


def response_schemas() -> dict:
    """The JSON schemas of every response model (with the models they hold), by name."""
    used = {model for operation in OPERATIONS for model, _ in operation.responses.values()}
    _, schemas = models_json_schema(
        [(model, "serialization") for model in sorted(used, key=lambda m: m.__name__)],
        ref_template="#/components/schemas/{model}",
    )
    return schemas["$defs"]


# Where a response names a table by its slug (and whether it may be null instead).
TABLE_NAMES = (
    ("Recommendation", "table", False),
    ("Recommendation", "next_step", True),
    ("SearchResult", "table", True),
)


def _schemas(catalogue: Catalogue) -> dict:
    """The components' schemas: the responses', with the catalogue's slugs where a response
    names a table, and the requests' answers in the catalogue's vocabulary."""
    schemas = response_schemas()
    slugs = {"enum": [t.slug for t in catalogue.tables]}
    for schema, name, nullable in TABLE_NAMES:
        schemas[schema]["properties"][name] = (
            {"anyOf": [slugs, {"type": "null"}]} if nullable else slugs
        )
    return {
        **schemas,
        **_regiekaart_request(catalogue),
        "Answers": _answers(catalogue),
        # Without "answers" nothing is known yet: the advice for no answers at all.
        "AdviceRequest": _object(
            {"answers": {"$ref": "#/components/schemas/Answers"}}, required=[]
        ),
    }


def build_spec(catalogue: Catalogue) -> dict:
    """Return the OpenAPI document for the JSON API."""
    paths: dict[str, dict] = {}
    for operation in OPERATIONS:
        paths.setdefault(operation.path, {})[operation.method] = operation.document()
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "RDM Twente API",
            "version": API_VERSION,
            "x-rules-version": catalogue.rules_version,
        },
        "paths": paths,
        "components": {"schemas": _schemas(catalogue)},
    }
