"""The wegwijzer's vocabulary: the questions it may ask, acute guidance, example cases."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    Field,
    model_validator,
)

from rdm.catalogue.tables import NEED, AnswerId, Contact
from rdm.catalogue.text import Frozen, Slug, Text


class Option(Frozen):
    """A choice of an enum answer; without a label, the value names a gemeente."""

    value: Slug | AnswerId
    label: Text | None = None


class Topic(Frozen):
    """A topic that groups the vocabulary's questions, on the editors' page of parts and in the
    API's questions."""

    id: Slug
    title: Text


class Question(Frozen):
    """A question of the wizard's vocabulary, known by the id of its answer: what is asked,
    and what the answer means.

    `asked_of: professionals` marks what only a professional can know or act on (a
    provider's internal steps, the CCE): a lay asker (`lay_roles`) is never asked it.
    """

    id: AnswerId
    type: Literal["bool", "enum"]
    topic: Slug
    always_ask: bool = False
    asked_of: Literal["everyone", "professionals"] = "everyone"
    question: Text
    hint: Text | None = None
    meaning: Text
    options: tuple[Option, ...] = ()

    @model_validator(mode="after")
    def _options_match_type(self) -> Question:
        if (self.type == "enum") != bool(self.options):
            raise ValueError("een enum heeft 'options' nodig; een bool heeft er geen")
        return self


class AcuteGuidance(Frozen):
    """What to do in acute danger, shown instead of any table."""

    title: Text
    steps: tuple[Text, ...]
    to_confirm: tuple[Text, ...] = ()


class SafetyRoute(Frozen):
    """The best route known besides the gemeente when a case involves safety: shown with the
    first step when the asker's need is one of `needs` or any of the answers in `when` is yes."""

    needs: tuple[Slug, ...] = ()
    when: tuple[AnswerId, ...]
    text: Text
    contacts: tuple[Contact, ...]
    to_confirm: tuple[Text, ...] = ()

    def applies(self, answers) -> bool:
        return answers.get(NEED) in self.needs or any(
            answers.get(answer_id) is True for answer_id in self.when
        )


class Example(Frozen):
    """A worked case with the verdicts it should get, to show editors the effect of a change."""

    name: Annotated[str, Field(min_length=1)]
    answers: dict[AnswerId, bool | str]
    expect: dict[Slug, Literal["fits", "may_fit", "fits_after_steps", "does_not_fit"]]
