"""The words the catalogue is written in: bilingual texts, slugs, addresses, review dates."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
)

LANGUAGES = ("nl", "en")
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
FIXED_TABLE_SLUGS = (
    "topx",
    "triagetafel",
    "regiotafel-wlz",
    "crisisteam-zorgkantoor",
    "hoogcomplex",
    "levensloopaanpak",
    "bestuurlijk-escalatie-overleg",
    "p10-mobiel-team",
)
EMAIL_PATTERN = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[a-z]{2,}$", re.IGNORECASE)
# Outlook "safelinks" wrap a link in a redirect on a regional protection.outlook.com host.
OUTLOOK_SAFELINK = re.compile(r"^https?://[^/?#]*\.safelinks\.protection\.outlook\.com[/?#:]", re.I)


def normalize(text: str) -> str:
    """Lowercase, strip accents, spell '&' as 'en', and reduce punctuation to single spaces:
    how search compares a spelling."""
    folded = unicodedata.normalize("NFKD", text.lower().replace("&", " en "))
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


class Frozen(BaseModel):
    """Base for catalogue objects: read-only, and unknown fields are typos."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def _as_local_text(value: object) -> object:
    """Accept plain Dutch text as shorthand for {nl: text}."""
    if isinstance(value, str):
        return {"nl": value}
    return value


class LocalText(Frozen):
    """A text in Dutch, optionally with an English translation."""

    nl: Annotated[str, Field(min_length=1)]
    en: str | None = None

    def in_language(self, language: str) -> tuple[str, str]:
        """Return (text, language it is in): the requested language, or Dutch as fallback."""
        if language == "en" and self.en:
            return self.en, "en"
        return self.nl, "nl"

    def all_text(self) -> str:
        """Return every language's text, for the search index."""
        return "\n".join(t for t in (self.nl, self.en) if t)

    def __str__(self) -> str:
        return self.nl


Text = Annotated[LocalText, BeforeValidator(_as_local_text)]


def _check_web_address(url: str) -> str:
    # http:// only where the source links so and https is not confirmed (see to_confirm).
    if not url.startswith(("https://", "http://")):
        raise ValueError("moet een volledig webadres zijn, met https:// (of http://)")
    if OUTLOOK_SAFELINK.match(url):
        raise ValueError("is een Outlook-safelink; vul het echte doeladres in")
    return url


def _check_email(address: str) -> str:
    if not EMAIL_PATTERN.match(address):
        raise ValueError("is geen geldig e-mailadres")
    return address


def _check_not_future(day: dt.date, info: ValidationInfo) -> dt.date:
    # One day of slack: an editor in the Netherlands may be a day ahead of a UTC server.
    today = (info.context or {}).get("today") or dt.date.today()
    if day > today + dt.timedelta(days=1):
        raise ValueError("ligt in de toekomst")
    return day


WebUrl = Annotated[str, AfterValidator(_check_web_address)]
Email = Annotated[str, AfterValidator(_check_email)]
Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]
ReviewDate = Annotated[dt.date, AfterValidator(_check_not_future)]


STALE_AFTER = dt.timedelta(days=365)


class Reviewed(Frozen):
    """Mixin for entries that carry when and against what they were last checked."""

    last_reviewed: ReviewDate
    source: Annotated[str, Field(min_length=1)]

    def stale_on(self, today: dt.date) -> bool:
        """Return True when, on `today`, this entry has not been checked for twelve months."""
        return today - self.last_reviewed > STALE_AFTER


def doubles(where: tuple, values: list, field: str, label: str) -> list[tuple[tuple, str]]:
    """Return a problem at every repeat of a value that must be unique."""
    seen: set = set()
    problems = []
    for position, value in enumerate(values):
        if value is not None and value in seen:
            problems.append(((*where, position, field), f"{label} '{value}' komt dubbel voor"))
        seen.add(value)
    return problems
