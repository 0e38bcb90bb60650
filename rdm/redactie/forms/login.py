"""The editors' login form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import InputRequired, Length

from rdm.web.validators import no_control_characters


class LoginForm(FlaskForm):
    """Email address and password."""

    email = EmailField(
        _l("E-mailadres"),
        validators=[InputRequired(_l("Vul dit veld in.")), Length(max=254), no_control_characters],
    )
    password = PasswordField(
        _l("Wachtwoord"),
        validators=[InputRequired(_l("Vul dit veld in.")), Length(max=128), no_control_characters],
    )
