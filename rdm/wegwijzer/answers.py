"""Validate a case's answers against the catalogue's vocabulary (with pydantic).

Booleans take true, false or "unknown"; enums one of their options or "unknown"; an omitted
answer is unknown. The result maps every given id to True, False, an option, or None.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal, Protocol

from pydantic import ConfigDict, StrictBool, ValidationError, create_model

from rdm.catalogue import Catalogue


class _Question(Protocol):
    id: str
    type: str
    options: tuple


UNKNOWN = "unknown"
Answers = Mapping[str, bool | str | None]


class AnswerErrors(Exception):
    """Answers that do not fit the vocabulary; `errors` names each offending id."""

    def __init__(self, errors: list[dict[str, str]]):
        self.errors = errors
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))


class AnswerParser:
    """Checks answers with a pydantic model that has one strict, optional field per id."""

    def __init__(self, vocabulary: Catalogue | Iterable[_Question]):
        """Take the wizard's vocabulary (a catalogue) or another list of questions."""
        questions = tuple(
            vocabulary.vocabulary if isinstance(vocabulary, Catalogue) else vocabulary
        )
        self.options = {
            a.id: tuple(o.value for o in a.options) for a in questions if a.type == "enum"
        }
        fields = {}
        for answer in questions:
            if answer.type == "bool":
                kind = StrictBool | Literal["unknown"] | None
            else:
                kind = Literal[self.options[answer.id] + (UNKNOWN,)] | None
            fields[answer.id] = (kind, None)
        config = ConfigDict(extra="forbid", frozen=True, strict=True)
        self.model = create_model("Answers", __config__=config, **fields)

    def parse(self, raw: object) -> dict[str, bool | str | None]:
        """Return the validated answers, 'unknown' as None; raise AnswerErrors naming each id."""
        if not isinstance(raw, Mapping):
            raise AnswerErrors([{"field": "answers", "message": "answers must be an object"}])
        try:
            validated = self.model.model_validate(dict(raw))
        except ValidationError as error:
            # A union reports once per member; one message per field is enough.
            described: dict[str, dict[str, str]] = {}
            for item in error.errors(include_url=False):
                problem = self._describe(item)
                described.setdefault(problem["field"], problem)
            raise AnswerErrors(list(described.values())) from None
        return {
            key: (None if value == UNKNOWN else value)
            for key, value in validated.model_dump(exclude_unset=True).items()
        }

    def _describe(self, item: dict) -> dict[str, str]:
        field = str(item["loc"][0]) if item["loc"] else "answers"
        if item["type"] == "extra_forbidden":
            return {"field": field, "message": "unknown answer id"}
        if field in self.options:
            allowed = ", ".join(self.options[field])
            return {"field": field, "message": f'must be "unknown" or one of: {allowed}'}
        return {"field": field, "message": 'must be true, false or "unknown"'}
