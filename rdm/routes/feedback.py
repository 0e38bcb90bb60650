"""Reporting a mistake or a change on a table page: the public form and the editors' inbox."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import SQLAlchemyError

from ..editors import (
    SITE,
    address_key,
    inbox,
    reopen,
    report_problem,
    reports_exhausted,
    resolve,
)
from ..extensions import db
from ..forms.feedback import FeedbackForm, ResolveForm
from ..live import catalogue
from ..models import Feedback

bp = Blueprint("feedback", __name__)


@bp.route("/tafels/<slug>/melden", methods=["GET", "POST"])
def report(slug: str):
    """A short form about one table; it warns not to enter anything about a client."""
    table = catalogue().table(slug)
    if table is None:
        abort(404)
    return _report(table)


@bp.route("/melden", methods=["GET", "POST"])
def report_site():
    """The same form about the site itself: accessibility, a vulnerability, anything else."""
    return _report(None)


def _report(table):
    form = FeedbackForm()
    if form.validate_on_submit():
        subject = table.slug if table else SITE
        sender = address_key(request.remote_addr, current_app.config["SECRET_KEY"])
        try:
            if reports_exhausted(sender, current_app.config["REPORTS_PER_HOUR"]):
                page = render_template("feedback/report.html", table=table, form=form, busy=True)
                return page, 429, {"Retry-After": "3600"}
            report_problem(subject, form.message.data, form.contact.data or "", sender)
        except SQLAlchemyError as error:
            # The report could not be kept: show the form again with the text, and say so.
            db.session.rollback()
            current_app.logger.error("Melding niet opgeslagen: %s", type(error).__name__)
            page = render_template("feedback/report.html", table=table, form=form, unsaved=True)
            return page, 503, {"Retry-After": "30"}
        return render_template("feedback/thanks.html", table=table)
    status = 400 if form.errors else 200
    return render_template("feedback/report.html", table=table, form=form), status


@bp.get("/redactie/meldingen")
@login_required
def reports():
    """The editors' inbox of reports, open ones first."""
    return _inbox()


def _inbox(failed: Feedback | None = None, form: ResolveForm | None = None):
    """The inbox; with `failed`, that report's resolve form again with its error."""
    page = render_template(
        "feedback/inbox.html",
        reports=inbox(),
        tables=catalogue(),
        failed=failed,
        failed_form=form,
    )
    return page, 400 if failed else 200


@bp.post("/redactie/meldingen/<int(max=2147483647):number>/afgehandeld")
@login_required
def resolved(number: int):
    """Mark a report as dealt with, with an optional note of what was done."""
    feedback = _report_or_404(number)
    form = ResolveForm()
    if not form.validate():
        return _inbox(feedback, form)
    resolve(feedback, current_user, form.note.data or "")
    flash(_("Melding %(number)s is afgehandeld.", number=number))
    return redirect(url_for(".reports"))


@bp.post("/redactie/meldingen/<int(max=2147483647):number>/heropenen")
@login_required
def reopened(number: int):
    """Put a resolved report back among the open ones."""
    reopen(_report_or_404(number))
    flash(_("Melding %(number)s staat weer open.", number=number))
    return redirect(url_for(".reports", _anchor=f"melding-{number}"))


def _report_or_404(number: int) -> Feedback:
    feedback = db.session.get(Feedback, number)
    if feedback is None:
        abort(404)
    return feedback
