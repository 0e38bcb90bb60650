"""Editorial services: editor accounts and catalogue revisions. No request, no session here."""

from __future__ import annotations

from pathlib import Path

from flask import current_app
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from .extensions import db
from .models import Editor, Revision

PASSWORD_LENGTH = (12, 128)


class EditorError(Exception):
    """An editor account that cannot be created, with the reason in Dutch."""


def add_editor(email: str, name: str, password: str) -> Editor:
    """Create an editor with a scrypt-hashed password; 12 to 128 characters, no other rules."""
    email = email.strip().lower()
    low, high = PASSWORD_LENGTH
    if "@" not in email or len(email) > 254:
        raise EditorError("Dat is geen geldig e-mailadres.")
    if not low <= len(password) <= high:
        raise EditorError(f"Een wachtwoord heeft {low} tot {high} tekens.")
    if db.session.scalar(select(Editor).where(Editor.email == email)):
        raise EditorError(f"Er is al een redacteur met {email}.")
    editor = Editor(email=email, name=name.strip(), password_hash=generate_password_hash(password))
    db.session.add(editor)
    db.session.commit()
    return editor


def live_yaml() -> str:
    """Return the YAML text of the live catalogue: the newest revision, else the packaged file."""
    newest = db.session.scalar(select(Revision).order_by(Revision.id.desc()).limit(1))
    if newest is not None:
        return newest.yaml_text
    return Path(current_app.config["CATALOGUE_PATH"]).read_text(encoding="utf-8")
