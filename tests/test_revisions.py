"""Published revisions: migrations, every instance follows the newest, export, editor accounts."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import inspect

from rdm.config import PACKAGED_CATALOGUE
from rdm.extensions import db
from rdm.models import Editor, Revision

from .editor_helpers import make_app
from .test_editing import TRIAGE_CHAIR

PACKAGED = PACKAGED_CATALOGUE.read_text(encoding="utf-8")
CHANGED = PACKAGED.replace(
    "address: aanmelding@triagetafeltwente.nl", "address: nieuw@triagetafeltwente.nl"
)


@pytest.fixture
def app(database, tmp_path):
    return make_app(database, str(tmp_path / "one"))


def publish(app, text: str, note: str = "test") -> int:
    with app.app_context():
        revision = Revision.of(text, note, None)
        db.session.add(revision)
        db.session.commit()
        return revision.id


def test_migrations_create_the_editorial_tables(app):
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names())
    assert {"editor", "revision", "alembic_version"} <= tables


def test_without_revisions_the_packaged_catalogue_is_live(app):
    health = app.test_client().get("/healthz").get_json()
    assert health["catalogue"]["revision"] is None
    assert health["catalogue"]["source"] == "het meegeleverde tables.yaml"
    assert health["database"] == "ok"


class SteppedClock:
    """A refresh counter the test moves on by hand."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def __call__(self) -> float:
        return self.seconds


def test_a_revision_published_on_one_instance_is_live_on_another_within_the_interval(
    app, database, tmp_path
):
    clock = SteppedClock()
    other = make_app(database, str(tmp_path / "two"), CATALOGUE_REFRESH_SECONDS=2, MONOTONIC=clock)
    client = other.test_client()
    assert "aanmelding@triagetafeltwente.nl" in client.get("/tafels/triagetafel").get_data(
        as_text=True
    )
    number = publish(app, CHANGED)
    clock.seconds = 1.9
    page = client.get("/tafels/triagetafel").get_data(as_text=True)
    assert "aanmelding@triagetafeltwente.nl" in page, "within the interval: no look yet"
    clock.seconds = 2.0
    page = client.get("/tafels/triagetafel").get_data(as_text=True)
    assert "nieuw@triagetafeltwente.nl" in page and "aanmelding@triagetafeltwente.nl" not in page
    assert client.get("/healthz").get_json()["catalogue"]["revision"] == number
    results = other.test_client().get("/api/v1/search?q=nieuw").get_json()["results"]
    assert [r["table"] for r in results] == ["triagetafel"], "the search index follows"


def test_an_invalid_revision_never_goes_live(app, caplog):
    client = app.test_client()
    publish(app, CHANGED)
    assert "nieuw@triagetafeltwente.nl" in client.get("/tafels/triagetafel").get_data(as_text=True)
    broken = publish(app, CHANGED.replace(TRIAGE_CHAIR, ""))
    with caplog.at_level(logging.ERROR):
        page = client.get("/tafels/triagetafel").get_data(as_text=True)
    assert "nieuw@triagetafeltwente.nl" in page, "the last good revision stays live"
    assert f"Revisie {broken} is ongeldig" in caplog.text
    assert "veld 'chair': verplicht veld ontbreekt" in caplog.text


def test_export_writes_the_live_yaml_byte_for_byte(app, tmp_path):
    runner = app.test_cli_runner()
    out = tmp_path / "export.yaml"
    assert runner.invoke(args=["rdm", "export", "-o", str(out)]).exit_code == 0
    assert out.read_bytes() == PACKAGED_CATALOGUE.read_bytes()
    publish(app, CHANGED)
    result = runner.invoke(args=["rdm", "export"])
    assert result.exit_code == 0 and result.output == CHANGED


def test_create_editor_hashes_with_scrypt_and_has_no_default_account(app):
    runner = app.test_cli_runner()
    with app.app_context():
        assert db.session.query(Editor).count() == 0
    result = runner.invoke(
        args=["rdm", "create-editor", "Redactie@Example.org", "--name", "Redactie"],
        input="een lang wachtwoord\neen lang wachtwoord\n",
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        editor = db.session.query(Editor).one()
    assert editor.email == "redactie@example.org"
    assert editor.password_hash.startswith("scrypt:")
    assert "een lang wachtwoord" not in editor.password_hash


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("a@example.org", "te kort", "Een wachtwoord heeft 12 tot 128 tekens."),
        ("a@example.org", "x" * 129, "Een wachtwoord heeft 12 tot 128 tekens."),
        ("geen-adres", "een lang wachtwoord", "Dat is geen geldig e-mailadres."),
    ],
)
def test_create_editor_refuses_with_a_reason(app, email, password, message):
    result = app.test_cli_runner().invoke(
        args=["rdm", "create-editor", email, "--name", "X", "--password", password]
    )
    assert result.exit_code == 1
    assert message in result.output


def test_an_email_address_has_one_account(app):
    runner = app.test_cli_runner()
    args = [
        "rdm",
        "create-editor",
        "a@example.org",
        "--name",
        "A",
        "--password",
        "een lang wachtwoord",
    ]
    assert runner.invoke(args=args).exit_code == 0
    result = runner.invoke(args=args)
    assert result.exit_code == 1 and "Er is al een redacteur met a@example.org." in result.output


def test_a_new_instance_serves_the_last_valid_revision_when_the_newest_is_broken(
    app, database, tmp_path
):
    publish(app, CHANGED)
    publish(app, CHANGED.replace(TRIAGE_CHAIR, ""))
    fresh = make_app(database, str(tmp_path / "fresh"))
    page = fresh.test_client().get("/tafels/triagetafel").get_data(as_text=True)
    assert "nieuw@triagetafeltwente.nl" in page
    assert fresh.test_client().get("/healthz").get_json()["catalogue"]["revision"] == 1


def test_the_migrations_build_exactly_the_models_tables(app):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with app.app_context(), db.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), db.metadata) == []
