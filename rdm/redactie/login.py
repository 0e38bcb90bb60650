"""Editors' logins: checking a password, and slowing down whoever guesses. No request, no
session here."""

from __future__ import annotations

import datetime as dt
import functools

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.security import check_password_hash, generate_password_hash

from rdm.extensions import db
from rdm.models import Editor, LoginFailure, utcnow

LOGIN_WINDOW = dt.timedelta(minutes=15)
# Failures allowed in the window to one address, over every account it tries.
LOGIN_FAILURES_PER_ADDRESS = 10
# An account with more failures than this in the window, from all addresses together, is
# under attack: then each address gets only LOGIN_FAILURES_UNDER_ATTACK tries at it.
LOGIN_FAILURES_PER_ACCOUNT = 10
LOGIN_FAILURES_UNDER_ATTACK = 3


# Compared against when the account does not exist, so both paths take as long.
@functools.cache
def _unknown_account_hash() -> str:
    """Made on first use, not at import: scrypt takes a noticeable part of a cold start."""
    return generate_password_hash("no account has this password")


def start_login_attempt(account: str, address: str) -> LoginFailure:
    """Record an attempt before the password is checked, so parallel guesses count as well.

    The row stays as a failure unless `forget_attempt` is called after a good password.
    """
    attempt = LoginFailure(account=account, address=address)
    db.session.add(attempt)
    db.session.execute(
        delete(LoginFailure).where(LoginFailure.at < utcnow() - dt.timedelta(days=1))
    )
    db.session.commit()
    return attempt


def login_throttled(account: str, address: str) -> bool:
    """Return True when this attempt goes beyond the failures allowed for its address.

    An account has no limit of its own: that would let anyone lock its editor out. Guessing
    at one account from many addresses slows instead to a few tries per address, while the
    editor's own first tries from any other address are still checked.
    """
    since = utcnow() - LOGIN_WINDOW

    def failures(*where) -> int:
        query = select(func.count()).where(LoginFailure.at >= since, *where)
        return db.session.scalar(query)

    if failures(LoginFailure.address == address) > LOGIN_FAILURES_PER_ADDRESS:
        return True
    if failures(LoginFailure.account == account) <= LOGIN_FAILURES_PER_ACCOUNT:
        return False
    pair = failures(LoginFailure.account == account, LoginFailure.address == address)
    return pair > LOGIN_FAILURES_UNDER_ATTACK


def forget_attempt(attempt: LoginFailure) -> None:
    """A good password: this attempt was no failure."""
    db.session.delete(attempt)
    db.session.commit()


def note_failed_login(account: str) -> None:
    """Count a failed login on the account tried, if there is one, to tell its editor."""
    db.session.execute(
        update(Editor)
        .where(Editor.email == account)
        .values(failed_logins=Editor.failed_logins + 1, last_failed_login_at=utcnow())
    )
    db.session.commit()


def failed_logins_since_last_login(editor: Editor) -> tuple[int, dt.datetime | None]:
    """Return how often, and when last, a login on this account failed since the editor's
    previous login; from now on the count starts again."""
    told = (editor.failed_logins, editor.last_failed_login_at)
    editor.failed_logins, editor.last_failed_login_at = 0, None
    db.session.commit()
    return told


def authenticate(email: str, password: str) -> Editor | None:
    """Return the editor with this email and password, else None."""
    editor = db.session.scalar(select(Editor).where(Editor.email == email.strip().lower()))
    if editor is None:
        check_password_hash(_unknown_account_hash(), password)
        return None
    if not check_password_hash(editor.password_hash, password) or not editor.is_active:
        return None
    return editor


def load_editor(session_token: str) -> Editor | None:
    """Return the editor whose current session token this is (Flask-Login's user loader).

    Public pages ask for the current user too; with the database down they show the page
    to an anonymous visitor rather than fail (the editors' area says it is in maintenance).
    """
    try:
        return db.session.scalar(
            select(Editor).where(
                Editor.session_token == session_token, Editor.disabled_at.is_(None)
            )
        )
    except SQLAlchemyError:
        db.session.rollback()
        return None
