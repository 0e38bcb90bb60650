"""The editors' inbox of reports sent with the public form (rdm/overview/feedback.py): read,
resolve, reopen."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from rdm.extensions import db
from rdm.live import catalogue
from rdm.models import Feedback
from rdm.overview.feedback import inbox, reopen, resolve
from rdm.overview.forms import ResolveForm

bp = Blueprint("inbox", __name__)


@bp.get("/meldingen")
def reports():
    """The editors' inbox of reports, open ones first."""
    return _inbox()


def _inbox(failed: Feedback | None = None, form: ResolveForm | None = None):
    """The inbox; with `failed`, that report's resolve form again with its error."""
    page = render_template(
        "redactie/inbox.html",
        reports=inbox(),
        tables=catalogue(),
        failed=failed,
        failed_form=form,
    )
    return page, 400 if failed else 200


@bp.post("/meldingen/<int(max=2147483647):number>/afgehandeld")
def resolved(number: int):
    """Mark a report as dealt with, with an optional note of what was done."""
    feedback = _report_or_404(number)
    form = ResolveForm()
    if not form.validate():
        return _inbox(feedback, form)
    resolve(feedback, current_user, form.note.data or "")
    flash(_("Melding %(number)s is afgehandeld.", number=number))
    return redirect(url_for(".reports"))


@bp.post("/meldingen/<int(max=2147483647):number>/heropenen")
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
