"""An editor's session that ended (logged out in another tab, a new password, access off).

A form sent then is not lost: the login page carries what was typed in hidden fields of
its own form (never in its address, never in a log), and after the login a page sends it
again, with a fresh token, to where it was going. A file chosen for upload cannot be kept.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import g, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from rdm.redactie.forms.login import LoginForm
from rdm.web.meta import same_site_path

# The login form's fields that carry the work: "kept:yaml" holds what was sent as "yaml".
KEPT = "kept:"
# A form's token is made anew for the page that sends the work again; passwords are never
# written into a page.
NOT_KEPT = frozenset({"csrf_token", "current", "password", "password_again"})
AREA = "/redactie/"


def posted_work() -> list[tuple[str, str]]:
    """Return every field of the form just sent, in order, except its token."""
    return [
        (name, value)
        for name, values in request.form.lists()
        if name not in NOT_KEPT
        for value in values
    ]


def kept_work() -> list[tuple[str, str]]:
    """Return the work carried through the login form, under the names it was sent with."""
    return [
        (name.removeprefix(KEPT), value)
        for name, values in request.form.lists()
        if name.startswith(KEPT)
        for value in values
    ]


def area_path(target: str | None) -> str | None:
    """Return `target` if it is a page of the editors' area on this site, else None."""
    path = same_site_path(target or "")
    segments = urlsplit(path).path.split("/")
    if not path.startswith(AREA) or "." in segments or ".." in segments:
        return None
    return path


def login_again(status: int):
    """The login page, instead of a form that could not be handled, with its work kept."""
    page = render_template(
        "redactie/login.html",
        form=LoginForm(formdata=None),
        work=posted_work(),
        target=request.path,
        ended=True,
        lost_upload=any(upload.filename for upload in request.files.values()),
    )
    return page, status


def send_again(work: list[tuple[str, str]], target: str, logged_in: bool = False):
    """A page that sends the kept work to where it was going, with a fresh token."""
    # A login clears the session: the token this request made before it is no longer valid.
    g.pop("csrf_token", None)
    page = render_template(
        "redactie/send_again.html", work=work, target=target, logged_in=logged_in
    )
    return page, 200 if logged_in else 400


def expired_form(error: CSRFError):
    """An editor's form with a token of a session that ended: log in again or send it again,
    and keep what was typed (the editors' area's handler; elsewhere the usual error page)."""
    if request.endpoint == "redactie.editors.login":
        page = render_template(
            "redactie/login.html",
            form=LoginForm(),
            work=kept_work(),
            target=request.args.get("next"),
            expired=True,
        )
        return page, 400
    if not current_user.is_authenticated:
        if request.endpoint == "redactie.editors.logout":
            return redirect(url_for("directory.home"))
        return login_again(400)
    return send_again(posted_work(), request.path)
