"""Rows an editor adds to or removes from a form with a button, with or without JavaScript.

A row button is a submit button named `rij`: the form comes back with the change and with
everything typed kept; nothing is checked or previewed until the editor asks for that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from werkzeug.datastructures import MultiDict
from wtforms import FieldList, FormField

ROW_BUTTON = "rij"
ADD, REMOVE, SHOW = "toevoegen", "verwijderen", "tonen"


@dataclass(frozen=True)
class RowAction:
    """A pressed row button: add a row to a list, remove one, or show a row's fields again."""

    verb: str
    rows: str
    index: int | None = None


def row_action(formdata) -> RowAction | None:
    """Return the row button the editor pressed, or None for the form's own submit button."""
    verb, _, target = (formdata.get(ROW_BUTTON) or "").partition(":")
    if verb == ADD and re.fullmatch(r"[a-z_]+", target):
        return RowAction(ADD, target)
    place = re.fullmatch(r"([a-z_]+)-(\d{1,4})", target)
    if verb in (REMOVE, SHOW) and place:
        return RowAction(verb, place[1], int(place[2]))
    return None


def without_row(formdata, rows: str, index: int) -> MultiDict:
    """Return the posted data with one row of a list left out and the rows after it moved up."""
    field = re.compile(rf"^{re.escape(rows)}-(\d+)-(.+)$")
    kept = MultiDict()
    for key, value in formdata.items(multi=True):
        place = field.match(key)
        if place is None:
            kept.add(key, value)
        elif int(place[1]) != index:
            number = int(place[1]) - (int(place[1]) > index)
            kept.add(f"{rows}-{number}-{place[2]}", value)
    return kept


def add_row(form, action: RowAction | None) -> None:
    """Give `form` the empty row an add button asked for."""
    if action is not None and action.verb == ADD:
        form[action.rows].append_entry()


def row_focus(form, action: RowAction) -> str:
    """Return the id of what gets the focus after a row action: the new or shown row, or the
    list a row was removed from."""
    rows = form[action.rows]
    if action.verb == ADD:
        return rows[-1].id
    if action.verb == SHOW and action.index is not None and action.index < len(rows):
        return rows[action.index].id
    return action.rows


def posted_rows(formdata, lists: tuple[str, ...]) -> tuple[MultiDict, RowAction | None]:
    """Return the posted data, with a removed row already left out, and the row action."""
    action = row_action(formdata)
    if action is None or action.rows not in lists:
        return formdata, None
    if action.verb == REMOVE and action.index is not None:
        return without_row(formdata, action.rows, action.index), action
    return formdata, action


def field_errors(fields) -> list[tuple[str, str]]:
    """Return (field id, first error) for every field with an error, rows and parts included,
    for the error summary."""
    found = []
    for field in fields:
        if field.name == "csrf_token":
            continue
        if isinstance(field, FieldList | FormField):
            found += field_errors(field)
        elif field.errors:
            found.append((field.id, str(field.errors[0])))
    return found
