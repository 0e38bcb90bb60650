"""The request class: small body limits everywhere, larger ones where editors send YAML."""

import hashlib
import hmac

from flask import Request, current_app, request
from werkzeug.exceptions import RequestEntityTooLarge


class RdmRequest(Request):
    """In the editors' area a whole catalogue may be pasted or uploaded; elsewhere bodies stay
    small. The area is known by its blueprint (rdm/redactie/area.py): the body is read after
    routing, and an address that is no page of the area gets the small limit."""

    def _editing(self) -> bool:
        return "redactie" in self.blueprints

    @property
    def max_content_length(self) -> int | None:
        if self._editing():
            return current_app.config["EDITOR_MAX_CONTENT_LENGTH"]
        return current_app.config["MAX_CONTENT_LENGTH"]

    @property
    def max_form_memory_size(self) -> int | None:
        """The limit for one text field: a pasted catalogue must reach the validator's message."""
        if self._editing():
            return current_app.config["EDITOR_MAX_CONTENT_LENGTH"]
        return current_app.config["MAX_FORM_MEMORY_SIZE"]


# Methods whose body, if any, no view reads: not worth reading here on every page view.
BODILESS = frozenset({"GET", "HEAD", "OPTIONS"})


def refuse_oversized_streams() -> None:
    """A body sent without Content-Length (chunked) is refused with 413 past the limit.

    Werkzeug stops reading such a stream at the limit without a word, so a view would see a
    cut-off body (a broken JSON document, a shortened report). Reading it here, once, and
    refusing it when it reaches the limit keeps the rule the same for every body.
    """
    if request.method in BODILESS or request.content_length is not None:
        return
    if "wsgi.input_terminated" not in request.environ:
        return
    limit = request.max_content_length
    if limit is not None and len(request.get_data(cache=True)) >= limit:
        raise RequestEntityTooLarge()


def client_key() -> str:
    """Return an HMAC of this request's client address: enough to count login failures or
    reports per address, useless to anyone else."""
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, (request.remote_addr or "").encode(), hashlib.sha256).hexdigest()
