"""Resolving a report with a note of what was done, reopening it, and its links to the table."""

from __future__ import annotations

import pytest

from rdm.extensions import db
from rdm.models import Feedback

from .conftest import check_page, normalize_spaces
from .editor_helpers import token

INBOX = "/redactie/meldingen"


@pytest.fixture
def app(editor_app):
    return editor_app


def send(app, slug="topx", message="Het e-mailadres is veranderd."):
    client = app.test_client()
    data = {"message": message, "csrf_token": token(client, f"/tafels/{slug}/melden")}
    assert client.post(f"/tafels/{slug}/melden", data=data).status_code == 200


def stored(app, number=1) -> tuple[bool, str]:
    with app.app_context():
        report = db.session.get(Feedback, number)
        return report.resolved_at is not None, report.resolution_note


def inbox(editor, status=200):
    response = editor.get(INBOX)
    assert response.status_code == status
    return check_page(response.get_data(as_text=True))


def test_a_report_links_to_its_table_s_page_and_form(app, editor):
    send(app)
    report = inbox(editor).select_one("#melding-1")
    assert [a["href"] for a in report.select(".report__links a")] == [
        "/tafels/topx",
        "/redactie/formulier/topx",
    ]


def test_resolving_keeps_the_optional_note_and_shows_it(app, editor):
    send(app)
    page = inbox(editor)
    label = page.select_one("label[for=note-1]")
    assert normalize_spaces(label.get_text()) == "Wat is ermee gedaan? (niet verplicht)"
    data = {"csrf_token": token(editor, INBOX), "note": "  Nieuw adres gepubliceerd in revisie 2. "}
    response = editor.post("/redactie/meldingen/1/afgehandeld", data=data)
    assert response.status_code == 302
    assert stored(app) == (True, "Nieuw adres gepubliceerd in revisie 2.")
    report = inbox(editor).select_one("#melding-1")
    assert "Wat ermee gedaan is: Nieuw adres gepubliceerd in revisie 2." in normalize_spaces(
        report.get_text()
    )
    assert report.select_one(f"form[action='{INBOX}/1/heropenen']")


def test_an_overlong_note_is_refused_in_dutch_and_the_text_is_kept(app, editor):
    send(app)
    send(app, "triagetafel")
    note = "x" * 1001
    data = {"csrf_token": token(editor, INBOX), "note": note}
    response = editor.post("/redactie/meldingen/2/afgehandeld", data=data)
    assert response.status_code == 400
    page = check_page(response.get_data(as_text=True))
    summary = page.select_one(".error-summary")
    assert summary.has_attr("autofocus") and summary["role"] == "alert"
    assert summary.a["href"] == "#note-2"
    field = page.select_one("#note-2")
    assert field.get_text() == note
    assert field["aria-describedby"] == "note-2-error"
    assert "1000" in page.select_one("#note-2-error").get_text()
    assert not page.select_one("#note-1").get_text(), "the other report's field stays empty"
    assert stored(app, 2) == (False, "")


def test_a_resolved_report_can_be_reopened(app, editor):
    send(app)
    data = {"csrf_token": token(editor, INBOX), "note": "Gebeld."}
    editor.post("/redactie/meldingen/1/afgehandeld", data=data)
    response = editor.post(
        "/redactie/meldingen/1/heropenen", data={"csrf_token": data["csrf_token"]}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/redactie/meldingen#melding-1"
    assert stored(app) == (False, "")
    report = inbox(editor).select_one("#melding-1")
    assert "report--done" not in report["class"]
    assert report.select_one("textarea[name=note]")
    dashboard = check_page(editor.get("/redactie/").get_data(as_text=True))
    assert dashboard.select_one("#todo-open_reports a")["href"] == "/redactie/meldingen#melding-1"


def test_reopening_needs_a_login_a_token_and_a_real_report(app, editor):
    send(app)
    assert app.test_client().post("/redactie/meldingen/1/heropenen").status_code == 400
    csrf = token(editor, INBOX)
    assert (
        editor.post("/redactie/meldingen/99/heropenen", data={"csrf_token": csrf}).status_code
        == 404
    )
    anonymous = app.test_client()
    data = {"csrf_token": token(anonymous, "/tafels/topx/melden")}
    response = anonymous.post("/redactie/meldingen/1/heropenen", data=data)
    # Not logged in: the login page at once, and the report stays as it was.
    assert response.status_code == 401
    assert check_page(response.get_data(as_text=True)).select_one("input[name=password]")
