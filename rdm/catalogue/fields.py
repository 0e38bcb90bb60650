"""A table's simple texts describe themselves, so that what shows or uses them follows the model.

A simple text is a bilingual Text of Table declared with `simple_text()` in tables.py: its
Dutch label (the form's label, translated where it is shown), the part of the editors' form it
is in, its weight in search, and whether the table's page shows it as body text. The editors'
table form (rdm/redactie/forms/table.py), the search index (rdm/overview/search.py) and the
glossary terms of a table's page (Table.public_texts) read them with `simple_texts()`; none
keeps a list of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field

# The headings of the editors' table form that hold simple texts, in the form's order.
FORM_PARTS = ("algemeen", "aanmelden", "uitstroom")
# How often a text's words count in a table's search document: the name and the short name
# are its title, which the index holds twice besides the text; a weight of 0 is not searched.
NOT_SEARCHED, TEXT_WEIGHT, TITLE_WEIGHT = 0, 1, 3
SEARCH_WEIGHTS = (NOT_SEARCHED, TEXT_WEIGHT, TITLE_WEIGHT)
# The keys in a field's JSON schema: "x-" keys are extensions wherever the schema is shown.
_PART, _WEIGHT, _ON_PAGE = "x-form-part", "x-search-weight", "x-page-text"


def N_(message: str) -> str:
    """Mark a Dutch message for `make extract-messages`; it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class SimpleText:
    """What one simple text of a model says about itself."""

    name: str
    label: str
    required: bool
    form_part: str
    search_weight: int
    page_text: bool


def simple_text(
    label: str, form_part: str, search_weight: int = TEXT_WEIGHT, page_text: bool = True
) -> Any:
    """Return the pydantic Field of a simple text (for Annotated[Text, simple_text(...)]).

    `page_text`: the table's page shows it as body text, so its glossary terms are listed there.
    """
    if form_part not in FORM_PARTS:
        raise ValueError(f"form_part {form_part!r} is not one of {FORM_PARTS}")
    if search_weight not in SEARCH_WEIGHTS:
        raise ValueError(f"search_weight {search_weight!r} is not one of {SEARCH_WEIGHTS}")
    extra = {_PART: form_part, _WEIGHT: search_weight, _ON_PAGE: page_text}
    return Field(title=label, json_schema_extra=extra)


def simple_texts(model: type[BaseModel]) -> tuple[SimpleText, ...]:
    """Return the simple texts of a model, in the model's order (the order the form shows and
    the catalogue writes them)."""
    return tuple(
        SimpleText(
            name=name,
            label=info.title,
            required=info.is_required(),
            form_part=info.json_schema_extra[_PART],
            search_weight=info.json_schema_extra[_WEIGHT],
            page_text=info.json_schema_extra[_ON_PAGE],
        )
        for name, info in model.model_fields.items()
        if isinstance(info.json_schema_extra, dict) and _PART in info.json_schema_extra
    )
