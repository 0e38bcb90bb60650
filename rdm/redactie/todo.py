"""The editors' to-do list: what in the live catalogue needs an editor, most urgent first.

`todo_list` is pure: it takes the catalogue, the open reports, the refused publications and
`today`. The two small queries and the recording of a refusal live here too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from rdm.catalogue import Catalogue
from rdm.catalogue.text import STALE_AFTER
from rdm.extensions import db
from rdm.models import Editor, Feedback, PublishRefusal, utcnow
from rdm.redactie.publishing import VerdictChange, verdict_changes

# From most to least urgent: a wrong advice, then no one to call, then what people told us.
URGENCY = (
    "failing_examples",
    "no_contact_route",
    "open_reports",
    "refused_publications",
    "stale",
    "to_confirm",
)
# Refused publications older than this are history, not a task.
REFUSALS_SHOWN_FOR = dt.timedelta(days=14)


@dataclass(frozen=True)
class Task:
    """One thing to fix in the catalogue.

    `part` is "table" or "gemeente" (then `key` is its slug), else the part of the catalogue
    ("gemeenten", "introduction", "client_support", "regiekaart", "acute_guidance",
    "safety_route"). `count` is how many open points; `day` when it was last checked.
    """

    part: str
    key: str = ""
    count: int = 1
    day: dt.date | None = None


@dataclass(frozen=True)
class FailingExample:
    """An example case whose expected verdicts the rules no longer give."""

    name: str
    verdicts: tuple[VerdictChange, ...]


@dataclass(frozen=True)
class Section:
    """One kind of work (see URGENCY), its items and how many things there are to do."""

    kind: str
    items: tuple
    count: int


def todo_list(
    catalogue: Catalogue,
    today: dt.date,
    reports: tuple[Feedback, ...] = (),
    refusals: tuple[PublishRefusal, ...] = (),
) -> list[Section]:
    """Return every kind of work, those with something to do first, most urgent first."""
    found = {
        "failing_examples": failing_examples(catalogue),
        "no_contact_route": without_contact_route(catalogue),
        "open_reports": list(reports),
        "refused_publications": list(refusals),
        "stale": stale_entries(catalogue, today),
        "to_confirm": open_points(catalogue),
    }
    sections = [Section(kind, tuple(found[kind]), _count(found[kind])) for kind in URGENCY]
    return sorted(sections, key=lambda s: (s.count == 0, URGENCY.index(s.kind)))


def _count(items: list) -> int:
    return sum(getattr(item, "count", 1) for item in items)


def failing_examples(catalogue: Catalogue) -> list[FailingExample]:
    """Return the example cases whose expected verdicts the rules do not give, in order."""
    wrong: dict[str, list[VerdictChange]] = {}
    for change in verdict_changes(catalogue, catalogue):
        if not change.as_expected:
            wrong.setdefault(change.example, []).append(change)
    return [FailingExample(name, tuple(verdicts)) for name, verdicts in wrong.items()]


def without_contact_route(catalogue: Catalogue) -> list[Task]:
    """Return the tables without a contact and the gemeenten without a route to their
    first step: there the advice names no one to call or mail."""
    tables = [Task("table", t.slug) for t in catalogue.tables if not t.contacts]
    gemeenten = [Task("gemeente", g.slug) for g in catalogue.gemeenten if not g.routes]
    return tables + gemeenten


def stale_entries(catalogue: Catalogue, today: dt.date) -> list[Task]:
    """Return the entries not checked for twelve months, the longest unchecked first."""
    dated = [Task("table", t.slug, day=t.last_reviewed) for t in catalogue.tables]
    dated += [
        Task("gemeenten", day=catalogue.gemeenten_last_reviewed),
        Task("introduction", day=catalogue.introduction.last_reviewed),
        Task("client_support", day=catalogue.client_support.last_reviewed),
    ]
    if catalogue.regiekaart is not None:
        dated.append(Task("regiekaart", day=catalogue.regiekaart.last_reviewed))
    stale = [task for task in dated if today - task.day > STALE_AFTER]
    return sorted(stale, key=lambda task: task.day)


def open_points(catalogue: Catalogue) -> list[Task]:
    """Return each entry with points still to confirm against a source, most points first."""
    parts = [("table", t.slug, t.to_confirm) for t in catalogue.tables]
    parts += [
        ("regiekaart", "", catalogue.regiekaart.to_confirm if catalogue.regiekaart else ()),
        ("acute_guidance", "", catalogue.acute_guidance.to_confirm),
        ("safety_route", "", catalogue.safety_route.to_confirm if catalogue.safety_route else ()),
    ]
    tasks = [Task(part, key, count=len(points)) for part, key, points in parts if points]
    return sorted(tasks, key=lambda task: -task.count)


def waiting_reports() -> tuple[Feedback, ...]:
    """Return the reports no editor has resolved yet, the longest waiting first."""
    query = select(Feedback).where(Feedback.resolved_at.is_(None)).order_by(Feedback.id)
    return tuple(db.session.scalars(query))


def recent_refusals(now: dt.datetime | None = None) -> tuple[PublishRefusal, ...]:
    """Return the publications refused over a newer revision in the last two weeks, newest
    first."""
    since = (now or utcnow()) - REFUSALS_SHOWN_FOR
    query = (
        select(PublishRefusal).where(PublishRefusal.at >= since).order_by(PublishRefusal.id.desc())
    )
    return tuple(db.session.scalars(query))


def record_refusal(editor: Editor, base: int) -> None:
    """Remember that `editor` could not publish over revision `base`: someone was first."""
    db.session.add(PublishRefusal(editor_id=editor.id, base=base))
    db.session.commit()
