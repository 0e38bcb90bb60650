"""A change on its way to publication, shared by every page that makes one (the YAML editor,
the table form, the part forms, a roll-back, a release changeset, a review mark): the
revision it started from, its preview, the conflict page when someone published since, and
publishing it."""

from __future__ import annotations

from flask import abort, current_app, render_template
from flask_login import current_user
from ruamel.yaml.error import YAMLError

from rdm.extensions import db
from rdm.live import catalogue, publications, release_changesets
from rdm.models import Revision
from rdm.redactie.forms.editing import EditForm, PublishForm
from rdm.redactie.merging import merge
from rdm.redactie.publishing import Preview, changeset_steps, diff_lines, publish
from rdm.redactie.revisions import (
    live_revision_id,
    live_yaml,
    revision_by_fingerprint,
    revision_text,
    revisions_since,
)
from rdm.redactie.todo import record_refusal
from rdm.wegwijzer.wording import FIT_LABELS

MAX_ID = 2**31 - 1


def publish_change(text: str, note: str, base: int) -> Revision:
    """Publish over `base` and make this instance serve the new revision at once."""
    followed = publications()
    refused = frozenset(followed.refused)
    revision = publish(
        text, note, current_user, base, followed.packaged.loaded.text, refused=refused
    )
    followed.refresh(current_app._get_current_object(), force=True)
    return revision


def note_refusal(base: int) -> None:
    """Record for the to-do list that a publication over `base` was refused; a revision
    never stored is a bad request, not a refusal."""
    if base == 0 or db.session.get(Revision, base) is not None:
        record_refusal(current_user, base)


def posted_base(value, required: bool = False) -> int:
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


def base_text(base: int) -> str:
    """Return the text of the revision a form started from; a revision not stored is a bad
    request."""
    text = revision_text(base)
    if text is None:
        abort(400)
    return text


def preview_or_conflict(result: Preview, base: int, note: str = ""):
    """The preview of a valid change, or, when someone published since the editor started,
    the conflict page with the way to merge."""
    if base != live_revision_id() and not result.unchanged:
        return conflict_page(result.text, base, note)
    return preview_page(result, note=note)


def conflict_page(mine: str, base: int, note: str):
    """Refuse to publish over a newer revision: who published what since, both changes, and
    the merge of the editor's change onto the live catalogue."""
    started_from = base_text(base)
    live = live_yaml()
    try:
        merged = merge(started_from, mine, live)
    except (YAMLError, ValueError, RecursionError):
        merged = None
    form = PublishForm(formdata=None, data={"yaml": mine, "base": base, "note": note})
    page = render_template(
        "redactie/conflict.html",
        form=form,
        newer=revisions_since(base),
        merged=merged,
        theirs=diff_lines(started_from, live),
        mine=diff_lines(started_from, mine),
    )
    return page, 409


def preview_page(
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
        "redactie/preview.html",
        preview=result,
        changesets=changesets,
        form=form,
        fit_labels=FIT_LABELS,
        merged=merged,
    )
    return page, status


def refuse_yaml(form: EditForm, table, problems: list[str]):
    return render_template("redactie/edit.html", form=form, table=table, problems=problems), 400


def placed_problems(problems: list, places: list) -> tuple[list, dict[str, str]]:
    """Return the problems as (text, field id) for the summary, and {field id: message}."""
    listed = [(str(p), place) for p, place in zip(problems, places, strict=True)]
    fields: dict[str, str] = {}
    for problem, place in zip(problems, places, strict=True):
        if place:
            fields.setdefault(place, problem.message)
    return listed, fields
