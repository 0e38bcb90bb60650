"""The public form to report a mistake or a change (on a table page or the site), and the
editors' form to mark a report as dealt with."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from rdm.web.validators import no_control_characters


class FeedbackForm(FlaskForm):
    """What is wrong, and optionally how to reach the reporter."""

    message = TextAreaField(
        _l("Wat klopt er niet, of wat is er veranderd?"),
        validators=[InputRequired(), Length(max=2000), no_control_characters],
    )
    contact = StringField(
        _l("Uw naam en e-mailadres of telefoonnummer (niet verplicht)"),
        validators=[Length(max=200), no_control_characters],
    )


class ResolveForm(FlaskForm):
    """Marking a report as dealt with, with what was done (optional)."""

    note = TextAreaField(
        _l("Wat is ermee gedaan? (niet verplicht)"),
        validators=[Length(max=1000), no_control_characters],
    )
