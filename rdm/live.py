"""The catalogue this app instance serves: the newest published revision, else the packaged file.

Every instance checks the database for a newer revision at most every
CATALOGUE_REFRESH_SECONDS, so all gunicorn workers and servers follow a publication within
seconds, without a restart. If the database is unreachable, or a stored revision does not
validate, the instance keeps serving the last good catalogue and says so in the log.
"""

from __future__ import annotations

import functools
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from alembic.script import ScriptDirectory
from flask import Flask, current_app
from sqlalchemy import select
from sqlalchemy import text as sql
from sqlalchemy.exc import SQLAlchemyError

from rdm import clock
from rdm.api.contract import AdviceJson, questions_json
from rdm.catalogue import Catalogue, CatalogueError, LoadedCatalogue, parse_catalogue
from rdm.catalogue.changesets import Changeset
from rdm.extensions import db
from rdm.overview.search import SearchIndex, build_index, shared_index
from rdm.regiekaart.rules import RegieCheck
from rdm.wegwijzer import RulesEngine
from rdm.wegwijzer.interview import Interview

EXTENSION_KEY = "rdm.live"
# The embedded SQLite file as opened: its path and (device, inode).
DATABASE_FILE_KEY = "rdm.database_file"
CHANGESETS_KEY = "rdm.changesets"
# How many of the newest revisions to try before keeping what is served.
LOOK_BACK = 20


class LiveCatalogue:
    """A validated catalogue with what serves it: its rules engine, the wegwijzer's interview, the
    API's advice, the regiekaart's check; opens (or builds) the search index on first use."""

    def __init__(
        self,
        loaded: LoadedCatalogue,
        revision_id: int | None = None,
        index_folder: Path | None = None,
    ):
        self.loaded = loaded
        self.revision_id = revision_id
        self.index_folder = index_folder
        self.engine = RulesEngine(loaded.catalogue)
        self.interview = Interview(self.engine)
        self.advice_json = AdviceJson(loaded.catalogue)
        kaart = loaded.catalogue.regiekaart
        self.regie = RegieCheck(kaart) if kaart is not None else None
        self._index: SearchIndex | None = None
        self._lock = threading.Lock()

    @property
    def catalogue(self) -> Catalogue:
        """Return the catalogue being served."""
        return self.loaded.catalogue

    @functools.cached_property
    def questions_json(self) -> dict:
        """The API's questions (GET /api/v1/questions), the same for every request."""
        return questions_json(self.loaded.catalogue).model_dump(mode="json")

    @property
    def index_built(self) -> bool:
        return self._index is not None

    @property
    def index(self) -> SearchIndex:
        """Return the search index for this catalogue, building it the first time."""
        if self._index is None:
            with self._lock:
                if self._index is None:
                    self._index = self._open_index()
        return self._index

    def _open_index(self) -> SearchIndex:
        if self.index_folder is None:
            return build_index(self.loaded.catalogue)
        return shared_index(self.loaded.catalogue, self.index_folder, self.loaded.sha256)


class Publications:
    """Follows the revisions table for one app instance."""

    def __init__(
        self,
        packaged: LoadedCatalogue,
        interval: float,
        index_folder: Path | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.index_folder = index_folder
        self.clock = clock
        self.packaged = LiveCatalogue(packaged, index_folder=index_folder)
        self.current = self.packaged
        self.interval = interval
        self.checked_at = float("-inf")
        # Revisions that failed validation: sha256 -> (revision number, the problems).
        self.refused: dict[str, tuple[int, str]] = {}
        self.database_ok: bool | None = None
        self.unreadable: str | None = None
        self._lock = threading.Lock()

    def due(self) -> bool:
        """Whether the next request should look for a newly published revision (not while a
        look is under way, e.g. in the background while the database is down)."""
        return self.clock() - self.checked_at >= self.interval and not self._lock.locked()

    def refresh(self, app: Flask, force: bool = False) -> None:
        """Switch to the newest valid revision if it changed; at most once per interval.

        While the database is down the check runs in a background thread, so a visitor
        never waits for a connection attempt to time out.
        """
        if force:
            self._lock.acquire()
        elif not self.due() or not self._lock.acquire(blocking=False):
            return
        self.checked_at = self.clock()
        if self.database_ok is False and not force:
            threading.Thread(target=self._follow_in_background, args=(app,), daemon=True).start()
            return
        try:
            self._follow(app)
        finally:
            self._lock.release()

    def _follow_in_background(self, app: Flask) -> None:
        try:
            with app.app_context():
                self._follow(app)
        finally:
            self._lock.release()

    def _follow(self, app: Flask) -> None:
        from rdm.models import Revision

        try:
            newest = db.session.execute(
                select(Revision.id, Revision.sha256).order_by(Revision.id.desc()).limit(LOOK_BACK)
            ).all()
            if not newest:
                self.current = self.packaged
                self.packaged.revision_id = None
            for number, digest in newest:
                if digest == self.current.loaded.source_sha256:
                    # What is served is the newest valid revision (perhaps a roll-back to the
                    # very text served): it is known by this revision's number.
                    self.current.revision_id = number
                    break
                if digest in self.refused:
                    continue
                text = db.session.get(Revision, number).yaml_text
                if self._switch(app, number, digest, text):
                    break
        except SQLAlchemyError as error:
            db.session.rollback()
            if not database_reachable():
                self._database(app, False)
                return
            # Reachable, but the revisions cannot be read (migrations not run?): a fault to
            # fix, not an outage; the editors' area then shows it as an incident.
            if self.unreadable != type(error).__name__:
                app.logger.error("Revisies niet leesbaar: %s", error)
            self.unreadable = type(error).__name__
        else:
            self.unreadable = None
        self._database(app, True)

    def _switch(self, app: Flask, number: int, digest: str, text: str) -> bool:
        try:
            loaded = parse_catalogue(text.encode("utf-8"), f"revisie {number}", clock.today())
        except CatalogueError as error:
            self.refused[digest] = (number, str(error))
            app.logger.error("Revisie %s is ongeldig en wordt niet gebruikt:\n%s", number, error)
            return False
        self.current = LiveCatalogue(loaded, number, self.index_folder)
        app.logger.info("Catalogus: revisie %s is nu live", number)
        return True

    def _database(self, app: Flask, ok: bool) -> None:
        """Log only when the database comes or goes, not on every check."""
        if ok != self.database_ok:
            level = app.logger.info if ok else app.logger.warning
            level(
                "Database %s; catalogus: %s",
                "bereikbaar" if ok else "niet bereikbaar",
                self.describe(),
            )
        self.database_ok = ok

    def refused_revisions(self) -> list[tuple[int, str]]:
        """The stored revisions that failed validation and were not served, newest first."""
        return sorted(self.refused.values(), reverse=True)

    def describe(self) -> str:
        if self.current.revision_id is None:
            return "het meegeleverde tables.yaml"
        return f"revisie {self.current.revision_id}"


def database_reachable() -> bool:
    """Whether the database answers a trivial query."""
    try:
        db.session.execute(sql("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return False
    return True


def database_down() -> bool:
    """Whether the database is down: unreachable, or no longer the SQLite file this app
    opened. While the background check knows it is, no connection is tried (nor waited
    for); otherwise the database is asked now."""
    return (
        publications().database_ok is False or database_file_replaced() or not database_reachable()
    )


def database_file_replaced() -> bool:
    """Whether the SQLite file this app opened is gone from its configured path, or another
    file is there: SQLite itself goes on with the open file, or makes a new empty one."""
    opened = current_app.extensions.get(DATABASE_FILE_KEY)
    if opened is None:
        return False
    path, identity = opened
    try:
        found = os.stat(path)
    except OSError:
        return True
    return (found.st_dev, found.st_ino) != identity


def database_state() -> str:
    """Return "ok", "unavailable", "replaced" (the SQLite file was moved or replaced since
    the app opened it) or "not migrated" (reachable, but without the newest editorial tables)."""
    if database_file_replaced():
        return "replaced"
    if database_down():
        return "unavailable"
    try:
        version = db.session.scalar(sql("SELECT version_num FROM alembic_version"))
    except SQLAlchemyError:
        db.session.rollback()
        version = None
    return "ok" if version == newest_migration() else "not migrated"


@functools.cache
def newest_migration() -> str:
    """Return the revision id of the newest migration shipped with the app."""
    return ScriptDirectory(str(Path(__file__).parent / "migrations")).get_current_head()


def install(app: Flask, packaged: LoadedCatalogue, changesets: tuple[Changeset, ...] = ()) -> None:
    """Serve `packaged` until a revision is published, and follow the revisions from then on;
    offer the release's changesets to the editors."""
    folder = Path(app.instance_path) / "search-index"
    interval = app.config["CATALOGUE_REFRESH_SECONDS"]
    publications = Publications(
        packaged, interval, folder, app.config.get("MONOTONIC") or time.monotonic
    )
    app.extensions[EXTENSION_KEY] = publications
    app.extensions[CHANGESETS_KEY] = changesets
    app.before_request(lambda: publications.refresh(app))


def publications() -> Publications:
    """Return the revision follower of the current app."""
    return current_app.extensions[EXTENSION_KEY]


def release_changesets() -> tuple[Changeset, ...]:
    """Return the content changesets shipped with this release (rdm/data/changes/)."""
    return current_app.extensions[CHANGESETS_KEY]


def live() -> LiveCatalogue:
    """Return the live catalogue of the current app."""
    return publications().current


def catalogue() -> Catalogue:
    """Return the catalogue of the current app."""
    return live().catalogue
