"""RDM Twente: the overview of the Twente escalation tables, as a Flask app."""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import sys
import weakref
from pathlib import Path
from typing import NoReturn

from flask import Flask, url_for
from markupsafe import Markup
from sqlalchemy.engine import make_url
from werkzeug.middleware.proxy_fix import ProxyFix

from rdm import clock, live
from rdm.catalogue import CatalogueError, load_catalogue
from rdm.catalogue.changesets import load_changesets
from rdm.config import config_for_environment, read_environment
from rdm.extensions import babel, csrf, db, login_manager, migrate
from rdm.web import caching, security
from rdm.web.http import RdmRequest, refuse_oversized_streams
from rdm.web.language import local, page_language, plain, prose, select_locale, vary_on_language
from rdm.wegwijzer.wording import explain, explain_prose


def create_app(test_config: dict | None = None, instance_path: str | None = None) -> Flask:
    """Build the app: configuration, catalogue, extensions, blueprints and CLI."""
    instance_path = instance_path or os.environ.get("RDM_INSTANCE_PATH")
    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True)
    app.request_class = RdmRequest
    app.before_request(refuse_oversized_streams)
    app.config.from_object(config_for_environment())
    read_environment(app.config, os.environ)
    if test_config:
        app.config.from_mapping(test_config)
    Path(app.instance_path).mkdir(mode=0o700, parents=True, exist_ok=True)
    _check_today(app)
    _load_catalogue(app)
    _init_extensions(app)
    _register_models()
    _register_templates(app)
    _register_blueprints(app)
    _register_cli(app)
    _wrap_wsgi(app)
    return app


def _check_today(app: Flask) -> None:
    try:
        clock.day_of(app.config["TODAY"])
    except (TypeError, ValueError):
        raise SystemExit(
            f"RDM_TODAY={app.config['TODAY']!r} is geen datum; schrijf JJJJ-MM-DD of laat hem weg."
        ) from None


def _wrap_wsgi(app: Flask) -> None:
    """The trusted proxy's headers, read before anything else."""
    hops = app.config["TRUSTED_PROXIES"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def _load_catalogue(app: Flask) -> None:
    """Refuse to start on an invalid catalogue or release changeset, with the editor's
    messages and no traceback."""
    try:
        loaded = load_catalogue(app.config["CATALOGUE"], clock.day_of(app.config["TODAY"]))
    except CatalogueError as error:
        _refuse_to_start("De catalogus is ongeldig; de site start niet.", error)
    try:
        changesets = load_changesets(app.config["CATALOGUE_CHANGES"])
    except CatalogueError as error:
        _refuse_to_start("Een meegeleverde wijziging is ongeldig; de site start niet.", error)
    live.install(app, loaded, changesets)


def _refuse_to_start(reason: str, error: CatalogueError) -> NoReturn:
    lines = [reason, *(f"  {problem}" for problem in error.problems)]
    sys.stderr.write("\n".join(lines) + "\n")
    raise SystemExit(1) from None


def _init_extensions(app: Flask) -> None:
    if not app.config.get("SECRET_KEY") and app.config.get("INSTANCE_SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret_key(app)
    if not app.config.get("SECRET_KEY"):
        raise SystemExit("SECRET_KEY ontbreekt: zet de omgevingsvariabele SECRET_KEY.")
    database_url = app.config.get("SQLALCHEMY_DATABASE_URI")
    if not database_url:
        database_url = f"sqlite:///{Path(app.instance_path) / 'rdm.sqlite3'}"
    else:
        database_url = _with_driver(database_url)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = _engine_options(app, database_url)
    _private_database_file(app, database_url)
    db.init_app(app)
    _dispose_pools_after_fork(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    babel.init_app(app, locale_selector=select_locale)
    app.after_request(vary_on_language)
    security.init_app(app)
    caching.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.session_protection = "strong"


def _instance_secret_key(app: Flask) -> str:
    """Return the development key in the instance folder, made once (readable by us only)."""
    path = Path(app.instance_path) / "secret_key"
    if not path.exists():
        draft = path.with_name(f"secret_key.{os.getpid()}")
        draft.touch(mode=0o600)
        draft.write_text(secrets.token_hex(32), encoding="ascii")
        try:
            os.link(draft, path)  # atomic: of two processes starting together, one key wins
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text(encoding="ascii").strip()


def _private_database_file(app: Flask, database_url: str) -> None:
    """Create an SQLite file readable by us only (SQLite would make it 0644, and it holds
    password hashes and session tokens; its WAL files take its mode), and remember which
    file it is, so that /healthz notices when it is moved or replaced."""
    path = make_url(database_url).database
    if not database_url.startswith("sqlite") or path in (None, "", ":memory:"):
        return
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        pass
    except OSError:
        return  # e.g. its folder is missing: the database is unreachable, and says so
    opened = os.stat(path)
    app.extensions[live.DATABASE_FILE_KEY] = (path, (opened.st_dev, opened.st_ino))


def _engine_options(app: Flask, database_url: str) -> dict:
    """Connections are tested before use and give up quickly when the server is unreachable."""
    options = {"pool_pre_ping": True, **app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {})}
    if database_url.startswith("postgresql"):
        timeout = app.config["DATABASE_CONNECT_TIMEOUT"]
        options.setdefault("connect_args", {"connect_timeout": timeout})
    return options


def _dispose_pools_after_fork(app: Flask) -> None:
    """A forked gunicorn worker opens its own connections, never its parent's (preload_app)."""
    reference = weakref.ref(app)

    def dispose() -> None:
        forked = reference()
        if forked is not None:
            with forked.app_context():
                for engine in db.engines.values():
                    engine.dispose(close=False)

    os.register_at_fork(after_in_child=dispose)


def _with_driver(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs given without a driver (postgres:// or postgresql://)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def _register_templates(app: Flask) -> None:
    app.jinja_env.filters.update(
        local=local, plain=plain, prose=prose, explain=explain, explain_prose=explain_prose
    )
    app.jinja_env.globals.update(
        page_language=page_language,
        today=clock.today,
        wegwijzer_script=_script(app, "js/wegwijzer.js"),
        has_regiekaart=lambda: live.live().regie is not None,
        translation_note=lambda: live.live().catalogue.translation(page_language()),
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def _script(app: Flask, filename: str):
    """Return a template function writing the script tag of a static file, with the hash
    (Subresource Integrity) of the file as it is at start."""
    content = (Path(app.static_folder) / filename).read_bytes()
    integrity = "sha384-" + base64.b64encode(hashlib.sha384(content).digest()).decode("ascii")

    def tag() -> Markup:
        source = url_for("static", filename=filename)
        return Markup('<script src="{}" integrity="{}" defer></script>').format(source, integrity)

    return tag


def _register_models() -> None:
    from rdm import models  # noqa: F401  (the tables Alembic and SQLAlchemy must know)


def _register_blueprints(app: Flask) -> None:
    from rdm.api import views as api
    from rdm.overview import reports as feedback
    from rdm.overview import search_views as search
    from rdm.overview import views as directory
    from rdm.redactie import area as redactie
    from rdm.redactie.login import load_editor
    from rdm.regiekaart import views as regiekaart
    from rdm.web import errors, meta
    from rdm.wegwijzer import views as wizard

    login_manager.user_loader(load_editor)
    for module in (
        directory,
        wizard,
        regiekaart,
        search,
        api,
        feedback,
        meta,
        errors,
    ):
        app.register_blueprint(module.bp)
    app.register_blueprint(redactie.area())
    # The JSON API is stateless and uses no cookies: there is no session to forge.
    csrf.exempt(api.bp)


def _register_cli(app: Flask) -> None:
    from rdm.cli import rdm_cli

    app.cli.add_command(rdm_cli)
