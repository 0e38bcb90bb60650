"""The search page at /zoeken."""

from flask import Blueprint, current_app, render_template, request, url_for

from rdm.live import catalogue, live
from rdm.overview.search import SearchResult, search
from rdm.web.language import page_language

bp = Blueprint("search", __name__)

# The pages other than the tables that search finds, by their key in the index.
PAGE_ENDPOINTS = {
    "over-rdm": "directory.about",
    "gemeenten": "directory.gemeenten",
    "clientondersteuning": "directory.client_support",
}


def result_url(result: SearchResult, **options) -> str:
    """Return the address of a result: its table's page or the page itself."""
    if result.table is not None:
        return url_for("directory.table", slug=result.table.slug, **options)
    return url_for(PAGE_ENDPOINTS[result.page.key], **options)


@bp.get("/zoeken")
def results():
    """Search the tables and pages; every result page names the first step, and an empty
    result also the wegwijzer and the comparison."""
    query = request.args.get("q", "").strip()
    too_long = len(query) > current_app.config["SEARCH_QUERY_MAX_LENGTH"]
    found = [] if (too_long or not query) else search(live().index, query, page_language())
    status = 400 if too_long else 200
    return render_template(
        "overview/search.html",
        query=query,
        results=[(result, result_url(result)) for result in found],
        first_step=catalogue().introduction.first_step,
        gemeenten=catalogue().gemeenten,
        too_long=too_long,
        wizard_url=_wizard_url(),
    ), status


def _wizard_url() -> str | None:
    """Return the wegwijzer's address once that feature is registered, else None."""
    if "wizard.start" in current_app.view_functions:
        return url_for("wizard.start")
    return None
