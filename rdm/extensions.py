"""Flask extensions, created unbound and bound to the app in create_app()."""

import sqlite3

from flask import current_app, session
from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import event
from sqlalchemy.engine import Engine


class RdmLoginManager(LoginManager):
    """Flask-Login, with session protection for signed-in sessions only, and flagged cookies.

    Flask-Login's strong protection also fires for a visitor whose session holds only a
    form's CSRF token, clearing a remember cookie on every response; here it guards the
    sessions of editors. Its clearing of `remember_token` carries the cookie flags (Secure,
    HttpOnly, SameSite) like every other cookie of the site.
    """

    def _session_protection_failed(self):
        if "_user_id" not in session:
            return False
        return super()._session_protection_failed()

    def _clear_cookie(self, response):
        config = current_app.config
        response.delete_cookie(
            config.get("REMEMBER_COOKIE_NAME", "remember_token"),
            domain=config.get("REMEMBER_COOKIE_DOMAIN"),
            path=config.get("REMEMBER_COOKIE_PATH", "/"),
            secure=config.get("REMEMBER_COOKIE_SECURE", False),
            httponly=config.get("REMEMBER_COOKIE_HTTPONLY", True),
            samesite=config.get("REMEMBER_COOKIE_SAMESITE"),
        )


db = SQLAlchemy()
migrate = Migrate()
babel = Babel()
csrf = CSRFProtect()
login_manager = RdmLoginManager()


@event.listens_for(Engine, "connect")
def _sqlite_for_several_workers(connection, _record) -> None:
    """SQLite (the embedded default) in write-ahead-log mode: readers never wait for the
    writer, and a commit costs one write instead of a journal and a write."""
    if isinstance(connection, sqlite3.Connection):
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
