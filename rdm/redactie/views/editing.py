"""Changing the catalogue as YAML or through a table's form: edit, preview, publish, merge;
and marking a table as checked. The shared steps of a change are in changes.py."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from ruamel.yaml.error import YAMLError

from rdm import clock
from rdm.catalogue import CatalogueError
from rdm.live import catalogue
from rdm.redactie.entries import (
    entry_problems,
    entry_yaml,
    mark_reviewed,
    replace_entry,
    team_yaml,
    update_entry,
)
from rdm.redactie.forms.editing import EditForm, PublishForm, ReviewedForm
from rdm.redactie.forms.rows import field_errors, posted_rows, row_focus
from rdm.redactie.forms.table import entry_values, problem_fields, table_form
from rdm.redactie.merging import merge
from rdm.redactie.publishing import PublishConflict, preview
from rdm.redactie.revisions import live_revision_id, live_yaml, revisions_since
from rdm.redactie.views.changes import (
    base_text,
    conflict_page,
    note_refusal,
    placed_problems,
    posted_base,
    preview_or_conflict,
    preview_page,
    publish_change,
    refuse_yaml,
)

bp = Blueprint("editing", __name__)


@bp.get("/bewerken")
@bp.get("/bewerken/<slug>")
def edit(slug: str | None = None):
    """The whole catalogue, or one table entry, as YAML to change."""
    if slug is not None and catalogue().table(slug) is None:
        abort(404)
    text = entry_yaml(live_yaml(), slug) if slug else live_yaml()
    form = EditForm(
        formdata=None, data={"yaml": text, "slug": slug or "", "base": live_revision_id()}
    )
    return render_template(
        "redactie/edit.html", form=form, table=catalogue().table(slug) if slug else None
    )


@bp.post("/voorbeeld")
def show_preview():
    """Check the change like `flask rdm check`, then show its diff, pages and verdict changes."""
    form = EditForm()
    slug = form.slug.data or None
    table = catalogue().table(slug) if slug else None
    if slug and table is None:
        abort(404)
    base = posted_base(form.base.data)
    upload = request.files.get("upload")
    try:
        if upload and upload.filename:
            text = upload.read().decode("utf-8")
        elif slug:
            entry = (form.yaml.data or "").replace("\r\n", "\n")
            text = replace_entry(base_text(base), slug, entry)
        else:
            text = form.yaml.data or ""
    except UnicodeDecodeError:
        return refuse_yaml(form, table, [_("Het bestand is geen UTF-8-tekst.")])
    except CatalogueError as error:
        return refuse_yaml(form, table, [str(p) for p in error.problems])
    result = preview(live_yaml(), catalogue(), text)
    if not result.valid:
        problems = entry_problems(text, slug, result.problems) if slug else result.problems
        return refuse_yaml(form, table, [str(p) for p in problems])
    return preview_or_conflict(result, base)


@bp.route("/formulier/<slug>", methods=["GET", "POST"])
def edit_form(slug: str):
    """Every field of one table as a form; the result is checked and previewed like YAML.

    A row button (add, remove, show a contact's fields) brings the form back with everything
    typed kept."""
    table = catalogue().table(slug)
    if table is None:
        abort(404)
    if request.method == "GET":
        form = table_form(catalogue(), table, team_yaml(live_yaml(), slug), formdata=None)
        return _table_page(form, table, live_revision_id())
    data, action = posted_rows(request.form, ("criteria", "contacts"))
    form = table_form(catalogue(), table, action=action, formdata=data)
    base = posted_base(request.form.get("base"))
    if action is not None:
        return _table_page(form, table, base, focus=row_focus(form, action))
    if not form.validate():
        return _table_page(form, table, base, status=400)
    try:
        text = update_entry(base_text(base), slug, entry_values(form))
    except CatalogueError as error:
        return _refuse_form(form, table, base, error.problems)
    result = preview(live_yaml(), catalogue(), text)
    if not result.valid:
        return _refuse_form(form, table, base, result.problems)
    return preview_or_conflict(result, base)


def _table_page(form, table, base: int, status: int = 200, **context):
    """The table form, with its errors listed and linked to their fields."""
    page = render_template(
        "redactie/table_form.html",
        form=form,
        table=table,
        base=base,
        errors=field_errors(form),
        **context,
    )
    return page, status


def _refuse_form(form, table, base: int, problems: list):
    """The table form again, each problem next to its field and linked from the summary."""
    listed, fields = placed_problems(problems, problem_fields(form, table.slug, problems))
    return _table_page(form, table, base, status=400, problems=listed, field_problems=fields)


@bp.post("/publiceren")
def publish_revision():
    """Publish a checked change as a new revision.

    Refused when the live catalogue changed since the preview (an edit would be undone),
    and a changed example verdict needs an explicit confirmation.
    """
    form = PublishForm()
    base = posted_base(form.base.data, required=True)
    if base != live_revision_id():
        note_refusal(base)
        mine = (form.yaml.data or "").replace("\r\n", "\n")
        return conflict_page(mine, base, form.note.data or "")
    result = preview(live_yaml(), catalogue(), form.yaml.data or "")
    if not form.validate() or not result.valid:
        return preview_page(result, status=400, form=form)
    if result.verdict_changes and not form.confirm.data:
        form.confirm.errors = [_("Bevestig dat u de veranderde uitkomsten hebt gezien.")]
        return preview_page(result, status=400, form=form)
    try:
        revision = publish_change(result.text, form.note.data, base)
    except PublishConflict:
        note_refusal(base)
        return conflict_page(result.text, base, form.note.data)
    flash(_("Revisie %(number)s is gepubliceerd.", number=revision.id))
    return redirect(url_for("redactie.editors.dashboard"))


@bp.post("/samenvoegen")
def merge_change():
    """Re-apply an editor's change onto the newer live catalogue, then preview it as usual.

    Fields both changed keep the live value unless the editor chose their own."""
    form = PublishForm()
    base = posted_base(form.base.data, required=True)
    chosen = [
        request.form.get(f"veld-{n}")
        for n in range(1, 1 + request.form.get("velden", 0, type=int))
        if request.form.get(f"keuze-{n}") == "mijn"
    ]
    try:
        mine = (form.yaml.data or "").replace("\r\n", "\n")
        merged = merge(base_text(base), mine, live_yaml(), chosen)
    except (YAMLError, ValueError, RecursionError):
        abort(400)
    result = preview(live_yaml(), catalogue(), merged.text)
    if not result.valid:
        return refuse_yaml(EditForm(formdata=None), None, [str(p) for p in result.problems])
    return preview_page(result, note=form.note.data or "", merged=merged)


@bp.route("/gecontroleerd/<slug>", methods=["GET", "POST"])
def reviewed(slug: str):
    """Record, after a confirmation, that an editor checked a table today: a revision with the
    new date, by them. Open to-confirm items need a second, explicit confirmation; a table
    already marked today makes no new revision."""
    table = catalogue().table(slug)
    if table is None:
        abort(404)
    form = ReviewedForm(formdata=None, data={"base": live_revision_id()})
    if request.method == "GET":
        return _reviewed_page(table, form)
    form = ReviewedForm()
    base = posted_base(form.base.data, required=True)
    today = clock.today()
    if not form.validate():
        return _reviewed_page(table, form, status=400)
    if base != live_revision_id():
        note_refusal(base)
        form = ReviewedForm(formdata=None, data={"base": live_revision_id()})
        return _reviewed_page(table, form, newer=revisions_since(base), status=409)
    if table.last_reviewed == today:
        flash(
            _(
                "%(name)s was vandaag al gemarkeerd als gecontroleerd; er is niets veranderd.",
                name=table.short_name.nl,
            )
        )
        return redirect(url_for("redactie.editors.dashboard"))
    if table.to_confirm and not form.open_items_seen.data:
        form.open_items_seen.errors = [
            _("Bevestig dat de open punten blijven staan, of werk ze eerst bij.")
        ]
        return _reviewed_page(table, form, status=400)
    text = mark_reviewed(live_yaml(), slug, today)
    note = _("Gecontroleerd: %(name)s", name=table.short_name.nl)
    try:
        revision = publish_change(text, note, base)
    except PublishConflict as conflict:
        note_refusal(base)
        form = ReviewedForm(formdata=None, data={"base": live_revision_id()})
        return _reviewed_page(table, form, newer=conflict.newer, status=409)
    flash(
        _(
            "%(name)s is gemarkeerd als gecontroleerd (revisie %(number)s).",
            name=table.short_name.nl,
            number=revision.id,
        )
    )
    return redirect(url_for("redactie.editors.dashboard"))


def _reviewed_page(table, form: ReviewedForm, newer=(), status: int = 200):
    page = render_template("redactie/reviewed.html", table=table, form=form, newer=newer)
    return page, status
