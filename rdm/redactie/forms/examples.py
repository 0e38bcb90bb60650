"""The form for one example case: its name, the answers it gives and the verdicts it expects."""

from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, SelectChoice, SelectField, StringField
from wtforms.validators import InputRequired

from rdm.catalogue.models import Catalogue
from rdm.catalogue.vocabulary import Example
from rdm.redactie.forms.rows import RowAction, add_row
from rdm.redactie.forms.table import TEXT
from rdm.wegwijzer.wording import FIT_LABELS

YES_NO = {"true": True, "false": False}


class GivenAnswerForm(Form):
    """One answer of the case: a question and what the case answers; an empty row is left out."""

    # Checked by ExampleForm.check_rows, in words that say what to do.
    question = SelectField(_l("Vraag"), choices=[], default="", validate_choice=False)
    value = SelectField(_l("Antwoord"), choices=[], default="", validate_choice=False)

    @property
    def blank(self) -> bool:
        """Whether nobody chose a question here."""
        return not self.question.data


class ExpectedForm(Form):
    """A table and the verdict the case should get there; an empty row is left out."""

    table = SelectField(_l("Tafel"), choices=[], default="", validate_choice=False)
    verdict = SelectField(
        _l("Verwachte uitkomst"),
        choices=[SelectChoice(value, label) for value, label in FIT_LABELS.items()],
        default="fits",
    )

    @property
    def blank(self) -> bool:
        """Whether nobody chose a table here."""
        return not self.table.data


class ExampleForm(FlaskForm):
    """An example case as the editors see it run on every change."""

    name = StringField(
        _l("Naam"), filters=TEXT, validators=[InputRequired(_l("Geef de voorbeeldcasus een naam."))]
    )
    answers = FieldList(FormField(GivenAnswerForm))
    expect = FieldList(FormField(ExpectedForm))

    def check_rows(self, catalogue: Catalogue) -> bool:
        """Refuse, at its field, an answer that does not fit its question and a question or
        table named twice."""
        valid = True
        seen: dict[str, int] = {}
        for number, row in enumerate(self.answers, start=1):
            form = row.form
            if form.blank:
                continue
            first = seen.get(form.question.data)
            if first is not None:
                form.question.errors = [_twice(gettext("Antwoord"), number, first)]
                valid = False
            seen.setdefault(form.question.data, number)
            if _answer_value(catalogue, form.question.data, form.value.data) is None:
                form.value.errors = [
                    gettext(
                        "Antwoord %(number)s past niet bij zijn vraag: kies ja, nee of een van"
                        " de keuzes van die vraag.",
                        number=number,
                    )
                ]
                valid = False
        tables: dict[str, int] = {}
        for number, row in enumerate(self.expect, start=1):
            slug = row.form.table.data
            if slug and catalogue.table(slug) is None:
                row.form.table.errors = [gettext("Kies een tafel uit de lijst.")]
                valid = False
            elif slug and slug in tables:
                row.form.table.errors = [_twice(gettext("Uitkomst"), number, tables[slug])]
                valid = False
            tables.setdefault(slug, number)
        return valid


def _twice(kind: str, number: int, first: int) -> str:
    return gettext(
        "%(kind)s %(number)s noemt hetzelfde als nummer %(first)s: verwijder een van beide.",
        kind=kind,
        number=number,
        first=first,
    )


def _answer_value(catalogue: Catalogue, question: str, value: str) -> bool | str | None:
    """Return the answer as the catalogue writes it, or None when it does not fit."""
    answer = catalogue.answer(question)
    if answer is None:
        return None
    if answer.type == "bool":
        return YES_NO.get(value)
    return value if value in {o.value for o in answer.options} else None


def example_form(
    catalogue: Catalogue, example: Example | None, action: RowAction | None = None, **kwargs
) -> ExampleForm:
    """Return the form for an example case (None: a new one), filled from the catalogue unless
    data was posted, with its choices: questions by their text, tables by their name."""
    if kwargs.get("formdata", True) is None and example is not None:
        kwargs["data"] = {
            "name": example.name,
            "answers": [
                {"question": key, "value": _value_text(value)}
                for key, value in example.answers.items()
            ],
            "expect": [{"table": slug, "verdict": fit} for slug, fit in example.expect.items()],
        }
    form = ExampleForm(**kwargs)
    add_row(form, action)
    questions = [SelectChoice("", _l("(geen: kies een vraag)"))] + [
        SelectChoice(a.id, a.question.nl) for a in catalogue.vocabulary
    ]
    values = _value_choices(catalogue)
    tables = [SelectChoice("", _l("(geen: kies een tafel)"))] + [
        SelectChoice(t.slug, t.short_name.nl) for t in catalogue.tables
    ]
    for row in form.answers:
        row.form.question.choices = questions
        row.form.value.choices = values
    for row in form.expect:
        row.form.table.choices = tables
    return form


def _value_text(value: bool | str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _value_choices(catalogue: Catalogue) -> dict:
    """Ja and nee, then the choices of each multiple-choice question under its question."""
    choices: dict = {gettext("Ja of nee"): [("true", gettext("Ja")), ("false", gettext("Nee"))]}
    for answer in catalogue.vocabulary:
        if answer.type == "enum":
            choices[answer.question.nl] = [
                (o.value, catalogue.option_label(answer, o.value).nl) for o in answer.options
            ]
    return choices


def kept_rows(form: ExampleForm) -> dict[str, list[int]]:
    """The rows that are written (an empty row is left out)."""
    return {
        name: [n for n, row in enumerate(form[name]) if not row.form.blank]
        for name in ("answers", "expect")
    }


def example_values(form: ExampleForm, catalogue: Catalogue) -> dict:
    """Return the example case as the catalogue writes it."""
    return {
        "name": form.name.data.strip(),
        "answers": {
            row.form.question.data: _answer_value(
                catalogue, row.form.question.data, row.form.value.data
            )
            for row in form.answers
            if not row.form.blank
        },
        "expect": {
            row.form.table.data: row.form.verdict.data for row in form.expect if not row.form.blank
        },
    }
