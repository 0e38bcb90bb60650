"""The OpenAPI 3.1 description of /api/v1, built from the catalogue's vocabulary."""

from __future__ import annotations

from ..catalogue import Catalogue

# The contract's version: raised with every change, each with a line in CHANGELOG.md.
API_VERSION = "1.3.0"
TEXT = {"type": "string"}
NULLABLE_TEXT = {"type": ["string", "null"]}
# The search query: at least one character that is neither white space nor a control
# character (one regular expression for both ECMA-262, as JSON Schema reads it, and Python).
QUERY_PATTERN = "[^\\s\\ufeff\\x00-\\x1f\\x7f-\\x9f]"
BOTH = {
    "type": "object",
    "required": ["nl", "en"],
    "properties": {"nl": TEXT, "en": TEXT},
    "additionalProperties": False,
}
CRITERIA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["id", "text"],
        "properties": {"id": TEXT, "text": TEXT},
        "additionalProperties": False,
    },
}


ROUTES = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["kind", "value", "label"],
        "properties": {"kind": {"enum": ["phone", "email", "web"]}, "value": TEXT, "label": TEXT},
        "additionalProperties": False,
    },
}


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


def _regiekaart(catalogue: Catalogue) -> dict:
    """The schemas of POST /api/v1/regiekaart (DESIGN.md §8)."""
    kaart = catalogue.regiekaart
    questions = kaart.questions if kaart is not None else ()
    answers = {}
    for question in questions:
        values = [True, False] if question.type == "bool" else [o.value for o in question.options]
        answers[question.id] = {
            "enum": [*values, "unknown"],
            "description": question.meaning.en or question.meaning.nl,
        }
    level = {"type": "integer", "minimum": 1, "maximum": 5}
    rules = {
        "type": "array",
        "items": _object({"to": {"oneOf": [level, {"const": "manager"}]}, "when": TEXT}),
    }
    return {
        "RegiekaartAnswers": _object(answers, required=[]),
        "RegiekaartRequest": _object(
            {"answers": {"$ref": "#/components/schemas/RegiekaartAnswers"}}, required=[]
        ),
        "Regiekaart": _object(
            {
                "level": {"oneOf": [level, {"type": "null"}]},
                "possible_levels": {"type": "array", "items": level, "minItems": 1},
                "casusregie": NULLABLE_TEXT,
                "procesregie": NULLABLE_TEXT,
                "inzet": NULLABLE_TEXT,
                "in_overleg": NULLABLE_TEXT,
                "operationeel": NULLABLE_TEXT,
                "plan": NULLABLE_TEXT,
                "opschalen": rules,
                "afschalen": rules,
                "to_manager": {"type": "boolean"},
                "expertise_needed": {"type": "boolean"},
                "source": TEXT,
            }
        ),
    }


def _schemas(catalogue: Catalogue) -> dict:
    slugs = {"enum": [t.slug for t in catalogue.tables]}
    recommendation = _object(
        {
            "table": slugs,
            "title": TEXT,
            "ladder_step": {"type": "integer"},
            "fit": {"enum": ["fits", "may_fit", "fits_after_steps", "does_not_fit"]},
            "because": CRITERIA,
            "met": CRITERIA,
            "unmet": CRITERIA,
            "unknown": CRITERIA,
            "steps_first": CRITERIA,
            "what_if": CRITERIA,
            "may_register": {"type": ["boolean", "null"]},
            "register_via": TEXT,
            "deadlines": NULLABLE_TEXT,
            "contact": _object(
                {
                    "url": TEXT,
                    "contacts": {
                        "type": "array",
                        "items": _object(
                            {"kind": TEXT, "label": TEXT, "href": TEXT, "display": TEXT}
                        ),
                    },
                }
            ),
            "next_step": {"oneOf": [slugs, {"type": "null"}]},
            "next_ladder_step": {
                "oneOf": [
                    {"type": "null"},
                    _object({"step": {"type": "integer"}, "name": TEXT, "description": TEXT}),
                ]
            },
        }
    )
    return {
        **_regiekaart(catalogue),
        "Answers": _answers(catalogue),
        # Without "answers" nothing is known yet: the advice for no answers at all.
        "AdviceRequest": _object(
            {"answers": {"$ref": "#/components/schemas/Answers"}}, required=[]
        ),
        "Advice": _object(
            {
                "rules_version": TEXT,
                "acute": {"type": "boolean"},
                "acute_guidance": {
                    "oneOf": [
                        {"type": "null"},
                        _object({"title": TEXT, "steps": {"type": "array", "items": TEXT}}),
                    ]
                },
                "first_step": {
                    "oneOf": [
                        {"type": "null"},
                        _object(
                            {
                                "gemeente": NULLABLE_TEXT,
                                "name": NULLABLE_TEXT,
                                "ggz_region": NULLABLE_TEXT,
                                "region_note": NULLABLE_TEXT,
                                "text": TEXT,
                                "routes": ROUTES,
                                "outside_twente": {"type": "boolean"},
                                "safety_route": {
                                    "oneOf": [
                                        {"type": "null"},
                                        _object({"text": TEXT, "routes": ROUTES}),
                                    ]
                                },
                            }
                        ),
                    ]
                },
                "recommendations": {"type": "array", "items": recommendation},
                "client_support": _object(
                    {
                        "text": TEXT,
                        "cce": {"type": "boolean"},
                        "overview_url": TEXT,
                        "organisations": {
                            "type": "array",
                            "items": _object({"name": TEXT, "url": TEXT}),
                        },
                    }
                ),
            }
        ),
        "Questions": _object(
            {
                "rules_version": TEXT,
                "topics": {"type": "array", "items": _object({"id": TEXT, "title": BOTH})},
                "questions": {
                    "type": "array",
                    "items": _object(
                        {
                            "id": TEXT,
                            "type": {"enum": ["bool", "enum"]},
                            "topic": TEXT,
                            "text": BOTH,
                            "hint": {"oneOf": [BOTH, {"type": "null"}]},
                            "options": {
                                "type": "array",
                                "items": _object(
                                    {"value": {"type": ["string", "boolean"]}, "label": BOTH}
                                ),
                            },
                        }
                    ),
                },
            }
        ),
        "SearchResults": _object(
            {
                "query": TEXT,
                "results": {
                    "type": "array",
                    "items": _object(
                        {
                            "type": {"enum": ["table", "page"]},
                            "table": {"anyOf": [slugs, {"type": "null"}]},
                            "title": TEXT,
                            "snippet": TEXT,
                            "snippet_html": TEXT,
                            "ladder_step": {"type": ["integer", "null"]},
                            "url": TEXT,
                        }
                    ),
                },
            }
        ),
        "Table": {"type": "object", "required": ["slug", "name", "inflow", "contacts", "url"]},
        "HSDS": _object(
            {
                "organizations": {
                    "type": "array",
                    "items": {"type": "object", "required": ["id", "name"]},
                },
                "services": {
                    "type": "array",
                    "items": {"type": "object", "required": ["id", "name", "status"]},
                },
            }
        ),
        "Tables": _object(
            {
                "tables": {"type": "array", "items": {"$ref": "#/components/schemas/Table"}},
                "last_reviewed": {"type": "string", "format": "date"},
                "catalogue_sha256": TEXT,
            }
        ),
        "Errors": _object(
            {
                "errors": {
                    "type": "array",
                    "minItems": 1,
                    "items": _object({"field": TEXT, "message": TEXT}),
                }
            }
        ),
    }


def _response(schema: str, description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


def build_spec(catalogue: Catalogue) -> dict:
    """Return the OpenAPI document for the JSON API."""
    bad = _response(
        "Errors", "The request names an unknown id, a wrong type or value, or is no JSON"
    )
    lang = {"name": "lang", "in": "query", "required": False, "schema": {"enum": ["nl", "en"]}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "RDM Twente API",
            "version": API_VERSION,
            "x-rules-version": catalogue.rules_version,
        },
        "paths": {
            "/api/v1/tables": {"get": {"responses": {"200": _response("Tables", "The catalogue")}}},
            "/api/v1/tables/{slug}": {
                "get": {
                    "parameters": [
                        {"name": "slug", "in": "path", "required": True, "schema": TEXT}
                    ],
                    "responses": {
                        "200": _response("Table", "One table"),
                        "404": _response("Errors", "No such table"),
                    },
                }
            },
            "/api/v1/search": {
                "get": {
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "required": True,
                            "description": "What to look for: not only spaces or control codes",
                            "schema": {
                                "type": "string",
                                "maxLength": 200,
                                "pattern": QUERY_PATTERN,
                            },
                        },
                        lang,
                    ],
                    "responses": {
                        "200": _response("SearchResults", "Matching tables and pages, best first"),
                        "400": bad,
                    },
                }
            },
            "/api/v1/hsds": {
                "get": {
                    "description": "In English where the catalogue has English, when "
                    "Accept-Language (or the language cookie) puts English first; else Dutch.",
                    "responses": {
                        "200": _response("HSDS", "The catalogue as Open Referral HSDS 3.0")
                    },
                }
            },
            "/api/v1/questions": {
                "get": {"responses": {"200": _response("Questions", "The wizard's questions")}}
            },
            "/api/v1/advice": {
                "post": {
                    "parameters": [lang],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/AdviceRequest"}
                            }
                        },
                    },
                    "responses": {
                        "200": _response("Advice", "The advice for these answers"),
                        "400": bad,
                        "413": _response("Errors", "The body is larger than the limit"),
                    },
                }
            },
            "/api/v1/regiekaart": {
                "post": {
                    "summary": "The level of regie on the regiekaart for a case",
                    "parameters": [lang],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/RegiekaartRequest"}
                            }
                        },
                    },
                    "responses": {
                        "200": _response("Regiekaart", "The level (or levels still possible)"),
                        "400": bad,
                        "404": _response("Errors", "The catalogue holds no regiekaart"),
                        "413": _response("Errors", "The body is larger than the limit"),
                    },
                }
            },
        },
        "components": {"schemas": _schemas(catalogue)},
    }
