"""The live catalogue to download, for editors: as YAML (as published) and as HSDS JSON."""

from __future__ import annotations

from flask import Blueprint, Response

from rdm.api.hsds import as_json
from rdm.live import catalogue
from rdm.redactie.revisions import live_revision_id, live_yaml

bp = Blueprint("downloads", __name__, url_prefix="/downloaden")


@bp.get("/catalogus.yaml")
def catalogue_yaml():
    """The live catalogue exactly as published, comments included (like `flask rdm export`)."""
    text = live_yaml()
    return _attachment(text, "application/yaml", f"rdm-twente-catalogus-{_revision()}.yaml")


@bp.get("/catalogus-hsds.json")
def catalogue_hsds():
    """The live catalogue as Open Referral HSDS 3.0 (like `flask rdm export --hsds`)."""
    live_yaml()  # while the revisions cannot be read: the maintenance page, like the YAML
    text = as_json(catalogue())
    return _attachment(text, "application/json", f"rdm-twente-hsds-{_revision()}.json")


def _revision() -> str:
    number = live_revision_id()
    return f"revisie-{number}" if number else "meegeleverd"


def _attachment(text: str, mimetype: str, filename: str) -> Response:
    response = Response(text, mimetype=mimetype)
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    return response
