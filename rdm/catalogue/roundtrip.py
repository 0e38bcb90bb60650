"""Reading and writing tables.yaml so that what is not changed stays exactly as written."""

from __future__ import annotations

from io import StringIO

from ruamel.yaml import YAML


def round_trip_yaml() -> YAML:
    """Return a ruamel.yaml set up to write tables.yaml back exactly as it was written."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(
        type(None), lambda self, _: self.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    return yaml


def dump(node) -> str:
    """Return a round-trip document (or part of one) as YAML text."""
    out = StringIO()
    round_trip_yaml().dump(node, out)
    return out.getvalue()
