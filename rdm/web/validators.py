"""Validators shared by the forms."""

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError


def no_control_characters(form, field) -> None:
    """Refuse NUL and other control characters (databases and people cannot use them)."""
    text = field.data or ""
    if any(ord(c) < 32 and c not in "\t\r\n" for c in text):
        raise ValidationError(_l("Deze invoer bevat tekens die niet zijn toegestaan."))
