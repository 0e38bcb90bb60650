"""Changing one entry of the catalogue text: a table's YAML or form values, its review date.

Services only, like publishing.py; a round-trip keeps everything not changed as written.
"""

from __future__ import annotations

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from rdm.catalogue import (
    CatalogueError,
    Problem,
)
from rdm.catalogue.loader import MAX_BYTES, plain_data
from rdm.catalogue.roundtrip import ReferenceLimitError, dump, load_document, round_trip_yaml


def entry_yaml(catalogue_text: str, slug: str) -> str:
    """Return the YAML of one table entry, with its comments, for editing on its own."""
    document = load_document(catalogue_text)
    entry = next(t for t in document["tables"] if t.get("slug") == slug)
    return dump(entry)


def team_yaml(catalogue_text: str, slug: str) -> str:
    """Return a table's team block as YAML (empty when it has none)."""
    document = load_document(catalogue_text)
    entry = next(t for t in document["tables"] if t.get("slug") == slug)
    return dump(entry["team"]) if entry.get("team") is not None else ""


def parse_block(text: str):
    """Return a YAML block typed into a form, or raise CatalogueError saying what is wrong."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise CatalogueError([Problem("teamgegevens", None, "", "de invoer is te groot")])
    try:
        return load_document(text.replace("\r\n", "\n"))
    except RecursionError:
        raise CatalogueError(
            [Problem("teamgegevens", None, "", "de invoer is te diep genest")]
        ) from None
    except YAMLError as error:
        line = getattr(getattr(error, "problem_mark", None), "line", None)
        problem = Problem("teamgegevens", None if line is None else line + 1, "", _invalid(error))
        raise CatalogueError([problem]) from None


def _invalid(error: YAMLError, message: str = "ongeldige YAML") -> str:
    """Say what is wrong with YAML typed into a form: a limit by name, else just invalid."""
    return error.problem if isinstance(error, ReferenceLimitError) else message


def replace_entry(catalogue_text: str, slug: str, entry_text: str) -> str:
    """Return the catalogue with one table entry replaced; everything else stays as written."""
    yaml = round_trip_yaml()
    if len(entry_text.encode("utf-8")) > MAX_BYTES:
        raise CatalogueError([Problem("invoer", None, "", "de invoer is te groot")])
    try:
        entry = yaml.load(entry_text)
    except RecursionError:
        raise CatalogueError([Problem("invoer", None, "", "de invoer is te diep genest")]) from None
    except YAMLError as error:
        line = getattr(getattr(error, "problem_mark", None), "line", None)
        raise CatalogueError(
            [
                Problem(
                    "invoer",
                    None if line is None else line + 1,
                    "",
                    _invalid(error, INDENTATION_HINT),
                )
            ]
        ) from None
    if not isinstance(entry, CommentedMap):
        raise CatalogueError(
            [Problem("invoer", 1, "", "de invoer moet één tafel zijn: een blok met velden")]
        )
    document = load_document(catalogue_text)
    tables = document["tables"]
    position = next(n for n, t in enumerate(tables) if t.get("slug") == slug)
    tables[position] = entry
    return dump(document)


INDENTATION_HINT = (
    "ongeldige YAML in de invoer: controleer op deze regel of de regel ervoor of de velden van"
    " één blok even ver inspringen (met spaties, niet met tabs), en of elke regel met een"
    " dubbelepunt een veldnaam heeft"
)


def entry_problems(catalogue_text: str, slug: str, problems: list[Problem]) -> list[Problem]:
    """Return problems found in a catalogue with one table entry replaced, with the lines in
    that entry counted from the entry's own first line, as the editor typed it."""
    try:
        document = load_document(catalogue_text)
        entry = next(t for t in document["tables"] if t.get("slug") == slug)
    except (YAMLError, RecursionError, KeyError, TypeError, StopIteration):
        return problems
    first = entry.lc.line + 1
    length = len(dump(entry).splitlines())
    return [
        Problem("invoer", p.line - first + 1, p.where, p.message)
        if p.line is not None and first <= p.line < first + length
        else p
        for p in problems
    ]


def update_entry(catalogue_text: str, slug: str, values: dict) -> str:
    """Return the catalogue with a table's fields set from `values` (None removes a field).

    Fields not in `values` (such as the P10 team details) stay as written, comments included.
    """
    document = load_document(catalogue_text)
    entry = next(t for t in document["tables"] if t.get("slug") == slug)
    set_values(entry, values)
    return dump(document)


def set_values(mapping, values: dict) -> None:
    """Change only what differs, so unchanged fields keep their exact layout and comments."""
    for key, value in values.items():
        written = mapping.get(key)
        if value is None:
            mapping.pop(key, None)
        elif isinstance(value, dict) and isinstance(written, dict) and not _is_text(value):
            set_values(written, value)
        elif _same_shape(written, value):
            for old, new in zip(written, value, strict=True):
                for gone in [k for k in old if k not in new]:
                    del old[gone]
                set_values(old, new)
        elif not _same(written, value):
            mapping[key] = value


def _same_shape(written, value) -> bool:
    """Return True for two lists of mappings of one length: update them item by item."""
    return (
        isinstance(written, list)
        and isinstance(value, list)
        and len(written) == len(value)
        and all(isinstance(item, dict) for item in (*written, *value))
    )


def _is_text(value: dict) -> bool:
    return set(value) <= {"nl", "en"}


def _same(written, value) -> bool:
    old = plain_data(written)
    if old == value:
        return True
    names = isinstance(value, list) and all(isinstance(v, str) for v in value)
    return names and isinstance(old, list) and sorted(old) == sorted(value)


def mark_reviewed(catalogue_text: str, slug: str, day) -> str:
    """Return the catalogue with one table's last_reviewed set to `day`; nothing else moves."""
    document = load_document(catalogue_text)
    entry = next(t for t in document["tables"] if t.get("slug") == slug)
    entry["last_reviewed"] = day
    return dump(document)
