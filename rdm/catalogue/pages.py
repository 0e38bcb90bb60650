"""The other pages of the overview: the introduction, client support, gemeenten, abbreviations."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    Field,
    model_validator,
)

from rdm.catalogue.tables import Contact
from rdm.catalogue.text import Frozen, Reviewed, Slug, Text, WebUrl


class Section(Frozen):
    """A heading with its body text."""

    heading: Text
    body: Text


class Introduction(Reviewed):
    """The introduction: why the overview exists, its principles and the first step."""

    title: Text
    lead: Text
    first_step: Text
    principle: Text
    sections: tuple[Section, ...]
    footnote: Text | None = None


class Link(Frozen):
    """A labelled link to a web page."""

    label: Text
    url: WebUrl


class Organisation(Frozen):
    """An organisation for independent client support or lived experience."""

    name: Text
    description: Text | None = None
    url: WebUrl


class ClientSupport(Reviewed):
    """Independent client support: rights, the overview per gemeente, organisations."""

    title: Text
    body: Text
    rights_intro: Text
    rights: tuple[Text, ...]
    overview: Link
    organisations: tuple[Organisation, ...]


class Gemeente(Frozen):
    """One of the 14 Twente gemeenten, its GGZ region (Mediant or Dimence) and the routes to
    its wijkteam or procesmanager: the first step. No source names them yet; an empty list
    makes the advice say so."""

    slug: Slug
    name: str
    ggz_region: Literal["mediant", "dimence"] | None
    region_note: Text | None = None
    routes: tuple[Contact, ...] = ()

    @model_validator(mode="after")
    def _unknown_region_explained(self) -> Gemeente:
        if self.ggz_region is None and self.region_note is None:
            raise ValueError("zonder GGZ-werkgebied is een 'region_note' verplicht")
        return self


class Abbreviation(Frozen):
    """An abbreviation, its long form and other spellings that mean the same."""

    abbr: Annotated[str, Field(min_length=1)]
    long: Text
    variants: tuple[str, ...] = ()

    def forms(self) -> tuple[str, ...]:
        """Return every spelling of this term: abbreviation, long forms, variants."""
        return (self.abbr, self.long.nl, *((self.long.en,) if self.long.en else ()), *self.variants)
