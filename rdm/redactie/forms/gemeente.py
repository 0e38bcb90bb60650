"""The form for one gemeente: its name, GGZ region and the routes to its wijkteam or
procesmanager (the first step)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, FormField, SelectChoice, SelectField, StringField
from wtforms.validators import InputRequired

from rdm.catalogue.pages import Gemeente
from rdm.redactie.forms.rows import RowAction, add_row
from rdm.redactie.forms.table import (
    TEXT,
    ContactForm,
    TextForm,
    contact_values,
    text_data,
    written_text,
)
from rdm.redactie.parts import NULL


class GemeenteForm(FlaskForm):
    """A gemeente; its slug stays, for the wegwijzer's answers and links use it."""

    name = StringField(
        _l("Naam"), filters=TEXT, validators=[InputRequired(_l("Vul de naam van de gemeente in."))]
    )
    ggz_region = SelectField(
        _l("GGZ-werkgebied"),
        choices=[
            SelectChoice("mediant", "Mediant"),
            SelectChoice("dimence", "Dimence"),
            SelectChoice("", _l("Nog niet bekend (vul dan de toelichting in)")),
        ],
    )
    region_note = FormField(TextForm, _l("Toelichting bij het werkgebied"))
    routes = FieldList(FormField(ContactForm))

    def validate(self, extra_validators=None) -> bool:
        """Check the fields; an unknown region needs its explanation."""
        valid = super().validate(extra_validators)
        if not self.ggz_region.data and not self.region_note.nl.data.strip():
            self.region_note.nl.errors = [
                _l("Zonder GGZ-werkgebied is een toelichting nodig: zeg wat nog onbekend is.")
            ]
            valid = False
        return valid


def gemeente_form(gemeente: Gemeente, action: RowAction | None = None, **kwargs) -> GemeenteForm:
    """Return the form for a gemeente, filled from the catalogue unless form data was posted."""
    if kwargs.get("formdata", True) is None:
        kwargs["data"] = {
            "name": gemeente.name,
            "ggz_region": gemeente.ggz_region or "",
            "region_note": text_data(gemeente.region_note),
            "routes": [contact.model_dump(exclude_none=True) for contact in gemeente.routes],
        }
    form = GemeenteForm(**kwargs)
    add_row(form, action)
    return form


def kept_routes(form: GemeenteForm) -> dict[str, list[int]]:
    """The rows of routes that are written (an empty row is left out)."""
    return {"routes": [n for n, row in enumerate(form.routes) if not row.form.blank]}


def gemeente_values(form: GemeenteForm) -> dict:
    """Return the gemeente's fields as the catalogue writes them."""
    routes = [contact_values(row.data) for row in form.routes if not row.form.blank]
    return {
        "name": form.name.data.strip(),
        "ggz_region": form.ggz_region.data or NULL,
        "region_note": written_text(form.region_note.data, False),
        "routes": routes or None,
    }
