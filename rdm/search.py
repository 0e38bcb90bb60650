"""Full-text search over the catalogue's tables, behind build_index() and search().

Whoosh, with a Dutch stemming analyzer that folds accents (cliënt = client).
Abbreviations and their long forms find each other through an `abbr` field that holds a
key per abbreviation group present in a table; partial words match as prefixes and small
typos through fuzzy terms. Queries are built term by term, so user input is never parsed
as query syntax.

An index is built once per catalogue (its sha256) into a folder that every process of the
instance shares (`shared_index`): the first process to need it builds it and moves it into
place in one step; the others, and later restarts, open it from disk (memory-mapped, so the
operating system keeps one copy for all workers).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path

from markupsafe import Markup
from whoosh import highlight
from whoosh.analysis import (
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.index import EmptyIndexError, Index, open_dir
from whoosh.query import And, FuzzyTerm, Or, Prefix, Query, Term
from whoosh.support.charset import accent_map

from .catalogue import Catalogue, LocalText, Table
from .catalogue.models import Team

DUTCH = (
    RegexTokenizer()
    | LowercaseFilter()
    | CharsetFilter(accent_map)
    | StopFilter(lang="nl")
    | StemFilter(lang="nl")
)
MIN_PREFIX = 3
MIN_FUZZY = 5
MAX_RESULTS = 20
# How far a search widens while it finds too little: whole words, partial words, typos.
EXACT, PREFIX, FUZZY = "exact", "prefix", "fuzzy"
LEVELS = (EXACT, PREFIX, FUZZY)
RESULTS_CACHED = 1024
# How many paragraphs that may hold a match the highlighter reads for a snippet.
SNIPPET_PARAGRAPHS = 2
# Abbreviations that are also ordinary Dutch words, so only count in capitals in a text.
SHORT_DUTCH_WORDS = frozenset({"om"})


def normalize(text: str) -> str:
    """Lowercase, strip accents, spell '&' as 'en', and reduce punctuation to single spaces."""
    folded = unicodedata.normalize("NFKD", text.lower().replace("&", " en "))
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


@dataclass(frozen=True)
class SearchResult:
    """One table that matches, with a snippet in which the matching words are marked."""

    table: Table
    snippet_html: Markup

    @property
    def snippet(self) -> str:
        """Return the snippet as plain text."""
        return self.snippet_html.striptags()


class AbbreviationGroups:
    """Finds which abbreviation groups a text mentions, by any of their spellings."""

    def __init__(self, catalogue: Catalogue):
        forms = []
        self._words_in_capitals: dict[str, str] = {}
        for group in catalogue.abbreviations:
            key = normalize(group.abbr).replace(" ", "_")
            forms += [(normalize(form), key) for form in group.forms()]
            if group.abbr.isupper() and normalize(group.abbr) in SHORT_DUTCH_WORDS:
                self._words_in_capitals[normalize(group.abbr)] = group.abbr
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


class SearchIndex:
    """The catalogue's tables in a Whoosh index, plus what search() needs to read it."""

    def __init__(self, index: Index, catalogue: Catalogue, groups: AbbreviationGroups):
        self.index = index
        self.catalogue = catalogue
        self.groups = groups
        # The index never changes, so the answer to a query does not either: popular queries
        # (LVB, Wlz, a gemeente) are answered from memory. Never written anywhere.
        self.results = lru_cache(maxsize=RESULTS_CACHED)(partial(_search, self))
        self._local = threading.local()

    def searcher(self):
        """This thread's searcher: opening one reads the index's files, so it is kept."""
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            try:
                searcher = self.index.searcher()
            except (OSError, EmptyIndexError):  # its folder was pruned: rebuild in memory
                self.index = build_index(self.catalogue).index
                searcher = self.index.searcher()
            self._local.searcher = searcher
        return searcher


SCHEMA = Schema(
    slug=ID(stored=True, unique=True),
    # One field to match, in both languages: a word is one term to look up, which keeps a
    # search fast at thousands of entries. The title is in it twice, so it weighs more.
    words=TEXT(analyzer=DUTCH),
    body=STORED,
    body_en=STORED,
    abbr=KEYWORD(lowercase=True, scorable=True, field_boost=2.0),
)
# Raised when the schema or the analysis changes, so that no older index is opened.
INDEX_FORMAT = 2
# Index folders kept next to the live one (older revisions, for instances not yet switched).
KEEP_INDEXES = 5


def build_index(catalogue: Catalogue, storage=None) -> SearchIndex:
    """Return an index of every table in the catalogue, in memory unless a storage is given."""
    index = (storage or RamStorage()).create_index(SCHEMA)
    groups = AbbreviationGroups(catalogue)
    writer = index.writer()
    for table in catalogue.tables:
        dutch, english = _texts(table)
        title = table.name.all_text() + "\n" + table.short_name.all_text()
        # A group counts once per paragraph that mentions it, and the title twice more: its
        # one `abbr` term then ranks the tables as the words themselves would.
        paragraphs = [title, title, *dutch.split("\n\n"), *english.split("\n\n")]
        keys = [key for text in paragraphs for key in groups.find(text, document=True)[0]]
        writer.add_document(
            slug=table.slug,
            words="\n\n".join((title, title, dutch, english)),
            body=dutch,
            body_en=english,
            abbr=" ".join(sorted(keys)),
        )
    writer.commit()
    return SearchIndex(index, catalogue, groups)


def shared_index(catalogue: Catalogue, folder: Path, key: str) -> SearchIndex:
    """Open the index of this catalogue in `folder`, building it there if it is missing.

    The folder's name holds the catalogue's key and INDEX_FORMAT, so an index written by
    another version of this code is never read. Where the folder cannot be written, the
    index is built in memory instead.
    """
    try:
        return _shared_index(catalogue, folder, f"{key}-v{INDEX_FORMAT}")
    except OSError:
        return build_index(catalogue)


def _shared_index(catalogue: Catalogue, folder: Path, key: str) -> SearchIndex:
    target = folder / key
    groups = None
    if not target.is_dir():
        folder.mkdir(parents=True, exist_ok=True)
        draft = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=folder))
        groups = build_index(catalogue, FileStorage(str(draft))).groups
        try:
            os.rename(draft, target)  # atomic; fails if another process was first
        except OSError:
            shutil.rmtree(draft, ignore_errors=True)
        _prune(folder, keep=target)
    return SearchIndex(
        open_dir(str(target), schema=SCHEMA), catalogue, groups or AbbreviationGroups(catalogue)
    )


def _prune(folder: Path, keep: Path) -> None:
    """Remove all but the newest index folders (an open index keeps working on Linux)."""
    built = []
    for path in folder.iterdir():
        try:
            if path.is_dir() and not path.name.startswith("."):
                built.append((path.stat().st_mtime, path))
        except FileNotFoundError:  # another worker pruned it meanwhile
            continue
    for _, old in sorted(built, reverse=True)[KEEP_INDEXES:]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)


def _texts(table: Table) -> tuple[str, str]:
    """Return all searchable Dutch text and all English text of a table."""
    texts: list[LocalText] = [table.name, table.short_name, table.summary, table.goal, table.chair]
    texts += [t for t in (table.regie, table.participants, table.who_may_register) if t]
    texts += [t for t in (table.outflow, table.client_support, table.rhythm, table.deadlines) if t]
    texts += [table.inflow.intro] if table.inflow.intro else []
    texts += [c.text for c in table.inflow.criteria] + [c.label for c in table.contacts]
    texts += [table.registration.via]
    if table.team:
        texts += _team_texts(table.team)
    dutch = "\n\n".join([t.nl for t in texts] + [c.display for c in table.contacts])
    english = "\n\n".join(t.en for t in texts if t.en)
    return dutch, english


def _team_texts(team: Team) -> list[LocalText]:
    texts = [team.status, team.deployment, team.invoicing, *team.financing]
    texts += [t for t in (team.rates_note, team.consultation, team.roles_note) if t]
    texts += [LocalText(nl=f"{r.role.nl}: tarief € {r.euro_per_hour} per uur") for r in team.rates]
    for role in team.roles:
        duties = (t for d in role.duties for t in (d.task, d.responsibility, d.authority) if t)
        texts += [role.name, *duties]
    return texts


def search(index: SearchIndex, text: str, language: str = "nl") -> list[SearchResult]:
    """Return the tables matching `text`, best first; every word must match, else any word.

    Whole words first; when they fill less than a page, partial words too; typo-tolerant
    (fuzzy) terms, which are costly to expand, only when nothing else matches.
    """
    return list(index.results(" ".join(text.split()), language))


def _search(index: SearchIndex, text: str, language: str) -> tuple[SearchResult, ...]:
    groups, rest = index.groups.find(text)
    searcher = index.searcher()
    # The `abbr` field holds a group once for every paragraph that mentions it by any
    # spelling (found when the index was built), so one term finds and ranks them all.
    group_clauses: list[Query] = [Term("abbr", key) for key in sorted(groups)]
    query, hits = None, None
    for level in LEVELS:
        clauses = group_clauses + _word_clauses(rest, level)
        if not clauses:
            return ()
        query = And(clauses)
        hits = searcher.search(query, limit=MAX_RESULTS)
        if hits.is_empty() and level == FUZZY and len(clauses) > 1:
            query = Or(clauses)
            hits = searcher.search(query, limit=MAX_RESULTS)
        # Whole words that fill a page are enough; partial words only widen the search.
        if hits.scored_length() >= MAX_RESULTS or (level != EXACT and not hits.is_empty()):
            break
    # The words to mark: the query's terms as found in the index (partial words and
    # typos expanded), worked out once rather than recorded for every matching table.
    reader = searcher.reader()
    terms = {
        term.decode("utf-8") if isinstance(term, bytes) else term
        for leaf in query.leaves()
        for field, term in leaf.expanded_terms(reader)
        if field == "words"
    }
    terms |= {t.text for word in index.groups.words_of(groups) for t in DUTCH(word)}
    return tuple(_result(index, hit, frozenset(terms), language) for hit in hits)


def _word_clauses(text: str, level: str) -> list[Query]:
    """Return one clause per meaningful word: its stem, and from the PREFIX level on the words
    it begins (a partial word), from the FUZZY level on the words a typo away."""
    clauses = []
    for word in text.split():
        for stem in {token.text for token in DUTCH(word)}:
            alternatives: list[Query] = [Term("words", stem, boost=2.0)]
            if level != EXACT and len(word) >= MIN_PREFIX:
                alternatives.append(Prefix("words", stem))
            if level == FUZZY and len(word) >= MIN_FUZZY:
                maxdist = 1 if len(word) < 8 else 2
                alternatives.append(
                    FuzzyTerm("words", stem, boost=0.5, maxdist=maxdist, prefixlength=1)
                )
            clauses.append(alternatives[0] if len(alternatives) == 1 else Or(alternatives))
    return clauses


class _MarkFormatter(highlight.HtmlFormatter):
    """Marks matches with <mark>; Whoosh escapes the text around them."""

    def __init__(self):
        super().__init__(tagname="mark", between=" … ")

    def format_token(self, text, token, replace=False):
        return f"<mark>{highlight.htmlescape(highlight.get_text(text, token, replace))}</mark>"


def _result(index: SearchIndex, hit, terms: frozenset[str], language: str) -> SearchResult:
    """A hit with its snippet: the query's `terms` (as indexed) marked in the best paragraphs."""
    table = index.catalogue.table(hit["slug"])
    fields = ("body_en", "body") if language == "en" else ("body", "body_en")
    for field in fields:
        text = _paragraphs_with(hit.get(field) or "", terms)
        if terms and text:
            fragment = highlight.highlight(
                text,
                terms,
                DUTCH,
                highlight.ContextFragmenter(maxchars=220, surround=60),
                _MarkFormatter(),
                top=2,
            )
            if fragment:
                return SearchResult(table, Markup(" ".join(fragment.split())))
    summary, _ = table.summary.in_language(language)
    return SearchResult(table, Markup.escape(summary))


def _folded(text: str) -> str:
    """Lowercase ASCII with the accents dropped ("cliënt" -> "client"), done in C.

    whoosh's accent_map (which the analyser uses) costs a dict lookup per character and
    took a sixth of a search at 10,000 entries. Letters with no ASCII decomposition (ß, ø,
    æ) are left out here, so a paragraph that matches only through such a letter is not
    preferred for the snippet; what matches, and what is marked, is unaffected.
    """
    return unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode("ascii")


def _paragraphs_with(text: str, terms: set[str]) -> str:
    """Return the paragraphs of `text` that may hold a matched term, for the highlighter.

    Highlighting analyses every word it is given; a long table text analysed for every hit
    costs more than the search itself. A stem is (nearly always) the start of the word it
    came from, so a paragraph without any stem's first letters cannot hold a match. If that
    rule finds nothing, the whole text is highlighted as before. Only the few paragraphs
    that hold the most of the query's words are kept, in their order.
    """
    starts = {_folded(term)[:4] for term in terms} - {""}
    paragraphs = text.split("\n\n")
    found = []
    for number, paragraph in enumerate(paragraphs):
        folded = paragraph.lower()
        if not folded.isascii():
            folded = _folded(folded)
        hits = sum(start in folded for start in starts)
        if hits:
            found.append((-hits, number))
    kept = sorted(number for _, number in sorted(found)[:SNIPPET_PARAGRAPHS])
    return "\n\n".join(paragraphs[number] for number in kept) if kept else text
