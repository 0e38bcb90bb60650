"""The form for one table: every field, including inflow criteria with their rule ids."""

from __future__ import annotations

import re

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

from ..catalogue import Catalogue, LocalText, Table
from ..editing import parse_block


def _options(pairs) -> list[SelectChoice]:
    """Return WTForms choices for (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


TEXT_FIELDS = (
    ("name", _l("Naam"), True),
    ("short_name", _l("Korte naam"), True),
    ("summary", _l("Doel in één regel"), True),
    ("goal", _l("Doel"), True),
    ("chair", _l("Onder regie van (organisatie / voorzitter)"), True),
    ("regie", _l("Organisatie"), False),
    ("participants", _l("Deelnemers"), False),
    ("who_may_register", _l("Wie mag aanmelden"), False),
    ("register_summary", _l("Wie mag aanmelden, kort"), False),
    ("outflow", _l("Uitstroom"), False),
    ("client_support", _l("Cliëntondersteuning of ervaringsdeskundige"), False),
    ("rhythm", _l("Ritme"), False),
    ("deadlines", _l("Termijnen"), False),
)


def _absent_is_empty(value: str | None) -> str:
    """A field left out of the POST (a hand-made or truncated request) reads as empty."""
    return "" if value is None else value


TEXT = [_absent_is_empty]


class TextForm(Form):
    """A text in Dutch with an optional English translation."""

    nl = TextAreaField(_l("Nederlands"), filters=TEXT)
    en = TextAreaField(_l("Engels (niet verplicht)"), filters=TEXT)


class CriterionForm(Form):
    """One inflow criterion; an empty Dutch text removes it."""

    id = SelectField(_l("Antwoord-id"), choices=[])
    met_when = SelectField(
        _l("Voldaan bij het antwoord"), choices=_options([("true", _l("Ja")), ("false", _l("Nee"))])
    )
    kind = SelectField(
        _l("Soort"),
        choices=_options(
            [("core", _l("Kerncriterium")), ("precondition", _l("Eerst te nemen stap"))]
        ),
    )
    group = StringField(_l("Groep (alternatieven)"), filters=TEXT)
    text = FormField(TextForm, _l("Tekst"))


class ContactForm(Form):
    """One contact; an empty row is left out."""

    kind = SelectField(
        _l("Soort"),
        choices=_options(
            [("email", _l("E-mail")), ("website", _l("Website")), ("phone", _l("Telefoon"))]
        ),
    )
    label = FormField(TextForm, _l("Omschrijving"))
    address = StringField(_l("E-mailadres"), filters=TEXT)
    subject = StringField(_l("Onderwerp van de e-mail"), filters=TEXT)
    url = StringField(_l("Webadres (https://, of http:// als de bron dat geeft)"), filters=TEXT)
    number = StringField(_l("Telefoonnummer"), filters=TEXT)


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


for _name, _label, _required in TEXT_FIELDS:
    setattr(TableForm, _name, FormField(TextForm, _label))


def table_form(catalogue: Catalogue, table: Table, team_yaml: str = "", **kwargs) -> TableForm:
    """Return the form for a table, filled from the catalogue unless form data was posted."""
    if "formdata" in kwargs and kwargs["formdata"] is None:
        kwargs["data"] = {**_data(table), "team": team_yaml}
    form = TableForm(**kwargs)
    booleans = [(a.id, a.id) for a in catalogue.vocabulary if a.type == "bool"]
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


def _text(value: LocalText | None) -> dict:
    return {"nl": value.nl if value else "", "en": (value.en or "") if value else ""}


def _data(table: Table) -> dict:
    data = {name: _text(getattr(table, name)) for name, _, _ in TEXT_FIELDS}
    data.update(
        kind=table.kind,
        ladder_step=table.ladder_step,
        last_reviewed=table.last_reviewed,
        source=table.source,
        roles=list(table.registration.roles),
        via=_text(table.registration.via),
        escalates_to=table.escalates_to or "",
        refers_to_cce=table.refers_to_cce,
        intro=_text(table.inflow.intro),
        criteria=[
            {
                "id": c.id or "",
                "met_when": "true" if c.met_when else "false",
                "kind": c.kind,
                "group": c.group or "",
                "text": _text(c.text),
            }
            for c in table.inflow.criteria
        ],
        contacts=[
            {
                "kind": c.kind,
                "label": _text(c.label),
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
        values[name] = _written(form[name].data, required)
    values.update(
        ladder_step=form.ladder_step.data,
        registration={"roles": list(form.roles.data), "via": _written(form.via.data, True)},
        escalates_to=form.escalates_to.data or None,
        refers_to_cce=True if form.refers_to_cce.data else None,
        inflow={
            "intro": _written(form.intro.data, False),
            "criteria": [
                _criterion(row.data) for row in form.criteria if row.data["text"]["nl"].strip()
            ],
        },
        contacts=[_contact(row.data) for row in form.contacts if _has_target(row.data)],
        to_confirm=[
            line.strip() for line in (form.to_confirm.data or "").splitlines() if line.strip()
        ],
        team=parse_block(form.team.data) if (form.team.data or "").strip() else None,
        last_reviewed=form.last_reviewed.data,
        source=form.source.data.strip(),
    )
    return values


def _written(text: dict, required: bool):
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
        "text": _written(row["text"], True),
    }
    return {
        k: v
        for k, v in criterion.items()
        if v is not None and not (k == "met_when" and v) and not (k == "kind" and v == "core")
    }


def _has_target(row: dict) -> bool:
    return bool(row["address"].strip() or row["url"].strip() or row["number"].strip())


def _contact(row: dict) -> dict:
    contact = {"kind": row["kind"], "label": _written(row["label"], True)}
    for key in ("address", "subject", "url", "number"):
        if row[key].strip():
            contact[key] = row[key].strip()
    return contact


_PROBLEM_PLACE = re.compile(r"^tafel '(?P<slug>[^']*)', veld '(?P<path>[^']+)'$")
_PATH_PART = re.compile(r"([A-Za-z_]+)|\[(\d+)\]")
_TEXT_NAMES = {name for name, _, _ in TEXT_FIELDS} | {"via", "intro"}


def problem_fields(form: TableForm, slug: str, problems: list) -> list[str | None]:
    """Return, for each of the catalogue's problems, the id of the form field it is about
    (None for a problem elsewhere), so it is shown next to that field."""
    ids = _ids(form)
    kept = {
        "criteria": [n for n, row in enumerate(form.criteria) if row.data["text"]["nl"].strip()],
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


def _ids(fields) -> set[str]:
    """Every field id in a form, its rows and their parts."""
    ids: set[str] = set()
    for field in fields:
        ids.add(field.id)
        if isinstance(field, FieldList | FormField):
            ids |= _ids(field)
    return ids
