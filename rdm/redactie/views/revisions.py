"""The revisions of the catalogue: every one with what it changed, two compared, and a
roll-back to an earlier one (previewed and published like any change)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from rdm.extensions import db
from rdm.live import catalogue, publications
from rdm.models import Revision
from rdm.redactie.forms.editing import EditForm
from rdm.redactie.history import revision_changes, table_choices
from rdm.redactie.publishing import diff_lines, preview
from rdm.redactie.revisions import live_yaml
from rdm.redactie.views.changes import MAX_ID, posted_base, preview_or_conflict, refuse_yaml

bp = Blueprint("revisions", __name__)


@bp.get("/revisies")
def history():
    """Every revision, newest first, with what it changed, to compare or roll back; with
    ?tafel=<slug> only those that changed that table."""
    revisions = db.session.scalars(select(Revision).order_by(Revision.id.desc())).all()
    changes = revision_changes(revisions)
    choices = table_choices(catalogue(), changes)
    chosen = request.args.get("tafel", "")
    unknown = chosen not in ("", *choices)
    if chosen and not unknown:
        revisions = [r for r in revisions if changes[r.id] and changes[r.id].touches_table(chosen)]
    page = render_template(
        "redactie/history.html",
        revisions=revisions,
        changes=changes,
        choices=choices,
        chosen="" if unknown else chosen,
        unknown=unknown,
        catalogue=catalogue(),
        live=publications().current.revision_id,
    )
    return page, 400 if unknown else 200


@bp.get("/revisies/vergelijk")
def compare():
    """The differences between two revisions."""
    if request.args.get("van") is None or request.args.get("naar") is None:
        flash(_("Kies twee revisies om te vergelijken."))
        return redirect(url_for(".history"))
    older = _revision(request.args.get("van", type=int))
    newer = _revision(request.args.get("naar", type=int))
    if older is None or newer is None:
        abort(404)
    diff = diff_lines(older.yaml_text, newer.yaml_text)
    return render_template("redactie/compare.html", older=older, newer=newer, diff=diff)


@bp.post("/revisies/<int:number>/terugzetten")
def roll_back_to(number: int):
    """Preview an earlier revision as the next one; publishing it takes the usual checks."""
    revision = _revision(number)
    if revision is None:
        abort(404)
    result = preview(live_yaml(), catalogue(), revision.yaml_text)
    if not result.valid:
        return refuse_yaml(EditForm(formdata=None), None, [str(p) for p in result.problems])
    note = _("Teruggezet naar revisie %(number)s", number=revision.id)
    return preview_or_conflict(result, posted_base(request.form.get("base")), note)


def _revision(number: int | None) -> Revision | None:
    """Return a revision by number; numbers no database can hold are simply not found."""
    if number is None or not 0 < number <= MAX_ID:
        return None
    return db.session.get(Revision, number)
