"""Rendered overview pages and search answers, kept in memory per catalogue, language and day.

The overview's pages are a pure function of the catalogue being served, the reader's
language, the address asked for and the date (entries older than a year are marked as not
recently checked). Rendering one takes milliseconds; sending a kept copy takes
microseconds. The key holds all four, so a newly published revision, another language or a
new day renders afresh. Nothing about a reader or a case is ever part of a page kept here:
the overview's templates show no form token and nothing of a signed-in editor, and a page
with a flashed message is not kept.

Two layers keep them:

- `kept` keeps a page's HTML inside Flask, for every reader (also one with a session).
- `KeptResponses` sits in front of Flask and answers a reader who sends no cookie but the
  language one with the whole response Flask gave before: status, headers and body. Such a
  request cannot depend on a session, so it needs none of Flask's work per request. A
  view opts in with `kept` or `kept_answer`; only a 200 without Set-Cookie is kept.
"""

from __future__ import annotations

import datetime as dt
import functools
import time
from collections import OrderedDict
from threading import Lock

from flask import Flask, Response, current_app, request, session
from werkzeug.http import parse_cookie

from .i18n import LANGUAGE_COOKIE, choose_language, page_language
from .live import EXTENSION_KEY as live_extension
from .live import live

MAX_PAGES = 256
# Answers to addresses with a query string (search): kept apart, so made-up queries can
# push out only each other, never the overview's pages.
MAX_ANSWERS = 1024
# A search answer repeats the query; it is forgotten after this many seconds.
ANSWER_SECONDS = 600
# Set in the WSGI environment by a view whose response may be kept for every cookieless reader:
# the digest of the catalogue it was made from.
KEEP = "rdm.keep"


class PageCache:
    """A small least-recently-used store; with `ttl`, an entry is forgotten after so many s."""

    def __init__(self, size: int = MAX_PAGES, ttl: float | None = None):
        self.size = size
        self.ttl = ttl
        self._pages: OrderedDict[tuple, tuple[float, object]] = OrderedDict()
        self._generation: tuple | None = None
        self._lock = Lock()

    def follow(self, generation: tuple) -> None:
        """Forget every entry once what they all depend on (catalogue, day) has changed."""
        with self._lock:
            if generation != self._generation:
                self._generation = generation
                self._pages.clear()

    def get(self, key: tuple):
        with self._lock:
            found = self._pages.get(key)
            if found is None:
                return None
            until, page = found
            if until < time.monotonic():
                del self._pages[key]
                return None
            self._pages.move_to_end(key)
            return page

    def put(self, key: tuple, page) -> None:
        until = float("inf") if self.ttl is None else time.monotonic() + self.ttl
        with self._lock:
            self._pages[key] = (until, page)
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)


EXTENSION_KEY = "rdm.pages"


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION_KEY] = PageCache(MAX_PAGES)


def _personal() -> bool:
    """A page for this reader only: one that shows a flashed message."""
    return "_flashes" in session


def kept(view):
    """Serve the view's page from memory when the same page was rendered before."""

    @functools.wraps(view)
    def serve(*args, **kwargs):
        # An address with a query string is rendered each time: the overview's pages take
        # none, and endless made-up ones must not push the real pages out.
        if request.method != "GET" or request.query_string or _personal():
            return view(*args, **kwargs)
        digest = request.environ[KEEP] = live().loaded.sha256
        pages: PageCache = current_app.extensions[EXTENSION_KEY]
        # What a page depends on: the catalogue and the day (the generation), the language
        # and the address; the script root too, for every link on the page starts with it.
        pages.follow((digest, dt.date.today()))
        key = (page_language(), request.script_root, request.path)
        page = pages.get(key)
        if page is None:
            rendered = view(*args, **kwargs)
            if not isinstance(rendered, str):
                return rendered
            page = rendered.encode("utf-8")
            pages.put(key, page)
        return Response(page, mimetype="text/html")

    return serve


def kept_answer(view):
    """Let `KeptResponses` keep the view's answer per full address (query string included)."""

    @functools.wraps(view)
    def serve(*args, **kwargs):
        if request.method == "GET":
            request.environ[KEEP] = live().loaded.sha256
        return view(*args, **kwargs)

    return serve


class KeptResponses:
    """WSGI middleware: answer cookieless GET and HEAD requests with a response kept before.

    The key holds everything such a response can depend on: the catalogue's digest, the
    language (from the language cookie or Accept-Language, chosen as Flask chooses it),
    scheme and host (links and HSTS), the address with its query string, and the day.
    While the instance is due to look for a newly published revision the request goes to
    Flask, which looks; so a publication is followed as quickly as without this layer.
    """

    def __init__(self, app: Flask, wsgi_app):
        self.app = app
        self.wsgi_app = wsgi_app
        self.pages = PageCache(MAX_PAGES)
        self.answers = PageCache(MAX_ANSWERS, ttl=ANSWER_SECONDS)

    def __call__(self, environ, start_response):
        key = self._key(environ)
        if key is None:
            return self.wsgi_app(environ, start_response)
        store = self.answers if environ.get("QUERY_STRING") else self.pages
        found = store.get(key)
        if found is None:
            return self._respond_and_keep(environ, start_response, store, key)
        status, headers, body = found
        start_response(status, list(headers))
        return [body] if environ["REQUEST_METHOD"] == "GET" else []

    def _key(self, environ) -> tuple | None:
        if environ["REQUEST_METHOD"] not in ("GET", "HEAD"):
            return None
        chosen = None
        if "HTTP_COOKIE" in environ:
            cookies = parse_cookie(environ["HTTP_COOKIE"])
            if cookies.keys() - {LANGUAGE_COOKIE}:
                return None  # a session or a remembered login: Flask decides
            chosen = cookies.get(LANGUAGE_COOKIE)
        publications = self.app.extensions[live_extension]
        if publications.due():
            return None
        config = self.app.config
        language = choose_language(
            chosen,
            environ.get("HTTP_ACCEPT_LANGUAGE", ""),
            tuple(config["LANGUAGES"]),
            config["BABEL_DEFAULT_LOCALE"],
        )
        generation = (publications.current.loaded.sha256, dt.date.today())
        self.pages.follow(generation)  # what was kept before can no longer be asked for
        self.answers.follow(generation)
        return (
            *generation,
            language,
            environ["wsgi.url_scheme"],
            environ.get("HTTP_HOST", ""),
            environ.get("SCRIPT_NAME", ""),
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
        )

    def _respond_and_keep(self, environ, start_response, store: PageCache, key: tuple):
        answered = []

        def remember(status, headers, exc_info=None):
            answered[:] = [status, headers]
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, remember)
        # Kept only if made from the catalogue in the key (not one switched to meanwhile).
        if not (environ.get(KEEP) == key[0] and environ["REQUEST_METHOD"] == "GET" and answered):
            return body
        status, headers = answered
        if not status.startswith("200 ") or any(
            name.lower() == "set-cookie" for name, _ in headers
        ):
            return body
        try:
            content = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        store.put(key, (status, tuple(headers), content))
        return [content]
