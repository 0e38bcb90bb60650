"""The editors' area's own pages (the area itself: rdm/redactie/area.py): login, logout, the
dashboard and insight."""

from __future__ import annotations

from flask import (
    Blueprint,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import format_datetime, ngettext
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from rdm import clock
from rdm.catalogue.changesets import pending
from rdm.extensions import db
from rdm.live import catalogue, publications, release_changesets
from rdm.models import Revision
from rdm.overview.feedback import open_reports
from rdm.redactie.forms.login import LoginForm
from rdm.redactie.insight import chart, last_weeks, per_table
from rdm.redactie.login import (
    authenticate,
    failed_logins_since_last_login,
    forget_attempt,
    login_throttled,
    note_failed_login,
    start_login_attempt,
)
from rdm.redactie.todo import recent_refusals, todo_list, waiting_reports
from rdm.redactie.views.ended_sessions import area_path, kept_work, send_again
from rdm.web.http import client_key
from rdm.web.meta import same_site_path
from rdm.wegwijzer.wording import FIT_LABELS

bp = Blueprint("editors", __name__)


@bp.route("/inloggen", methods=["GET", "POST"])
def login():
    """Log in. An address gets 10 failures in 15 minutes; an account under attack from many
    addresses, 3 per address. The editor is told of the failures at their next login."""
    form = LoginForm()
    if not form.validate_on_submit():
        return _login_page(form, 400 if form.errors else 200)
    account = form.email.data.strip().lower()
    address = client_key()
    attempt = start_login_attempt(account, address)
    if login_throttled(account, address):
        note_failed_login(account)
        return _login_page(form, 429, throttled=True)
    editor = authenticate(account, form.password.data)
    if editor is None:
        note_failed_login(account)
        return _login_page(form, 400, failed=True)
    forget_attempt(attempt)
    session.clear()
    login_user(editor)
    _tell_of_failed_logins(editor)
    target = request.args.get("next")
    work = kept_work()
    if work and area_path(target):
        return send_again(work, area_path(target), logged_in=True)
    return redirect(same_site_path(target) if target else url_for(".dashboard"))


def _login_page(form: LoginForm, status: int, **problems):
    """The login form again, still carrying the work of a session that had ended."""
    work = kept_work()
    target = request.args.get("next")
    page = render_template(
        "redactie/login.html", form=form, work=work, target=target, ended=bool(work), **problems
    )
    return page, status


def _tell_of_failed_logins(editor) -> None:
    """Someone may have been guessing this editor's password: say how often and when."""
    failures, last = failed_logins_since_last_login(editor)
    if failures:
        flash(
            ngettext(
                "Sinds uw vorige inlog is %(num)d keer tevergeefs geprobeerd op uw account in"
                " te loggen, op %(when)s. Was u dat niet, meld het dan aan de beheerder.",
                "Sinds uw vorige inlog is %(num)d keer tevergeefs geprobeerd op uw account in"
                " te loggen, het laatst op %(when)s. Was u dat niet, meld het dan aan de"
                " beheerder.",
                failures,
                when=format_datetime(last, "short"),
            )
        )


@bp.post("/uitloggen")
def logout():
    """End the session everywhere: the cookie is cleared and every copy of it stops working."""
    current_user.end_sessions()
    db.session.commit()
    logout_user()
    session.clear()
    return redirect(url_for("directory.home"))


@bp.get("/")
def dashboard():
    """What needs an editor, most urgent first; what is live, and the latest revisions."""
    todo = todo_list(catalogue(), clock.today(), waiting_reports(), recent_refusals())
    revisions = db.session.scalars(select(Revision).order_by(Revision.id.desc()).limit(10)).all()
    return render_template(
        "redactie/dashboard.html",
        source=publications().describe(),
        upgraded_from=publications().current.loaded.upgraded_from,
        refused=publications().refused_revisions(),
        changesets=pending(catalogue(), release_changesets()),
        catalogue=catalogue(),
        revisions=revisions,
        open_reports=open_reports(),
        live=publications().current.revision_id,
        todo=todo,
        fit_labels=FIT_LABELS,
    )


@bp.get("/inzicht")
def insight():
    """Anonymous counts of verdicts per week: where do cases fall between tables?"""
    today = clock.today()
    weeks = last_weeks(today)
    return render_template(
        "redactie/insight.html",
        weeks=weeks,
        chart=chart(weeks),
        per_table=per_table(catalogue(), today),
        fit_labels=FIT_LABELS,
    )
