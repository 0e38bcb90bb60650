"""Changing one part of the catalogue from its form: a gemeente, the introduction, a question
of the vocabulary, an example case. Services only, like rdm.redactie.publishing: what is not
changed stays exactly as written."""

from __future__ import annotations

from ruamel.yaml.comments import CommentedMap

from rdm.catalogue import CatalogueError, Problem
from rdm.catalogue.roundtrip import dump, round_trip_yaml
from rdm.redactie.entries import set_values

GONE = "dit deel staat niet meer in de catalogus"
# A value to write as an explicit null (None removes a field).
NULL = object()


def update_part(catalogue_text: str, path: tuple, values: dict, exact: tuple = ()) -> str:
    """Return the catalogue with the fields of one part set from `values`.

    `path` leads to the part: keys, positions, or (field, value) for the item of a list whose
    field has that value, such as ("slug", "almelo"). The mappings named in `exact` get exactly
    the keys given (keys left out are removed), in the layout they were written in.
    """
    document = round_trip_yaml().load(catalogue_text)
    part = _find(document, path)
    nulls = [key for key, value in values.items() if value is NULL]
    set_values(part, {k: v for k, v in values.items() if k not in exact and k not in nulls})
    for key in nulls:
        if key not in part or part[key] is not None:
            part[key] = None
    for key in exact:
        _set_exactly(part, key, values[key])
    if isinstance(part, CommentedMap) and part.fa.flow_style():
        if any(isinstance(v, list | dict) for v in part.values()):
            part.fa.set_block_style()
    return dump(document)


def _find(document, path: tuple):
    node = document
    for step in path:
        if isinstance(step, tuple):
            field, value = step
            node = next((item for item in node if item.get(field) == value), None)
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            node = node[step]
        else:
            node = node.get(step) if isinstance(node, dict) else None
        if node is None:
            raise CatalogueError(
                [Problem("catalogus", None, "", "dit deel staat niet meer in de catalogus")]
            )
    return node


def _set_exactly(part, key: str, value: dict) -> None:
    """Give the mapping at `key` exactly these keys and values, keeping its layout."""
    written = part.get(key)
    if not isinstance(written, CommentedMap):
        part[key] = value
        return
    for gone in [k for k in written if k not in value]:
        del written[gone]
    for name, item in value.items():
        if written.get(name) != item or type(written.get(name)) is not type(item):
            written[name] = item


def add_item(catalogue_text: str, list_key: str, values: dict) -> str:
    """Return the catalogue with an item added at the end of one of its lists."""
    document = round_trip_yaml().load(catalogue_text)
    if document.get(list_key) is None:
        document[list_key] = []
    document[list_key].append(values)
    return dump(document)
