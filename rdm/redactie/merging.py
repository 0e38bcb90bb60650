"""Re-apply an editor's change onto a newer live catalogue, field by field (a three-way merge).

The editor started from a base revision; someone else published since. Each side's change is
the set of fields (paths in the round-trip document) that differ from the base. Fields only
the editor changed are copied onto the live document; a field both sides changed differently
is a collision, decided per field by the editor (the live value stays unless they choose
theirs). Lists of mappings with a unique `slug`, `id` or `name` are matched by that key, so
an edit to one table or contact never collides with an edit to another.

Services only: texts in, texts out. Comments the editor changed without changing a value are
not carried over.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from rdm.catalogue.loader import plain_data
from rdm.catalogue.roundtrip import dump, load_document


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class Item(NamedTuple):
    """A list item named by one of its fields, e.g. the table whose slug is 'topx'."""

    key: str
    value: str


Path = tuple  # of str (a mapping key), int (a list position) or Item


def where(path: Path) -> str:
    """Return a path as editors read it: tables[topx].contacts[0].address."""
    text = ""
    for step in path:
        if isinstance(step, Item):
            text += f"[{step.value}]"
        elif isinstance(step, int):
            text += f"[{step}]"
        else:
            text += f".{step}" if text else str(step)
    return text


@dataclass(frozen=True)
class Collision:
    """A field both editors changed, each differently: the live value and the editor's."""

    path: Path
    live: str | None
    mine: str | None

    @property
    def where(self) -> str:
        return where(self.path)


@dataclass(frozen=True)
class Merge:
    """The live text with the editor's change re-applied, and what could not be applied."""

    text: str
    applied: tuple[str, ...] = ()
    collisions: tuple[Collision, ...] = ()
    # Colliding fields where the editor's value was chosen over the live one.
    taken: tuple[str, ...] = field(default=())

    @property
    def kept_live(self) -> tuple[Collision, ...]:
        """The colliding fields where the live value stays: the editor's value is not applied."""
        return tuple(c for c in self.collisions if c.where not in self.taken)


def merge(base_text: str, mine_text: str, live_text: str, take_mine=()) -> Merge:
    """Return the live text with the fields changed from base to mine applied where live did
    not change them, and the fields both changed (mine applied only where in `take_mine`)."""
    base, mine, live = load_document(base_text), load_document(mine_text), load_document(live_text)
    mine_changes = changes(base, mine)
    live_changes = changes(base, live)
    colliding: dict[Path, None] = {}
    applying = []
    for path, node in mine_changes.items():
        clashes = [
            other
            for other in live_changes
            if _prefix(path, other) or _prefix(other, path)
            if not (other == path and _same(node, live_changes[other]))
        ]
        if clashes:
            colliding[min((path, *clashes), key=len)] = None
        elif not (path in live_changes and _same(node, live_changes[path])):
            applying.append(path)
    # A collision inside a larger colliding field is part of it.
    shortest = [p for p in colliding if not any(q != p and _prefix(q, p) for q in colliding)]
    collisions = tuple(
        Collision(path, _show(get(live, path)), _show(get(mine, path))) for path in shortest
    )
    taken = tuple(c.where for c in collisions if c.where in set(take_mine))
    for path in applying:
        put(live, path, mine_changes[path], mine)
    for collision in collisions:
        if collision.where in taken:
            put(live, collision.path, get(mine, collision.path), mine)
    return Merge(dump(live), tuple(where(p) for p in applying), collisions, taken)


def changes(before, after, path: Path = ()) -> dict[Path, Any]:
    """Return every field that differs from `before` to `after`, with its node in `after`
    (MISSING where it was removed)."""
    if before is MISSING or after is MISSING:
        return {} if before is after else {path: after}
    if isinstance(before, dict) and isinstance(after, dict):
        found: dict[Path, Any] = {}
        for key in dict.fromkeys([*before, *after]):
            found |= changes(before.get(key, MISSING), after.get(key, MISSING), (*path, key))
        return found
    if isinstance(before, list) and isinstance(after, list):
        key = _identity(before, after)
        if key is not None:
            old = {item[key]: item for item in before}
            new = {item[key]: item for item in after}
            found = {}
            for name in dict.fromkeys([*old, *new]):
                step = Item(key, str(name))
                found |= changes(old.get(name, MISSING), new.get(name, MISSING), (*path, step))
            return found
        if len(before) == len(after):
            found = {}
            for n, (old_item, new_item) in enumerate(zip(before, after, strict=True)):
                found |= changes(old_item, new_item, (*path, n))
            return found
    return {} if _same(before, after) else {path: after}


def _identity(*lists: list) -> str | None:
    """Return the field that names every item of these lists of mappings, once each."""
    items = [item for items in lists for item in items]
    if not items or not all(isinstance(item, dict) for item in items):
        return None
    for key in ("slug", "id", "name"):
        if all(
            all(isinstance(item.get(key), str) for item in items)
            and len({item[key] for item in items}) == len(items)
            for items in lists
        ):
            return key
    return None


def _prefix(short: Path, long: Path) -> bool:
    return len(short) <= len(long) and long[: len(short)] == short


def _same(one, other) -> bool:
    if one is MISSING or other is MISSING:
        return one is other
    return plain_data(one) == plain_data(other)


def _show(node) -> str | None:
    """Return a value as YAML to show (None where the field is absent)."""
    if node is MISSING:
        return None
    if isinstance(node, dict | list):
        return dump(node).rstrip("\n")
    return str(plain_data(node))


def get(document, path: Path):
    """Return the node at `path`, or MISSING."""
    node = document
    for step in path:
        if isinstance(step, Item):
            if not isinstance(node, list):
                return MISSING
            node = next((i for i in node if isinstance(i, dict) and _named(i, step)), MISSING)
        elif isinstance(step, int):
            node = node[step] if isinstance(node, list) and step < len(node) else MISSING
        else:
            node = node.get(step, MISSING) if isinstance(node, dict) else MISSING
        if node is MISSING:
            return MISSING
    return node


def _named(item: dict, step: Item) -> bool:
    return str(item.get(step.key)) == step.value


def put(document, path: Path, node, order) -> None:
    """Set (or, for MISSING, remove) the field at `path`; a new field or item goes after the
    one it follows in `order` (the document it comes from)."""
    if not path:
        raise ValueError("the whole document is not a field")
    parent, step = get(document, path[:-1]), path[-1]
    source = get(order, path[:-1])
    if isinstance(step, Item):
        position = next((n for n, i in enumerate(parent) if _named(i, step)), None)
        if node is MISSING:
            if position is not None:
                del parent[position]
        elif position is not None:
            parent[position] = node
        else:
            before = _preceding([str(i.get(step.key)) for i in source], step.value)
            names = [str(i.get(step.key)) for i in parent]
            parent.insert(_position(names, before), node)
    elif isinstance(step, int):
        parent[step] = node
    elif node is MISSING:
        parent.pop(step, None)
    elif step in parent:
        parent[step] = node
    else:
        before = _preceding(list(source), step)
        keys = list(parent)
        parent.insert(_position(keys, before), step, node)


def _preceding(names: list, name):
    """Return the name just before `name` in `names` (None when it is first)."""
    position = names.index(name)
    return names[position - 1] if position else None


def _position(names: list, before) -> int:
    """Return where a new entry goes: after `before`; first when it has none; else last."""
    if before is None:
        return 0
    return names.index(before) + 1 if before in names else len(names)


# Fields a changeset never sets: taking or declining one records itself there.
RECORDS = ("changes_applied", "changes_declined")


def operations(before, after) -> list[dict]:
    """Return the changeset operations (path, was, value) that turn `before` into `after`.

    A path names list entries by their key ({slug: …}), never by position: a change inside a
    list of unnamed items, or a removed field or entry, sets the whole list or block around it.
    """
    paths: list[Path] = []
    for path in changes(before, after):
        if path[0] in RECORDS:
            continue
        if get(after, path) is MISSING:
            path = path[:-1]
        numbered = next((n for n, step in enumerate(path) if isinstance(step, int)), None)
        paths.append(path if numbered is None else path[:numbered])
    kept = [p for p in dict.fromkeys(paths) if not any(q != p and _prefix(q, p) for q in paths)]
    found = []
    for path in kept:
        operation = {"path": [{s.key: s.value} if isinstance(s, Item) else s for s in path]}
        if get(before, path) is not MISSING:
            operation["was"] = get(before, path)
        operation["value"] = get(after, path)
        found.append(operation)
    return found
