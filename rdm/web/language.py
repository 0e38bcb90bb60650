"""Language choice and the filters that show catalogue text in the reader's language."""

from __future__ import annotations

import functools
import re

from flask import current_app, g, request
from flask_babel import get_locale
from markupsafe import Markup, escape

from rdm.catalogue import LocalText

LANGUAGE_COOKIE = "lang"
ONE_YEAR = 365 * 24 * 3600


def select_locale() -> str:
    """Return the language for this request: the reader's choice, else Accept-Language, else nl."""
    config = current_app.config
    return choose_language(
        g.get("language") or request.cookies.get(LANGUAGE_COOKIE),
        request.headers.get("Accept-Language", ""),
        tuple(config["LANGUAGES"]),
        config["BABEL_DEFAULT_LOCALE"],
    )


# Accept-Language read in the browser's order of preference: the first language range that
# is Dutch or English (nl, nl-BE, en-GB, ...) and not refused with q=0 decides; none: Dutch.
# The proxy (deploy/nginx/rdm.conf) maps Accept-Language to its cache key's language with
# this very pattern, so it never keeps a page under another language than the app chose.
# Written without nested choices (every repetition ends at a comma), so it runs in linear
# time on any header.
ENGLISH_FIRST = (
    r"^(?:(?=(?!\s*(?:nl|en)(?![a-z0-9]))|[^,]*;\s*q\s*=\s*0(?:\.0*)?\s*(?:[;,]|$))[^,]*,)*"
    r"\s*en(?![a-z0-9])(?![^,]*;\s*q\s*=\s*0(?:\.0*)?\s*(?:[;,]|$))"
)
_ENGLISH_FIRST = re.compile(ENGLISH_FIRST, re.IGNORECASE | re.ASCII)


@functools.lru_cache(maxsize=256)
def choose_language(chosen: str | None, accept: str, languages: tuple, default: str) -> str:
    """The reader's choice if we have it, else what Accept-Language puts first, else `default`."""
    if chosen in languages:
        return chosen
    if "en" in languages and _ENGLISH_FIRST.match(accept):
        return "en"
    return default


def remember_language(response, language: str):
    """Keep the reader's language choice in a cookie (a preference, never anything about a case)."""
    response.set_cookie(
        LANGUAGE_COOKIE,
        language,
        max_age=ONE_YEAR,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure,
    )
    return response


def vary_on_language(response):
    """Tell caches that a page depends on the language cookie and Accept-Language."""
    if "Vary" in response.headers:
        response.vary.update(("Accept-Language", "Cookie"))
    else:
        response.headers["Vary"] = "Accept-Language, Cookie"
    return response


def page_language() -> str:
    """Return the language code of the page being rendered (Flask-Babel keeps the locale
    for the request once it is chosen)."""
    return str(get_locale() or "nl")


def in_page_language(text: LocalText) -> tuple[str, str | None]:
    """Return the text to show and, when it falls back to another language, that language."""
    language = page_language()
    shown, shown_language = text.in_language(language)
    return shown, (shown_language if shown_language != language else None)


def local(text: LocalText | None) -> Markup:
    """Render a short catalogue text inline, marking a Dutch fallback with lang="nl"."""
    if text is None:
        return Markup("")
    shown, fallback = in_page_language(text)
    if fallback:
        return Markup('<span lang="{}">{}</span>').format(fallback, shown)
    return escape(shown)


def plain(text: LocalText | None) -> str:
    """Return a catalogue text as a plain string in the page language (for attributes, titles)."""
    return "" if text is None else in_page_language(text)[0]


def prose(text: LocalText | None, render=escape) -> Markup:
    """Render a long catalogue text: blank lines make paragraphs, lines starting '- ' a list;
    `render` turns each paragraph's or item's text into HTML (escaped, by default)."""
    if text is None:
        return Markup("")
    shown, fallback = in_page_language(text)
    html = Markup("").join(_block(block, render) for block in shown.split("\n\n") if block.strip())
    if fallback:
        return Markup('<div lang="{}">{}</div>').format(fallback, html)
    return html


def _block(block: str, render) -> Markup:
    lines = [line.strip() for line in block.strip().splitlines()]
    intro = [line for line in lines if not line.startswith("- ")]
    items = [line[2:] for line in lines if line.startswith("- ")]
    html = Markup("")
    if intro:
        html += Markup("<p>{}</p>").format(render(" ".join(intro)))
    if items:
        html += Markup("<ul>{}</ul>").format(
            Markup("").join(Markup("<li>{}</li>").format(render(i)) for i in items)
        )
    return html
