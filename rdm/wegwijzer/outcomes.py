"""The wegwijzer counts its outcomes, anonymously, per ISO week, for the editors' insight.

Only (week, table, verdict) counts are kept: never answers, a gemeente or a finer time.
Counting never stands in the way of an advice: a database failure is logged and skipped.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from rdm.extensions import db
from rdm.models import OutcomeCount
from rdm.wegwijzer.engine import Advice

NOTHING_FITS = "geen-tafel"
ALL_ADVICE = "advies"
# Advices whose first action named nobody to call or mail: where the region must add routes.
WITHOUT_CONTACT = "zonder-contact"
# may_fit was added later: older weeks simply hold no rows for it.
VERDICTS = ("fits", "may_fit", "fits_after_steps", "does_not_fit")


def iso_week(day: dt.date) -> str:
    """Return the ISO week of a day, e.g. 2026-W47."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def count_advice(advice: Advice, day: dt.date) -> None:
    """Add one advice to the week's counters: a verdict per table, 'no table fits', and
    'no one to call or mail'."""
    if advice.acute:
        return
    keys = [(ALL_ADVICE, "all"), *((r.table.slug, r.fit) for r in advice.recommendations)]
    if advice.nothing_fits:
        keys.append((NOTHING_FITS, "none"))
    if not advice.names_a_person:
        keys.append((WITHOUT_CONTACT, "none"))
    try:
        for table, verdict in keys:
            _increment(iso_week(day), table, verdict)
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.warning("Uitkomsten niet geteld: de database is niet bruikbaar")


def _increment(week: str, table: str, verdict: str) -> None:
    match = (
        OutcomeCount.week == week,
        OutcomeCount.table_slug == table,
        OutcomeCount.verdict == verdict,
    )
    statement = update(OutcomeCount).where(*match).values(count=OutcomeCount.count + 1)
    if db.session.execute(statement).rowcount:
        return
    try:
        with db.session.begin_nested():
            db.session.add(OutcomeCount(week=week, table_slug=table, verdict=verdict, count=1))
    except IntegrityError:  # another instance created the row first
        db.session.execute(statement)
