"""Translation notes and glossary terms with their search synonyms."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import (
    Field,
)

from rdm.catalogue.text import Frozen, Text


class Translation(Frozen):
    """Says that a language's texts are a translation of another's, and which one applies."""

    language: Literal["en"]
    translated_from: Literal["nl"] = "nl"
    note: Text


SearchWord = Annotated[str, Field(min_length=2, max_length=80)]
# Words that mean the same to a searcher (huurder, woningcorporatie): any one finds them all.
SynonymGroup = Annotated[tuple[SearchWord, ...], Field(min_length=2)]


class Term(Frozen):
    """A word of the trade explained on the glossary page (e.g. casusregie); `variants` are
    other spellings by which a page uses it (e.g. drang/dwang for drang en dwang)."""

    term: Text
    explanation: Text
    variants: tuple[str, ...] = ()

    def used_in(self, text: str) -> bool:
        """Whether a text uses this term, in any spelling (case does not matter)."""
        forms = (self.term.nl, *((self.term.en,) if self.term.en else ()), *self.variants)
        pattern = "|".join(re.escape(form.split(" (")[0]) for form in forms)
        return re.search(rf"(?<!\w)(?:{pattern})(?!\w)", text, re.IGNORECASE) is not None
