"""PostgreSQL backup and restore as deploy/README.md describes it: dump, drop, restore, and
every revision and report is back (PostgreSQL only: CI runs it; SQLite is a copied file)."""

from __future__ import annotations

import subprocess

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from rdm.config import PACKAGED_CATALOGUE
from rdm.extensions import db
from rdm.models import Editor, Feedback, Revision

from .conftest import POSTGRES, _close_pools, _drop_database, empty_database
from .editor_helpers import add_account, make_app

PACKAGED = PACKAGED_CATALOGUE.read_text(encoding="utf-8")


def rows(app) -> dict[str, list[tuple]]:
    with app.app_context():
        return {
            "revisions": [
                (r.id, r.sha256, r.note, r.yaml_text)
                for r in db.session.query(Revision).order_by(Revision.id)
            ],
            "reports": [
                (f.id, f.table_slug, f.message, f.resolved_at)
                for f in db.session.query(Feedback).order_by(Feedback.id)
            ],
            "editors": [(e.id, e.email) for e in db.session.query(Editor).order_by(Editor.id)],
        }


@pytest.mark.parametrize("backend", ["postgresql"] if POSTGRES else [])
def test_a_dump_restores_every_revision_and_report(backend, tmp_path):
    with empty_database(backend, tmp_path) as url:
        app = make_app(url, str(tmp_path / "instance"))
        add_account(app)
        with app.app_context():
            editor = db.session.query(Editor).one()
            for n in range(3):
                changed = PACKAGED.replace("aanmelding@triagetafeltwente.nl", f"a{n}@example.org")
                db.session.add(Revision.of(changed, f"Wijziging {n}", editor))
            db.session.add(Feedback(table_slug="topx", message="Het adres is veranderd."))
            db.session.add(Feedback(table_slug="p10-mobiel-team", message="Tarief klopt niet?"))
            db.session.commit()
        before = rows(app)
        assert len(before["revisions"]) == 3 and len(before["reports"]) == 2

        server = make_url(url)
        name = server.database
        libpq = server.set(drivername="postgresql").render_as_string(hide_password=False)
        dump = tmp_path / "rdm.dump"
        subprocess.run(["pg_dump", "-Fc", "-d", libpq, "-f", str(dump)], check=True)
        _close_pools()
        admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
        try:
            _drop_database(admin, name)
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        finally:
            admin.dispose()
        fresh = create_engine(server)
        try:
            with fresh.connect() as connection:
                tables = "SELECT count(*) FROM information_schema.tables"
                public = connection.execute(text(tables + " WHERE table_schema = 'public'"))
                assert public.scalar() == 0, "dropped and made anew: empty"
        finally:
            fresh.dispose()
        subprocess.run(["pg_restore", "--no-owner", "-d", libpq, str(dump)], check=True)
        restored = make_app(url, str(tmp_path / "restored"))
        assert rows(restored) == before
        page = restored.test_client().get("/healthz")
        assert page.status_code == 200 and page.get_json()["catalogue"]["revision"] == 3
