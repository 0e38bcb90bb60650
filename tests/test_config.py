"""Configuration: defaults chosen by RDM_ENV, then RDM_* variables, read once by the factory."""

from __future__ import annotations

import os
import stat

import pytest

from rdm import create_app


@pytest.fixture
def environment(monkeypatch, tmp_path):
    """A clean environment for create_app(): only what a test sets."""
    for name in list(os.environ):
        if name.startswith("RDM_") or name in ("SECRET_KEY", "DATABASE_URL"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("RDM_INSTANCE_PATH", str(tmp_path / "instance"))
    return monkeypatch


def refusal(message: str) -> str:
    with pytest.raises(SystemExit) as stopped:
        create_app()
    assert isinstance(stopped.value.code, str), "a message, not a traceback"
    assert message in stopped.value.code
    return stopped.value.code


def test_production_without_a_secret_key_refuses_to_start(environment):
    environment.setenv("RDM_ENV", "production")
    refusal("SECRET_KEY ontbreekt")


def test_production_takes_its_secret_key_and_database_from_the_environment(environment, tmp_path):
    environment.setenv("RDM_ENV", "production")
    environment.setenv("SECRET_KEY", "x" * 32)
    environment.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/db")
    app = create_app()
    assert app.config["SECRET_KEY"] == "x" * 32
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/db"
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_an_unknown_environment_is_named(environment):
    environment.setenv("RDM_ENV", "staging")
    refusal("RDM_ENV='staging' is onbekend")


def test_rdm_variables_set_their_settings_with_their_types(environment, tmp_path):
    environment.setenv("RDM_TRUSTED_PROXIES", "1")
    environment.setenv("RDM_CATALOGUE_REFRESH_SECONDS", "0.5")
    environment.setenv("RDM_SECURITY_CONTACT", "mailto:security@example.org")
    environment.setenv("RDM_TODAY", "2029-12-03")
    app = create_app()
    assert app.config["TRUSTED_PROXIES"] == 1
    assert app.config["CATALOGUE_REFRESH_SECONDS"] == 0.5
    assert app.config["SECURITY_CONTACT"] == "mailto:security@example.org"
    assert app.instance_path == str(tmp_path / "instance")
    with app.test_request_context():
        from rdm import clock

        assert clock.today().isoformat() == "2029-12-03"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("RDM_TRUSTED_PROXIES", "één", "RDM_TRUSTED_PROXIES='één' is geen getal."),
        ("RDM_PUBLIC_MAX_AGE", "true", "RDM_PUBLIC_MAX_AGE=True is geen getal."),
        ("RDM_CATALOGUE_REFRESH_SECONDS", "[]", "RDM_CATALOGUE_REFRESH_SECONDS=[] is geen getal."),
        ("RDM_TODAY", "morgen", "RDM_TODAY='morgen' is geen datum"),
    ],
)
def test_a_wrong_value_stops_the_start_with_its_name(environment, variable, value, message):
    environment.setenv(variable, value)
    assert refusal(message)


def test_the_embedded_default_database_lives_in_the_instance_folder(app):
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite://"
    default = create_app({"SQLALCHEMY_DATABASE_URI": None}, instance_path=str(app.instance_path))
    assert (
        default.config["SQLALCHEMY_DATABASE_URI"]
        == f"sqlite:///{default.instance_path}/rdm.sqlite3"
    )


def test_the_instance_folder_and_the_database_file_are_readable_by_us_only(tmp_path):
    """The SQLite file holds password hashes and session tokens."""
    from flask_migrate import upgrade

    from rdm.redactie.accounts import add_editor

    instance = tmp_path / "instance"
    usual = os.umask(0o022)
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": None}, instance_path=str(instance))
        with app.app_context():
            upgrade()
            add_editor("redactie@example.org", "Rianne Redactie", "een heel lang wachtwoord")
            modes = {
                path.name: stat.S_IMODE(path.stat().st_mode)
                for path in (instance, *instance.glob("rdm.sqlite3*"))
            }
    finally:
        os.umask(usual)
    assert modes == {
        "instance": 0o700,
        "rdm.sqlite3": 0o600,
        "rdm.sqlite3-wal": 0o600,
        "rdm.sqlite3-shm": 0o600,
    }, "before the fix: 0755 and 0644"
