"""Reporting a mistake or a change on a table page, or about the site: the public form.

The editors read the reports in their inbox (rdm/redactie/views/inbox.py)."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    render_template,
)
from sqlalchemy.exc import SQLAlchemyError

from rdm.extensions import db
from rdm.live import catalogue
from rdm.overview.feedback import SITE, report_problem, reports_exhausted
from rdm.overview.forms import FeedbackForm
from rdm.web.http import client_key

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
        sender = client_key()
        try:
            if reports_exhausted(sender, current_app.config["REPORTS_PER_HOUR"]):
                page = render_template("overview/report.html", table=table, form=form, busy=True)
                return page, 429, {"Retry-After": "3600"}
            report_problem(subject, form.message.data, form.contact.data or "", sender)
        except SQLAlchemyError as error:
            # The report could not be kept: show the form again with the text, and say so.
            db.session.rollback()
            current_app.logger.error("Melding niet opgeslagen: %s", type(error).__name__)
            page = render_template("overview/report.html", table=table, form=form, unsaved=True)
            return page, 503, {"Retry-After": "30"}
        return render_template("overview/report_thanks.html", table=table)
    status = 400 if form.errors else 200
    return render_template("overview/report.html", table=table, form=form), status
