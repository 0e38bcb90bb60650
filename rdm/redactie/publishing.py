"""Changing the catalogue safely: preview (validation, diff, verdict changes), publish, roll back.

Services only: no request or session. Round-trips keep the YAML's comments, quotes, order
and layout, so an unchanged catalogue is written back byte for byte.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from rdm import clock
from rdm.catalogue import (
    Catalogue,
    CatalogueError,
    LoadedCatalogue,
    Problem,
    Table,
    parse_catalogue,
)
from rdm.catalogue.changesets import Changeset, Conflict, apply, decline, pending
from rdm.catalogue.roundtrip import dump, load_document
from rdm.extensions import db
from rdm.models import FIRST_STATE, Editor, Revision
from rdm.wegwijzer import AnswerErrors, RulesEngine
from rdm.wegwijzer.interview import Interview


def take_changeset(catalogue_text: str, changeset: Changeset) -> tuple[str, list[Conflict]]:
    """Return the catalogue with a release changeset applied and recorded, and the fields
    kept as the editors had them."""
    document = load_document(catalogue_text)
    conflicts = apply(document, changeset)
    return dump(document), conflicts


def decline_changeset(catalogue_text: str, changeset: Changeset) -> str:
    """Return the catalogue with a release changeset recorded as declined; nothing else moves."""
    document = load_document(catalogue_text)
    decline(document, changeset)
    return dump(document)


@dataclass(frozen=True)
class ChangesetStep:
    """A release changeset that publishing a text would take (with its conflicts) or decline."""

    changeset: Changeset
    declined: bool
    conflicts: tuple[Conflict, ...] = ()


def changeset_steps(
    live_text: str, live: Catalogue, new: Catalogue, changesets: tuple[Changeset, ...]
) -> list[ChangesetStep]:
    """Return what the new catalogue records about changesets the live one has not handled."""
    steps = []
    for changeset in pending(live, changesets):
        if changeset.id in new.changes_declined:
            steps.append(ChangesetStep(changeset, declined=True))
        elif changeset.id in new.changes_applied:
            _, conflicts = take_changeset(live_text, changeset)
            steps.append(ChangesetStep(changeset, declined=False, conflicts=tuple(conflicts)))
    return steps


@dataclass(frozen=True)
class VerdictChange:
    """An example case whose verdict for a table changes with the new catalogue."""

    example: str
    table: str
    before: str | None
    after: str | None
    expected: str | None

    @property
    def as_expected(self) -> bool:
        return self.expected is None or self.after == self.expected


@dataclass(frozen=True)
class Preview:
    """What publishing `text` would do: problems, or the diff, changed tables and verdicts."""

    text: str
    loaded: LoadedCatalogue | None = None
    problems: list[Problem] = field(default_factory=list)
    diff: list[tuple[str, str]] = field(default_factory=list)
    changed_tables: tuple[Table, ...] = ()
    verdict_changes: tuple[VerdictChange, ...] = ()
    # Per example case: how many questions the wegwijzer asks it, now and after publishing.
    questions: tuple[tuple[str, int | None, int], ...] = ()

    @property
    def valid(self) -> bool:
        return self.loaded is not None

    @property
    def unchanged(self) -> bool:
        return self.valid and not self.diff


def preview(live_text: str, live: Catalogue, text: str) -> Preview:
    """Validate `text` as the next catalogue and compare it with the live one.

    A text in an older format is compared, and would be published, in the current format.
    """
    text = text.replace("\r\n", "\n")
    try:
        loaded = parse_catalogue(text.encode("utf-8"), "tables.yaml", clock.today())
    except CatalogueError as error:
        return Preview(text, problems=error.problems)
    text = loaded.text
    new = loaded.catalogue
    changed = tuple(t for t in new.tables if live.table(t.slug) != t)
    return Preview(
        text,
        loaded,
        diff=diff_lines(live_text, text),
        changed_tables=changed,
        verdict_changes=tuple(verdict_changes(live, new)),
        questions=tuple(questions_asked(live, new)),
    )


def questions_asked(before: Catalogue, after: Catalogue) -> list[tuple[str, int | None, int]]:
    """For each example case of the new catalogue, the number of questions the wegwijzer asks
    an asker who knows its answers (and says "weet ik niet" to the rest): now and after."""
    old, new = Interview(RulesEngine(before)), Interview(RulesEngine(after))
    known = {e.name for e in before.examples}
    counts = []
    for example in after.examples:
        try:
            answers = new.engine.parser.parse(example.answers)
        except AnswerErrors:
            continue  # the example itself is reported as a problem
        now = len(old.asked(answers)) if example.name in known else None
        counts.append((example.name, now, len(new.asked(answers))))
    return counts


def diff_lines(before: str, after: str) -> list[tuple[str, str]]:
    """Return a unified diff as (kind, line) pairs: 'add', 'remove', 'context' or 'hunk'."""
    kinds = {"+": "add", "-": "remove", " ": "context", "@": "hunk"}
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=2)
    return [(kinds[line[0]], line) for line in list(lines)[2:]]


def verdict_changes(before: Catalogue, after: Catalogue) -> list[VerdictChange]:
    """Run the new catalogue's example cases on both catalogues; return every changed verdict."""
    old, new = RulesEngine(before), RulesEngine(after)
    changes = []
    examples = {e.name: e for e in (*before.examples, *after.examples)}
    kept = {e.name for e in after.examples}
    for example in examples.values():
        previous = _fits_or_nothing(old, example.answers)
        current = _fits_or_nothing(new, example.answers) if example.name in kept else {}
        for slug in sorted(set(previous) | set(current)):
            expected = example.expect.get(slug)
            if previous.get(slug) != current.get(slug) or (
                expected and current.get(slug) != expected
            ):
                changes.append(
                    VerdictChange(
                        example.name, slug, previous.get(slug), current.get(slug), expected
                    )
                )
    return changes


def _fits_or_nothing(engine: RulesEngine, answers: dict) -> dict[str, str]:
    """Return each table's verdict for an example; nothing if this vocabulary cannot read it."""
    try:
        advice = engine.advise(engine.parser.parse(answers))
    except AnswerErrors:
        return {}
    return {r.table.slug: r.fit for r in advice.recommendations}


class PublishConflict(Exception):
    """Someone published since the revision the editor started from: nothing was stored."""

    def __init__(self, newer: list[Revision]):
        super().__init__(f"{len(newer)} newer revision(s)")
        self.newer = newer


def newer_revisions(base: int, refused=frozenset()) -> list[Revision]:
    """Return the valid revisions published after revision `base` (0: the packaged file)."""
    return _valid(_after(base), refused)


def _after(base: int) -> list[Revision]:
    """Every revision after `base`, read in one statement (one consistent view)."""
    return list(
        db.session.scalars(select(Revision).where(Revision.id > base).order_by(Revision.id))
    )


def _valid(revisions: list[Revision], refused) -> list[Revision]:
    """The revisions that were served: not refused, and not the stored first state."""
    return [r for r in revisions if r.sha256 not in refused and r.parent_id != FIRST_STATE]


def publish(
    text: str,
    note: str,
    author: Editor,
    base: int,
    first_state: str,
    refused=frozenset(),
) -> Revision:
    """Store `text` as the newest revision, over revision `base` (0: the packaged file);
    raise PublishConflict if a valid revision was published after `base`.

    The check and the insert are one transaction: a revision records the newest one as its
    parent, and a parent has one child, so of parallel publications from one base exactly one
    is stored. The first publication stores `first_state` (what the site served) before it,
    so that it can be rolled back. Browsers send form fields with CRLF line endings; the
    catalogue is written with LF, and in the current format.
    """
    text = parse_catalogue(
        text.replace("\r\n", "\n").encode("utf-8"), "tables.yaml", clock.today()
    ).text
    try:
        # The check and the parent come from one read: a revision committed after it makes
        # the insert below fail on the parent, never slip in between.
        after = _after(base)
        newer = _valid(after, refused)
        if newer:
            raise PublishConflict(newer)
        parent = after[-1].id if after else base or None
        if parent is None:
            first = Revision.of(first_state, FIRST_STATE_NOTE, None, FIRST_STATE)
            db.session.add(first)
            db.session.flush()
            parent = first.id
        revision = Revision.of(text, note.strip(), author, parent)
        db.session.add(revision)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise PublishConflict(newer_revisions(base, refused)) from None
    except PublishConflict:
        db.session.rollback()
        raise
    return revision


FIRST_STATE_NOTE = "De stand vóór de eerste publicatie (de meegeleverde catalogus)"
