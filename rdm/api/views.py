"""The JSON API at /api/v1: the catalogue's tables, search, the wizard's questions, advice
for a case, the regiekaart's level check, the HSDS export and the OpenAPI document.

Every response is written through its model in rdm/api/models.py, the source of the OpenAPI
document too (rdm/api/openapi.py), so what is served is what is described.
"""

import json
import re

from flask import Blueprint, current_app, jsonify, request, url_for

from rdm.api import models
from rdm.api.hsds import export as export_hsds
from rdm.api.hsds import page as hsds_page
from rdm.api.models import as_json, hsds_json
from rdm.api.openapi import QUERY_PATTERN, build_spec
from rdm.catalogue import Table
from rdm.live import catalogue, live
from rdm.overview.search import SearchResult, search
from rdm.overview.search_views import result_url
from rdm.regiekaart.rules import result_json
from rdm.web.language import page_language
from rdm.wegwijzer import AnswerErrors

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def _table(table: Table) -> models.Table:
    """The catalogue's table with its page's address and its contacts' links; its nested
    parts are the catalogue's own objects (already checked), passed on, not read again."""
    contacts = [models.TableContact(**dict(c), href=c.href) for c in table.contacts]
    url = url_for("directory.table", slug=table.slug, _external=True)
    return models.Table(**{**dict(table), "contacts": contacts, "url": url})


# A query needs one character that is neither white space nor a control character.
MEANINGFUL = re.compile(QUERY_PATTERN)


def _error(field: str, message: str, status: int = 400):
    return jsonify(models.errors(field, message)), status


@bp.get("/tables")
def tables():
    """Every table of the catalogue."""
    listed = models.Tables(
        tables=[_table(t) for t in catalogue().tables],
        last_reviewed=catalogue().last_reviewed(),
        catalogue_sha256=live().loaded.sha256,
    )
    return jsonify(listed.model_dump(mode="json", by_alias=True))


@bp.get("/tables/<slug>")
def table(slug: str):
    """One table, by its fixed slug."""
    found = catalogue().table(slug)
    if found is None:
        return _error("slug", f"unknown table: {slug}", 404)
    return jsonify(_table(found).model_dump(mode="json", by_alias=True))


@bp.get("/search")
def search_tables():
    """Search: {"results": [{"type", "table", "url", "title", "snippet", ...}]}, best first."""
    query = request.args.get("q", "").strip()
    if not MEANINGFUL.search(query):
        query = ""
    limit = current_app.config["SEARCH_QUERY_MAX_LENGTH"]
    if not query:
        return _error("q", "the query parameter q is required")
    if len(query) > limit:
        return _error("q", f"the query is longer than {limit} characters")
    language = request.args.get("lang", "nl")
    if language not in current_app.config["LANGUAGES"]:
        return _error("lang", "lang must be nl or en")
    found = search(live().index, query, language)
    results = models.SearchResults(
        query=query, results=[_search_result(r, language) for r in found]
    )
    return jsonify(results.model_dump(mode="json"))


def _search_result(result: SearchResult, language: str) -> models.SearchResult:
    """One search result as the API has it: a table (its slug in `table`) or a page."""
    table = result.table
    return models.SearchResult(
        type=result.type,
        table=table.slug if table else None,
        title=result.title.in_language(language)[0],
        snippet=result.snippet,
        snippet_html=str(result.snippet_html),
        ladder_step=table.ladder_step if table else None,
        url=result_url(result, _external=True),
    )


@bp.get("/questions")
def questions():
    """The wizard's questions with ids, types, options and texts in Dutch and English."""
    return jsonify(live().questions_json)


class _BadRequest(Exception):
    """A request the API refuses with 400, naming the offending field."""

    def __init__(self, response):
        self.response = response


def _language() -> str:
    language = request.args.get("lang", "nl")
    if language not in current_app.config["LANGUAGES"]:
        raise _BadRequest(_error("lang", "lang must be nl or en"))
    return language


def _answers(parser) -> dict:
    """Return the validated answers of a {"answers": {...}} body, or raise _BadRequest."""
    try:
        body = json.loads(request.get_data())
    except (ValueError, RecursionError):
        raise _BadRequest(_error("body", "the body must be a JSON object")) from None
    if not isinstance(body, dict):
        raise _BadRequest(_error("body", "the body must be a JSON object"))
    unexpected = sorted(set(body) - {"answers"})
    if unexpected:
        raise _BadRequest(_error(unexpected[0], "unknown field; the body holds only 'answers'"))
    given = body.get("answers", {})
    if isinstance(given, dict):
        unset = sorted(key for key, value in given.items() if value is None)
        if unset:
            message = 'null is not an answer: leave the id out or say "unknown"'
            raise _BadRequest(_error(unset[0], message))
    try:
        return parser.parse(given)
    except AnswerErrors as errors:
        refusal = as_json(models.Errors, {"errors": errors.errors})
        raise _BadRequest((jsonify(refusal), 400)) from None


@bp.errorhandler(_BadRequest)
def bad_request(error: _BadRequest):
    return error.response


@bp.post("/advice")
def advice():
    """Advice for a case: {"answers": {...}} -> the recommended tables."""
    language = _language()
    served = live()
    answers = _answers(served.engine.parser)
    # Not counted in the editors' insight: that counts what people do in the wegwijzer.
    result = served.engine.advise(answers)
    return jsonify(served.advice_json(result, language, _table_urls()).model_dump(mode="json"))


@bp.post("/regiekaart")
def regiekaart():
    """The level of regie for a case: {"answers": {...}} -> level and regie."""
    language = _language()
    check = live().regie
    if check is None:
        return _error("regiekaart", "this catalogue holds no regiekaart", 404)
    answers = _answers(check.parser)
    result = result_json(check.kaart, check.place(answers), language)
    return jsonify(as_json(models.Regiekaart, result))


def _table_urls():
    """The address of a table's page, for this request's host: one url_for, not one a table.

    A slug is made of a-z, 0-9 and '-' (the catalogue checks), so it is the same in a URL.
    """
    root = url_for("directory.table", slug="x", _external=True).removesuffix("x")
    return lambda slug: root + slug


@bp.get("/hsds")
def hsds():
    """The catalogue in the Open Referral HSDS 3.0 shape, for other directories to reuse;
    in English (Accept-Language) where the catalogue has English."""
    return jsonify(export_hsds(catalogue(), page_language()))


# HSDS 3.0 API clients read the export a page (or an item) at a time, by these paths.
HSDS_LISTS = {
    "services": models.HsdsServicePage,
    "organizations": models.HsdsOrganizationPage,
}
PAGE_NUMBER = re.compile(r"[0-9]{1,9}")
LAST_PAGE = 1_000_000


def _page_parameter(name: str, default: int, largest: int | None = None) -> int:
    given = request.args.get(name, str(default))
    number = int(given) if PAGE_NUMBER.fullmatch(given) else 0
    if number < 1 or (largest is not None and number > largest):
        most = f" and at most {largest}" if largest else ""
        raise _BadRequest(_error(name, f"{name} must be a whole number from 1{most}"))
    return number


@bp.get("/hsds/<any(services, organizations):kind>")
def hsds_list(kind: str):
    """One page of the HSDS export's services or organizations (?page=1&per_page=50)."""
    number = _page_parameter("page", 1, largest=LAST_PAGE)
    size = _page_parameter("per_page", 50, largest=100)
    items = export_hsds(catalogue(), page_language())[kind]
    return jsonify(hsds_json(HSDS_LISTS[kind].model_validate(hsds_page(items, number, size))))


@bp.get("/hsds/<any(services, organizations):kind>/<item_id>")
def hsds_item(kind: str, item_id: str):
    """One service or organization of the HSDS export, by its id."""
    items = export_hsds(catalogue(), page_language())[kind]
    found = next((item for item in items if item["id"] == item_id), None)
    if found is None:
        return _error("id", f"unknown {kind.removesuffix('s')}: {item_id}", 404)
    return jsonify(found)


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API."""
    return jsonify(build_spec(catalogue()))
