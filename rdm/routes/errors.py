"""Error pages: HTML for people, JSON for API clients; never a stack trace."""

from flask import Blueprint, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

bp = Blueprint("errors", __name__)


def _wants_json() -> bool:
    return request.path.startswith("/api/")


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException):
    """Render 4xx/5xx errors as a helpful page, or as JSON under /api/."""
    if _wants_json():
        field = "body" if error.code == 413 else "path"
        response = jsonify(errors=[{"field": field, "message": error.description}])
    else:
        template = "errors/404.html" if error.code == 404 else "errors/error.html"
        response = render_template(template, error=error)
    return response, error.code


@bp.app_errorhandler(Exception)
def unexpected_error(error: Exception):
    """Log the failure and answer 500 without details."""
    current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
    return http_error(InternalServerError())
