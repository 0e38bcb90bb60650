"""The editors' area at /redactie: one parent blueprint that owns what every page there needs.

A page is protected by being a child here (CHILDREN): it gets a logged-in editor (with their
own password, not the starting one), the database, the newest revision, no-store, the
maintenance page, and the handling of a form sent after the session ended. The children only
translate HTTP to a service call.
"""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, request, url_for
from flask_login import current_user
from flask_login.config import EXEMPT_METHODS
from flask_wtf.csrf import CSRFError

from rdm.extensions import login_manager
from rdm.live import database_down, publications
from rdm.redactie.revisions import DatabaseUnavailable
from rdm.redactie.views import (
    accounts,
    dashboard,
    downloads,
    editing,
    ended_sessions,
    inbox,
    parts,
    release_changes,
    revisions,
)
from rdm.web import errors

# The area's pages, each a blueprint of its own.
CHILDREN = (
    dashboard,
    editing,
    revisions,
    release_changes,
    parts,
    inbox,
    downloads,
    accounts,
)

# Open without a login: the login page itself.
OPEN = frozenset({"redactie.editors.login"})
# Where an editor with a starting password may go before choosing their own.
BEFORE_OWN_PASSWORD = frozenset(
    {"redactie.accounts.password", "redactie.editors.logout", "redactie.editors.login"}
)


def editors_only():
    """The database, the newest revision and a logged-in editor, for every page here."""
    if database_down():
        raise DatabaseUnavailable
    # Editors see the newest revision at once, whichever instance served the publication;
    # this is the one look at the revisions for the whole request.
    publications().refresh(current_app._get_current_object(), force=True)
    if request.endpoint in OPEN or request.method in EXEMPT_METHODS:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if current_user.password_to_change and request.endpoint not in BEFORE_OWN_PASSWORD:
        # An editor logged in with a starting password chooses their own before anything else.
        return redirect(url_for("redactie.accounts.password"))
    return None


def not_kept(response):
    """An editor's pages are never kept by a browser or proxy."""
    response.headers["Cache-Control"] = "no-store"
    return response


@login_manager.unauthorized_handler
def unauthorized():
    """Send a visitor to the login page, and back to where they were going afterwards; a
    form sent after the session ended gets the login page at once, its work kept."""
    if request.method == "POST":
        return ended_sessions.login_again(401)
    return redirect(url_for("redactie.editors.login", next=request.full_path.rstrip("?")))


def area() -> Blueprint:
    """Return the editors' area for one app: its pages under /redactie, and what they need."""
    bp = Blueprint("redactie", __name__, url_prefix="/redactie")
    for child in CHILDREN:
        bp.register_blueprint(child.bp)
    bp.before_request(editors_only)
    bp.after_request(not_kept)
    bp.register_error_handler(CSRFError, ended_sessions.expired_form)
    bp.register_error_handler(DatabaseUnavailable, errors.database_unavailable)
    return bp
