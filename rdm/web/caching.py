"""Standard caching headers: how long the overview may be kept, and static files' fingerprints.

The app keeps no responses itself. An overview page is a function of the catalogue, the
language and the address, so browsers and the proxy in front (nginx, deploy/nginx/rdm.conf)
may keep it for `PUBLIC_MAX_AGE` seconds (at most a minute, so a publication shows within
one); then they ask again with the page's ETag and get a 304 when nothing changed. A
request with a session (an editor, a visitor who filled in a form) may see a flashed message:
its page is `private, no-cache`, and the proxy neither serves it from nor puts it in its
cache. Search answers and everything about a case are `no-store` (rdm.web.security), and so
is every page of the editors' area (rdm.redactie.area).
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from flask import Flask, Response, current_app, request
from werkzeug.security import safe_join

# Browsers and the proxy keep an overview page at most this long (the proxy's cache is
# emptied by time only: a publication must show within a minute).
LONGEST_MAX_AGE = 60


def public_page(response: Response) -> Response:
    """Mark a 200 answer to GET/HEAD as cacheable (public, or private with a session); 304s."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if "Cache-Control" in response.headers:  # the view or rdm.web.security decided already
        return response
    personal = current_app.config["SESSION_COOKIE_NAME"] in request.cookies
    if personal or "Set-Cookie" in response.headers:
        response.cache_control.private = True
        response.cache_control.no_cache = True
    else:
        response.cache_control.public = True
        response.cache_control.max_age = min(current_app.config["PUBLIC_MAX_AGE"], LONGEST_MAX_AGE)
    response.add_etag()
    return response.make_conditional(request)


def init_app(app: Flask) -> None:
    """Add a fingerprint of the file to every static URL, so it may be kept for a year."""

    @app.url_defaults
    def fingerprint(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values:
            digest = _digest(app.static_folder, values["filename"])
            if digest:
                values.setdefault("v", digest)


@functools.lru_cache(maxsize=64)
def _digest(folder: str, filename: str) -> str | None:
    """Return the first 12 hex digits of a static file's SHA-256 (None if there is none)."""
    found = safe_join(folder, filename)
    if found is None or not Path(found).is_file():
        return None
    return hashlib.sha256(Path(found).read_bytes()).hexdigest()[:12]
