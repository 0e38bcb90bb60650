"""The form for one table: every field, including inflow criteria with their rule ids."""

from __future__ import annotations

import re

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from rdm.catalogue import Catalogue, LocalText, Table
from rdm.catalogue.tables import TABLE_TEXTS
from rdm.redactie.entries import parse_block
from rdm.redactie.forms.problems import form_ids
from rdm.redactie.forms.rows import RowAction, add_row


def _options(pairs) -> list[SelectChoice]:
    """Return WTForms choices for (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


# (field, label, required) of the table's simple texts, as the model declares them.
TEXT_FIELDS = tuple((text.name, _l(text.label), text.required) for text in TABLE_TEXTS)


def _absent_is_empty(value: str | None) -> str:
    """A field left out of the POST (a hand-made or truncated request) reads as empty."""
    return "" if value is None else value


TEXT = [_absent_is_empty]


class TextForm(Form):
    """A text in Dutch with an optional English translation."""

    nl = TextAreaField(_l("Nederlands"), filters=TEXT)
    en = TextAreaField(_l("Engels (niet verplicht)"), filters=TEXT)


class CriterionForm(Form):
    """One inflow criterion: a row left empty is left out; one with only a text is shown, not
    tested by the wegwijzer."""

    id = SelectField(_l("Vraag in de wegwijzer (ja/nee)"), choices=[])
    met_when = SelectField(
        _l("Voldaan bij het antwoord"),
        choices=_options([("true", _l("Ja")), ("false", _l("Nee"))]),
        default="true",
    )
    kind = SelectField(
        _l("Soort"),
        choices=_options(
            [("core", _l("Kerncriterium")), ("precondition", _l("Eerst te nemen stap"))]
        ),
        default="core",
    )
    group = StringField(_l("Groep (alternatieven)"), filters=TEXT)
    text = FormField(TextForm, _l("Tekst"))

    @property
    def blank(self) -> bool:
        """Whether nobody filled in this row (it is left out)."""
        return _is_blank(self.data)


# The fields of each kind of contact; a contact shows and stores only those of its kind.
CONTACT_FIELDS = {
    "email": ("address", "subject"),
    "website": ("url",),
    "phone": ("number",),
}


class ContactForm(Form):
    """One contact; an empty row is left out."""

    kind = SelectField(
        _l("Soort"),
        choices=_options(
            [("email", _l("E-mail")), ("website", _l("Website")), ("phone", _l("Telefoon"))]
        ),
        default="email",
    )
    label = FormField(TextForm, _l("Omschrijving"))
    address = StringField(_l("E-mailadres"), filters=TEXT)
    subject = StringField(_l("Onderwerp van de e-mail"), filters=TEXT)
    url = StringField(_l("Webadres (https://, of http:// als de bron dat geeft)"), filters=TEXT)
    number = StringField(_l("Telefoonnummer"), filters=TEXT)

    @property
    def kind_fields(self) -> list:
        """The fields of this contact's kind: the only ones shown and stored."""
        return [self[name] for name in contact_fields(self.data)]

    @property
    def blank(self) -> bool:
        """Whether this row has nothing to reach (it is left out)."""
        return not _has_target(self.data)


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class TableForm(FlaskForm):
    """All fields of a table; a team's details (roles, rates) are one YAML field."""

    kind = SelectField(
        _l("Soort"),
        choices=_options(
            [
                ("overlegtafel", "overlegtafel"),
                ("samenwerkingsverband", "samenwerkingsverband"),
                ("team", "team"),
            ]
        ),
    )
    ladder_step = SelectField(_l("Trede"), coerce=int, choices=[])
    last_reviewed = DateField(_l("Laatst gecontroleerd"), validators=[InputRequired()])
    source = StringField(_l("Bron"), validators=[InputRequired()])
    roles = CheckboxesField(_l("Wie mag aanmelden (rollen in de wegwijzer)"), choices=[])
    via = FormField(TextForm, _l("Aanmelden via, voor wie het niet zelf mag"))
    escalates_to = SelectField(_l("Volgende stap als deze tafel het niet oplost"), choices=[])
    refers_to_cce = BooleanField(_l("De tafel vraagt om het CCE"))
    intro = FormField(TextForm, _l("Instroom: inleiding"))
    criteria = FieldList(FormField(CriterionForm), min_entries=1)
    contacts = FieldList(FormField(ContactForm), min_entries=1)
    team = TextAreaField(
        _l("Teamgegevens: inzet, financiering, tarieven en rollen (YAML)"), validators=[Optional()]
    )
    to_confirm = TextAreaField(
        _l("Nog te bevestigen door de redactie (één punt per regel)"), validators=[Optional()]
    )

    def texts_in(self, form_part: str) -> list[FormField]:
        """Return the simple texts in this part of the form (a heading), in the model's order."""
        return [self[text.name] for text in TABLE_TEXTS if text.form_part == form_part]

    def validate(self, extra_validators=None) -> bool:
        """Check the fields, and refuse a criterion with a rule or a group but no text."""
        valid = super().validate(extra_validators)
        for number, row in enumerate(self.criteria, start=1):
            if not _is_blank(row.data) and not row.data["text"]["nl"].strip():
                row.form.text.form.nl.errors = [
                    gettext(
                        "Criterium %(number)s heeft geen Nederlandse tekst: vul die in, of"
                        " verwijder het criterium.",
                        number=number,
                    )
                ]
                valid = False
        return valid


for _name, _label, _required in TEXT_FIELDS:
    setattr(TableForm, _name, FormField(TextForm, _label))


def table_form(
    catalogue: Catalogue,
    table: Table,
    team_yaml: str = "",
    action: RowAction | None = None,
    **kwargs,
) -> TableForm:
    """Return the form for a table, filled from the catalogue unless form data was posted,
    with the row an add button asked for."""
    if "formdata" in kwargs and kwargs["formdata"] is None:
        kwargs["data"] = {**_data(table), "team": team_yaml}
    form = TableForm(**kwargs)
    add_row(form, action)
    booleans = [(a.id, a.question.nl) for a in catalogue.vocabulary if a.type == "bool"]
    roles = next(a for a in catalogue.vocabulary if a.id == "role")
    form.ladder_step.choices = _options(
        (s.step, f"{s.step}: {s.name.nl}") for s in catalogue.ladder
    )
    form.roles.choices = _options((o.value, o.label.nl) for o in roles.options)
    others = [(t.slug, t.short_name.nl) for t in catalogue.tables if t.slug != table.slug]
    form.escalates_to.choices = _options([("", "—"), *others])
    for row in form.criteria:
        row.form.id.choices = _options([("", _l("(geen: alleen tekst)")), *booleans])
    if "data" in kwargs:
        form.criteria.append_entry()
        form.criteria[-1].form.id.choices = form.criteria[0].form.id.choices
        form.contacts.append_entry()
    return form


def text_data(value: LocalText | None) -> dict:
    """Return a catalogue text as the data of a TextForm."""
    return {"nl": value.nl if value else "", "en": (value.en or "") if value else ""}


def _data(table: Table) -> dict:
    data = {name: text_data(getattr(table, name)) for name, _, _ in TEXT_FIELDS}
    data.update(
        kind=table.kind,
        ladder_step=table.ladder_step,
        last_reviewed=table.last_reviewed,
        source=table.source,
        roles=list(table.registration.roles),
        via=text_data(table.registration.via),
        escalates_to=table.escalates_to or "",
        refers_to_cce=table.refers_to_cce,
        intro=text_data(table.inflow.intro),
        criteria=[
            {
                "id": c.id or "",
                "met_when": "true" if c.met_when else "false",
                "kind": c.kind,
                "group": c.group or "",
                "text": text_data(c.text),
            }
            for c in table.inflow.criteria
        ],
        contacts=[
            {
                "kind": c.kind,
                "label": text_data(c.label),
                "address": c.address or "",
                "subject": c.subject or "",
                "url": c.url or "",
                "number": c.number or "",
            }
            for c in table.contacts
        ],
        to_confirm="\n".join(item.nl for item in table.to_confirm),
    )
    return data


def entry_values(form: TableForm) -> dict:
    """Return the table's fields as the catalogue writes them (plain Dutch text if no English)."""
    values: dict = {"kind": form.kind.data}
    for name, _, required in TEXT_FIELDS:
        values[name] = written_text(form[name].data, required)
    values.update(
        ladder_step=form.ladder_step.data,
        registration={"roles": list(form.roles.data), "via": written_text(form.via.data, True)},
        escalates_to=form.escalates_to.data or None,
        refers_to_cce=True if form.refers_to_cce.data else None,
        inflow={
            "intro": written_text(form.intro.data, False),
            "criteria": [_criterion(row.data) for row in form.criteria if not _is_blank(row.data)],
        },
        contacts=[contact_values(row.data) for row in form.contacts if _has_target(row.data)],
        to_confirm=[
            line.strip() for line in (form.to_confirm.data or "").splitlines() if line.strip()
        ],
        team=parse_block(form.team.data) if (form.team.data or "").strip() else None,
        last_reviewed=form.last_reviewed.data,
        source=form.source.data.strip(),
    )
    return values


def written_text(text: dict, required: bool):
    """Return a text pair as the catalogue writes it: plain Dutch, or nl and en; None for an
    empty optional text."""
    nl, en = text["nl"].strip().replace("\r\n", "\n"), text["en"].strip().replace("\r\n", "\n")
    if not nl and not required:
        return None
    return {"nl": nl, "en": en} if en else nl


def _criterion(row: dict) -> dict:
    criterion = {
        "id": row["id"] or None,
        "met_when": row["met_when"] == "true",
        "kind": row["kind"],
        "group": row["group"].strip() or None,
        "text": written_text(row["text"], True),
    }
    return {
        k: v
        for k, v in criterion.items()
        if v is not None and not (k == "met_when" and v) and not (k == "kind" and v == "core")
    }


def _is_blank(row: dict) -> bool:
    """Return True for a criterion row nobody filled in: it is left out."""
    return (
        not row["id"]
        and not row["group"].strip()
        and row["met_when"] == "true"
        and row["kind"] == "core"
        and not row["text"]["nl"].strip()
        and not row["text"]["en"].strip()
    )


def contact_fields(row: dict) -> tuple[str, ...]:
    """Return the fields a contact of this row's kind has."""
    return CONTACT_FIELDS.get(row["kind"], ())


def _has_target(row: dict) -> bool:
    return any(row[key].strip() for key in contact_fields(row))


def contact_values(row: dict) -> dict:
    """Return a contact row as the catalogue writes it: only the fields of its kind."""
    contact = {"kind": row["kind"], "label": written_text(row["label"], True)}
    for key in contact_fields(row):
        if row[key].strip():
            contact[key] = row[key].strip()
    return contact


_PROBLEM_PLACE = re.compile(r"^tafel '(?P<slug>[^']*)', veld '(?P<path>[^']+)'$")
_PATH_PART = re.compile(r"([A-Za-z_]+)|\[(\d+)\]")
_TEXT_NAMES = {name for name, _, _ in TEXT_FIELDS} | {"via", "intro"}


def problem_fields(form: TableForm, slug: str, problems: list) -> list[str | None]:
    """Return, for each of the catalogue's problems, the id of the form field it is about
    (None for a problem elsewhere), so it is shown next to that field."""
    ids = form_ids(form)
    kept = {
        "criteria": [n for n, row in enumerate(form.criteria) if not _is_blank(row.data)],
        "contacts": [n for n, row in enumerate(form.contacts) if _has_target(row.data)],
    }
    found: list[str | None] = []
    for problem in problems:
        place = _PROBLEM_PLACE.match(problem.where or "")
        field_id = None
        if place is not None and place["slug"] == slug:
            field_id = _field_id(place["path"], kept)
        found.append(field_id if field_id in ids else None)
    return found


def _field_id(path: str, kept: dict[str, list[int]]) -> str | None:
    """Return the form field id for a catalogue path such as contacts[2].url (1-based)."""
    parts = [name or int(number) for name, number in _PATH_PART.findall(path)]
    if parts[:1] in (["inflow"], ["registration"]):
        parts = parts[1:]
    if not parts:
        return None
    head, rest = parts[0], parts[1:]
    if head in kept and rest and isinstance(rest[0], int):
        rows = kept[head]
        if not 0 < rest[0] <= len(rows):
            return None
        field = str(rest[1]) if len(rest) > 1 else "kind"
        if field in ("text", "label"):
            language = rest[2] if len(rest) > 2 and rest[2] in ("nl", "en") else "nl"
            field = f"{field}-{language}"
        return f"{head}-{rows[rest[0] - 1]}-{field}"
    if head in _TEXT_NAMES:
        return f"{head}-{rest[0] if rest and rest[0] in ('nl', 'en') else 'nl'}"
    return str(head)
