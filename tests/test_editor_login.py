"""The editors' login: accounts, CSRF, throttling across instances, and a logout that ends it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

from rdm.config import ProductionConfig
from rdm.extensions import db
from rdm.models import LoginFailure, utcnow
from rdm.redactie.accounts import add_editor

from .conftest import check_page
from .editor_helpers import make_app

PASSWORD = "een heel lang wachtwoord"


@pytest.fixture
def app(database, tmp_path):
    app = make_app(database, str(tmp_path / "one"))
    with app.app_context():
        add_editor("redactie@example.org", "Rianne Redactie", PASSWORD)
    return app


def login(client, email="redactie@example.org", password=PASSWORD, ip="127.0.0.1", token=True):
    page = BeautifulSoup(client.get("/redactie/inloggen").get_data(as_text=True), "html.parser")
    data = {"email": email, "password": password}
    if token:
        data["csrf_token"] = page.select_one("input[name=csrf_token]")["value"]
    return client.post("/redactie/inloggen", data=data, environ_base={"REMOTE_ADDR": ip})


def test_the_login_page(app):
    response = app.test_client().get("/redactie/inloggen")
    assert response.headers["Cache-Control"] == "no-store"
    page = check_page(response.get_data(as_text=True))
    assert page.select_one("label[for=email]") and page.select_one("label[for=password]")
    assert page.select_one("input[name=password]")["autocomplete"] == "current-password"


def test_the_dashboard_needs_a_login(app):
    response = app.test_client().get("/redactie/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/redactie/inloggen?next=/redactie/"


def test_a_correct_login_opens_the_dashboard_with_safe_cookies(app):
    client = app.test_client()
    response = login(client)
    assert response.status_code == 302 and response.headers["Location"] == "/redactie/"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = check_page(client.get("/redactie/").get_data(as_text=True))
    assert "Ingelogd als Rianne Redactie." in page.get_text()
    assert ProductionConfig.SESSION_COOKIE_SECURE is True


def test_a_wrong_password_is_refused_and_counted(app):
    client = app.test_client()
    response = login(client, password="niet het goede wachtwoord")
    assert response.status_code == 400
    assert "Het e-mailadres of het wachtwoord klopt niet." in response.get_data(as_text=True)
    assert client.get("/redactie/").status_code == 302
    with app.app_context():
        assert db.session.query(LoginFailure).count() == 1


def test_a_login_without_the_form_token_is_refused(app):
    client = app.test_client()
    assert login(client, token=False).status_code == 400
    assert client.get("/redactie/").status_code == 302


def test_the_next_page_after_login_stays_on_this_site(app):
    client = app.test_client()
    page = BeautifulSoup(client.get("/redactie/inloggen").get_data(as_text=True), "html.parser")
    data = {"email": "redactie@example.org", "password": PASSWORD}
    data["csrf_token"] = page.select_one("input[name=csrf_token]")["value"]
    response = client.post("/redactie/inloggen?next=//evil.example/", data=data)
    assert response.headers["Location"] == "/"


def flashed(client, ip="198.51.100.7") -> str:
    response = client.get("/redactie/", environ_base={"REMOTE_ADDR": ip})
    page = check_page(response.get_data(as_text=True))
    return " ".join(p.get_text() for p in page.select(".flash p"))


def test_fifty_failures_from_other_addresses_do_not_lock_the_editor_out(app):
    client = app.test_client()
    for attempt in range(50):
        assert login(client, password="fout", ip=f"192.0.2.{attempt}").status_code == 400
    editor = app.test_client()
    assert login(editor, ip="198.51.100.7").status_code == 302, "before the fix: 429"
    told = flashed(editor)
    assert "Sinds uw vorige inlog is 50 keer tevergeefs geprobeerd" in told
    assert f"het laatst op {dt.datetime.now(ZoneInfo('Europe/Amsterdam')):%d-%m-%Y}" in told
    assert flashed(editor) == "", "told once"
    again = app.test_client()
    assert login(again, ip="198.51.100.7").status_code == 302
    assert flashed(again) == "", "the count starts again"


def test_an_account_under_attack_gets_three_tries_per_address(app):
    client = app.test_client()
    for attempt in range(11):
        assert login(client, password="fout", ip=f"192.0.2.{attempt}").status_code == 400
    for _ in range(3):
        assert login(client, password="fout", ip="203.0.113.1").status_code == 400
    assert login(client, ip="203.0.113.1").status_code == 429, "even the right password"
    assert client.get("/redactie/").status_code == 302
    editor = app.test_client()
    assert login(editor, password="fout", ip="198.51.100.7").status_code == 400
    assert login(editor, ip="198.51.100.7").status_code == 302, "the editor may mistype once"
    assert "16 keer tevergeefs" in flashed(editor)


def test_a_guesser_at_one_account_from_one_address_is_stopped(app):
    client = app.test_client()
    for _ in range(10):
        assert login(client, password="fout", ip="192.0.2.1").status_code == 400
    assert login(client, password="fout", ip="192.0.2.1").status_code == 429
    assert login(client, ip="192.0.2.1").status_code == 429
    assert login(app.test_client(), ip="198.51.100.7").status_code == 302, "another address may"


def test_the_eleventh_failure_from_one_address_gets_429(app):
    client = app.test_client()
    for attempt in range(10):
        assert (
            login(client, email=f"iemand{attempt}@example.org", password="fout").status_code == 400
        )
    response = login(client)
    assert response.status_code == 429
    assert "Te veel mislukte pogingen" in response.get_data(as_text=True)
    assert login(app.test_client(), ip="203.0.113.9").status_code == 302, "another address may"


def test_the_throttle_holds_across_instances(app, database, tmp_path):
    other = make_app(database, str(tmp_path / "two"))
    for _ in range(5):
        assert login(app.test_client(), password="fout").status_code == 400
        assert login(other.test_client(), password="fout").status_code == 400
    assert login(app.test_client()).status_code == 429
    assert login(other.test_client()).status_code == 429


def test_failures_older_than_15_minutes_do_not_count(app):
    with app.app_context():
        old = utcnow() - dt.timedelta(minutes=16)
        db.session.add_all(
            LoginFailure(account="redactie@example.org", address="x", at=old) for _ in range(10)
        )
        db.session.commit()
    assert login(app.test_client()).status_code == 302


def test_logout_ends_the_session_even_for_a_copied_cookie(app):
    client = app.test_client()
    login(client)
    stolen = client.get_cookie("session").value
    page = BeautifulSoup(client.get("/redactie/").get_data(as_text=True), "html.parser")
    token = page.select_one("form[action='/redactie/uitloggen'] input[name=csrf_token]")["value"]
    assert client.post("/redactie/uitloggen", data={"csrf_token": token}).status_code == 302
    assert client.get("/redactie/").status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    assert replay.get("/redactie/").status_code == 302, "the old cookie no longer works"


def test_a_logged_out_post_with_a_valid_token_gets_the_login_with_its_work_kept(app):
    client = app.test_client()
    data = {"csrf_token": login_token(client), "yaml": "x", "note": "x", "base": "x"}
    for url in ("/redactie/publiceren", "/redactie/voorbeeld", "/redactie/gecontroleerd/topx"):
        response = client.post(url, data=data)
        assert response.status_code == 401
        form = check_page(response.get_data(as_text=True)).select_one("form.login-form")
        assert form["action"] == f"/redactie/inloggen?next={url}"
        kept = {i["name"]: i["value"] for i in form.select("input[name^='kept:']")}
        assert kept == {"kept:yaml": "x", "kept:note": "x", "kept:base": "x"}


def login_token(client) -> str:
    page = BeautifulSoup(client.get("/redactie/inloggen").get_data(as_text=True), "html.parser")
    return page.select_one("input[name=csrf_token]")["value"]


def test_control_characters_are_refused_not_a_server_error(app):
    response = login(app.test_client(), email="redactie\x00@example.org")
    assert response.status_code == 400
    assert "tekens die niet zijn toegestaan" in response.get_data(as_text=True)


def test_the_session_cookie_is_secure_in_production(database, tmp_path):
    app = make_app(database, str(tmp_path / "prod"), SESSION_COOKIE_SECURE=True)
    with app.app_context():
        add_editor("p@example.org", "P", PASSWORD)
    response = login(app.test_client(), email="p@example.org")
    assert "Secure" in response.headers["Set-Cookie"]


def test_behind_a_trusted_proxy_the_client_address_is_throttled(database, tmp_path):
    app = make_app(database, str(tmp_path / "proxy"), TRUSTED_PROXIES=1)
    client = app.test_client()
    for n in range(10):
        headers = {"X-Forwarded-For": "198.51.100.1"}
        page = BeautifulSoup(client.get("/redactie/inloggen").get_data(as_text=True), "html.parser")
        data = {
            "email": f"x{n}@example.org",
            "password": "fout",
            "csrf_token": page.select_one("input[name=csrf_token]")["value"],
        }
        assert client.post("/redactie/inloggen", data=data, headers=headers).status_code == 400
    with app.app_context():
        add_editor("q@example.org", "Q", PASSWORD)
    other = app.test_client()
    page = BeautifulSoup(other.get("/redactie/inloggen").get_data(as_text=True), "html.parser")
    data = {
        "email": "q@example.org",
        "password": PASSWORD,
        "csrf_token": page.select_one("input[name=csrf_token]")["value"],
    }
    response = other.post(
        "/redactie/inloggen", data=data, headers={"X-Forwarded-For": "203.0.113.5"}
    )
    assert response.status_code == 302, "another client behind the same proxy is not locked out"
