"""Anonymous insight for the region: how often each verdict was given, per ISO week, as the
wegwijzer counted it (rdm/wegwijzer/outcomes.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from rdm.catalogue import Catalogue
from rdm.extensions import db
from rdm.models import OutcomeCount
from rdm.wegwijzer.outcomes import ALL_ADVICE, NOTHING_FITS, VERDICTS, WITHOUT_CONTACT, iso_week


@dataclass(frozen=True)
class Week:
    """One week of counts: advices given, how many found no fitting table, and how many named
    no one to call or mail."""

    week: str
    advices: int
    nothing_fits: int
    without_contact: int = 0


def last_weeks(today: dt.date, weeks: int = 12) -> list[Week]:
    """Return the counts of the last `weeks` ISO weeks, oldest first (0 where nothing happened)."""
    names = [iso_week(today - dt.timedelta(weeks=n)) for n in reversed(range(weeks))]
    rows = db.session.execute(
        select(
            OutcomeCount.week, OutcomeCount.table_slug, OutcomeCount.verdict, OutcomeCount.count
        ).where(OutcomeCount.week.in_(names))
    ).all()
    series = {key: dict.fromkeys(names, 0) for key in (ALL_ADVICE, NOTHING_FITS, WITHOUT_CONTACT)}
    for week, table, _verdict, count in rows:
        if table in series:
            series[table][week] += count
    return [
        Week(
            name,
            series[ALL_ADVICE][name],
            series[NOTHING_FITS][name],
            series[WITHOUT_CONTACT][name],
        )
        for name in names
    ]


def per_table(catalogue: Catalogue, today: dt.date, weeks: int = 12) -> list[tuple]:
    """Return (table, {verdict: count}) over the last `weeks` weeks, in catalogue order."""
    names = [iso_week(today - dt.timedelta(weeks=n)) for n in range(weeks)]
    rows = db.session.execute(
        select(OutcomeCount.table_slug, OutcomeCount.verdict, OutcomeCount.count).where(
            OutcomeCount.week.in_(names)
        )
    ).all()
    totals = {t.slug: dict.fromkeys(VERDICTS, 0) for t in catalogue.tables}
    for table, verdict, count in rows:
        if table in totals and verdict in totals[table]:
            totals[table][verdict] += count
    return [(t, totals[t.slug]) for t in catalogue.tables]


@dataclass(frozen=True)
class Bar:
    """A bar of the chart, in SVG user units."""

    x: float
    y: float
    width: float
    height: float
    value: int
    series: str


@dataclass(frozen=True)
class Chart:
    """A grouped bar chart: advices and 'no table fits' per week."""

    width: int
    height: int
    bars: tuple[Bar, ...]
    labels: tuple[tuple[float, str], ...]
    top: int


def chart(weeks: list[Week], width: int = 720, height: int = 260) -> Chart:
    """Lay out the weeks as pairs of bars; the tallest value sets the scale."""
    base, room = height - 30, height - 50
    top = max([1, *(w.advices for w in weeks), *(w.nothing_fits for w in weeks)])
    slot = (width - 40) / max(1, len(weeks))
    bars, labels = [], []
    for n, week in enumerate(weeks):
        left = 40 + n * slot
        for offset, (value, series) in enumerate(
            ((week.advices, "advices"), (week.nothing_fits, "nothing"))
        ):
            tall = room * value / top
            bars.append(
                Bar(
                    left + 4 + offset * (slot - 8) / 2,
                    base - tall,
                    (slot - 8) / 2 - 2,
                    tall,
                    value,
                    series,
                )
            )
        labels.append((left + slot / 2, week.week.split("-")[1]))
    return Chart(width, height, tuple(bars), tuple(labels), top)
