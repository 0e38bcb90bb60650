"""Reports from the public about a table or the site, and the editors' inbox of them: keep a
report, limit how many one sender sends, list, resolve, reopen. No request, no session here."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from rdm.extensions import db
from rdm.models import Editor, Feedback, utcnow

# The table_slug of a report about the site as a whole rather than one table.
SITE = ""


REPORT_WINDOW = dt.timedelta(hours=1)


def reports_exhausted(sender: str, allowed: int) -> bool:
    """Whether this sender has sent `allowed` reports in the past hour already."""
    since = utcnow() - REPORT_WINDOW
    sent = db.session.scalar(
        select(func.count())
        .select_from(Feedback)
        .where(Feedback.sender == sender, Feedback.created_at >= since)
    )
    return sent >= allowed


def report_problem(table_slug: str, message: str, contact: str, sender: str = "") -> Feedback:
    """Store a report about a table page (or the site: SITE) for the editors' inbox."""
    feedback = Feedback(
        table_slug=table_slug,
        message=message.strip(),
        reporter_contact=contact.strip(),
        sender=sender,
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


def resolve(feedback: Feedback, editor: Editor, note: str = "") -> None:
    """Mark a report as dealt with, by whom and when, and what was done (if they said)."""
    feedback.resolved_at = utcnow()
    feedback.resolved_by = editor
    feedback.resolution_note = note.strip()
    db.session.commit()


def reopen(feedback: Feedback) -> None:
    """Put a resolved report back among the open ones; what was noted about it goes."""
    feedback.resolved_at = None
    feedback.resolved_by = None
    feedback.resolution_note = ""
    db.session.commit()
