"""Only what must persist: editors, published catalogue revisions, failed logins, the public's
reports, refused publications and verdict counts per week. Nothing about a case."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rdm.extensions import db


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Editor(UserMixin, db.Model):
    """A regional editor who may change the catalogue; created with `flask rdm create-editor`
    or by a managing editor on the accounts page."""

    __tablename__ = "editor"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    # Flask-Login's id: rotating it on logout invalidates every copy of the session cookie.
    session_token: Mapped[str] = mapped_column(
        String(64), unique=True, default=lambda: secrets.token_hex(32)
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Failed logins on this account since the editor last logged in: told at the next login.
    failed_logins: Mapped[int] = mapped_column(default=0, server_default="0")
    last_failed_login_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    # May add editors and switch their access off (the first editor, made with the CLI).
    can_manage_editors: Mapped[bool] = mapped_column(default=False, server_default=false())
    # A disabled editor cannot log in; the account stays, so revisions keep their author.
    disabled_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    # A starting password given by a manager: the editor chooses their own before anything else.
    password_to_change: Mapped[bool] = mapped_column(default=False, server_default=false())

    def get_id(self) -> str:
        return self.session_token

    @property
    def is_active(self) -> bool:
        """Flask-Login's question: may this editor log in?"""
        return self.disabled_at is None

    def end_sessions(self) -> None:
        """Make every session of this editor invalid (logout, a new password, disabled)."""
        self.session_token = secrets.token_hex(32)


class Revision(db.Model):
    """A published catalogue: the full YAML text, who published it, when and why.

    The live catalogue is the newest valid revision; without any, the packaged tables.yaml.
    The first publication also stores the state the site served before it (the packaged
    file), so that every change can be compared and rolled back.
    """

    __tablename__ = "revision"
    # One revision per parent: of two publications over the same revision only the first is
    # stored; the other is a conflict, never a silent revert.
    __table_args__ = (UniqueConstraint("parent_id", name="uq_revision_parent_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    yaml_text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(String(500))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("editor.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # The newest revision when this one was published; 0 for the first state the site served
    # (FIRST_STATE), None for revisions stored before parents were recorded.
    parent_id: Mapped[int | None] = mapped_column(default=None)

    author: Mapped[Editor | None] = relationship()

    @classmethod
    def of(
        cls, text: str, note: str, author: Editor | None, parent_id: int | None = None
    ) -> Revision:
        """Return a new revision for this YAML text."""
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return cls(yaml_text=text, sha256=digest, note=note, author=author, parent_id=parent_id)


# The parent of the stored first state: only one can exist.
FIRST_STATE = 0


class LoginFailure(db.Model):
    """A failed login, kept briefly to throttle guessing across every app instance.

    The account is the lowercased email tried; the address is an HMAC of the client IP.
    """

    __tablename__ = "login_failure"
    __table_args__ = (Index("ix_login_failure_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account: Mapped[str] = mapped_column(String(254), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Feedback(db.Model):
    """A report that something on a table page (or the site: no table) is wrong or changed, for
    the editors to resolve."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    table_slug: Mapped[str] = mapped_column(String(100))
    message: Mapped[str] = mapped_column(Text)
    reporter_contact: Mapped[str] = mapped_column(String(200), default="")
    # An HMAC of the client address (rdm.web.http.client_key): only to limit reports per hour.
    sender: Mapped[str] = mapped_column(String(64), default="", server_default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("editor.id"), default=None)
    # What the editor did about it, if they said (optional).
    resolution_note: Mapped[str] = mapped_column(Text, default="", server_default="")

    resolved_by: Mapped[Editor | None] = relationship()

    __table_args__ = (Index("ix_feedback_sender_created_at", "sender", "created_at"),)


class OutcomeCount(db.Model):
    """How often a verdict was given for a table in an ISO week; 'geen-tafel' when none fitted.

    Nothing else is kept about an advice: no answers, no gemeente, no time finer than the week.
    """

    __tablename__ = "outcome_count"
    __table_args__ = (UniqueConstraint("week", "table_slug", "verdict"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    week: Mapped[str] = mapped_column(String(8))
    table_slug: Mapped[str] = mapped_column(String(100))
    verdict: Mapped[str] = mapped_column(String(20))
    count: Mapped[int] = mapped_column(default=0)


class PublishRefusal(db.Model):
    """A publication refused because someone published after the revision the editor started
    from: who, when, and that revision. Nothing of the refused change itself is kept."""

    __tablename__ = "publish_refusal"

    id: Mapped[int] = mapped_column(primary_key=True)
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("editor.id"))
    base: Mapped[int] = mapped_column()
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)

    editor: Mapped[Editor | None] = relationship()
