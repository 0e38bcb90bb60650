"""The editors' area owns its protection: a page is protected by being in it."""

from __future__ import annotations

from flask import Blueprint

from rdm.redactie import area as redactie

from .editor_helpers import add_account, logged_in, make_app


def test_a_new_page_is_protected_by_being_in_the_area(database, tmp_path, monkeypatch):
    made = redactie.area

    def with_a_new_page():
        parent = made()
        child = Blueprint("proef", __name__)
        child.add_url_rule("/proef", "page", lambda: "een nieuwe pagina")
        parent.register_blueprint(child)
        return parent

    monkeypatch.setattr(redactie, "area", with_a_new_page)
    app = make_app(database, str(tmp_path / "instance"))
    add_account(app)

    anonymous = app.test_client().get("/redactie/proef")
    assert anonymous.status_code == 302
    assert anonymous.headers["Location"] == "/redactie/inloggen?next=/redactie/proef"
    assert anonymous.headers["Cache-Control"] == "no-store"

    response = logged_in(app).get("/redactie/proef")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "een nieuwe pagina"
    assert response.headers["Cache-Control"] == "no-store"
