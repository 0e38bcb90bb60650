"""Changing the catalogue: edit (YAML or form), preview, publish; history, compare, roll back."""

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
from ruamel.yaml.error import YAMLError
from sqlalchemy import select

from .. import clock
from ..catalogue import CatalogueError
from ..catalogue.changesets import Changeset, pending
from ..editing import (
    Preview,
    PublishConflict,
    changeset_steps,
    decline_changeset,
    diff_lines,
    entry_problems,
    entry_yaml,
    mark_reviewed,
    preview,
    publish,
    replace_entry,
    take_changeset,
    team_yaml,
    update_entry,
)
from ..editors import (
    live_revision_id,
    live_yaml,
    revision_by_fingerprint,
    revision_text,
    revisions_since,
)
from ..extensions import db
from ..forms.editing import EditForm, PublishForm, ReviewedForm
from ..forms.rows import field_errors, posted_rows, row_focus
from ..forms.table import entry_values, problem_fields, table_form
from ..history import revision_changes, table_choices
from ..live import catalogue, publications, release_changesets
from ..merging import merge
from ..models import Revision
from ..todo import record_refusal
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
    form = EditForm(
        formdata=None, data={"yaml": text, "slug": slug or "", "base": live_revision_id()}
    )
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
    base = _posted_base(form.base.data)
    upload = request.files.get("upload")
    try:
        if upload and upload.filename:
            text = upload.read().decode("utf-8")
        elif slug:
            entry = (form.yaml.data or "").replace("\r\n", "\n")
            text = replace_entry(_base_text(base), slug, entry)
        else:
            text = form.yaml.data or ""
    except UnicodeDecodeError:
        return _refuse(form, table, [_("Het bestand is geen UTF-8-tekst.")])
    except CatalogueError as error:
        return _refuse(form, table, [str(p) for p in error.problems])
    result = preview(live_yaml(), catalogue(), text)
    if not result.valid:
        problems = entry_problems(text, slug, result.problems) if slug else result.problems
        return _refuse(form, table, [str(p) for p in problems])
    return _preview_or_conflict(result, base)


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
    base = _posted_base(request.form.get("base"))
    if action is not None:
        return _table_page(form, table, base, focus=row_focus(form, action))
    if not form.validate():
        return _table_page(form, table, base, status=400)
    try:
        text = update_entry(_base_text(base), slug, entry_values(form))
    except CatalogueError as error:
        return _refuse_form(form, table, base, error.problems)
    result = preview(live_yaml(), catalogue(), text)
    if not result.valid:
        return _refuse_form(form, table, base, result.problems)
    return _preview_or_conflict(result, base)


def _table_page(form, table, base: int, status: int = 200, **context):
    """The table form, with its errors listed and linked to their fields."""
    page = render_template(
        "editors/table_form.html",
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


def placed_problems(problems: list, places: list) -> tuple[list, dict[str, str]]:
    """Return the problems as (text, field id) for the summary, and {field id: message}."""
    listed = [(str(p), place) for p, place in zip(problems, places, strict=True)]
    fields: dict[str, str] = {}
    for problem, place in zip(problems, places, strict=True):
        if place:
            fields.setdefault(place, problem.message)
    return listed, fields


@bp.post("/publiceren")
def publish_revision():
    """Publish a checked change as a new revision.

    Refused when the live catalogue changed since the preview (an edit would be undone),
    and a changed example verdict needs an explicit confirmation.
    """
    form = PublishForm()
    base = _posted_base(form.base.data, required=True)
    if base != live_revision_id():
        _note_refusal(base)
        mine = (form.yaml.data or "").replace("\r\n", "\n")
        return _conflict_page(mine, base, form.note.data or "")
    result = preview(live_yaml(), catalogue(), form.yaml.data or "")
    if not form.validate() or not result.valid:
        return _preview_page(result, status=400, form=form)
    if result.verdict_changes and not form.confirm.data:
        form.confirm.errors = [_("Bevestig dat u de veranderde uitkomsten hebt gezien.")]
        return _preview_page(result, status=400, form=form)
    try:
        revision = _publish(result.text, form.note.data, base)
    except PublishConflict:
        _note_refusal(base)
        return _conflict_page(result.text, base, form.note.data)
    flash(_("Revisie %(number)s is gepubliceerd.", number=revision.id))
    return redirect(url_for("editors.dashboard"))


@bp.post("/samenvoegen")
def merge_change():
    """Re-apply an editor's change onto the newer live catalogue, then preview it as usual.

    Fields both changed keep the live value unless the editor chose their own."""
    form = PublishForm()
    base = _posted_base(form.base.data, required=True)
    chosen = [
        request.form.get(f"veld-{n}")
        for n in range(1, 1 + request.form.get("velden", 0, type=int))
        if request.form.get(f"keuze-{n}") == "mijn"
    ]
    try:
        mine = (form.yaml.data or "").replace("\r\n", "\n")
        merged = merge(_base_text(base), mine, live_yaml(), chosen)
    except (YAMLError, ValueError, RecursionError):
        abort(400)
    result = preview(live_yaml(), catalogue(), merged.text)
    if not result.valid:
        return _refuse(EditForm(formdata=None), None, [str(p) for p in result.problems])
    return _preview_page(result, note=form.note.data or "", merged=merged)


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
        "editors/history.html",
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
    note = _("Teruggezet naar revisie %(number)s", number=revision.id)
    return _preview_or_conflict(result, _posted_base(request.form.get("base")), note)


@bp.post("/wijzigingen/<changeset_id>/overnemen")
def take_release_change(changeset_id: str):
    """Preview the live catalogue with a release changeset applied; fields an editor changed
    keep their value. Nothing is published until the editor does."""
    changeset = _pending_changeset(changeset_id)
    if changeset is None:
        return _already_handled()
    base = _posted_base(request.form.get("base"))
    text, _conflicts = take_changeset(_base_text(base), changeset)
    note = _("Meegeleverde wijziging overgenomen: %(title)s", title=changeset.title)
    return _changeset_preview(text, note, base)


@bp.post("/wijzigingen/<changeset_id>/afwijzen")
def decline_release_change(changeset_id: str):
    """Preview a revision that only records a release changeset as declined."""
    changeset = _pending_changeset(changeset_id)
    if changeset is None:
        return _already_handled()
    base = _posted_base(request.form.get("base"))
    note = _("Meegeleverde wijziging afgewezen: %(title)s", title=changeset.title)
    return _changeset_preview(decline_changeset(_base_text(base), changeset), note, base)


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


def _changeset_preview(text: str, note: str, base: int):
    result = preview(live_yaml(), catalogue(), text)
    if not result.valid:
        return _refuse(EditForm(formdata=None), None, [str(p) for p in result.problems])
    return _preview_or_conflict(result, base, note)


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
    base = _posted_base(form.base.data, required=True)
    today = clock.today()
    if not form.validate():
        return _reviewed_page(table, form, status=400)
    if base != live_revision_id():
        _note_refusal(base)
        form = ReviewedForm(formdata=None, data={"base": live_revision_id()})
        return _reviewed_page(table, form, newer=revisions_since(base), status=409)
    if table.last_reviewed == today:
        flash(
            _(
                "%(name)s was vandaag al gemarkeerd als gecontroleerd; er is niets veranderd.",
                name=table.short_name.nl,
            )
        )
        return redirect(url_for("editors.dashboard"))
    if table.to_confirm and not form.open_items_seen.data:
        form.open_items_seen.errors = [
            _("Bevestig dat de open punten blijven staan, of werk ze eerst bij.")
        ]
        return _reviewed_page(table, form, status=400)
    text = mark_reviewed(live_yaml(), slug, today)
    note = _("Gecontroleerd: %(name)s", name=table.short_name.nl)
    try:
        revision = _publish(text, note, base)
    except PublishConflict as conflict:
        _note_refusal(base)
        form = ReviewedForm(formdata=None, data={"base": live_revision_id()})
        return _reviewed_page(table, form, newer=conflict.newer, status=409)
    flash(
        _(
            "%(name)s is gemarkeerd als gecontroleerd (revisie %(number)s).",
            name=table.short_name.nl,
            number=revision.id,
        )
    )
    return redirect(url_for("editors.dashboard"))


def _reviewed_page(table, form: ReviewedForm, newer=(), status: int = 200):
    page = render_template("editors/reviewed.html", table=table, form=form, newer=newer)
    return page, status


def _publish(text: str, note: str, base: int) -> Revision:
    """Publish over `base` and make this instance serve the new revision at once."""
    followed = publications()
    refused = frozenset(followed.refused)
    revision = publish(
        text, note, current_user, base, followed.packaged.loaded.text, refused=refused
    )
    followed.refresh(current_app._get_current_object(), force=True)
    return revision


def _note_refusal(base: int) -> None:
    """Record for the to-do list that a publication over `base` was refused; a revision
    never stored is a bad request, not a refusal."""
    if base == 0 or db.session.get(Revision, base) is not None:
        record_refusal(current_user, base)


def _posted_base(value, required: bool = False) -> int:
    """Return the revision a posted form started from.

    A form that leads to a preview may leave it out: the preview then starts from the live
    revision. A form that publishes must say it (a number, or the sha256 of the text that
    pages from before revisions were numbered sent), or it is refused: never a silent revert.
    """
    try:
        base = int(value)
    except (TypeError, ValueError):
        base = revision_by_fingerprint(value)
    if base is not None and 0 <= base <= MAX_ID:
        return base
    if required:
        abort(400)
    return live_revision_id()


def _base_text(base: int) -> str:
    """Return the text of the revision a form started from; a revision not stored is a bad
    request."""
    text = revision_text(base)
    if text is None:
        abort(400)
    return text


def _preview_or_conflict(result: Preview, base: int, note: str = ""):
    """The preview of a valid change, or, when someone published since the editor started,
    the conflict page with the way to merge."""
    if base != live_revision_id() and not result.unchanged:
        return _conflict_page(result.text, base, note)
    return _preview_page(result, note=note)


def _conflict_page(mine: str, base: int, note: str):
    """Refuse to publish over a newer revision: who published what since, both changes, and
    the merge of the editor's change onto the live catalogue."""
    base_text = _base_text(base)
    try:
        merged = merge(base_text, mine, live_yaml())
    except (YAMLError, ValueError, RecursionError):
        merged = None
    form = PublishForm(formdata=None, data={"yaml": mine, "base": base, "note": note})
    page = render_template(
        "editors/conflict.html",
        form=form,
        newer=revisions_since(base),
        merged=merged,
        theirs=diff_lines(base_text, live_yaml()),
        mine=diff_lines(base_text, mine),
    )
    return page, 409


def _preview_page(
    result: Preview,
    note: str = "",
    status: int = 200,
    form: PublishForm | None = None,
    merged=None,
):
    """The preview with its publish form, tied to the live revision it was compared with."""
    if form is None:
        data = {"yaml": result.text, "base": live_revision_id(), "note": note}
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
        merged=merged,
    )
    return page, status


def _refuse(form: EditForm, table, problems: list[str]):
    return render_template("editors/edit.html", form=form, table=table, problems=problems), 400


def _revision(number: int | None) -> Revision | None:
    """Return a revision by number; numbers no database can hold are simply not found."""
    if number is None or not 0 < number <= MAX_ID:
        return None
    return db.session.get(Revision, number)
