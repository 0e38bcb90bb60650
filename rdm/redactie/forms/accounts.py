"""Forms for editor accounts: a new editor, access on or off, one's own password."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import EqualTo, InputRequired, Length, Regexp, ValidationError

from rdm.redactie.accounts import PASSWORD_LENGTH
from rdm.web.validators import no_control_characters

FILL_IN = _l("Vul dit veld in.")


def password_rules(form, field) -> None:
    """The rules of every editor's password: 12 to 128 characters, nothing more."""
    low, high = PASSWORD_LENGTH
    if not low <= len(field.data or "") <= high:
        raise ValidationError(
            _l("Een wachtwoord heeft %(low)d tot %(high)d tekens.", low=low, high=high)
        )


def new_password(label):
    """A new password: the rules, and the browser may suggest a strong one."""
    return PasswordField(
        label,
        validators=[InputRequired(FILL_IN), password_rules, no_control_characters],
        render_kw={"autocomplete": "new-password"},
    )


def repeated(label, other: str):
    """The same password typed again."""
    return PasswordField(
        label,
        validators=[
            InputRequired(FILL_IN),
            EqualTo(other, _l("De twee wachtwoorden verschillen.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class NewEditorForm(FlaskForm):
    """A new editor: name, email address, a starting password and whether they manage."""

    name = StringField(
        _l("Naam"),
        validators=[InputRequired(FILL_IN), Length(max=200), no_control_characters],
        render_kw={"autocomplete": "off"},
    )
    email = EmailField(
        _l("E-mailadres"),
        validators=[
            InputRequired(FILL_IN),
            Length(max=254),
            no_control_characters,
            Regexp(
                r"^\s*[^@\s]+@[^@\s]+\s*$",
                message=_l("Vul een e-mailadres in, zoals naam@voorbeeld.nl."),
            ),
        ],
        render_kw={"autocomplete": "off"},
    )
    password = new_password(_l("Startwachtwoord (12 tot 128 tekens)"))
    password_again = repeated(_l("Herhaal het startwachtwoord"), "password")
    can_manage_editors = BooleanField(_l("Mag redacteuren toevoegen en uitzetten"))


class AccessForm(FlaskForm):
    """Switch an editor's access off or on again."""

    access = HiddenField()


class PasswordForm(FlaskForm):
    """The current password, and the new one twice."""

    current = PasswordField(
        _l("Huidig wachtwoord"),
        validators=[InputRequired(FILL_IN), Length(max=128), no_control_characters],
        render_kw={"autocomplete": "current-password"},
    )
    password = new_password(_l("Nieuw wachtwoord (12 tot 128 tekens)"))
    password_again = repeated(_l("Herhaal het nieuwe wachtwoord"), "password")
