"""Editorial services: editor accounts and catalogue revisions. No request, no session here."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from .extensions import db
from .models import Editor, Feedback, LoginFailure, Revision, utcnow

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


LOGIN_WINDOW = dt.timedelta(minutes=15)
LOGIN_FAILURES_ALLOWED = 10
# Compared against when the account does not exist, so both paths take as long.
_UNKNOWN_ACCOUNT_HASH = generate_password_hash("no account has this password")


def address_key(ip: str | None, secret: str) -> str:
    """Return an HMAC of a client address: enough to count failures, useless to anyone else."""
    return hmac.new(secret.encode(), (ip or "").encode(), hashlib.sha256).hexdigest()


def login_throttled(account: str, address: str) -> bool:
    """Return True once the account or the address has failed too often in the window."""
    since = utcnow() - LOGIN_WINDOW
    for column, value in ((LoginFailure.account, account), (LoginFailure.address, address)):
        query = select(func.count()).where(column == value, LoginFailure.at >= since)
        if db.session.scalar(query) >= LOGIN_FAILURES_ALLOWED:
            return True
    return False


def record_login_failure(account: str, address: str) -> None:
    """Count a failed login; forget failures older than a day."""
    db.session.add(LoginFailure(account=account, address=address))
    db.session.execute(
        delete(LoginFailure).where(LoginFailure.at < utcnow() - dt.timedelta(days=1))
    )
    db.session.commit()


def authenticate(email: str, password: str) -> Editor | None:
    """Return the editor with this email and password, else None."""
    editor = db.session.scalar(select(Editor).where(Editor.email == email.strip().lower()))
    if editor is None:
        check_password_hash(_UNKNOWN_ACCOUNT_HASH, password)
        return None
    return editor if check_password_hash(editor.password_hash, password) else None


def load_editor(session_token: str) -> Editor | None:
    """Return the editor whose current session token this is (Flask-Login's user loader)."""
    return db.session.scalar(select(Editor).where(Editor.session_token == session_token))


def report_problem(table_slug: str, message: str, contact: str) -> Feedback:
    """Store a report about a table page for the editors' inbox."""
    feedback = Feedback(
        table_slug=table_slug, message=message.strip(), reporter_contact=contact.strip()
    )
    db.session.add(feedback)
    db.session.commit()
    return feedback


def inbox() -> list[Feedback]:
    """Return the reports, open ones first, newest first within each."""
    order = (Feedback.resolved_at.is_not(None), Feedback.id.desc())
    return list(db.session.scalars(select(Feedback).order_by(*order)))


def open_reports() -> int:
    """Return how many reports still wait for an editor."""
    return db.session.scalar(select(func.count()).where(Feedback.resolved_at.is_(None)))


def resolve(feedback: Feedback, editor: Editor) -> None:
    """Mark a report as dealt with, by whom and when."""
    feedback.resolved_at = utcnow()
    feedback.resolved_by = editor
    db.session.commit()
