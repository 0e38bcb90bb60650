"""A session that ended: the login page, then back where the editor was, with the work kept."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest

from rdm.extensions import db
from rdm.models import Editor
from rdm.web.meta import same_site_path

from .conftest import check_page, normalize_spaces
from .editor_helpers import PASSWORD, form_data, logged_in, token

OLD_MAIL = "aanmelding@triagetafeltwente.nl"
NEW_MAIL = "nieuw@triagetafeltwente.nl"


@pytest.fixture
def app(editor_app):
    return editor_app


def page_of(response, status: int):
    assert response.status_code == status, response.get_data(as_text=True)[:400]
    return check_page(response.get_data(as_text=True))


def edited_entry(client) -> dict:
    """The YAML editor's form for one table as the browser sends it, with a changed address."""
    form = check_page(client.get("/redactie/bewerken/triagetafel").get_data(as_text=True))
    data = form_data(form.select_one("form[action='/redactie/voorbeeld']"))
    data["yaml"] = data["yaml"].replace(OLD_MAIL, NEW_MAIL)
    return data


def log_out(client) -> None:
    """Log out as another tab of the same browser does: the session cookie is emptied."""
    data = {"csrf_token": token(client, "/redactie/")}
    assert client.post("/redactie/uitloggen", data=data).status_code == 302


def log_in_again(client, page, email: str = "redactie@example.org", password: str = PASSWORD):
    """Fill in the login form of `page` as a browser does, hidden fields and all."""
    form = page.select_one("form.login-form")
    data = {**form_data(form), "email": email, "password": password}
    return client.post(form["action"], data=data)


def send(client, page):
    form = page.select_one("main form")
    return client.post(form["action"], data=form_data(form))


@pytest.mark.parametrize("how", ["logged out in another tab", "session ended elsewhere"])
def test_a_yaml_edit_sent_after_the_session_ended_is_kept_through_the_login(app, how):
    client = logged_in(app)
    data = edited_entry(client)
    if how == "logged out in another tab":
        log_out(client)
        status = 400  # the form's token belonged to the session that ended
    else:
        with app.app_context():  # e.g. a new password set in another browser
            db.session.query(Editor).one().end_sessions()
            db.session.commit()
        status = 401
    page = page_of(client.post("/redactie/voorbeeld", data=data), status)
    assert "Dit verzoek kan niet worden verwerkt" not in page.get_text()
    assert page.h1.get_text() == "Inloggen voor de redactie"
    assert "Wat u had ingevuld is bewaard" in normalize_spaces(
        page.select_one(".notice").get_text()
    )
    form = page.select_one("form.login-form")
    assert form["action"] == "/redactie/inloggen?next=/redactie/voorbeeld", "no work in the URL"
    kept = form.select_one("input[name='kept:yaml']")
    assert kept["type"] == "hidden" and NEW_MAIL in kept["value"]

    again = page_of(log_in_again(client, page), 200)
    assert again.h1.get_text() == "Ga verder waar u was"
    assert again.select_one("main form")["action"] == "/redactie/voorbeeld"
    preview = page_of(send(client, again), 200)
    assert preview.h1.get_text() == "Voorbeeld van de wijziging"
    assert NEW_MAIL in preview.select_one(".diff__add").get_text()


def test_the_table_form_is_kept_with_every_field_and_repeated_name(app):
    client = logged_in(app)
    page = check_page(client.get("/redactie/formulier/topx").get_data(as_text=True))
    data = form_data(page.select_one("form.table-form"))
    changed = {name: value for name, value in data.items() if isinstance(value, str)}
    name_nl = next(name for name in changed if name.endswith("nl") and changed[name])
    changed[name_nl] = "Een nieuwe naam"
    ticked = {name: value for name, value in data.items() if isinstance(value, list)}
    log_out(client)
    login = page_of(client.post("/redactie/formulier/topx", data={**changed, **ticked}), 400)
    kept = login.select("form.login-form input[name^='kept:']")
    sent = sum(len(v) if isinstance(v, list) else 1 for k, v in {**changed, **ticked}.items())
    assert len(kept) == sent - 1, "every field but the old token"
    again = page_of(log_in_again(client, login), 200)
    form = page_of(send(client, again), 200)
    assert form.h1.get_text() == "Voorbeeld van de wijziging"
    assert "Een nieuwe naam" in form.get_text()


def test_a_wrong_password_keeps_the_work_for_the_next_try(app):
    client = logged_in(app)
    data = edited_entry(client)
    log_out(client)
    page = page_of(client.post("/redactie/voorbeeld", data=data), 400)
    wrong = page_of(log_in_again(client, page, password="niet het wachtwoord"), 400)
    assert "klopt niet" in wrong.select_one(".error-summary").get_text()
    assert NEW_MAIL in wrong.select_one("input[name='kept:yaml']")["value"]
    assert wrong.select_one("form.login-form")["action"].endswith("next=/redactie/voorbeeld")
    again = page_of(log_in_again(client, wrong), 200)
    assert NEW_MAIL in again.select_one("main form input[name=yaml]")["value"]


def test_an_expired_login_form_keeps_the_work_too(app):
    client = logged_in(app)
    data = edited_entry(client)
    log_out(client)
    page = page_of(client.post("/redactie/voorbeeld", data=data), 400)
    client.delete_cookie("session")  # e.g. the browser was closed and opened again
    form = {**form_data(page.select_one("form.login-form")), "email": "redactie@example.org"}
    expired = page_of(client.post("/redactie/inloggen?next=/redactie/voorbeeld", data=form), 400)
    assert "Deze pagina was verlopen" in expired.select_one(".error-summary").get_text()
    assert "Dit verzoek kan niet worden verwerkt" not in expired.get_text()
    assert NEW_MAIL in expired.select_one("input[name='kept:yaml']")["value"]
    assert page_of(log_in_again(client, expired), 200).h1.get_text() == "Ga verder waar u was"


def test_a_stale_form_of_a_logged_in_editor_is_sent_again_with_a_new_token(app):
    client = logged_in(app)
    data = edited_entry(client)
    log_out(client)
    logged_in_again = logged_in(app)
    client.set_cookie("session", logged_in_again.get_cookie("session").value)
    again = page_of(client.post("/redactie/voorbeeld", data=data), 400)
    assert again.h1.get_text() == "Ga verder waar u was"
    assert page_of(send(client, again), 200).h1.get_text() == "Voorbeeld van de wijziging"


def test_a_chosen_file_cannot_be_kept_and_the_page_says_so(app):
    client = logged_in(app)
    data = {**edited_entry(client), "upload": (io.BytesIO(b"tables: []\n"), "tables.yaml")}
    log_out(client)
    response = client.post("/redactie/voorbeeld", data=data, content_type="multipart/form-data")
    page = page_of(response, 400)
    assert "Een gekozen bestand kan niet worden bewaard" in page.get_text()


@pytest.mark.parametrize(
    "target",
    ["//evil.example/", "https://evil.example/redactie/", "/zoeken", "/redactie/../wegwijzer/stap"],
)
def test_kept_work_is_sent_only_to_the_editors_area_of_this_site(app, target):
    client = app.test_client()
    data = {
        "email": "redactie@example.org",
        "password": PASSWORD,
        "kept:yaml": "x",
        "csrf_token": token(client, "/redactie/inloggen"),
    }
    response = client.post("/redactie/inloggen", query_string={"next": target}, data=data)
    assert response.status_code == 302, "an ordinary redirect, no page sending the work"
    assert not urlsplit(response.headers["Location"]).netloc
    assert response.headers["Location"] == same_site_path(target)


def test_passwords_are_never_written_into_the_login_page(app):
    client = logged_in(app)
    data = {
        "current": PASSWORD,
        "password": "een nieuw wachtwoord",
        "password_again": "een nieuw wachtwoord",
        "csrf_token": token(client, "/redactie/wachtwoord"),
    }
    log_out(client)
    page = page_of(client.post("/redactie/wachtwoord", data=data), 400)
    assert page.select("input[name^='kept:']") == []
    assert "een nieuw wachtwoord" not in str(page)


def test_a_page_opened_after_the_session_ended_comes_back_after_the_login(app):
    client = logged_in(app)
    log_out(client)
    response = client.get("/redactie/revisies/vergelijk?van=1&naar=2")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location == "/redactie/inloggen?next=/redactie/revisies/vergelijk?van%3D1%26naar%3D2"
    page = page_of(client.get(location), 200)
    response = log_in_again(client, page)
    assert response.headers["Location"] == "/redactie/revisies/vergelijk?van=1&naar=2"


def test_a_logout_sent_after_the_session_ended_just_goes_home(app):
    client = logged_in(app)
    data = {"csrf_token": token(client, "/redactie/")}
    assert client.post("/redactie/uitloggen", data=data).status_code == 302
    response = client.post("/redactie/uitloggen", data=data)
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_public_forms_keep_their_own_error_page(app):
    response = app.test_client().post("/melden", data={"message": "x"})
    assert response.status_code == 400
    assert "Dit verzoek kan niet worden verwerkt" in response.get_data(as_text=True)
