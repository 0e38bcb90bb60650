"""The overview: home, a page per table, the comparison matrix and the supporting pages."""

from flask import Blueprint, abort, render_template

from ..live import catalogue
from ..pagecache import kept

bp = Blueprint("directory", __name__)


@bp.get("/")
@kept
def home():
    """The home page: what RDM is, the first step, the ladder and every table as a card."""
    return render_template("directory/home.html", catalogue=catalogue())


@bp.get("/tafels/<slug>")
@kept
def table(slug: str):
    """One table with every field the source gives."""
    found = catalogue().table(slug)
    if found is None:
        abort(404)
    return render_template(
        "directory/table.html",
        table=found,
        step=catalogue().ladder_step(found.ladder_step),
        regions=catalogue().gemeenten_by_region(),
    )


@bp.get("/vergelijk")
@kept
def compare():
    """All tables side by side: a matrix that prints on one A4 landscape page."""
    return render_template("directory/compare.html", catalogue=catalogue())


@bp.get("/over-rdm")
@kept
def about():
    """The introduction: why this overview, what it makes clear, the principles."""
    return render_template("directory/about.html", catalogue=catalogue())


@bp.get("/clientondersteuning")
@kept
def client_support():
    """Independent client support: the right to it and the organisations."""
    return render_template("directory/client_support.html", support=catalogue().client_support)


@bp.get("/gemeenten")
@kept
def gemeenten():
    """The 14 gemeenten, the first step, with their GGZ region."""
    return render_template(
        "directory/gemeenten.html", catalogue=catalogue(), regions=catalogue().gemeenten_by_region()
    )


@bp.get("/afkortingen")
@kept
def abbreviations():
    """The abbreviations used in the overview, with their long forms."""
    return render_template("directory/abbreviations.html", catalogue=catalogue())


@bp.get("/toegankelijkheid")
@kept
def accessibility():
    """The accessibility statement: the standard, how it is checked, known limits, contact."""
    return render_template("directory/accessibility.html")
