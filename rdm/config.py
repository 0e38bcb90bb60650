"""Configuration: defaults per environment (chosen by RDM_ENV), then the environment.

The factory reads every ``RDM_*`` variable into the setting of the same name without the
prefix (``RDM_TRUSTED_PROXIES=1`` → ``TRUSTED_PROXIES = 1``; values are read as JSON where
they can be, so numbers are numbers), plus ``SECRET_KEY`` and ``DATABASE_URL``; then it
checks the types of the settings below once, so a wrong value stops the start with a clear
message instead of failing on some later request.
"""

import os
from pathlib import Path

PACKAGED_CATALOGUE = Path(__file__).parent / "data" / "tables.yaml"
# Content changes shipped with a release, offered to the editors of a live site.
PACKAGED_CHANGES = Path(__file__).parent / "data" / "changes"


class Config:
    """Defaults for every environment; RDM_<NAME> in the environment overrides <NAME>."""

    SECRET_KEY = None
    # None means: the embedded SQLite database in the instance folder (set by the factory).
    SQLALCHEMY_DATABASE_URI = None
    CATALOGUE = str(PACKAGED_CATALOGUE)
    CATALOGUE_CHANGES = str(PACKAGED_CHANGES)
    # Seconds to wait for a PostgreSQL connection before the editors' area says "maintenance".
    DATABASE_CONNECT_TIMEOUT = 3
    LANGUAGES = ("nl", "en")
    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    MAX_CONTENT_LENGTH = 64 * 1024
    # Editors may upload a whole catalogue (about 150 KB now; the validator refuses over 1 MB).
    EDITOR_MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Flask-Login never sets a remember cookie here, but clears one under strong protection.
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    SEARCH_QUERY_MAX_LENGTH = 200
    # Public reports (the "meld een fout" forms) per client address per hour.
    REPORTS_PER_HOUR = 5
    # Proxies in front of the app whose X-Forwarded-For/-Proto/-Host are trusted (0: none).
    TRUSTED_PROXIES = 0
    # Seconds browsers and the proxy in front may keep an overview page (at most 60).
    PUBLIC_MAX_AGE = 60
    # How often an instance looks for a newly published catalogue revision.
    CATALOGUE_REFRESH_SECONDS = 2.0
    # /.well-known/security.txt: where to report a vulnerability (mailto: or https:), and until
    # when the file holds (ISO 8601, at most a year ahead). Without a contact the site's own
    # report form is named; without a date the file holds for 180 days from the start.
    SECURITY_CONTACT = None
    SECURITY_TXT_EXPIRES = None
    # The day the app takes as today: None for the real date, or an ISO date (see rdm/clock.py).
    TODAY = None
    # The counter the catalogue refresh runs on: None for time.monotonic (tests step their own).
    MONOTONIC = None
    # A form token lasts as long as the browser session: a professional may pause mid-wizard.
    WTF_CSRF_TIME_LIMIT = None


class DevelopmentConfig(Config):
    """`make run`: without SECRET_KEY, a random key kept in the instance folder.

    Kept in a file (not made per process) so that every gunicorn worker signs alike.
    """

    INSTANCE_SECRET_KEY = True


class TestConfig(Config):
    """RDM_ENV=test: testing, an in-memory SQLite database, the packaged catalogue, no CSRF.

    The test suite's fixtures do not use it: they pass their settings to create_app().
    """

    TESTING = True
    SECRET_KEY = "test-secret-key"
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    CATALOGUE = str(PACKAGED_CATALOGUE)
    WTF_CSRF_ENABLED = False


class ProductionConfig(Config):
    """Behind gunicorn: secure cookies; SECRET_KEY must come from the environment."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"


# The settings a wrong environment value would break later, and the types they must have.
NUMBERS = {
    "DATABASE_CONNECT_TIMEOUT": int,
    "REPORTS_PER_HOUR": int,
    "TRUSTED_PROXIES": int,
    "PUBLIC_MAX_AGE": int,
    "CATALOGUE_REFRESH_SECONDS": (int, float),
}
# Unprefixed variables the hosting world sets, and the settings they fill.
PLAIN_VARIABLES = {"SECRET_KEY": "SECRET_KEY", "DATABASE_URL": "SQLALCHEMY_DATABASE_URI"}


def read_environment(config, environ) -> None:
    """Override `config` from the environment: RDM_<NAME> (as JSON where it parses), then
    SECRET_KEY and DATABASE_URL; stop with a message naming a variable of the wrong type."""
    config.from_prefixed_env("RDM")
    for variable, setting in PLAIN_VARIABLES.items():
        if environ.get(variable):
            config[setting] = environ[variable]
    for setting, kind in NUMBERS.items():
        value = config[setting]
        if isinstance(value, bool) or not isinstance(value, kind):
            raise SystemExit(f"RDM_{setting}={value!r} is geen getal.")


CONFIGS = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
    "test": TestConfig,
}


def config_for_environment() -> type[Config]:
    """Return the configuration class named by RDM_ENV (default: development)."""
    name = os.environ.get("RDM_ENV", "development")
    if name not in CONFIGS:
        raise SystemExit(f"RDM_ENV={name!r} is onbekend; kies uit: {', '.join(CONFIGS)}")
    return CONFIGS[name]
