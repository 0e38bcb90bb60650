"""The form for one question of the wegwijzer's vocabulary: its words, never its id."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FormField

from rdm.catalogue.vocabulary import Question
from rdm.redactie.forms.table import TextForm, text_data, written_text

# (field, label, required): the words of a question; its id, type and options stay, for the
# rules and the example cases depend on them.
QUESTION_TEXTS = (
    ("question", _l("Vraag"), True),
    ("hint", _l("Uitleg bij de vraag"), False),
    ("meaning", _l("Betekenis (in het advies en de API)"), True),
)


class QuestionForm(FlaskForm):
    """The question, its hint and its meaning, in Dutch and English."""


for _name, _label, _required in QUESTION_TEXTS:
    setattr(QuestionForm, _name, FormField(TextForm, _label))


def question_form(answer: Question, **kwargs) -> QuestionForm:
    """Return the form for a question, filled from the catalogue unless data was posted."""
    if kwargs.get("formdata", True) is None:
        kwargs["data"] = {name: text_data(getattr(answer, name)) for name, _, _ in QUESTION_TEXTS}
    return QuestionForm(**kwargs)


def question_values(form: QuestionForm) -> dict:
    """Return the question's words as the catalogue writes them."""
    return {name: written_text(form[name].data, required) for name, _, required in QUESTION_TEXTS}
