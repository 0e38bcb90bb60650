"""Changing the catalogue: edit (YAML or form), preview, publish; history, compare, roll back."""

from __future__ import annotations

import datetime as dt
import hashlib

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..catalogue import CatalogueError
from ..catalogue.changesets import Changeset, pending
from ..editing import (
    Preview,
    changeset_steps,
    decline_changeset,
    diff_lines,
    entry_yaml,
    mark_reviewed,
    preview,
    publish,
    replace_entry,
    take_changeset,
    team_yaml,
    update_entry,
)
from ..editors import live_yaml
from ..extensions import db
from ..forms.editing import EditForm, PublishForm
from ..forms.table import entry_values, table_form
from ..live import catalogue, publications, release_changesets
from ..models import Revision
from ..wording import FIT_LABELS

bp = Blueprint("editing", __name__, url_prefix="/redactie")
MAX_ID = 2**31 - 1


@bp.before_request
@login_required
def editors_only():
    """Every page here is for logged-in editors."""


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
        return _refuse(form, table, [_("Het bestand is geen UTF-8-tekst.")])
    except CatalogueError as error:
        return _refuse(form, table, [str(p) for p in error.problems])
    result = preview(live_yaml(), catalogue(), text)
    if not result.valid:
        return _refuse(form, table, [str(p) for p in result.problems])
    return _preview_page(result)


@bp.route("/formulier/<slug>", methods=["GET", "POST"])
def edit_form(slug: str):
    """Every field of one table as a form; the result is checked and previewed like YAML."""
    table = catalogue().table(slug)
    if table is None:
        abort(404)
    if request.method == "GET":
        form = table_form(catalogue(), table, team_yaml(live_yaml(), slug), formdata=None)
        return render_template("editors/table_form.html", form=form, table=table)
    form = table_form(catalogue(), table)
    if not form.validate():
        return render_template("editors/table_form.html", form=form, table=table), 400
    try:
        text = update_entry(live_yaml(), slug, entry_values(form))
    except CatalogueError as error:
        problems = [str(p) for p in error.problems]
        return render_template(
            "editors/table_form.html", form=form, table=table, problems=problems
        ), 400
    result = preview(live_yaml(), catalogue(), text)
    if not result.valid:
        problems = [str(p) for p in result.problems]
        return render_template(
            "editors/table_form.html", form=form, table=table, problems=problems
        ), 400
    return _preview_page(result)


@bp.post("/publiceren")
def publish_revision():
    """Publish a checked change as a new revision.

    Refused when the live catalogue changed since the preview (an edit would be undone),
    and a changed example verdict needs an explicit confirmation.
    """
    form = PublishForm()
    result = preview(live_yaml(), catalogue(), form.yaml.data or "")
    if not form.validate() or not result.valid:
        return _preview_page(result, status=400, form=form)
    if form.base.data != _fingerprint():
        flash(_("De live catalogus is intussen veranderd. Controleer het voorbeeld opnieuw."))
        return _preview_page(result, note=form.note.data, status=409)
    if result.verdict_changes and not form.confirm.data:
        form.confirm.errors = [_("Bevestig dat u de veranderde uitkomsten hebt gezien.")]
        return _preview_page(result, status=400, form=form)
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
    older = _revision(request.args.get("van", type=int))
    newer = _revision(request.args.get("naar", type=int))
    if older is None or newer is None:
        abort(404)
    diff = diff_lines(older.yaml_text, newer.yaml_text)
    return render_template("editors/compare.html", older=older, newer=newer, diff=diff)


@bp.post("/revisies/<int:number>/terugzetten")
def roll_back_to(number: int):
    """Preview an earlier revision as the next one; publishing it takes the usual checks."""
    revision = _revision(number)
    if revision is None:
        abort(404)
    result = preview(live_yaml(), catalogue(), revision.yaml_text)
    if not result.valid:
        return _refuse(EditForm(formdata=None), None, [str(p) for p in result.problems])
    return _preview_page(result, note=_("Teruggezet naar revisie %(number)s", number=revision.id))


@bp.post("/wijzigingen/<changeset_id>/overnemen")
def take_release_change(changeset_id: str):
    """Preview the live catalogue with a release changeset applied; fields an editor changed
    keep their value. Nothing is published until the editor does."""
    changeset = _pending_changeset(changeset_id)
    if changeset is None:
        return _already_handled()
    text, _conflicts = take_changeset(live_yaml(), changeset)
    note = _("Meegeleverde wijziging overgenomen: %(title)s", title=changeset.title)
    return _changeset_preview(text, note)


@bp.post("/wijzigingen/<changeset_id>/afwijzen")
def decline_release_change(changeset_id: str):
    """Preview a revision that only records a release changeset as declined."""
    changeset = _pending_changeset(changeset_id)
    if changeset is None:
        return _already_handled()
    note = _("Meegeleverde wijziging afgewezen: %(title)s", title=changeset.title)
    return _changeset_preview(decline_changeset(live_yaml(), changeset), note)


def _pending_changeset(changeset_id: str) -> Changeset | None:
    """Return the release changeset still to handle; 404 for one this release does not ship."""
    shipped = {c.id: c for c in release_changesets()}
    if changeset_id not in shipped:
        abort(404)
    return next(
        (c for c in pending(catalogue(), release_changesets()) if c.id == changeset_id), None
    )


def _already_handled():
    flash(_("Deze meegeleverde wijziging is al overgenomen of afgewezen."))
    return redirect(url_for("editors.dashboard"))


def _changeset_preview(text: str, note: str):
    result = preview(live_yaml(), catalogue(), text)
    if not result.valid:
        return _refuse(EditForm(formdata=None), None, [str(p) for p in result.problems])
    return _preview_page(result, note=note)


@bp.post("/gecontroleerd/<slug>")
def reviewed(slug: str):
    """Record that an editor checked a table today: a revision with the new date, by them."""
    table = catalogue().table(slug)
    if table is None:
        abort(404)
    text = mark_reviewed(live_yaml(), slug, dt.date.today())
    revision = publish(text, _("Gecontroleerd: %(name)s", name=table.short_name.nl), current_user)
    publications().checked_at = float("-inf")
    flash(
        _(
            "%(name)s is gemarkeerd als gecontroleerd (revisie %(number)s).",
            name=table.short_name.nl,
            number=revision.id,
        )
    )
    return redirect(url_for("editors.dashboard"))


def _preview_page(
    result: Preview, note: str = "", status: int = 200, form: PublishForm | None = None
):
    """The preview with its publish form, tied to the live catalogue it was compared with."""
    if form is None:
        data = {"yaml": result.text, "base": _fingerprint(), "note": note}
        form = PublishForm(formdata=None, data=data)
    changesets = (
        changeset_steps(live_yaml(), catalogue(), result.loaded.catalogue, release_changesets())
        if result.valid
        else []
    )
    page = render_template(
        "editors/preview.html",
        preview=result,
        changesets=changesets,
        form=form,
        fit_labels=FIT_LABELS,
    )
    return page, status


def _fingerprint() -> str:
    """Return the sha256 of the live catalogue's text."""
    return hashlib.sha256(live_yaml().encode("utf-8")).hexdigest()


def _refuse(form: EditForm, table, problems: list[str]):
    return render_template("editors/edit.html", form=form, table=table, problems=problems), 400


def _revision(number: int | None) -> Revision | None:
    """Return a revision by number; numbers no database can hold are simply not found."""
    if number is None or not 0 < number <= MAX_ID:
        return None
    return db.session.get(Revision, number)
