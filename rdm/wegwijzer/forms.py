"""The form for one wizard page: a required radio group per question, 'weet ik niet' allowed."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice
from wtforms.validators import InputRequired

from rdm.catalogue import Catalogue
from rdm.catalogue.vocabulary import Question
from rdm.web.language import plain

YES, NO, UNKNOWN = "true", "false", "unknown"


def encode(value: bool | str | None) -> str:
    """Return an answer as the string a form carries: true, false, unknown or the option."""
    if value is True:
        return YES
    if value is False:
        return NO
    return UNKNOWN if value is None else value


def decode(answer: Question, raw: str) -> bool | str:
    """Return a posted string as the value the parser checks; anything unknown stays a string."""
    if answer.type == "bool":
        return {YES: True, NO: False}.get(raw, raw)
    return raw


def choices(answer: Question, catalogue: Catalogue) -> list[tuple[str, str]]:
    """Return (value, label) pairs for a question, in the page language."""
    if answer.type == "bool":
        pairs = [(YES, _l("Ja")), (NO, _l("Nee"))]
    else:
        pairs = [(o.value, plain(catalogue.option_label(answer, o.value))) for o in answer.options]
    return [*pairs, (UNKNOWN, _l("Weet ik niet"))]


def page_form(questions: list[Question], catalogue: Catalogue, **kwargs) -> FlaskForm:
    """Return a form with one required radio group per question of a wizard page."""

    class PageForm(FlaskForm):
        pass

    for answer in questions:
        field = RadioField(
            plain(answer.question),
            choices=[SelectChoice(value, label) for value, label in choices(answer, catalogue)],
            description=plain(answer.hint),
            validators=[InputRequired(message=_l("Kies een antwoord, of ‘Weet ik niet’."))],
        )
        setattr(PageForm, answer.id, field)
    return PageForm(**kwargs)
