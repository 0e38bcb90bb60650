"""The request class: small body limits everywhere, larger ones where editors send YAML."""

from flask import Request, current_app


class RdmRequest(Request):
    """Under /redactie/ a whole catalogue may be pasted or uploaded; elsewhere bodies stay small."""

    def _editing(self) -> bool:
        return self.path.startswith("/redactie/")

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
