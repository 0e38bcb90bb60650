"""Configuration is chosen by RDM_ENV; production refuses to run without a secret key."""

from __future__ import annotations

import os
import stat
import subprocess
import sys


def start(env: dict, instance: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from rdm import create_app; create_app()"],
        env={"PATH": "/usr/bin:/bin", "RDM_INSTANCE_PATH": instance, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_without_a_secret_key_refuses_to_start(tmp_path):
    result = start({"RDM_ENV": "production"}, str(tmp_path))
    assert result.returncode == 1
    assert "SECRET_KEY ontbreekt" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_with_a_secret_key_starts(tmp_path):
    result = start(
        {
            "RDM_ENV": "production",
            "SECRET_KEY": "x" * 32,
            "DATABASE_URL": f"sqlite:///{tmp_path}/db",
        },
        str(tmp_path),
    )
    assert result.returncode == 0, result.stderr


def test_an_unknown_environment_is_named(tmp_path):
    result = start({"RDM_ENV": "staging"}, str(tmp_path))
    assert result.returncode == 1
    assert "RDM_ENV='staging' is onbekend" in result.stderr


def test_the_embedded_default_database_lives_in_the_instance_folder(app):
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite://"
    from rdm import create_app

    default = create_app({"SQLALCHEMY_DATABASE_URI": None}, instance_path=str(app.instance_path))
    assert (
        default.config["SQLALCHEMY_DATABASE_URI"]
        == f"sqlite:///{default.instance_path}/rdm.sqlite3"
    )


def test_the_instance_folder_and_the_database_file_are_readable_by_us_only(tmp_path):
    """The SQLite file holds password hashes and session tokens."""
    from flask_migrate import upgrade

    from rdm import create_app
    from rdm.editors import add_editor

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
