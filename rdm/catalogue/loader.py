"""Read tables.yaml with ruamel.yaml and validate it into a Catalogue, with Dutch errors.

Every error names the file, the line, the entry and the field, so that an editor can act
on it without reading Python.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from rdm.catalogue.models import Catalogue
from rdm.catalogue.roundtrip import ReferenceLimitError, dump, limit_references, round_trip_yaml
from rdm.catalogue.upgrade import FORMAT, FormatError, upgrade, version_of

MAX_BYTES = 1_000_000
MAX_DEPTH = 20
MAX_NODES = 200_000
# What pydantic's error types mean, in the words of an editor.
MESSAGES = {
    "missing": "verplicht veld ontbreekt",
    "extra_forbidden": "onbekend veld (tikfout, of hoort het ergens anders?)",
    "string_type": "moet tekst zijn",
    "string_too_short": "mag niet leeg zijn",
    "string_pattern_mismatch": "heeft een ongeldige vorm",
    "int_type": "moet een geheel getal zijn",
    "int_parsing": "moet een geheel getal zijn",
    "int_from_float": "moet een geheel getal zijn",
    "greater_than": "moet groter zijn dan {gt}",
    "greater_than_equal": "moet minstens {ge} zijn",
    "less_than_equal": "mag hoogstens {le} zijn",
    "bool_type": "moet true of false zijn",
    "bool_parsing": "moet true of false zijn",
    "date_type": "moet een datum zijn (JJJJ-MM-DD)",
    "date_parsing": "moet een datum zijn (JJJJ-MM-DD)",
    "date_from_datetime_parsing": "moet een datum zijn (JJJJ-MM-DD)",
    "date_from_datetime_inexact": "moet een datum zijn zonder tijd (JJJJ-MM-DD)",
    "list_type": "moet een lijst zijn (regels die met '- ' beginnen)",
    "tuple_type": "moet een lijst zijn (regels die met '- ' beginnen)",
    "dict_type": "moet een blok met velden zijn",
    "model_type": "moet een blok met velden zijn",
    "model_attributes_type": "moet een blok met velden zijn",
    "literal_error": "moet een van deze waarden zijn: {expected}",
    "none_required": "moet leeg zijn",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a catalogue file, located for the editor."""

    file: str
    line: int | None
    where: str
    message: str

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else self.file
        return (
            f"{place}: {self.where}: {self.message}" if self.where else f"{place}: {self.message}"
        )


class CatalogueError(Exception):
    """The catalogue file cannot be used; `problems` says why, in Dutch."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class LoadedCatalogue:
    """A validated catalogue, its text in the current format, and fingerprints.

    `text` and `sha256` are what is served and exported; a text of an older format is
    upgraded, and then `source_sha256` (the text as stored) and `upgraded_from` differ.
    """

    catalogue: Catalogue
    sha256: str
    path: str
    text: str
    source_sha256: str
    upgraded_from: int | None = None


def load_catalogue(path: str | Path, today: dt.date | None = None) -> LoadedCatalogue:
    """Read and validate a catalogue file; raise CatalogueError with Dutch messages."""
    return parse_catalogue(read_file(path), str(path), today)


def read_file(path: str | Path) -> bytes:
    """Return a file's bytes; a file that cannot be read is a CatalogueError in Dutch."""
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise CatalogueError(
            [Problem(str(path), None, "", f"bestand niet te lezen ({error.strerror})")]
        ) from None


def parse_catalogue(
    raw: bytes, filename: str = "tables.yaml", today: dt.date | None = None
) -> LoadedCatalogue:
    """Validate catalogue text as of `today` (default: the real date; no review date may lie
    after it); raise CatalogueError with Dutch, line-numbered messages.

    The last few valid texts are remembered: a publish, preview or merge reads the live, the
    base and the new revision, often more than once, and reading one takes the round-trip
    parser about half a second. The result is immutable (frozen models), so it is shared.
    """
    return _parse_catalogue(bytes(raw), filename, today or dt.date.today())


@lru_cache(maxsize=16)
def _parse_catalogue(raw: bytes, filename: str, today: dt.date) -> LoadedCatalogue:
    text, document = read_document(raw, filename)
    upgraded_from = _format(document, filename)
    if upgraded_from is not None:
        text = _upgraded(text)
        document = _parse_yaml(text, filename)
    try:
        catalogue = Catalogue.model_validate(plain_data(document), context={"today": today})
    except ValidationError as error:
        raise CatalogueError(validation_problems(error, document, filename)) from None
    located = catalogue.cross_check()
    if located:
        raise CatalogueError(
            [
                Problem(filename, _line_of(document, loc), _describe(document, loc), message)
                for loc, message in located
            ]
        )
    stored = hashlib.sha256(raw).hexdigest()
    served = stored if upgraded_from is None else hashlib.sha256(text.encode()).hexdigest()
    return LoadedCatalogue(catalogue, served, filename, text, stored, upgraded_from)


def read_document(raw: bytes, filename: str) -> tuple[str, CommentedMap]:
    """Return the text and round-trip document of a YAML file of fields, or raise
    CatalogueError: too large, not UTF-8, not YAML, not a block of fields, or too deep."""
    if len(raw) > MAX_BYTES:
        raise CatalogueError(
            [
                Problem(
                    filename,
                    None,
                    "",
                    f"bestand is groter dan {MAX_BYTES:,} bytes".replace(",", "."),
                )
            ]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CatalogueError(
            [Problem(filename, None, "", f"bestand is geen UTF-8 (byte {error.start})")]
        ) from None
    document = _parse_yaml(text, filename)
    if not isinstance(document, CommentedMap):
        raise CatalogueError(
            [Problem(filename, 1, "", "het bestand moet een blok met velden zijn")]
        )
    _check_size(document, filename)
    return text, document


def _format(document: CommentedMap, filename: str) -> int | None:
    """Return the older format the document is in, None if current (or not named)."""
    try:
        version = version_of(document)
    except FormatError as error:
        problem = problem_at(filename, document, ("schema_version",), str(error))
        raise CatalogueError([problem]) from None
    return version if version is not None and version < FORMAT else None


def _upgraded(text: str) -> str:
    """Return an older catalogue's text in the current format, comments and layout kept."""
    document, _ = upgrade(round_trip_yaml().load(text))
    return dump(document)


def _parse_yaml(text: str, filename: str) -> object:
    yaml = limit_references(YAML(typ="rt"))
    try:
        return yaml.load(text)
    except ReferenceLimitError as error:
        raise CatalogueError(
            [Problem(filename, error.problem_mark.line + 1, "", error.problem)]
        ) from None
    except DuplicateKeyError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else None
        key = (error.problem or "").split('"')[1] if '"' in (error.problem or "") else ""
        raise CatalogueError(
            [Problem(filename, line, "", f"sleutel '{key}' komt dubbel voor in hetzelfde blok")]
        ) from None
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        detail = f" ({error.problem})" if error.problem else ""
        if error.context_mark and mark and error.context_mark.line != mark.line:
            detail += f"; begonnen op regel {error.context_mark.line + 1}"
        raise CatalogueError(
            [
                Problem(
                    filename,
                    line,
                    "",
                    "ongeldige YAML: controleer inspringing, dubbele punten en aanhalingstekens"
                    + detail,
                )
            ]
        ) from None
    except YAMLError as error:
        raise CatalogueError([Problem(filename, None, "", f"ongeldige YAML ({error})")]) from None
    except RecursionError:
        raise CatalogueError(
            [Problem(filename, None, "", f"meer dan {MAX_DEPTH} niveaus diep genest")]
        ) from None


def _check_size(document: object, filename: str) -> None:
    """Refuse absurd nesting, and aliases that expand a small file into a huge one."""
    stack = [(document, 0)]
    seen = 0
    while stack:
        node, depth = stack.pop()
        seen += 1
        if depth > MAX_DEPTH:
            line = node.lc.line + 1 if hasattr(node, "lc") else None
            raise CatalogueError(
                [Problem(filename, line, "", f"meer dan {MAX_DEPTH} niveaus diep genest")]
            )
        if seen > MAX_NODES:
            raise CatalogueError(
                [
                    Problem(
                        filename,
                        None,
                        "",
                        "te veel onderdelen (herhalingen met & en * uitgeklapt?)",
                    )
                ]
            )
        children = (
            node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        )
        stack.extend((child, depth + 1) for child in children)


def plain_data(node: object) -> object:
    """Turn ruamel's commented containers and scalar strings into plain Python values."""
    if isinstance(node, dict):
        return {str(key): plain_data(value) for key, value in node.items()}
    if isinstance(node, list):
        return [plain_data(value) for value in node]
    if isinstance(node, str):
        return str(node)
    return node


def validation_problems(
    error: ValidationError, document: CommentedMap, filename: str
) -> list[Problem]:
    """Return pydantic's errors as Problems located in the document, in Dutch."""
    problems = []
    for item in error.errors(include_url=False):
        location = _model_location(item["loc"])
        problems.append(
            Problem(
                filename,
                _line_of(document, location),
                _describe(document, location),
                _message(item),
            )
        )
    return problems


def _model_location(loc: tuple) -> tuple:
    """Drop pydantic's validator names (e.g. 'function-after[...]') from an error location."""
    return tuple(part for part in loc if isinstance(part, int) or "[" not in str(part))


def problem_at(filename: str, document: CommentedMap, location: tuple, message: str) -> Problem:
    """Return a problem at a place in the document, with its line and what is there."""
    return Problem(filename, _line_of(document, location), _describe(document, location), message)


def _line_of(document: CommentedMap, location: tuple) -> int | None:
    """Return the 1-based line of the deepest part of `location` that exists in the file."""
    node: object = document
    line = document.lc.line + 1
    for part in location:
        if isinstance(node, CommentedMap) and part in node:
            if part in (node.lc.data or {}):  # not a key merged in with '<<'
                line = node.lc.key(part)[0] + 1
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
            line = node.lc.item(part)[0] + 1
            node = node[part]
        else:
            break
    return line


def _describe(document: CommentedMap, location: tuple) -> str:
    """Name the entry (e.g. tafel 'topx') and the field path inside it."""
    if not location:
        return ""
    entry, rest = _entry_name(document, location)
    field = _field_path(rest)
    if entry and field:
        return f"{entry}, veld '{field}'"
    return entry or f"veld '{field}'"


def _entry_name(document: CommentedMap, location: tuple) -> tuple[str, tuple]:
    head = location[0]
    if head in ("tables", "gemeenten") and len(location) > 1 and isinstance(location[1], int):
        kind = "tafel" if head == "tables" else "gemeente"
        try:
            slug = document[head][location[1]].get("slug", "")
        except (AttributeError, IndexError, KeyError, TypeError):
            slug = ""
        name = f"{kind} '{slug}'" if slug else f"{kind} nr. {location[1] + 1}"
        return name, location[2:]
    labels = {
        "introduction": "toelichting",
        "client_support": "cliëntondersteuning",
        "ladder": "ladder",
        "abbreviations": "afkortingen",
    }
    if head in labels:
        return labels[head], location[1:]
    return "", location


def _field_path(parts: tuple) -> str:
    path = ""
    for part in parts:
        path += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _message(item: dict) -> str:
    kind = item["type"]
    if kind == "value_error":
        return str(item.get("ctx", {}).get("error", item["msg"]))
    template = MESSAGES.get(kind)
    if template is None:
        return f"ongeldige waarde ({item['msg']})"
    return template.format(**{k: v for k, v in item.get("ctx", {}).items()})
