"""Configuration is chosen by RDM_ENV; production refuses to run without a secret key."""

from __future__ import annotations

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
