"""The day the app takes as today, from its configuration, so that the tests (and anyone
previewing the site) can set it years ahead.

``TODAY`` is None for the real date, an ISO date (``RDM_TODAY=2029-12-02``) or a callable.
The catalogue refresh has a clock of its own to step: ``MONOTONIC`` (see rdm/live.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from flask import current_app, has_app_context


def today() -> dt.date:
    """Return the day the current app takes as today (the real date outside an app)."""
    setting = current_app.config.get("TODAY") if has_app_context() else None
    return day_of(setting)


def day_of(setting: str | dt.date | Callable[[], dt.date] | None) -> dt.date:
    """Return the day a TODAY setting stands for."""
    if setting is None:
        return dt.date.today()
    if callable(setting):
        return setting()
    if isinstance(setting, dt.date):
        return setting
    return dt.date.fromisoformat(setting)
