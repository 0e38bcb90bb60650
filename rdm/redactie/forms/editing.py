"""Forms for changing the catalogue."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from rdm.web.validators import no_control_characters


class EditForm(FlaskForm):
    """YAML for one entry or the whole catalogue, typed, pasted or uploaded."""

    yaml = TextAreaField(_l("YAML"), validators=[Optional()])
    upload = FileField(_l("Of kies een YAML-bestand"))
    slug = HiddenField()
    # The live revision the editor started from (0: the packaged file).
    base = HiddenField()


class PublishForm(FlaskForm):
    """The checked text, a note, and a confirmation when example verdicts change."""

    yaml = HiddenField(validators=[InputRequired()])
    # The live revision the editor started from (0: the packaged file): publishing over a
    # newer one is refused.
    base = HiddenField()
    note = StringField(
        _l("Wat is er veranderd en waarom?"),
        validators=[InputRequired(), Length(max=500), no_control_characters],
    )
    confirm = BooleanField(
        _l("Ik heb de veranderde uitkomsten van de voorbeeldcasussen gezien en wil publiceren.")
    )


class ReviewedForm(FlaskForm):
    """The confirmation that a table was checked today, against the revision shown."""

    base = HiddenField()
    open_items_seen = BooleanField(
        _l("Ik heb de open punten gezien; ze blijven open staan na deze controle.")
    )
