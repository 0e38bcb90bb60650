"""The search page at /zoeken."""

from flask import Blueprint, current_app, render_template, request, url_for

from ..i18n import page_language
from ..live import live
from ..search import search

bp = Blueprint("search", __name__)


@bp.get("/zoeken")
def results():
    """Search the tables; an empty result suggests the first step and the comparison."""
    query = request.args.get("q", "").strip()
    too_long = len(query) > current_app.config["SEARCH_QUERY_MAX_LENGTH"]
    found = [] if (too_long or not query) else search(live().index, query, page_language())
    status = 400 if too_long else 200
    return render_template(
        "search/results.html",
        query=query,
        results=found,
        too_long=too_long,
        wizard_url=_wizard_url(),
    ), status


def _wizard_url() -> str | None:
    """Return the wegwijzer's address once that feature is registered, else None."""
    if "wizard.start" in current_app.view_functions:
        return url_for("wizard.start")
    return None
