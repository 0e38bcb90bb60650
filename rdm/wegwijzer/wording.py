"""Words for the advice: the verdicts' labels, and abbreviations explained where they appear."""

from __future__ import annotations

import re
from functools import lru_cache

from flask import g
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from rdm.catalogue import LocalText
from rdm.live import catalogue
from rdm.web.language import in_page_language, page_language, prose

FIT_LABELS = {
    "fits": _l("Past"),
    "may_fit": _l("Past mogelijk"),
    "fits_after_steps": _l("Past na stappen"),
    "does_not_fit": _l("Past niet"),
}


def explain(text: LocalText | str | None, write_out: bool = True) -> Markup:
    """Render a text with each abbreviation the catalogue knows marked `<abbr title=…>`; the
    first one on a page is also written out in full, e.g. "Wlz (Wet langdurige zorg)" (or
    "…, Wet langdurige zorg" where it already stands between brackets), unless
    the text spells it out itself or `write_out` is off (a heading, which the page's title
    repeats word for word)."""
    if text is None:
        return Markup("")
    shown, fallback = (text, None) if isinstance(text, str) else in_page_language(text)
    pattern, long_forms = _abbreviations(catalogue().abbreviations, page_language())
    explained: set[str] = g.setdefault("rdm_explained", set())

    def mark(match: re.Match) -> str:
        abbr = match.group(0)
        long = long_forms[abbr]
        html = Markup('<abbr title="{}">{}</abbr>').format(long, abbr)
        if not write_out:
            return str(html)
        if abbr not in explained and long.lower() not in shown.lower():
            # Inside brackets already: "(in GGZ, …)" rather than brackets within brackets.
            before = match.string[: match.start()]
            inside = before.count("(") > before.count(")")
            html += Markup(", {}" if inside else " ({})").format(long)
        explained.add(abbr)
        return str(html)

    html = Markup(pattern.sub(mark, str(escape(shown)))) if long_forms else escape(shown)
    if fallback:
        return Markup('<span lang="{}">{}</span>').format(fallback, html)
    return html


def explain_prose(text: LocalText | None) -> Markup:
    """Render a long catalogue text as `prose` does, with its abbreviations explained."""
    return prose(text, render=explain)


@lru_cache(maxsize=16)
def _abbreviations(abbreviations: tuple, language: str) -> tuple[re.Pattern, dict[str, str]]:
    long_forms = {a.abbr: a.long.in_language(language)[0] for a in abbreviations}
    words = "|".join(re.escape(abbr) for abbr in sorted(long_forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{words})(?![\w-])"), long_forms
