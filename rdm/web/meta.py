"""Health check, the language switch and security.txt."""

from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, current_app, jsonify, redirect, request, url_for

from rdm.live import database_state, live, publications
from rdm.web.language import remember_language
from rdm.web.security import security_txt

bp = Blueprint("meta", __name__)


@bp.get("/healthz")
def healthz():
    """200 while the public site can serve (it needs only the catalogue); reports each part.

    "degraded" means the database cannot be used as configured: down or its SQLite file
    moved or replaced (the editors' area shows its maintenance page and outcomes are not
    counted), or not migrated. The overview, search and wizard work all the same.
    """
    served = live()
    database = database_state()
    return jsonify(
        status="ok" if database == "ok" else "degraded",
        catalogue={
            "tables": len(served.catalogue.tables),
            "sha256": served.loaded.sha256,
            "source": publications().describe(),
            "revision": served.revision_id,
            "refused_revisions": [number for number, _ in publications().refused_revisions()],
        },
        search="ok" if served.index_built else "built on first search",
        wizard="ok",
        database=database,
        editors="ok" if database == "ok" else "maintenance",
    )


@bp.get("/.well-known/security.txt")
def security_contact():
    """Where to report a vulnerability (RFC 9116)."""
    # Addresses made from the request's host: not to be kept by a shared cache.
    scheme = current_app.config["PREFERRED_URL_SCHEME"]
    contact = current_app.config["SECURITY_CONTACT"] or url_for(
        "feedback.report_site", _external=True, _scheme=scheme
    )
    text = security_txt(
        contact,
        current_app.config["SECURITY_TXT_EXPIRES_AT"],
        url_for(".security_contact", _external=True, _scheme=scheme),
    )
    response = Response(text, content_type="text/plain; charset=utf-8")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/taal/<language>")
def switch_language(language: str):
    """Remember the reader's language in a cookie and go back to the page they were on."""
    if language not in current_app.config["LANGUAGES"]:
        abort(404)
    return remember_language(redirect(same_site_path(request.args.get("next", "/"))), language)


def same_site_path(target: str) -> str:
    """Return `target` if it is a path on this site, else "/": never redirect elsewhere."""
    if any(ord(c) < 32 or c == "\\" for c in target):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target
