"""Forms of the editors' area."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import InputRequired, Length


class LoginForm(FlaskForm):
    """Email address and password."""

    email = EmailField(_l("E-mailadres"), validators=[InputRequired(), Length(max=254)])
    password = PasswordField(_l("Wachtwoord"), validators=[InputRequired(), Length(max=128)])
