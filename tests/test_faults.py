"""Faults: the database goes away and comes back; a stored revision is broken at start.

The public site (overview, search, wegwijzer) depends only on the catalogue in memory; the
editors' area says it is in maintenance and works again once the database is back. On
PostgreSQL the outage is real: the app talks to the server through a TCP forwarder that the
test cuts (connections dropped, new ones refused) and restores.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import make_url, text

from rdm import create_app
from rdm.extensions import db
from rdm.models import Feedback, Revision

from .editor_helpers import add_account, logged_in, make_app, token
from .test_editing import TRIAGE_CHAIR
from .wizard_helpers import Visitor, walk

RECOVERY_SECONDS = 30
TOPX_CASE = {"area_safety_problem": "true", "acute_danger": "false"}


class Forwarder:
    """A TCP forwarder on loopback whose link can be cut and restored, like a network fault."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.port = 0
        self._sockets: list[socket.socket] = []
        self._listener: socket.socket | None = None
        self.restore()

    def restore(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, args=(self._listener,), daemon=True).start()

    def cut(self) -> None:
        """Refuse new connections and drop the open ones."""
        for sock in [self._listener, *self._sockets]:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        self._sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self._sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


class Outage:
    """An app on the test database, and a way to take that database away and bring it back."""

    def __init__(self, database: str, tmp_path: Path):
        self.forwarder = None
        if database.startswith("sqlite"):
            self.folder = tmp_path / "db"
            self.folder.mkdir()
            url = f"sqlite:///{self.folder}/rdm.sqlite3"
        else:
            server = make_url(database)
            self.forwarder = Forwarder(server.host, server.port or 5432)
            url = server.set(host="127.0.0.1", port=self.forwarder.port)
            url = url.render_as_string(hide_password=False)
        self.app = make_app(url, str(tmp_path / "instance"), DATABASE_CONNECT_TIMEOUT=2)
        add_account(self.app)

    def cut(self) -> None:
        if self.forwarder:
            self.forwarder.cut()
        else:  # the file's folder disappears, and with it the pooled connections
            self.folder.rename(self.folder.with_name("weg"))
            with self.app.app_context():
                db.engine.dispose()

    def restore(self) -> None:
        if self.forwarder:
            self.forwarder.restore()
        else:
            self.folder.with_name("weg").rename(self.folder)


@pytest.fixture
def outage(database, tmp_path):
    outage = Outage(database, tmp_path)
    yield outage
    if outage.forwarder:
        outage.forwarder.cut()


def assert_degraded(health: dict, database: str) -> None:
    parts = ("status", "database", "editors", "wizard")
    assert [health[part] for part in parts] == ["degraded", database, "maintenance", "ok"]


def test_a_site_started_without_its_database_serves_the_public_and_says_degraded(tmp_path, caplog):
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/no/such/dir/db.sqlite3"},
        instance_path=str(tmp_path),
    )
    client = app.test_client()
    with caplog.at_level(logging.WARNING):
        for url in ("/", "/tafels/topx", "/zoeken?q=wlz", "/api/v1/tables"):
            assert client.get(url).status_code == 200, url
    assert caplog.text.count("Database niet bereikbaar") == 1, "logged once, not per request"
    health = client.get("/healthz")
    assert health.status_code == 200, "the public site can still serve"
    assert_degraded(health.get_json(), "unavailable")


def run_wizard(client) -> Visitor:
    return walk(Visitor(client).open(), TOPX_CASE).press("Bekijk het advies")


def test_the_public_site_search_and_wizard_work_while_the_database_is_down(outage, caplog):
    editor = logged_in(outage.app)
    outage.cut()
    client = outage.app.test_client()
    with caplog.at_level(logging.WARNING):
        for url in ("/", "/tafels/topx", "/vergelijk", "/zoeken?q=wlz", "/api/v1/search?q=lvb"):
            assert client.get(url).status_code == 200, url
            assert editor.get(url).status_code == 200, f"{url} for a signed-in editor"
        advice = run_wizard(client)
    assert advice.h1 == "Advies van de wegwijzer"
    assert "TopX" in advice.page.get_text()
    response = client.post("/api/v1/advice", json={"answers": {"area_safety_problem": True}})
    assert response.status_code == 200
    assert "Traceback" not in caplog.text
    assert caplog.text.count("Database niet bereikbaar") == 1, "logged once, not per request"


def test_the_editors_area_is_in_maintenance_and_recovers_within_30_seconds(outage):
    editor = logged_in(outage.app)
    assert editor.get("/redactie/").status_code == 200
    outage.cut()
    for url in ("/redactie/", "/redactie/inloggen", "/redactie/bewerken", "/redactie/meldingen"):
        response = editor.get(url)
        assert response.status_code == 503, url
        assert response.headers["Retry-After"] == "30"
        page = response.get_data(as_text=True)
        assert "Tijdelijk in onderhoud" in page
        assert "de wegwijzer werken gewoon" in page
    health = outage.app.test_client().get("/healthz")
    assert health.status_code == 200, "the public site can still serve"
    assert_degraded(health.get_json(), "unavailable" if outage.forwarder else "replaced")

    outage.restore()
    started = time.monotonic()
    while editor.get("/redactie/").status_code != 200:
        assert time.monotonic() - started < RECOVERY_SECONDS, "not back within 30 s"
        time.sleep(0.2)
    health = outage.app.test_client().get("/healthz").get_json()
    assert health["status"] == "ok" and health["editors"] == "ok"


def test_a_report_is_not_lost_when_the_database_is_down(outage):
    client = outage.app.test_client()
    form = {"message": "Het telefoonnummer is veranderd.", "csrf_token": token(client, "/melden")}
    outage.cut()
    response = client.post("/melden", data=form)
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "kon nu niet worden opgeslagen" in page
    assert "Het telefoonnummer is veranderd." in page, "the text is still in the form"
    outage.restore()
    started = time.monotonic()
    while client.post("/melden", data=form).status_code != 200:
        assert time.monotonic() - started < RECOVERY_SECONDS
        time.sleep(0.2)
    with outage.app.app_context():
        assert db.session.query(Feedback).one().message == form["message"]


def test_a_broken_live_revision_at_start_is_not_served_and_editors_are_told(
    database, tmp_path, caplog
):
    first = make_app(database, str(tmp_path / "first"))
    add_account(first)
    good = (Path(first.config["CATALOGUE"])).read_text(encoding="utf-8")
    with first.app_context():
        # Stored behind the editors' back (a restored backup, a hand edit): never validated.
        for number, text in ((1, good), (2, good.replace(TRIAGE_CHAIR, ""))):
            db.session.add(Revision(yaml_text=text, sha256=f"{number:064d}", note="hand"))
        db.session.commit()

    with caplog.at_level(logging.ERROR):
        fresh = make_app(database, str(tmp_path / "fresh"))
        health = fresh.test_client().get("/healthz").get_json()
    assert health["catalogue"]["revision"] == 1, "the last good revision is served"
    assert health["catalogue"]["refused_revisions"] == [2]
    assert "Revisie 2 is ongeldig en wordt niet gebruikt" in caplog.text
    dashboard = logged_in(fresh).get("/redactie/").get_data(as_text=True)
    assert "Niet gebruikte revisies" in dashboard
    assert "veld &#39;chair&#39;: verplicht veld ontbreekt" in dashboard


def test_a_broken_only_revision_falls_back_to_the_packaged_catalogue(database, tmp_path):
    app = make_app(database, str(tmp_path / "one"))
    with app.app_context():
        db.session.add(Revision(yaml_text="tables: [", sha256="f" * 64, note="hand"))
        db.session.commit()
    fresh = make_app(database, str(tmp_path / "two"))
    health = fresh.test_client().get("/healthz").get_json()
    assert health["catalogue"]["source"] == "het meegeleverde tables.yaml"
    assert health["catalogue"]["tables"] == 8
    assert fresh.test_client().get("/tafels/topx").status_code == 200


def test_a_database_without_its_tables_is_an_incident_and_a_report_keeps_its_text(tmp_path, caplog):
    """Reachable but empty (migrations not run): a fault of ours, not maintenance."""
    app = make_app(f"sqlite:///{tmp_path}/empty.sqlite3", str(tmp_path / "i"))
    client = app.test_client()
    form = {"email": "a@example.org", "password": "x" * 12, "message": "Een fout op de site."}
    form["csrf_token"] = token(client, "/melden")
    with app.app_context():
        db.drop_all()
    login = client.post("/redactie/inloggen", data=form)
    assert login.status_code == 500
    incident = login.get_data(as_text=True).split("kenmerk als u het meldt: ")[1][:12]
    assert f"Incident {incident}" in caplog.text and "OperationalError" in caplog.text
    report = client.post("/melden", data=form)
    assert report.status_code == 503
    assert "Een fout op de site." in report.get_data(as_text=True)
    assert "Melding niet opgeslagen" in caplog.text


def health(app) -> dict:
    response = app.test_client().get("/healthz")
    assert response.status_code == 200, "the public site can still serve"
    return response.get_json()


def test_healthz_notices_the_sqlite_file_moved_away_or_replaced(tmp_path):
    configured = tmp_path / "rdm.sqlite3"
    app = make_app(f"sqlite:///{configured}", str(tmp_path / "instance"))
    add_account(app)
    editor = logged_in(app)
    assert health(app)["database"] == "ok"
    configured.rename(tmp_path / "elders.sqlite3")
    moved = health(app)
    assert (moved["status"], moved["database"], moved["editors"]) == (
        "degraded",
        "replaced",
        "maintenance",
    ), "before the fix: ok, on the moved file"
    assert editor.get("/redactie/").status_code == 503, "no edit may go into the moved file"
    (tmp_path / "elders.sqlite3").rename(configured)
    assert health(app)["database"] == "ok", "back in place"
    copy = tmp_path / "kopie.sqlite3"
    copy.write_bytes(configured.read_bytes())
    copy.replace(configured)
    assert health(app)["database"] == "replaced", "another file at the same path"


def test_healthz_notices_a_database_without_the_editorial_tables(tmp_path):
    app = make_app(f"sqlite:///{tmp_path}/rdm.sqlite3", str(tmp_path / "instance"))
    with app.app_context():
        db.session.execute(text("DROP TABLE alembic_version"))
        db.session.commit()
    found = health(app)
    assert (found["status"], found["database"]) == ("degraded", "not migrated")
