"""The form for the catalogue's introduction: title, lead, first step, principle, sections."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, FieldList, Form, FormField, StringField
from wtforms.validators import InputRequired

from rdm.catalogue.pages import Introduction
from rdm.redactie.forms.rows import RowAction, add_row
from rdm.redactie.forms.table import TEXT, TextForm, text_data, written_text

# (field, label, required) of the introduction's texts.
INTRODUCTION_TEXTS = (
    ("title", _l("Titel"), True),
    ("lead", _l("Inleiding"), True),
    ("first_step", _l("De eerste stap"), True),
    ("principle", _l("Het principe"), True),
)


class SectionForm(Form):
    """A section of the introduction: a heading and its text; an empty row is left out."""

    heading = FormField(TextForm, _l("Kop"))
    body = FormField(TextForm, _l("Tekst"))

    @property
    def blank(self) -> bool:
        """Whether nobody filled in this section."""
        parts = (*self.heading.data.values(), *self.body.data.values())
        return not any(part.strip() for part in parts)


class IntroductionForm(FlaskForm):
    """The introduction of the overview and when it was last checked."""

    sections = FieldList(FormField(SectionForm))
    footnote = FormField(TextForm, _l("Voetnoot"))
    last_reviewed = DateField(
        _l("Laatst gecontroleerd"),
        validators=[InputRequired(_l("Vul een datum in als JJJJ-MM-DD."))],
        format="%Y-%m-%d",
    )
    source = StringField(_l("Bron"), filters=TEXT, validators=[InputRequired(_l("Noem de bron."))])


for _name, _label, _required in INTRODUCTION_TEXTS:
    setattr(IntroductionForm, _name, FormField(TextForm, _label))


def introduction_form(
    introduction: Introduction, action: RowAction | None = None, **kwargs
) -> IntroductionForm:
    """Return the introduction's form, filled from the catalogue unless data was posted."""
    if kwargs.get("formdata", True) is None:
        data = {name: text_data(getattr(introduction, name)) for name, _, _ in INTRODUCTION_TEXTS}
        data.update(
            sections=[
                {"heading": text_data(s.heading), "body": text_data(s.body)}
                for s in introduction.sections
            ],
            footnote=text_data(introduction.footnote),
            last_reviewed=introduction.last_reviewed,
            source=introduction.source,
        )
        kwargs["data"] = data
    form = IntroductionForm(**kwargs)
    add_row(form, action)
    return form


def kept_sections(form: IntroductionForm) -> dict[str, list[int]]:
    """The rows of sections that are written (an empty row is left out)."""
    return {"sections": [n for n, row in enumerate(form.sections) if not row.form.blank]}


def introduction_values(form: IntroductionForm) -> dict:
    """Return the introduction's fields as the catalogue writes them."""
    values = {
        name: written_text(form[name].data, required) for name, _, required in INTRODUCTION_TEXTS
    }
    values.update(
        sections=[
            {
                "heading": written_text(row.form.heading.data, True),
                "body": written_text(row.form.body.data, True),
            }
            for row in form.sections
            if not row.form.blank
        ],
        footnote=written_text(form.footnote.data, False),
        last_reviewed=form.last_reviewed.data,
        source=form.source.data.strip(),
    )
    return values
