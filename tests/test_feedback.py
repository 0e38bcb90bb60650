"""Reporting a mistake or change on a table page, and the editors' inbox."""

from __future__ import annotations

import re

import pytest

from rdm.extensions import db
from rdm.models import Feedback

from .conftest import check_page, normalize_spaces
from .editor_helpers import logged_in, token


@pytest.fixture
def app(editor_app):
    return editor_app


def reports(app) -> list[dict]:
    with app.app_context():
        return [
            {
                "slug": f.table_slug,
                "message": f.message,
                "contact": f.reporter_contact,
                "done": f.resolved_at is not None,
            }
            for f in db.session.query(Feedback).order_by(Feedback.id)
        ]


def send(
    client, slug="triagetafel", message="Het e-mailadres is veranderd.", contact="", with_token=True
):
    data = {"message": message, "contact": contact}
    if with_token:
        data["csrf_token"] = token(client, f"/tafels/{slug}/melden")
    return client.post(f"/tafels/{slug}/melden", data=data)


def test_every_table_page_links_to_the_report_form(app):
    page = check_page(app.test_client().get("/tafels/triagetafel").get_data(as_text=True))
    assert (
        page.select_one("a[href='/tafels/triagetafel/melden']").get_text()
        == "Meld een fout of wijziging"
    )


def test_the_form_warns_not_to_enter_client_data(app):
    page = check_page(app.test_client().get("/tafels/topx/melden").get_data(as_text=True))
    assert (
        "Vul geen gegevens over cliënten of andere personen in."
        in page.select_one(".notice").get_text()
    )
    assert page.select_one("label[for=message]") and page.select_one("label[for=contact]")


def test_a_report_is_stored_and_thanked_for(app):
    response = send(app.test_client(), contact="Jan, 053-0000000")
    assert response.status_code == 200
    assert "Dank u voor uw melding" in response.get_data(as_text=True)
    assert reports(app) == [
        {
            "slug": "triagetafel",
            "message": "Het e-mailadres is veranderd.",
            "contact": "Jan, 053-0000000",
            "done": False,
        }
    ]


@pytest.mark.parametrize("message", ["", "x" * 2001])
def test_an_empty_or_overlong_report_is_refused(app, message):
    response = send(app.test_client(), message=message)
    assert response.status_code == 400
    assert "Beschrijf kort wat er niet klopt" in response.get_data(as_text=True)
    assert reports(app) == []


def test_a_report_needs_the_form_token_and_a_real_table(app):
    assert send(app.test_client(), with_token=False).status_code == 400
    assert app.test_client().get("/tafels/bestaat-niet/melden").status_code == 404
    assert reports(app) == []


def test_the_inbox_needs_a_login(app):
    assert app.test_client().get("/redactie/meldingen").status_code == 302


def test_editors_see_open_reports_and_resolve_them(app):
    send(app.test_client(), message="Eerste melding")
    send(app.test_client(), slug="topx", message="<script>alert(1)</script>")
    editor = logged_in(app)
    dashboard = check_page(editor.get("/redactie/").get_data(as_text=True))
    links = [a.get_text() for a in dashboard.select("a[href='/redactie/meldingen']")]
    assert links == ["Meldingen", "Meldingen: 2 open"], "the editors' menu, then the count"
    response = editor.get("/redactie/meldingen")
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)
    inbox = check_page(response.get_data(as_text=True))
    titles = [normalize_spaces(h.get_text()) for h in inbox.select(".report__title")]
    assert titles == ["Melding 2: TopX / ketencasusoverleg", "Melding 1: Triage & Transfertafel"]
    assert (
        editor.post(
            "/redactie/meldingen/1/afgehandeld",
            data={"csrf_token": token(editor, "/redactie/meldingen")},
        ).status_code
        == 302
    )
    assert [r["done"] for r in reports(app)] == [True, False]
    inbox = check_page(editor.get("/redactie/meldingen").get_data(as_text=True))
    assert "door Rianne Redactie" in inbox.select(".report")[-1].get_text()
    assert (
        editor.post(
            "/redactie/meldingen/99/afgehandeld",
            data={"csrf_token": token(editor, "/redactie/meldingen")},
        ).status_code
        == 404
    )


def test_control_characters_in_a_report_are_refused(app):
    response = send(app.test_client(), message="fout\x00")
    assert response.status_code == 400
    assert reports(app) == []


def test_a_report_about_the_site_itself_reaches_the_inbox(app):
    client = app.test_client()
    page = client.get("/melden").get_data(as_text=True)
    assert "een toegankelijkheidsprobleem of een beveiligingslek" in page
    data = {"message": "De knop is met het toetsenbord niet te bereiken.", "contact": ""}
    response = client.post("/melden", data={**data, "csrf_token": token(client, "/melden")})
    assert response.status_code == 200
    assert "uw melding over de site" in response.get_data(as_text=True)
    assert reports(app)[-1]["slug"] == ""
    inbox = logged_in(app).get("/redactie/meldingen").get_data(as_text=True)
    assert re.search(r"Melding \d+: de site", normalize_spaces(inbox))


def test_reports_from_one_address_are_limited_per_hour_and_the_text_is_kept(app):
    app.config["REPORTS_PER_HOUR"] = 3
    client = app.test_client()
    for number in range(3):
        assert send(client, message=f"Melding {number}").status_code == 200
    response = send(client, message="Nog een melding over de tafel.")
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "3600"
    page = response.get_data(as_text=True)
    assert "al veel meldingen gestuurd" in page
    assert "Nog een melding over de tafel." in page, "nothing typed is lost"
    assert len(reports(app)) == 3
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert send(other).status_code == 200, "another address may still report"
    with app.app_context():
        senders = {f.sender for f in db.session.query(Feedback)}
    assert len(senders) == 2 and all(len(s) == 64 and "." not in s for s in senders)
