"""Error pages: HTML for people, JSON for API clients; never a stack trace, version or path.

An unexpected error gets an incident id, shown to the reader and written to the log with
the traceback, so a report can be matched to its cause. The log line names the method and
the path, never the query string or the body; for the pages and API calls that take a
case's answers (CASE_PREFIXES), and for any request with a query string, the exception's
message (which may quote input) is left out too.
"""

import traceback
import uuid

from flask import Blueprint, current_app, jsonify, make_response, render_template, request
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from rdm.extensions import db
from rdm.live import database_reachable

bp = Blueprint("errors", __name__)

# The wegwijzer, the regiekaart's check and their APIs: their request bodies hold a case's answers.
CASE_PREFIXES = ("/wegwijzer", "/api/v1/advice", "/regiekaart", "/api/v1/regiekaart")


def _wants_json() -> bool:
    return request.path.startswith("/api/")


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException, incident: str | None = None):
    """Render 4xx/5xx errors as a helpful page, or as JSON under /api/."""
    if _wants_json():
        field = "body" if error.code == 413 else "path"
        body = {"errors": [{"field": field, "message": error.description}]}
        if incident:
            body["incident"] = incident
        response = make_response(jsonify(body), error.code)
    else:
        template = "errors/404.html" if error.code == 404 else "errors/error.html"
        page = render_template(template, error=error, incident=incident)
        response = make_response(page, error.code)
    if getattr(error, "valid_methods", None):
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def database_unavailable(error: Exception):
    """The database is down: a maintenance page (the public pages do not need it; the editors'
    area, rdm/redactie/area.py, answers its DatabaseUnavailable with this)."""
    current_app.logger.warning(
        "Database niet bereikbaar bij %s %s: onderhoudspagina", request.method, request.path
    )
    return maintenance()


@bp.app_errorhandler(SQLAlchemyError)
def database_error(error: SQLAlchemyError):
    """Maintenance if the database cannot be reached now; otherwise a fault of ours (500)."""
    db.session.rollback()
    if database_reachable():
        return unexpected_error(error)
    return database_unavailable(error)


def maintenance():
    """503 with the maintenance page (or JSON), to be tried again in half a minute."""
    response = http_error(ServiceUnavailable())
    response.headers["Retry-After"] = "30"
    return response


@bp.app_errorhandler(Exception)
def unexpected_error(error: Exception):
    """Log the failure under an incident id and answer 500 with that id, without details."""
    incident = uuid.uuid4().hex[:12]
    frames = "".join(traceback.format_tb(error.__traceback__))
    if request.path.startswith(CASE_PREFIXES) or request.query_string:
        cause = type(error).__name__
    else:
        cause = "".join(traceback.format_exception_only(error)).strip()
    current_app.logger.error(
        "Incident %s: onverwachte fout bij %s %s\n%s%s",
        incident,
        request.method,
        request.path,
        frames,
        cause,
    )
    return http_error(InternalServerError(), incident=incident)
