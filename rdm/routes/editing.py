"""Changing the catalogue: edit, preview, publish; history, compare and roll back."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..catalogue import CatalogueError
from ..editing import (
    diff_lines,
    entry_yaml,
    mark_reviewed,
    preview,
    publish,
    replace_entry,
    roll_back,
    update_entry,
)
from ..editors import live_yaml
from ..extensions import db
from ..forms.editing import EditForm, PublishForm
from ..forms.table import entry_values, table_form
from ..live import catalogue, publications
from ..models import Revision
from ..wording import FIT_LABELS

bp = Blueprint("editing", __name__, url_prefix="/redactie")


@bp.before_request
@login_required
def editors_only():
    """Every page here is for logged-in editors."""


@bp.after_request
def no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/bewerken")
@bp.get("/bewerken/<slug>")
def edit(slug: str | None = None):
    """The whole catalogue, or one table entry, as YAML to change."""
    if slug is not None and catalogue().table(slug) is None:
        abort(404)
    text = entry_yaml(live_yaml(), slug) if slug else live_yaml()
    form = EditForm(formdata=None, data={"yaml": text, "slug": slug or ""})
    return render_template(
        "editors/edit.html", form=form, table=catalogue().table(slug) if slug else None
    )


@bp.post("/voorbeeld")
def show_preview():
    """Check the change like `flask rdm check`, then show its diff, pages and verdict changes."""
    form = EditForm()
    slug = form.slug.data or None
    table = catalogue().table(slug) if slug else None
    if slug and table is None:
        abort(404)
    upload = request.files.get("upload")
    try:
        if upload and upload.filename:
            text = upload.read().decode("utf-8")
        elif slug:
            text = replace_entry(live_yaml(), slug, (form.yaml.data or "").replace("\r\n", "\n"))
        else:
            text = form.yaml.data or ""
    except UnicodeDecodeError:
        return _refuse(form, table, ["Het bestand is geen UTF-8-tekst."])
    except CatalogueError as error:
        return _refuse(form, table, [str(p) for p in error.problems])
    # Browsers send a textarea with CRLF line endings; the catalogue is written with LF.
    text = text.replace("\r\n", "\n")
    result = preview(live_yaml(), catalogue(), text)
    if not result.valid:
        return _refuse(form, table, [str(p) for p in result.problems])
    publish_form = PublishForm(formdata=None, data={"yaml": text})
    return render_template(
        "editors/preview.html", preview=result, form=publish_form, fit_labels=FIT_LABELS
    )


def _refuse(form: EditForm, table, problems: list[str]):
    return render_template("editors/edit.html", form=form, table=table, problems=problems), 400


@bp.route("/formulier/<slug>", methods=["GET", "POST"])
def edit_form(slug: str):
    """Every field of one table as a form; the result is checked and previewed like YAML."""
    table = catalogue().table(slug)
    if table is None:
        abort(404)
    if request.method == "GET":
        form = table_form(catalogue(), table, formdata=None)
        return render_template("editors/table_form.html", form=form, table=table)
    form = table_form(catalogue(), table)
    if not form.validate():
        return render_template("editors/table_form.html", form=form, table=table), 400
    result = preview(live_yaml(), catalogue(), update_entry(live_yaml(), slug, entry_values(form)))
    if not result.valid:
        problems = [str(p) for p in result.problems]
        return render_template(
            "editors/table_form.html", form=form, table=table, problems=problems
        ), 400
    publish_form = PublishForm(formdata=None, data={"yaml": result.text})
    return render_template(
        "editors/preview.html", preview=result, form=publish_form, fit_labels=FIT_LABELS
    )


@bp.post("/publiceren")
def publish_revision():
    """Publish a checked change as a new revision; a changed verdict needs a confirmation."""
    form = PublishForm()
    result = preview(live_yaml(), catalogue(), form.yaml.data or "")
    if not form.validate() or not result.valid:
        return render_template(
            "editors/preview.html", preview=result, form=form, fit_labels=FIT_LABELS
        ), 400
    if result.verdict_changes and not form.confirm.data:
        form.confirm.errors = [_("Bevestig dat u de veranderde uitkomsten hebt gezien.")]
        return render_template(
            "editors/preview.html", preview=result, form=form, fit_labels=FIT_LABELS
        ), 400
    revision = publish(result.text, form.note.data, current_user)
    publications().checked_at = float("-inf")
    flash(_("Revisie %(number)s is gepubliceerd.", number=revision.id))
    return redirect(url_for("editors.dashboard"))


@bp.get("/revisies")
def history():
    """Every revision, newest first, to compare or roll back."""
    revisions = db.session.scalars(select(Revision).order_by(Revision.id.desc())).all()
    return render_template(
        "editors/history.html", revisions=revisions, live=publications().current.revision_id
    )


@bp.get("/revisies/vergelijk")
def compare():
    """The differences between two revisions."""
    older = db.session.get(Revision, request.args.get("van", type=int) or 0)
    newer = db.session.get(Revision, request.args.get("naar", type=int) or 0)
    if older is None or newer is None:
        abort(404)
    return render_template(
        "editors/compare.html",
        older=older,
        newer=newer,
        diff=diff_lines(older.yaml_text, newer.yaml_text),
    )


@bp.post("/revisies/<int:number>/terugzetten")
def roll_back_to(number: int):
    """Publish an earlier revision again."""
    revision = db.session.get(Revision, number)
    if revision is None:
        abort(404)
    new = roll_back(revision, current_user)
    publications().checked_at = float("-inf")
    flash(
        _(
            "Revisie %(old)s is opnieuw gepubliceerd als revisie %(new)s.",
            old=revision.id,
            new=new.id,
        )
    )
    return redirect(url_for("editors.dashboard"))


@bp.post("/gecontroleerd/<slug>")
def reviewed(slug: str):
    """Record that an editor checked a table today: a revision with the new date, by them."""
    table = catalogue().table(slug)
    if table is None:
        abort(404)
    text = mark_reviewed(live_yaml(), slug, dt.date.today())
    note = _("Gecontroleerd: %(name)s", name=table.short_name.nl)
    revision = publish(text, note, current_user)
    publications().checked_at = float("-inf")
    flash(
        _(
            "%(name)s is gemarkeerd als gecontroleerd (revisie %(number)s).",
            name=table.short_name.nl,
            number=revision.id,
        )
    )
    return redirect(url_for("editors.dashboard"))
