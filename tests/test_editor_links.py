"""A table's public page and its form link to each other, for editors only: the public page
with the editor's link is theirs alone, never cached or shared."""

from __future__ import annotations

import pytest

from .conftest import check_page
from .editor_helpers import logged_in


@pytest.fixture
def app(editor_app):
    return editor_app


def edit_links(response):
    page = check_page(response.get_data(as_text=True))
    return [a["href"] for a in page.select("a") if a.get_text(strip=True) == "Bewerk deze tafel"]


def test_an_editor_sees_a_link_to_the_form_on_a_private_page(app):
    editor = logged_in(app)
    response = editor.get("/tafels/topx")
    assert response.status_code == 200
    assert edit_links(response) == ["/redactie/formulier/topx"]
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "ETag" not in response.headers


def test_an_anonymous_visitor_never_sees_the_link_and_gets_the_public_page(app):
    logged_in(app)  # an editor elsewhere changes nothing for others
    visitor = app.test_client()
    response = visitor.get("/tafels/topx")
    assert edit_links(response) == []
    assert response.cache_control.public and response.cache_control.max_age == 60
    assert "ETag" in response.headers


def test_after_logging_out_the_link_is_gone(app):
    editor = logged_in(app)
    page = check_page(editor.get("/redactie/").get_data(as_text=True))
    csrf = page.select_one("form.editors-menu__logout input[name=csrf_token]")["value"]
    assert editor.post("/redactie/uitloggen", data={"csrf_token": csrf}).status_code == 302
    response = editor.get("/tafels/topx")
    assert edit_links(response) == []
    assert "no-store" not in response.headers["Cache-Control"]


def test_the_form_links_to_the_public_page(app):
    editor = logged_in(app)
    page = check_page(editor.get("/redactie/formulier/triagetafel").get_data(as_text=True))
    link = page.select_one("main a[href='/tafels/triagetafel']")
    assert link.get_text(strip=True) == "Bekijk de openbare pagina van deze tafel"
