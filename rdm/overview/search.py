"""Full-text search over the catalogue's tables and pages, behind build_index() and search().

Whoosh, with a Dutch stemming analyzer that folds accents (cliënt = client).
Abbreviations and their long forms, and the catalogue's synonym groups (huurder,
woningcorporatie), find each other through an `abbr` field that holds a key per group present
in a document; partial words match as prefixes, compounds the index does not hold by their
known parts (crisisopname: crisis), and small typos through fuzzy terms. Queries are built
term by term, so user input is never parsed as query syntax.

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
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.index import EmptyIndexError, Index, open_dir
from whoosh.query import And, FuzzyTerm, Or, Prefix, Query, Term

from rdm.catalogue import Catalogue, LocalText, Table
from rdm.catalogue.fields import NOT_SEARCHED, TITLE_WEIGHT
from rdm.catalogue.tables import TABLE_TEXTS, Team
from rdm.catalogue.text import normalize
from rdm.overview.search_words import DUTCH, AbbreviationGroups, Page, Vocabulary, catalogue_pages

__all__ = ["DUTCH", "SearchIndex", "SearchResult", "build_index", "normalize", "search"]

MIN_PREFIX = 3
MIN_FUZZY = 5
MAX_RESULTS = 20
# How far a search widens while it finds too little: whole words, partial words, typos.
EXACT, PREFIX, FUZZY = "exact", "prefix", "fuzzy"
LEVELS = (EXACT, PREFIX, FUZZY)
RESULTS_CACHED = 1024
# How many paragraphs that may hold a match the highlighter reads for a snippet.
SNIPPET_PARAGRAPHS = 2
TABLE, PAGE = "table", "page"


@dataclass(frozen=True)
class SearchResult:
    """One table or page that matches, with a snippet in which the matching words are marked."""

    snippet_html: Markup
    table: Table | None = None
    page: Page | None = None

    @property
    def type(self) -> str:
        """Return "table" or "page", the `type` of a search result in the JSON API."""
        return TABLE if self.table is not None else PAGE

    @property
    def title(self) -> LocalText:
        """Return the table's name or the page's title."""
        return self.table.name if self.table is not None else self.page.title

    @property
    def snippet(self) -> str:
        """Return the snippet as plain text."""
        return self.snippet_html.striptags()


class SearchIndex:
    """The catalogue's tables and pages in a Whoosh index, plus what search() needs to read it."""

    def __init__(self, index: Index, catalogue: Catalogue, groups: AbbreviationGroups):
        self.index = index
        self.catalogue = catalogue
        self.groups = groups
        self.pages = {page.key: page for page in catalogue_pages(catalogue)}
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
    kind=STORED,
    # One field to match, in both languages: a word is one term to look up, which keeps a
    # search fast at thousands of entries. The title is in it twice besides the text, so it
    # weighs more (a table's title: its simple texts of TITLE_WEIGHT, see catalogue/fields.py).
    words=TEXT(analyzer=DUTCH),
    body=STORED,
    body_en=STORED,
    abbr=KEYWORD(lowercase=True, scorable=True, field_boost=2.0),
)
# Raised when the schema or the analysis changes, so that no older index is opened.
INDEX_FORMAT = 3
# Index folders kept next to the live one (older revisions, for instances not yet switched).
KEEP_INDEXES = 5


def build_index(catalogue: Catalogue, storage=None) -> SearchIndex:
    """Return an index of every table and page of the catalogue, in memory unless a storage
    is given."""
    index = (storage or RamStorage()).create_index(SCHEMA)
    groups = AbbreviationGroups(catalogue)
    writer = index.writer()
    for table in catalogue.tables:
        _add(writer, groups, (TABLE, table.slug), _title(table), *_texts(table))
    for page in catalogue_pages(catalogue):
        _add(writer, groups, (PAGE, page.key), page.title.all_text(), *_joined(page.texts))
    writer.commit()
    return SearchIndex(index, catalogue, groups)


def _add(writer, groups: AbbreviationGroups, key, title: str, dutch: str, english: str) -> None:
    """Add one document. A group counts once per paragraph that mentions it, and the title
    twice more: its one `abbr` term then ranks the documents as the words themselves would."""
    paragraphs = [title, title, *dutch.split("\n\n"), *english.split("\n\n")]
    keys = [key for text in paragraphs for key in groups.find(text, document=True)[0]]
    writer.add_document(
        kind=key[0],
        slug=f"{key[0]}:{key[1]}",
        words="\n\n".join((title, title, dutch, english)),
        body=dutch,
        body_en=english,
        abbr=" ".join(sorted(keys)),
    )


def _joined(texts) -> tuple[str, str]:
    """Return the Dutch and the English of `texts`, a paragraph each."""
    return "\n\n".join(t.nl for t in texts), "\n\n".join(t.en for t in texts if t.en)


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
    texts: list[LocalText] = _simple_texts(table, lambda weight: weight != NOT_SEARCHED)
    texts += [table.inflow.intro] if table.inflow.intro else []
    texts += [c.text for c in table.inflow.criteria] + [c.label for c in table.contacts]
    texts += [table.registration.via]
    if table.team:
        texts += _team_texts(table.team)
    dutch, english = _joined(texts)
    return "\n\n".join([dutch, *(c.display for c in table.contacts)]), english


def _title(table: Table) -> str:
    """Return the texts that weigh as the table's title (TITLE_WEIGHT), a line each."""
    return "\n".join(t.all_text() for t in _simple_texts(table, lambda w: w == TITLE_WEIGHT))


def _simple_texts(table: Table, weighs) -> list[LocalText]:
    """Return the table's simple texts (rdm/catalogue/fields.py) whose search weight passes
    `weighs`."""
    texts = (getattr(table, t.name) for t in TABLE_TEXTS if weighs(t.search_weight))
    return [text for text in texts if text]


def _team_texts(team: Team) -> list[LocalText]:
    texts = [team.status, team.deployment, team.invoicing, *team.financing]
    texts += [t for t in (team.rates_note, team.consultation, team.roles_note) if t]
    texts += [LocalText(nl=f"{r.role.nl}: tarief € {r.euro_per_hour} per uur") for r in team.rates]
    for role in team.roles:
        duties = (t for d in role.duties for t in (d.task, d.responsibility, d.authority) if t)
        texts += [role.name, *duties]
    return texts


def search(index: SearchIndex, text: str, language: str = "nl") -> list[SearchResult]:
    """Return the tables and pages matching `text`, best first; every word must match, else
    any word.

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
    known = Vocabulary(searcher.reader())
    for level in LEVELS:
        clauses = group_clauses + _word_clauses(rest, level, known)
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


def _word_clauses(text: str, level: str, known: Vocabulary | None = None) -> list[Query]:
    """Return one clause per meaningful word: its stem, and from the PREFIX level on the words
    it begins (a partial word), from the FUZZY level on the words a typo away and the known
    parts of a compound."""
    clauses = []
    for word in text.split():
        for stem in {token.text for token in DUTCH(word)}:
            alternatives: list[Query] = [Term("words", stem, boost=2.0)]
            if level != EXACT and len(word) >= MIN_PREFIX:
                alternatives.append(Prefix("words", stem))
            if level == FUZZY and len(word) >= MIN_FUZZY:
                alternatives += _typos_and_parts(word, stem, known)
            clauses.append(alternatives[0] if len(alternatives) == 1 else Or(alternatives))
    return clauses


def _typos_and_parts(word: str, stem: str, known: Vocabulary | None) -> list[Query]:
    """Return the last-resort alternatives for a word: the words a typo away and, for a
    compound the index does not hold, its known parts (both together rank first)."""
    maxdist = 1 if len(word) < 8 else 2
    found: list[Query] = [FuzzyTerm("words", stem, boost=0.5, maxdist=maxdist, prefixlength=1)]
    parts = known.compound_parts(word) if known is not None and stem not in known else []
    if len(parts) > 1:  # both parts first, then either
        found.append(And([Term("words", part) for part in parts], boost=2.0))
    found += [Term("words", part, boost=0.5) for part in parts]
    return found


class _MarkFormatter(highlight.HtmlFormatter):
    """Marks matches with <mark>; Whoosh escapes the text around them."""

    def __init__(self):
        super().__init__(tagname="mark", between=" ")

    def format_token(self, text, token, replace=False):
        return f"<mark>{highlight.htmlescape(highlight.get_text(text, token, replace))}</mark>"

    def format_fragment(self, fragment, replace=False):
        """A fragment that starts or ends inside a paragraph says so with '…' (it begins and
        ends at a whole word: Whoosh cuts at word boundaries)."""
        html = super().format_fragment(fragment, replace)
        before = fragment.text[: fragment.startchar].rpartition("\n\n")[2]
        after = fragment.text[fragment.endchar :].partition("\n\n")[0]
        if re.search(r"\w", before):
            html = "… " + html
        if re.search(r"\w", after):
            html = html.rstrip(" ,;:") + " …"
        return html


def _result(index: SearchIndex, hit, terms: frozenset[str], language: str) -> SearchResult:
    """A hit with its snippet: the query's `terms` (as indexed) marked in the best paragraphs."""
    key = hit["slug"].partition(":")[2]
    if hit["kind"] == TABLE:
        table, page = index.catalogue.table(key), None
        summary = table.summary
    else:
        table, page = None, index.pages[key]
        summary = page.summary
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
                snippet = re.sub(r"…(?: …)+", "…", " ".join(fragment.split()))
                return SearchResult(Markup(snippet), table, page)
    shown, _ = summary.in_language(language)
    return SearchResult(Markup.escape(shown), table, page)


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
