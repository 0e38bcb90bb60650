"""What a searcher's words mean: groups of words that mean the same (abbreviations with their
long forms, the catalogue's synonyms), compounds split into known words, and the overview's
pages beside the tables."""

from __future__ import annotations

import re
from dataclasses import dataclass

from whoosh.analysis import (
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.support.charset import accent_map

from rdm.catalogue import Catalogue, LocalText
from rdm.catalogue.text import normalize

DUTCH = (
    RegexTokenizer()
    | LowercaseFilter()
    | CharsetFilter(accent_map)
    | StopFilter(lang="nl")
    | StemFilter(lang="nl")
)
# Abbreviations that are also ordinary Dutch words, so only count in capitals in a text.
SHORT_DUTCH_WORDS = frozenset({"om"})
# The shortest part of a compound word that counts on its own ("crisis" in "crisisopname").
MIN_COMPOUND_PART = 4


@dataclass(frozen=True)
class Page:
    """A page of the overview other than a table's, as search knows it: `key` is its
    address in the site (/over-rdm: over-rdm; search_views.PAGE_ENDPOINTS maps it to its view),
    `texts` what it shows."""

    key: str
    title: LocalText
    summary: LocalText
    texts: tuple[LocalText, ...]


def catalogue_pages(catalogue: Catalogue) -> tuple[Page, ...]:
    """Return the overview's pages other than the tables, with the catalogue texts they show:
    the introduction (with the ladder), the first step at the gemeenten, client support."""
    intro, support = catalogue.introduction, catalogue.client_support
    about = [intro.title, intro.lead, intro.first_step, intro.principle]
    about += [t for section in intro.sections for t in (section.heading, section.body)]
    about += [intro.footnote] if intro.footnote else []
    about += [t for step in catalogue.ladder for t in (step.name, step.description)]
    first = catalogue.ladder_step(1)
    gemeenten = [intro.first_step, *((first.name, first.description) if first else ())]
    gemeenten += [LocalText(nl=g.name) for g in catalogue.gemeenten]
    gemeenten += [g.region_note for g in catalogue.gemeenten if g.region_note]
    helpers = [support.title, support.body, support.rights_intro, *support.rights]
    helpers += [support.overview.label]
    helpers += [t for o in support.organisations for t in (o.name, o.description) if t]
    return (
        Page("over-rdm", intro.title, intro.lead, tuple(about)),
        Page("gemeenten", first.name if first else intro.title, intro.first_step, tuple(gemeenten)),
        Page("clientondersteuning", support.title, support.rights_intro, tuple(helpers)),
    )


class AbbreviationGroups:
    """Finds which groups of words that mean the same a text mentions, by any of their
    spellings: an abbreviation with its long forms, or a group of the catalogue's synonyms."""

    def __init__(self, catalogue: Catalogue):
        forms = []
        self._words_in_capitals: dict[str, str] = {}
        for group in catalogue.abbreviations:
            key = normalize(group.abbr).replace(" ", "_")
            forms += [(normalize(form), key) for form in group.forms()]
            if group.abbr.isupper() and normalize(group.abbr) in SHORT_DUTCH_WORDS:
                self._words_in_capitals[normalize(group.abbr)] = group.abbr
        for synonyms in catalogue.search_synonyms:
            key = "~" + normalize(synonyms[0]).replace(" ", "_")
            forms += [(normalize(form), key) for form in synonyms]
        # Longest first, so "poh ggz" is taken before "ggz".
        self._forms = sorted({f for f in forms if f[0]}, key=lambda f: -len(f[0]))

    def find(self, text: str, document: bool = False) -> tuple[dict[str, str], str]:
        """Return {group key: spelling used} for the groups `text` mentions, and the rest of it.

        In a document, an abbreviation that is also a Dutch word ("OM", "om") counts only
        in capitals; a searcher's "om" does mean the abbreviation.
        """
        rest = f" {normalize(text)} "
        found: dict[str, str] = {}
        for form, key in self._forms:
            if f" {form} " not in rest:
                continue
            capitals = self._words_in_capitals.get(form)
            if document and capitals and not re.search(rf"\b{capitals}\b", text):
                continue
            found.setdefault(key, form)
            rest = rest.replace(f" {form} ", " ")
        return found, rest.strip()

    def words_of(self, keys) -> set[str]:
        """Return the words of every spelling of these groups, to mark in snippets."""
        return {word for form, key in self._forms if key in keys for word in form.split()}


class Vocabulary:
    """The stems the index holds, to split a compound the index does not hold into known parts."""

    def __init__(self, reader):
        self._reader = reader

    def __contains__(self, stem: str) -> bool:
        return ("words", stem) in self._reader

    def compound_parts(self, word: str) -> list[str]:
        """Return the stems of the known parts of a compound ("crisisopname": ["crisis"]):
        both parts when both are known, else the longest known one; [] when it is no
        compound of known words."""
        for head, tail in _splits(word):
            stems = [stem_of(head), stem_of(tail)]
            if all(stems) and all(stem in self for stem in stems):
                return stems
        known = [
            stem
            for head, tail in _splits(word)
            for stem in (stem_of(head), stem_of(tail))
            if stem and len(stem) >= MIN_COMPOUND_PART and stem in self
        ]
        return [max(known, key=len)] if known else []


def _splits(word: str):
    """Yield (head, tail) for every place a compound may join, with or without a linking
    's' or 'e' (veiligheid-s-huis)."""
    for cut in range(MIN_COMPOUND_PART, len(word) - MIN_COMPOUND_PART + 1):
        head, tail = word[:cut], word[cut:]
        yield head, tail
        if head[-1] in "se" and len(head) > MIN_COMPOUND_PART:
            yield head[:-1], tail


def stem_of(word: str) -> str:
    """Return the stem of one word, or '' for a stop word."""
    return next((token.text for token in DUTCH(word)), "")
