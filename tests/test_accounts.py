"""Editor accounts: managers add editors and switch their access off; each editor's password."""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from rdm.extensions import db
from rdm.models import Editor
from rdm.redactie.accounts import AccessRefused, disable

from .conftest import check_page, normalize_spaces
from .editor_helpers import PASSWORD, add_account, logged_in, make_app, token

MANAGER = "redactie@example.org"
OTHER = "b@example.org"
NEW = "Nieuw wachtwoord van Bram"


@pytest.fixture
def app(database, tmp_path):
    """The first editor manages editors (as the first one made with the CLI); the second not."""
    app = make_app(database, str(tmp_path / "one"))
    add_account(app)
    add_account(app, OTHER, "Bram Beheer")
    return app


def editor(app, email: str) -> Editor:
    with app.app_context():
        return db.session.query(Editor).filter_by(email=email).one()


def page_of(response, status: int = 200):
    assert response.status_code == status, response.get_data(as_text=True)[:400]
    return check_page(response.get_data(as_text=True))


def log_in(client, email: str, password: str = PASSWORD):
    data = {"email": email, "password": password, "csrf_token": token(client, "/redactie/inloggen")}
    return client.post("/redactie/inloggen", data=data)


def test_the_first_editor_made_with_the_cli_manages_editors_and_later_ones_on_request(
    database, tmp_path
):
    app = make_app(database, str(tmp_path / "cli"))
    runner = app.test_cli_runner()
    said = {}
    for email, flags in (
        ("a@example.org", []),
        ("b@example.org", []),
        ("c@example.org", ["--beheerder"]),
    ):
        args = ["rdm", "create-editor", email, "--name", "X", "--password", PASSWORD, *flags]
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
        said[email] = "mag redacteuren toevoegen en uitzetten" in result.output
    assert said == {"a@example.org": True, "b@example.org": False, "c@example.org": True}
    managing = {e: editor(app, e).can_manage_editors for e in said}
    assert managing == said


def test_only_a_manager_sees_and_opens_the_accounts(app):
    manager, other = logged_in(app), logged_in(app, OTHER)
    menu = page_of(manager.get("/redactie/")).select_one("nav.editors-menu")
    assert menu.select_one("a[href='/redactie/redacteuren']") is not None
    assert page_of(other.get("/redactie/")).select_one("a[href='/redactie/redacteuren']") is None
    assert other.get("/redactie/redacteuren").status_code == 403
    assert other.get("/redactie/redacteuren/nieuw").status_code == 403
    page = page_of(manager.get("/redactie/redacteuren"))
    rows = [normalize_spaces(row.get_text()) for row in page.select("tbody tr")]
    assert rows[0].startswith("Bram Beheer b@example.org nee Aan Toegang uitzetten")
    assert rows[1].startswith("Rianne Redactie (u) redactie@example.org ja Aan")
    assert "Toegang uitzetten" not in rows[1], "nobody switches themselves off"


def add(client, **fields):
    data = {
        "name": "Nina Nieuw",
        "email": "Nina@Example.org",
        "password": "startwachtwoord voor Nina",
        "password_again": "startwachtwoord voor Nina",
        "csrf_token": token(client, "/redactie/redacteuren/nieuw"),
        **fields,
    }
    return client.post("/redactie/redacteuren/nieuw", data=data)


def test_a_new_editor_chooses_their_own_password_at_the_first_login(app):
    manager = logged_in(app)
    response = add(manager)
    assert response.status_code == 302 and response.headers["Location"] == "/redactie/redacteuren"
    assert "Nina Nieuw kan nu inloggen" in page_of(manager.get("/redactie/redacteuren")).get_text()
    nina = app.test_client()
    assert log_in(nina, "nina@example.org", "startwachtwoord voor Nina").status_code == 302
    for url in ("/redactie/", "/redactie/bewerken", "/redactie/revisies"):
        response = nina.get(url)
        assert response.headers["Location"] == "/redactie/wachtwoord", url
    page = page_of(nina.get("/redactie/wachtwoord"))
    assert "U bent ingelogd met een startwachtwoord" in page.get_text()
    data = {
        "current": "startwachtwoord voor Nina",
        "password": "mijn eigen wachtwoord",
        "password_again": "mijn eigen wachtwoord",
        "csrf_token": token(nina, "/redactie/wachtwoord"),
    }
    assert nina.post("/redactie/wachtwoord", data=data).status_code == 302
    assert nina.get("/redactie/").status_code == 200
    assert (
        log_in(app.test_client(), "nina@example.org", "startwachtwoord voor Nina").status_code
        == 400
    )
    assert not editor(app, "nina@example.org").can_manage_editors


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": ""}, "name", "Vul dit veld in."),
        ({"email": "geen adres"}, "email", "Vul een e-mailadres in"),
        (
            {"email": " Redactie@Example.org "},
            "email",
            "Er is al een redacteur met dit e-mailadres.",
        ),
        ({"password": "te kort", "password_again": "te kort"}, "password", "12 tot 128 tekens"),
        (
            {"password_again": "iets anders dan het eerste"},
            "password_again",
            "De twee wachtwoorden verschillen.",
        ),
        ({"name": "Nina\x00"}, "name", "tekens die niet zijn toegestaan"),
    ],
)
def test_a_new_editor_with_a_mistake_is_refused_at_the_field(app, fields, field, message):
    manager = logged_in(app)
    page = page_of(add(manager, **fields), 400)
    summary = page.select_one(".error-summary")
    assert summary["tabindex"] == "-1" and summary.has_attr("autofocus")
    assert summary.select_one(f"a[href='#{field}']") is not None
    assert message in page.select_one(f"#{field}-error").get_text()
    assert page.select_one(f"#{field}")["aria-describedby"] == f"{field}-error"
    if field != "name":
        assert page.select_one("#name")["value"] == "Nina Nieuw", "what was typed stays"
    assert "startwachtwoord" not in str(page.select_one("#password")), (
        "a password is never shown back"
    )
    with app.app_context():
        assert db.session.query(Editor).count() == 2


def switch(client, number: int, access: str = "uit"):
    data = {"access": access, "csrf_token": token(client, "/redactie/")}
    return client.post(f"/redactie/redacteuren/{number}/toegang", data=data)


def test_a_disabled_editor_is_logged_out_everywhere_and_cannot_log_in(app):
    manager, bram = logged_in(app), logged_in(app, OTHER)
    number = editor(app, OTHER).id
    assert switch(manager, number).headers["Location"] == "/redactie/redacteuren"
    assert (
        "De toegang van Bram Beheer is uitgezet"
        in page_of(manager.get("/redactie/redacteuren")).get_text()
    )
    assert bram.get("/redactie/").status_code == 302, "the session ended"
    response = log_in(app.test_client(), OTHER)
    assert response.status_code == 400
    assert "Het e-mailadres of het wachtwoord klopt niet." in response.get_data(as_text=True)
    assert switch(manager, number, "aan").status_code == 302
    assert log_in(app.test_client(), OTHER).status_code == 302


def test_nobody_switches_themselves_off(app):
    manager = logged_in(app)
    response = switch(manager, editor(app, MANAGER).id)
    assert response.status_code == 302
    assert (
        "niemand kan zichzelf of de laatste beheerder"
        in page_of(manager.get("/redactie/redacteuren")).get_text()
    )
    assert editor(app, MANAGER).disabled_at is None
    assert manager.get("/redactie/").status_code == 200


def test_an_editor_who_does_not_manage_cannot_switch_anyone(app):
    bram = logged_in(app, OTHER)
    assert switch(bram, editor(app, MANAGER).id).status_code == 403
    assert editor(app, MANAGER).disabled_at is None


def test_two_managers_switching_each_other_off_leave_one(app):
    with app.app_context():
        first, second = (
            db.session.query(Editor).filter_by(email=e).one() for e in (MANAGER, OTHER)
        )
        second.can_manage_editors = True
        db.session.commit()
        disable(second, first)
        # The second still acts on the page they opened before they were switched off.
        with pytest.raises(AccessRefused):
            disable(first, second)
        assert first.disabled_at is None and second.disabled_at is not None


def test_the_last_manager_is_never_switched_off(app):
    with app.app_context():
        first, second = (
            db.session.query(Editor).filter_by(email=e).one() for e in (MANAGER, OTHER)
        )
        # A manager switched off by hand in the database cannot act any more either.
        with pytest.raises(AccessRefused):
            disable(first, second)
        assert first.disabled_at is None


def test_an_unknown_or_odd_access_request_is_refused(app):
    manager = logged_in(app)
    assert switch(manager, 999).status_code == 404
    assert switch(manager, editor(app, OTHER).id, "weg").status_code == 400
    assert editor(app, OTHER).disabled_at is None


def change(client, current=PASSWORD, new=NEW, again=NEW):
    data = {
        "current": current,
        "password": new,
        "password_again": again,
        "csrf_token": token(client, "/redactie/wachtwoord"),
    }
    return client.post("/redactie/wachtwoord", data=data)


def test_a_new_password_ends_the_other_sessions_and_keeps_this_one(app):
    here, elsewhere = logged_in(app, OTHER), logged_in(app, OTHER)
    page = page_of(here.get("/redactie/wachtwoord"))
    assert [i["autocomplete"] for i in page.select("form.account-form input[type=password]")] == [
        "current-password",
        "new-password",
        "new-password",
    ]
    response = change(here)
    assert response.status_code == 302 and response.headers["Location"] == "/redactie/"
    assert "Uw wachtwoord is gewijzigd" in page_of(here.get("/redactie/")).get_text()
    assert elsewhere.get("/redactie/").status_code == 302, "the other session ended"
    assert log_in(app.test_client(), OTHER).status_code == 400, "the old password"
    assert log_in(app.test_client(), OTHER, NEW).status_code == 302


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"current": "niet mijn wachtwoord"}, "current", "Dit is niet uw huidige wachtwoord."),
        ({"new": "kort", "again": "kort"}, "password", "12 tot 128 tekens"),
        (
            {"again": "iets anders dan het eerste"},
            "password_again",
            "De twee wachtwoorden verschillen.",
        ),
        ({"new": PASSWORD, "again": PASSWORD}, "password", "Kies een ander wachtwoord"),
        ({"current": ""}, "current", "Vul dit veld in."),
    ],
)
def test_a_password_change_with_a_mistake_changes_nothing(app, fields, field, message):
    client = logged_in(app, OTHER)
    page = page_of(change(client, **fields), 400)
    assert message in page.select_one(f"#{field}-error").get_text()
    assert page.select_one(f".error-summary a[href='#{field}']") is not None
    assert client.get("/redactie/").status_code == 200
    assert log_in(app.test_client(), OTHER).status_code == 302, "the password is unchanged"


def test_guessing_the_current_password_is_throttled_like_the_login(app):
    client = logged_in(app, OTHER)
    for _ in range(10):
        assert change(client, current="geraden wachtwoord").status_code == 400
    response = change(client)
    assert response.status_code == 429
    assert "Te veel mislukte pogingen" in response.get_data(as_text=True)


def test_editors_of_a_site_upgraded_to_accounts_may_all_manage(database, tmp_path):
    app = make_app(database, str(tmp_path / "upgraded"))
    with app.app_context():
        downgrade(revision="b8d2f4a61c07")
        db.session.execute(
            text(
                "INSERT INTO editor (email, name, password_hash, session_token, created_at)"
                " VALUES ('oud@example.org', 'Oud', 'x', 'token', CURRENT_TIMESTAMP)"
            )
        )
        db.session.commit()
        upgrade()
        old = db.session.query(Editor).one()
        assert old.can_manage_editors and old.is_active and not old.password_to_change
