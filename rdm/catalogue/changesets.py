"""Content changes that ship with a release, offered to the editors and never forced on them.

A site's live catalogue is its newest published revision, so a new packaged tables.yaml does
not reach it. A release that changes content therefore also ships a changeset: a YAML file
in rdm/data/changes/ with an id, a Dutch title and description, and field-level changes.
The dashboard offers every changeset the live catalogue has not yet taken or declined; taking
one sets its fields in the live YAML (round-trip, comments kept) and goes through the usual
preview and publish. A field an editor changed since the release wrote it (it is neither
`was` nor the new `value`) is a conflict: the editor's value stays, and the preview says so.
The catalogue records the ids in `changes_applied` and `changes_declined`, so the state
travels with every revision and export.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from rdm.catalogue.loader import (
    CatalogueError,
    Problem,
    plain_data,
    problem_at,
    read_document,
    read_file,
    validation_problems,
)
from rdm.catalogue.models import Catalogue
from rdm.catalogue.roundtrip import dump
from rdm.catalogue.text import SLUG_PATTERN

APPLIED = "changes_applied"
DECLINED = "changes_declined"


class _Absent:
    """A field or list entry that is not in the catalogue."""

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT = _Absent()

Step = Annotated[str, Field(min_length=1)] | Annotated[dict[str, str | int], Field(min_length=1)]


class _OperationFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: Annotated[list[Step], Field(min_length=1)]
    value: Any
    was: Any = None


class _ChangesetFile(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: Annotated[str, Field(pattern=SLUG_PATTERN)]
    title: Annotated[str, Field(min_length=1)]
    description: Annotated[str, Field(min_length=1)]
    # The changesets whose content this one builds on (its `was` values are theirs).
    after: list[Annotated[str, Field(pattern=SLUG_PATTERN)]] = []
    changes: Annotated[list[_OperationFile], Field(min_length=1)]


@dataclass(frozen=True)
class Operation:
    """Set the field at `path` to `value`; `was` is what the release expected there before.

    A path step is a field name, or (key, value) for the list entry whose key has that value,
    e.g. ("slug", "hengelo"). Without `was` in the file the release expected nothing there.
    """

    path: tuple
    value: Any
    was: Any = ABSENT

    def describe(self) -> str:
        """Return the path as an editor reads it, e.g. gemeenten › hengelo › routes."""
        return " › ".join(step if isinstance(step, str) else str(step[1]) for step in self.path)


@dataclass(frozen=True)
class Changeset:
    """A content change shipped with a release: what it is, and the fields it sets."""

    id: str
    title: str
    description: str
    operations: tuple[Operation, ...]
    after: tuple[str, ...] = ()


@dataclass(frozen=True)
class Conflict:
    """A field the changeset would set but an editor changed: their value is kept."""

    operation: Operation
    live: Any

    @property
    def where(self) -> str:
        return self.operation.describe()

    @property
    def live_yaml(self) -> str | None:
        """The editors' value as YAML; None where the field is missing."""
        return _as_yaml(self.live)

    @property
    def proposed_yaml(self) -> str | None:
        """The release's value as YAML."""
        return _as_yaml(self.operation.value)


def _as_yaml(value: Any) -> str | None:
    if value is ABSENT:
        return None
    if isinstance(value, dict | list):
        return dump(value).rstrip("\n")
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    return str(value)


def load_changesets(folder: str | Path) -> tuple[Changeset, ...]:
    """Read every *.yaml changeset in `folder`, by file name, each one after those it builds
    on (`after`); raise CatalogueError in Dutch."""
    changesets: list[Changeset] = []
    problems: list[Problem] = []
    for path in sorted(Path(folder).glob("*.yaml")):
        try:
            changeset = _read(path)
        except CatalogueError as error:
            problems += error.problems
            continue
        if any(c.id == changeset.id for c in changesets):
            problems.append(
                Problem(str(path), None, "veld 'id'", f"'{changeset.id}' komt dubbel voor")
            )
        changesets.append(changeset)
    if problems:
        raise CatalogueError(problems)
    return _in_order(changesets, str(folder))


def _in_order(changesets: list[Changeset], folder: str) -> tuple[Changeset, ...]:
    """Return the changesets by file name, each one after those it names in `after`."""
    known = {c.id for c in changesets}
    problems = [
        Problem(folder, None, f"wijziging '{c.id}', veld 'after'", f"'{name}' bestaat niet")
        for c in changesets
        for name in c.after
        if name not in known
    ]
    ordered: list[Changeset] = []
    waiting = list(changesets)
    while waiting and not problems:
        placed = {c.id for c in ordered}
        ready = next((c for c in waiting if set(c.after) <= placed), None)
        if ready is None:
            names = ", ".join(c.id for c in waiting)
            problems.append(Problem(folder, None, "veld 'after'", f"kring tussen {names}"))
            break
        ordered.append(ready)
        waiting.remove(ready)
    if problems:
        raise CatalogueError(problems)
    return tuple(ordered)


def _read(path: Path) -> Changeset:
    return _parse(read_file(path), str(path))


@lru_cache(maxsize=64)
def _parse(raw: bytes, filename: str) -> Changeset:
    """Validate one changeset file. Every app of a process (each test makes several) reads
    the same files: the result is kept by content; its values are deep-copied when applied."""
    _, document = read_document(raw, filename)
    try:
        checked = _ChangesetFile.model_validate(plain_data(document))
    except ValidationError as error:
        raise CatalogueError(validation_problems(error, document, filename)) from None
    problems = [
        problem_at(filename, document, ("changes", n, "path"), message)
        for n, change in enumerate(checked.changes)
        if (message := _path_problem(change.path))
    ]
    if problems:
        raise CatalogueError(problems)
    operations = tuple(
        Operation(
            tuple(_step(s) for s in change.path),
            node["value"],
            change.was if "was" in change.model_fields_set else ABSENT,
        )
        for change, node in zip(checked.changes, document["changes"], strict=True)
    )
    return Changeset(
        checked.id, checked.title, checked.description, operations, tuple(checked.after)
    )


def _path_problem(path: list) -> str:
    """Return what is wrong with a path, in Dutch: an entry is chosen by its key in a list,
    and a list is a field, so every {key: value} follows a field name."""
    if any(
        isinstance(step, dict) and (n == 0 or isinstance(path[n - 1], dict))
        for n, step in enumerate(path)
    ):
        return "een {sleutel: waarde} kiest een item uit de lijst in het veld ervoor"
    if any(isinstance(step, dict) and len(step) != 1 for step in path):
        return "een {sleutel: waarde} noemt precies één sleutel, zoals {slug: hengelo}"
    return ""


def _step(step: str | dict) -> str | tuple:
    return step if isinstance(step, str) else next(iter(step.items()))


def pending(catalogue: Catalogue, changesets: tuple[Changeset, ...]) -> list[Changeset]:
    """Return the changesets the catalogue has neither taken nor declined."""
    done = {*catalogue.changes_applied, *catalogue.changes_declined}
    return [c for c in changesets if c.id not in done]


def apply(document: CommentedMap, changeset: Changeset) -> list[Conflict]:
    """Set the changeset's fields in the document and record it as applied; return the
    fields left as the editors had them (conflicts)."""
    conflicts = []
    for operation in changeset.operations:
        live = _get(document, operation.path)
        if _same(live, operation.value):
            continue
        if not (
            _same(live, operation.was)
            and _put(document, operation.path, copy.deepcopy(operation.value))
        ):
            conflicts.append(Conflict(operation, live))
    _record(document, APPLIED, changeset.id)
    return conflicts


def decline(document: CommentedMap, changeset: Changeset) -> None:
    """Record in the document that the editors declined the changeset; nothing else changes."""
    _record(document, DECLINED, changeset.id)


def _same(live: Any, expected: Any) -> bool:
    if live is ABSENT or expected is ABSENT:
        return live is expected
    return plain_data(live) == plain_data(expected)


def _get(document: CommentedMap, path: tuple) -> Any:
    """Return the value at `path`: ABSENT where a field or entry is missing, or the value
    in the way where the path cannot go on (e.g. a text where a block was expected)."""
    node: Any = document
    for step in path:
        if not _fits(node, step):
            return node
        position = _position(node, step)
        if position is ABSENT:
            return ABSENT
        node = node[position]
    return node


def _fits(node: Any, step: str | tuple) -> bool:
    """Whether a path step can be taken in `node`: a field in a block, an entry in a list."""
    return isinstance(node, dict) if isinstance(step, str) else isinstance(node, list)


def _position(node: Any, step: str | tuple) -> Any:
    """Return the key or list index a path step points at in `node`, or ABSENT."""
    if isinstance(step, str):
        return step if step in node else ABSENT
    key, value = step
    return next(
        (n for n, item in enumerate(node) if isinstance(item, dict) and item.get(key) == value),
        ABSENT,
    )


def _put(document: CommentedMap, path: tuple, value: Any) -> bool:
    """Set the value at `path`, adding missing fields and list entries on the way; return
    False, changing nothing, where the path is blocked by a value of another kind."""
    node: Any = document
    for number, step in enumerate(path):
        if not _fits(node, step):
            return False
        position = _position(node, step)
        if number == len(path) - 1:
            break
        if position is ABSENT:
            node = _add(node, step, path[number + 1])
        else:
            node = node[position]
    if position is not ABSENT:
        node[position] = value
    elif isinstance(step, str):
        node[step] = value
    else:
        node.append(value)
    return True


def _add(node: Any, step: str | tuple, following: str | tuple) -> Any:
    """Add what a missing step names: a list entry holding just its key, or a field shaped
    for the step that follows it (a block of fields, or a list)."""
    if not isinstance(step, str):
        entry = CommentedMap([step])
        node.append(entry)
        return entry
    node[step] = CommentedMap() if isinstance(following, str) else CommentedSeq()
    return node[step]


def _record(document: CommentedMap, field: str, changeset_id: str) -> None:
    ids = document.get(field)
    if ids is None:
        document[field] = ids = CommentedSeq()
    if changeset_id not in ids:
        ids.append(changeset_id)
