"""The overview: home, a page per table, the comparison matrix and the supporting pages."""

from flask import Blueprint, abort, make_response, render_template
from flask_login import current_user

from rdm.live import catalogue
from rdm.web.caching import public_page

bp = Blueprint("directory", __name__)
# Every page here is public and the same for every reader of a language: kept a minute.
bp.after_request(public_page)


@bp.get("/")
def home():
    """The home page: what RDM is, the first step, the ladder and every table as a card."""
    return render_template("overview/home.html", catalogue=catalogue())


@bp.get("/tafels/<slug>")
def table(slug: str):
    """One table with every field the source gives; for a logged-in editor, a link to its
    form."""
    found = catalogue().table(slug)
    if found is None:
        abort(404)
    editor = current_user.is_authenticated
    page = render_template(
        "overview/table.html",
        table=found,
        step=catalogue().ladder_step(found.ladder_step),
        regions=catalogue().gemeenten_by_region(),
        edit_link=editor,
        terms=catalogue().terms_on_page(found),
    )
    if not editor:
        return page
    # With the editor's link the page is theirs alone: never kept by a browser or proxy.
    response = make_response(page)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/vergelijk")
def compare():
    """All tables side by side: a matrix that prints on one A4 landscape page."""
    return render_template("overview/compare.html", catalogue=catalogue())


@bp.get("/over-rdm")
def about():
    """The introduction: why this overview, what it makes clear, the principles."""
    return render_template("overview/about.html", catalogue=catalogue())


@bp.get("/clientondersteuning")
def client_support():
    """Independent client support: the right to it and the organisations."""
    return render_template("overview/client_support.html", support=catalogue().client_support)


@bp.get("/gemeenten")
def gemeenten():
    """The 14 gemeenten, the first step, with their GGZ region."""
    return render_template(
        "overview/gemeenten.html", catalogue=catalogue(), regions=catalogue().gemeenten_by_region()
    )


@bp.get("/afkortingen")
def abbreviations():
    """The abbreviations used in the overview, with their long forms."""
    return render_template("overview/abbreviations.html", catalogue=catalogue())


@bp.get("/toegankelijkheid")
def accessibility():
    """The accessibility statement: the standard, how it is checked, known limits, contact."""
    return render_template("overview/accessibility.html")
