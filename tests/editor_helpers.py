"""An editor at a browser: a migrated app, an account, and form posts with their CSRF token."""

from __future__ import annotations

from bs4 import BeautifulSoup
from flask_migrate import upgrade

from rdm import create_app
from rdm.redactie.accounts import add_editor

from .conftest import APPS_ON_DATABASE

PASSWORD = "een heel lang wachtwoord"


def make_app(database: str, instance: str, **config):
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": database, "CATALOGUE_REFRESH_SECONDS": 0, **config},
        instance_path=instance,
    )
    with app.app_context():
        upgrade()
    APPS_ON_DATABASE.append(app)
    return app


def add_account(app, email: str = "redactie@example.org", name: str = "Rianne Redactie") -> None:
    with app.app_context():
        add_editor(email, name, PASSWORD)


def token(client, url: str = "/wegwijzer/") -> str:
    page = BeautifulSoup(client.get(url).get_data(as_text=True), "html.parser")
    return page.select_one("input[name=csrf_token]")["value"]


def logged_in(app, email: str = "redactie@example.org"):
    client = app.test_client()
    data = {"email": email, "password": PASSWORD, "csrf_token": token(client, "/redactie/inloggen")}
    assert client.post("/redactie/inloggen", data=data).status_code == 302
    return client


def form_data(form) -> dict:
    """Return what a browser would send for a parsed <form>: values, first options, ticked boxes."""
    data: dict = {}
    for field in form.select("input, textarea, select"):
        name = field.get("name")
        if not name:
            continue
        if field.name == "textarea":
            data[name] = field.get_text().removeprefix("\r\n")
        elif field.name == "select":
            chosen = field.select_one("option[selected]") or field.select_one("option")
            data[name] = chosen["value"] if chosen else ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "y"))
        elif field.get("type") != "submit":
            data[name] = field.get("value", "")
    return data
