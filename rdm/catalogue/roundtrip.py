"""Reading and writing tables.yaml so that what is not changed stays exactly as written."""

from __future__ import annotations

import copy
from functools import lru_cache
from io import StringIO

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.events import AliasEvent, ScalarEvent
from ruamel.yaml.nodes import MappingNode

# Anchors (&naam), aliases (*naam) and merge keys (<<: *naam) per document. The packaged
# catalogue uses none; these leave room to share a block between tables, not to build a bomb.
MAX_REFERENCES = {
    "ankers (&naam)": 100,
    "verwijzingen (*naam)": 200,
    "samenvoegingen (<<: *naam)": 100,
}


class ReferenceLimitError(MarkedYAMLError):
    """Too many anchors, aliases or merge keys: refused while reading, before any is resolved."""


class _CountingComposer(Composer):
    """ruamel's composer, counting anchors, aliases and merge keys as it reads them.

    Reading is linear, but resolving merge keys is not (2,000 `<<: *x` took 8 seconds), so
    the limits hold here, where the first one too many stops the read at its line.
    """

    def compose_document(self):
        self.references = dict.fromkeys(MAX_REFERENCES, 0)
        return super().compose_document()

    def compose_node(self, parent, index):
        event = self.parser.peek_event()
        if isinstance(event, AliasEvent):
            self._count("verwijzingen (*naam)", event)
        elif event.anchor is not None:
            self._count("ankers (&naam)", event)
        if (
            isinstance(event, ScalarEvent)
            and event.value == "<<"
            and event.style is None
            and isinstance(parent, MappingNode)
            and index is None
        ):
            self._count("samenvoegingen (<<: *naam)", event)
        return super().compose_node(parent, index)

    def _count(self, kind: str, event) -> None:
        self.references[kind] += 1
        if self.references[kind] > MAX_REFERENCES[kind]:
            raise ReferenceLimitError(
                problem=f"meer dan {MAX_REFERENCES[kind]} {kind}; schrijf de velden voluit",
                problem_mark=event.start_mark,
            )


def limit_references(yaml: YAML) -> YAML:
    """Return `yaml`, set to refuse a document with too many anchors, aliases or merge keys."""
    yaml.Composer = _CountingComposer
    return yaml


def round_trip_yaml() -> YAML:
    """Return a ruamel.yaml set up to write tables.yaml back exactly as it was written."""
    yaml = limit_references(YAML(typ="rt"))
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(
        type(None), lambda self, _: self.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    return yaml


def load_document(text: str):
    """Return the round-trip document of `text`: a copy of its own, to change at will.

    Editing reads the same few catalogue texts again and again (live, base, new); the parser
    takes about half a second for each, a copy of a parsed one a fifth of that.
    """
    return copy.deepcopy(_parsed(text))


@lru_cache(maxsize=16)
def _parsed(text: str):
    return round_trip_yaml().load(text)


def dump(node) -> str:
    """Return a round-trip document (or part of one) as YAML text."""
    out = StringIO()
    round_trip_yaml().dump(node, out)
    return out.getvalue()
