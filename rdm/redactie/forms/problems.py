"""Placing the catalogue's problems at the fields of the form they came from."""

from __future__ import annotations

import re

from wtforms import FieldList, FormField

_WHERE = re.compile(r"^(?:(?P<entry>.+?), )?veld '(?P<path>[^']+)'$")
_PATH_PART = re.compile(r"([A-Za-z_]+)|\[(\d+)\]")


def problem_places(
    form, problems: list, entry: str = "", prefix: str = "", kept: dict | None = None
) -> list[str | None]:
    """Return, per problem, the id of the form field it is about (None: elsewhere).

    `entry` names the part as problems do (e.g. "gemeente 'almelo'"), `prefix` is the path of
    the part when problems name none (e.g. "vocabulary[3]."), and `kept` lists, per list of
    rows, the rows that were written (a problem counts the written ones from 1).
    """
    ids = form_ids(form)
    places = []
    for problem in problems:
        where = _WHERE.match(problem.where or "")
        place = None
        if where and (where["entry"] or "") == entry and where["path"].startswith(prefix):
            place = _field_id(where["path"].removeprefix(prefix), kept or {}, ids)
        places.append(place)
    return places


def _field_id(path: str, kept: dict[str, list[int]], ids: set[str]) -> str | None:
    pieces: list[str] = []
    for name, number in _PATH_PART.findall(path):
        if name:
            pieces.append(name)
            continue
        rows = kept.get("-".join(pieces), [])
        if not 0 < int(number) <= len(rows):
            return None
        pieces.append(str(rows[int(number) - 1]))
    field = "-".join(pieces)
    return next((c for c in (field, f"{field}-nl") if c in ids), None)


def form_ids(fields) -> set[str]:
    """Every field id in a form, its rows and their parts."""
    ids: set[str] = set()
    for field in fields:
        ids.add(field.id)
        if isinstance(field, FieldList | FormField):
            ids |= form_ids(field)
    return ids
