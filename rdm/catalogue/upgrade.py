"""Catalogue formats: which one this code reads, and how an older catalogue is brought up to it.

A site's live catalogue is its newest published revision, stored as the YAML text of the day
it was published. When a release changes the format (`schema_version`), stored revisions are
upgraded when they are read, one version at a time, on the round-trip document: comments,
order and quotes stay as the editors wrote them. The next publication stores the new format.
"""

from __future__ import annotations

from collections.abc import Callable

from ruamel.yaml.comments import CommentedMap

# The format this code reads and writes.
FORMAT = 2


def _from_1(document: CommentedMap) -> CommentedMap:
    """Format 2 adds only optional fields (contact routes, plain-language texts, changesets)."""
    return document


# Version n -> the step that turns a format-n document into format n + 1.
STEPS: dict[int, Callable[[CommentedMap], CommentedMap]] = {1: _from_1}


class FormatError(ValueError):
    """A schema_version this code cannot read; the message is Dutch, for the editor."""


def version_of(document: CommentedMap) -> int | None:
    """Return the document's format, None when it names none (validation says so later).

    Raise FormatError for a version that is not a whole number, or that this code cannot
    upgrade: an unknown old one, or one newer than FORMAT.
    """
    version = document.get("schema_version")
    if version is None:
        return None
    if isinstance(version, bool) or not isinstance(version, int):
        raise FormatError(f"moet een geheel getal zijn (het formaat), niet '{version}'")
    if version > FORMAT:
        raise FormatError(
            f"formaat {version} is nieuwer dan deze versie van de site kent (formaat {FORMAT});"
            " werk de site bij"
        )
    if version < FORMAT and version not in STEPS:
        raise FormatError(f"formaat {version} is onbekend; deze site leest formaat 1 tot {FORMAT}")
    return version


def upgrade(document: CommentedMap) -> tuple[CommentedMap, int | None]:
    """Bring a document up to FORMAT in place; return it and the format it was in.

    Each step changes the data; the version number is set here, after each step, so that no
    step can forget it.
    """
    started = version = version_of(document)
    while version is not None and version < FORMAT:
        document = STEPS[version](document)
        version += 1
        document["schema_version"] = version
    return document, started
