"""Rendered overview pages, kept in memory per catalogue, language and day.

The overview's pages are a pure function of the catalogue being served, the reader's
language, the address asked for and the date (entries older than a year are marked as not
recently checked). Rendering one takes milliseconds; sending a kept copy takes
microseconds. The key holds all four, so a newly published revision, another language or a
new day renders afresh. Nothing about a reader or a case is ever part of a page kept here:
the overview's templates show no form token and nothing of a signed-in editor, and a page
with a flashed message is not kept.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import OrderedDict
from threading import Lock

from flask import Flask, Response, current_app, request, session

from .i18n import select_locale
from .live import live

MAX_PAGES = 256


class PageCache:
    """A small least-recently-used store of rendered pages."""

    def __init__(self, size: int = MAX_PAGES):
        self.size = size
        self._pages: OrderedDict[tuple, bytes] = OrderedDict()
        self._lock = Lock()

    def get(self, key: tuple) -> bytes | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: tuple, page: bytes) -> None:
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)


EXTENSION_KEY = "rdm.pages"


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION_KEY] = PageCache(app.config.get("PAGE_CACHE_SIZE", MAX_PAGES))


def _key() -> tuple:
    """What a page depends on: the catalogue, the language, the address and the day."""
    return (live().loaded.sha256, select_locale(), request.path, dt.date.today())


def _personal() -> bool:
    """A page for this reader only: one that shows a flashed message."""
    return "_flashes" in session


def kept(view):
    """Serve the view's page from memory when the same page was rendered before."""

    @functools.wraps(view)
    def serve(*args, **kwargs):
        # An address with a query string is rendered each time: the overview's pages take
        # none, and endless made-up ones must not push the real pages out.
        if request.method != "GET" or request.args or _personal():
            return view(*args, **kwargs)
        pages: PageCache = current_app.extensions[EXTENSION_KEY]
        key = _key()
        page = pages.get(key)
        if page is None:
            rendered = view(*args, **kwargs)
            if not isinstance(rendered, str):
                return rendered
            page = rendered.encode("utf-8")
            pages.put(key, page)
        return Response(page, mimetype="text/html")

    return serve
