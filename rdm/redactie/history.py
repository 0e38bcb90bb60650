"""What each revision changed: the tables, gemeenten and other parts of the catalogue it touched.

A revision is compared, part by part, with the one it was published over. Each line belongs to
a part: a top-level field (`introduction`, `examples`, ...), or, under `tables` and
`gemeenten`, the entry with that `slug`. Finding the parts takes a pass over the lines, not
a YAML parse, so the whole history stays quick: a line it cannot place in an entry (a
section written in flow style, say) counts for its whole section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdm.catalogue import Catalogue
from rdm.models import FIRST_STATE, Revision

# The sections whose entries are told apart by their slug.
BY_SLUG = {"tables": "table", "gemeenten": "gemeente"}
TOP_LEVEL = re.compile(r"^([A-Za-z_]\w*)\s*:")
ITEM = re.compile(r"^(\s*)-(\s|$)")
SLUG = re.compile(r"\bslug\s*:\s*['\"]?([a-z0-9][a-z0-9-]*)")
# Comparisons kept in memory, by the two texts' sha256: a revision's text never changes.
CACHE_SIZE = 512
_touched_cache: dict[tuple[str, str], Touched] = {}


@dataclass(frozen=True)
class Touched:
    """The parts one revision changed: table and gemeente slugs, and other top-level fields."""

    tables: tuple[str, ...] = ()
    gemeenten: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()

    def touches_table(self, slug: str) -> bool:
        return slug in self.tables


def touched(before: str, after: str) -> Touched:
    """Return what changed from the catalogue text `before` to `after`: the parts whose
    lines differ, or are in one text only (a moved entry is no change)."""
    old, new = _by_part(before), _by_part(after)
    names = [n for n in dict.fromkeys([*old, *new]) if n and old.get(n) != new.get(n)]
    return Touched(
        tables=tuple(n.split(":", 1)[1] for n in names if n.startswith("table:")),
        gemeenten=tuple(n.split(":", 1)[1] for n in names if n.startswith("gemeente:")),
        parts=tuple(n for n in names if ":" not in n),
    )


def _by_part(text: str) -> dict[str, list[str]]:
    """Return the lines of each part of a catalogue text."""
    lines = text.splitlines()
    parts: dict[str, list[str]] = {}
    for line, part in zip(lines, outline(lines), strict=True):
        parts.setdefault(part, []).append(line)
    return parts


def outline(lines: list[str]) -> list[str]:
    """Return the part of each line: "table:<slug>", "gemeente:<slug>", a top-level field,
    or "" before the first field."""
    parts: list[str] = []
    section = ""
    entry: _Entry | None = None
    for line in lines:
        top = TOP_LEVEL.match(line)
        if top:
            section, entry = top[1], None
            parts.append(section)
            continue
        if section not in BY_SLUG:
            parts.append(section)
            continue
        entry = _Entry.next(entry, line, section)
        parts.append(entry.part if entry else section)
        if entry:
            entry.positions.append(len(parts) - 1)
            entry.name(line, parts)
    return parts


class _Entry:
    """An entry of a section by slug while its lines are read: they count for the section
    until its slug is seen."""

    def __init__(self, section: str, indent: int):
        self.section = section
        self.indent = indent
        self.part = section
        self.positions: list[int] = []

    @classmethod
    def next(cls, entry: _Entry | None, line: str, section: str) -> _Entry | None:
        """Return the entry this line belongs to: a new one at a list item of the section's
        own indentation, else the current one."""
        item = ITEM.match(line)
        if item and (entry is None or len(item[1]) <= entry.indent):
            return cls(section, len(item[1]))
        return entry

    def name(self, line: str, parts: list[str]) -> None:
        """Name the entry by the first slug in it, its lines read so far included."""
        found = SLUG.search(line)
        if found and self.part == self.section:
            self.part = f"{BY_SLUG[self.section]}:{found[1]}"
            for position in self.positions:
                parts[position] = self.part


def revision_changes(revisions: list[Revision]) -> dict[int, Touched | None]:
    """Return, per revision number, what it changed from the revision it was published over
    (else the one before it); None for the first state the site served, or the oldest."""
    by_number = {r.id: r for r in revisions}
    ordered = sorted(by_number)
    changes: dict[int, Touched | None] = {}
    for position, number in enumerate(ordered):
        revision = by_number[number]
        parent = by_number.get(revision.parent_id or -1)
        if parent is None and position and revision.parent_id != FIRST_STATE:
            parent = by_number[ordered[position - 1]]
        changes[number] = None if parent is None else _cached(parent, revision)
    return changes


def _cached(before: Revision, after: Revision) -> Touched:
    key = (before.sha256, after.sha256)
    if key not in _touched_cache:
        if len(_touched_cache) >= CACHE_SIZE:
            _touched_cache.clear()
        _touched_cache[key] = touched(before.yaml_text, after.yaml_text)
    return _touched_cache[key]


def table_choices(catalogue: Catalogue, changes: dict[int, Touched | None]) -> list[str]:
    """Return the slugs to filter the history by: the live tables, then tables the history
    names that are gone."""
    live = [t.slug for t in catalogue.tables]
    named = dict.fromkeys(s for c in changes.values() if c for s in c.tables)
    return live + [slug for slug in named if slug not in live]
