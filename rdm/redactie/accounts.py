"""Editor accounts kept by editors: who may edit, who manages, passwords. No request here."""

from __future__ import annotations

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from rdm.extensions import db
from rdm.models import Editor, utcnow

PASSWORD_LENGTH = (12, 128)


class EditorError(Exception):
    """An editor account that cannot be created, with the reason in Dutch."""


def add_editor(
    email: str,
    name: str,
    password: str,
    can_manage_editors: bool = False,
    password_to_change: bool = False,
) -> Editor:
    """Create an editor with a scrypt-hashed password; 12 to 128 characters, no other rules.

    The first editor may always manage editors: someone must be able to add the others."""
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise EditorError("Dat is geen geldig e-mailadres.")
    problem = password_problem(password)
    if problem:
        raise EditorError(problem)
    if db.session.scalar(select(Editor).where(Editor.email == email)):
        raise EditorError(f"Er is al een redacteur met {email}.")
    first = db.session.scalar(select(func.count()).select_from(Editor)) == 0
    editor = Editor(
        email=email,
        name=name.strip(),
        password_hash=generate_password_hash(password),
        can_manage_editors=can_manage_editors or first,
        password_to_change=password_to_change,
    )
    db.session.add(editor)
    db.session.commit()
    return editor


def password_problem(password: str) -> str | None:
    """Return why a password cannot be used (in Dutch), or None: 12 to 128 characters."""
    low, high = PASSWORD_LENGTH
    if not low <= len(password) <= high:
        return f"Een wachtwoord heeft {low} tot {high} tekens."
    return None


class AccessRefused(Exception):
    """A change of access that would lock the editors out or is not the actor's to make."""


def editors() -> list[Editor]:
    """Return every account, active ones first, each group by name."""
    order = (Editor.disabled_at.is_not(None), Editor.name, Editor.email)
    return list(db.session.scalars(select(Editor).order_by(*order)))


def editor_with_email(email: str) -> Editor | None:
    """Return the account with this email address (any case, spaces around it ignored)."""
    return db.session.scalar(select(Editor).where(Editor.email == email.strip().lower()))


def _active_managers() -> list[Editor]:
    """Lock and return the active managers: two managers switching each other off at once
    wait for one another, so at least one stays (PostgreSQL; SQLite has one writer anyway)."""
    query = select(Editor).where(Editor.can_manage_editors, Editor.disabled_at.is_(None))
    return list(db.session.scalars(query.with_for_update()))


def disable(editor: Editor, actor: Editor) -> None:
    """Switch an editor's access off and end their sessions; never oneself or the last
    active manager, and only by an active manager."""
    if editor.id == actor.id:
        raise AccessRefused("self")
    managers = _active_managers()
    if actor not in managers:
        db.session.rollback()
        raise AccessRefused("not a manager")
    if editor in managers and len(managers) == 1:
        db.session.rollback()
        raise AccessRefused("last manager")
    editor.disabled_at = utcnow()
    editor.end_sessions()
    db.session.commit()


def enable(editor: Editor) -> None:
    """Give a disabled editor access again, with the password they had."""
    editor.disabled_at = None
    db.session.commit()


def password_matches(editor: Editor, password: str) -> bool:
    """Whether this is the editor's current password."""
    return check_password_hash(editor.password_hash, password)


def change_password(editor: Editor, password: str) -> None:
    """Set a new password (rules checked by the caller) and end every other session: the
    caller logs the editor in again with the new session token."""
    editor.password_hash = generate_password_hash(password)
    editor.password_to_change = False
    editor.end_sessions()
    db.session.commit()
