"""The content changes shipped with a release (rdm/data/changes/), offered on the dashboard:
take one or decline it, through the usual preview and publication."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from rdm.catalogue.changesets import Changeset, pending
from rdm.live import catalogue, release_changesets
from rdm.redactie.forms.editing import EditForm
from rdm.redactie.publishing import decline_changeset, preview, take_changeset
from rdm.redactie.revisions import live_yaml
from rdm.redactie.views.changes import base_text, posted_base, preview_or_conflict, refuse_yaml

bp = Blueprint("release_changes", __name__)


@bp.post("/wijzigingen/<changeset_id>/overnemen")
def take_release_change(changeset_id: str):
    """Preview the live catalogue with a release changeset applied; fields an editor changed
    keep their value. Nothing is published until the editor does."""
    changeset = _pending_changeset(changeset_id)
    if changeset is None:
        return _already_handled()
    base = posted_base(request.form.get("base"))
    text, _conflicts = take_changeset(base_text(base), changeset)
    note = _("Meegeleverde wijziging overgenomen: %(title)s", title=changeset.title)
    return _changeset_preview(text, note, base)


@bp.post("/wijzigingen/<changeset_id>/afwijzen")
def decline_release_change(changeset_id: str):
    """Preview a revision that only records a release changeset as declined."""
    changeset = _pending_changeset(changeset_id)
    if changeset is None:
        return _already_handled()
    base = posted_base(request.form.get("base"))
    note = _("Meegeleverde wijziging afgewezen: %(title)s", title=changeset.title)
    return _changeset_preview(decline_changeset(base_text(base), changeset), note, base)


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
    return redirect(url_for("redactie.editors.dashboard"))


def _changeset_preview(text: str, note: str, base: int):
    result = preview(live_yaml(), catalogue(), text)
    if not result.valid:
        return refuse_yaml(EditForm(formdata=None), None, [str(p) for p in result.problems])
    return preview_or_conflict(result, base, note)
