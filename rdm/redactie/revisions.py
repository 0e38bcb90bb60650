"""The catalogue revisions as the editors' area sees them: the live text, any revision's
text in the current format, and what was published since a revision."""

from __future__ import annotations

from sqlalchemy import select

from rdm import clock
from rdm.catalogue import CatalogueError, parse_catalogue
from rdm.extensions import db
from rdm.live import publications
from rdm.models import Revision
from rdm.redactie.publishing import newer_revisions


class DatabaseUnavailable(Exception):
    """The editorial database cannot be reached or read, so the live revision is not known."""


def live_yaml() -> str:
    """Return the YAML text being served: the newest valid revision, else the packaged file.

    As of the last look at the revisions: the editors' area looks once at the start of each
    request and again after a publication; `flask rdm export` looks first."""
    followed = publications()
    if followed.database_ok is False or followed.unreadable:
        raise DatabaseUnavailable
    return followed.current.loaded.text


def live_revision_id() -> int:
    """Return the number of the live revision; 0 while the packaged file is live."""
    return publications().current.revision_id or 0


def revision_text(number: int) -> str | None:
    """Return the catalogue text of a revision (0: the packaged file) in the current format;
    None if there is no such revision."""
    if number == live_revision_id():
        return live_yaml()
    if number == 0:
        return publications().packaged.loaded.text
    revision = db.session.get(Revision, number)
    if revision is None:
        return None
    try:
        return parse_catalogue(
            revision.yaml_text.encode("utf-8"), f"revisie {number}", clock.today()
        ).text
    except CatalogueError:
        return revision.yaml_text


def revision_by_fingerprint(value) -> int | None:
    """Return the newest revision with this sha256 (0: the packaged file), if any: pages
    from before revisions were numbered name the live text by its sha256."""
    if not isinstance(value, str) or len(value) != 64:
        return None
    query = select(Revision.id).where(Revision.sha256 == value).order_by(Revision.id.desc())
    number = db.session.scalar(query.limit(1))
    if number is None and value == publications().packaged.loaded.sha256:
        return 0
    return number


def revisions_since(number: int) -> list[Revision]:
    """Return the revisions served since revision `number` (0: the packaged file)."""
    return newer_revisions(number, frozenset(publications().refused))
