"""Fixtures in the style of flaskr (app, client, runner), test databases and a signed-in editor,
and a page helper that parses HTML."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import uuid
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import OperationalError

from rdm import clock, create_app
from rdm.config import PACKAGED_CATALOGUE

from . import durations, fuzz_counter

REPO = Path(__file__).resolve().parent.parent
# A PostgreSQL server for the database tests, e.g. postgresql://rdm:rdm@127.0.0.1:5432/postgres
POSTGRES = os.environ.get("RDM_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", *(["postgresql"] if POSTGRES else [])]
# Apps made on a test database; their connection pools are closed before it is dropped.
APPS_ON_DATABASE: list = []
# Test files marked `slow`, left out of `make test-fast`: fuzzing, two editors at once, real
# servers (gunicorn, the nginx stack), catalogue upgrades, PostgreSQL backups and the browser.
SLOW_FILES = {
    "test_fuzz.py",
    "test_fuzz_accounts.py",
    "test_fuzz_api.py",
    "test_fuzz_bodies.py",
    "test_fuzz_forms.py",
    "test_fuzz_part_forms.py",
    "test_concurrent_editing.py",
    "test_server.py",
    "test_stack.py",
    "test_upgrade.py",
    "test_backup.py",
    # The editors' forms end to end, each test on its own migrated database: a minute a file.
    "test_editing.py",
    "test_part_forms.py",
    "test_table_form.py",
}


def base_today() -> dt.date:
    """The day the apps of this test run take as today: RDM_TODAY if set, else the real date."""
    return clock.day_of(os.environ.get("RDM_TODAY"))


@pytest.fixture(params=[0, 3], ids=["vandaag", "over-drie-jaar"])
def today(request) -> dt.date:
    """A date-dependent test runs on today and again three years ahead; an app made for it in
    a fixture takes the same day (see `clock_config`)."""
    return base_today() + dt.timedelta(days=round(365.25 * request.param))


def clock_config(request) -> dict:
    """The configuration that sets an app's day to the test's `today`, if it asks for one."""
    if "today" not in request.fixturenames:
        return {}
    return {"TODAY": request.getfixturevalue("today")}


def pytest_runtest_logreport(report) -> None:
    """Each test's report, in the main process also under pytest-xdist: time and fuzz inputs."""
    durations.pytest_runtest_logreport(report)
    fuzz_counter.pytest_runtest_logreport(report)


def pytest_terminal_summary(terminalreporter) -> None:
    """The fuzz inputs sent, then the time per test file (CI's time per test group)."""
    fuzz_counter.pytest_terminal_summary(terminalreporter)
    durations.pytest_terminal_summary(terminalreporter)


def pytest_collection_modifyitems(items) -> None:
    """Mark the tests of SLOW_FILES and of tests/browser/ as `slow`."""
    for item in items:
        if item.path.name in SLOW_FILES or item.path.parent.name == "browser":
            item.add_marker(pytest.mark.slow)


def pytest_configure(config):
    if os.environ.get("RDM_REQUIRE_POSTGRES") and not POSTGRES:
        raise pytest.UsageError("RDM_REQUIRE_POSTGRES is set but RDM_TEST_POSTGRES_URL is not")


@contextlib.contextmanager
def empty_database(backend: str, folder, prefix: str = "rdm_test"):
    """An empty database URL: SQLite in `folder`, or a new PostgreSQL database, dropped after."""
    if backend == "sqlite":
        try:
            yield f"sqlite:///{folder}/rdm.sqlite3"
        finally:
            _close_pools()
        return
    server = make_url(POSTGRES).set(drivername="postgresql+psycopg")
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        _close_pools()
        try:
            _drop_database(admin, name)
        finally:
            admin.dispose()


def _drop_database(admin, name: str) -> None:
    """Drop a test database; the test role cannot use WITH (FORCE) while autovacuum runs there.

    FORCE must be allowed to end every session in the database, autovacuum's included, and
    only a superuser may. So end the test role's own leftover sessions, then drop plainly:
    DROP DATABASE stops autovacuum itself and waits up to 5 s for sessions that are closing.
    """
    with admin.connect() as connection:
        for attempt in range(3):
            connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = :name AND usename = current_user"
                    " AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
            try:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
                return
            except OperationalError:  # "is being accessed by other users"
                if attempt == 2:
                    raise


@pytest.fixture(params=BACKENDS)
def database(request, tmp_path):
    """An empty database URL: SQLite in a temporary folder, and PostgreSQL when configured."""
    with empty_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def app(tmp_path):
    """An app on the packaged catalogue with an in-memory database."""
    yield create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=str(tmp_path)
    )


@pytest.fixture
def editor_app(database, tmp_path, request):
    """An app on a migrated test database with one editor's account (editor_helpers.py), on
    the test's `today` if it asks for one."""
    from .editor_helpers import add_account, make_app

    app = make_app(database, str(tmp_path / "one"), **clock_config(request))
    add_account(app)
    return app


@pytest.fixture
def editor(editor_app):
    """A test client signed in as the editor of `editor_app`."""
    from .editor_helpers import logged_in

    return logged_in(editor_app)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def catalogue_text() -> str:
    return PACKAGED_CATALOGUE.read_text(encoding="utf-8")


def _close_pools() -> None:
    from rdm.extensions import db

    while APPS_ON_DATABASE:
        with APPS_ON_DATABASE.pop().app_context():
            db.engine.dispose()


def normalize_spaces(text: str) -> str:
    """Collapse all whitespace to single spaces, as a reader sees it."""
    return " ".join(text.split())


def check_page(html: str) -> BeautifulSoup:
    """Assert what every page must have, and return the parsed page."""
    page = BeautifulSoup(html, "html.parser")
    h1s = page.find_all("h1")
    assert len(h1s) == 1, f"expected one <h1>, found {len(h1s)}"
    title = normalize_spaces(page.title.get_text())
    assert title.startswith(normalize_spaces(h1s[0].get_text())), (title, h1s[0].get_text())
    assert title.endswith("RDM Twente")
    assert page.html.get("lang") in ("nl", "en")
    ids = [tag["id"] for tag in page.find_all(id=True)]
    assert len(ids) == len(set(ids)), (
        f"duplicate ids: {sorted({i for i in ids if ids.count(i) > 1})}"
    )
    for form in page.find_all("form"):
        assert form.get("action"), "every form needs an action"
    for tag in page.find_all(["script", "link", "img", "iframe"]):
        target = tag.get("src") or tag.get("href") or ""
        assert not re.match(r"^(https?:)?//", target), f"external resource: {target}"
    assert page.find("main", id="inhoud") is not None
    return page


@pytest.fixture
def get_page(client):
    """GET a page, assert its status and the basics of every page, return it parsed."""

    def get(url: str, status: int = 200, **kwargs) -> BeautifulSoup:
        response = client.get(url, **kwargs)
        assert response.status_code == status, (url, response.status_code)
        assert response.mimetype == "text/html"
        return check_page(response.get_data(as_text=True))

    return get
