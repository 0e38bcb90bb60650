"""The forms for the other parts of the catalogue: a gemeente, the introduction, a question of
the vocabulary, an example case; each previewed, published and refused like every change."""

from __future__ import annotations

import pytest

from .conftest import check_page, normalize_spaces
from .editor_helpers import add_account, form_data, logged_in, make_app


@pytest.fixture
def app(database, tmp_path):
    app = make_app(database, str(tmp_path))
    add_account(app)
    add_account(app, "tweede@example.org", "Tom Tweede")
    return app


@pytest.fixture
def editor(app):
    return logged_in(app)


def the_form(editor, url):
    response = editor.get(url)
    assert response.status_code == 200
    page = check_page(response.get_data(as_text=True))
    return form_data(page.select_one("form.part-form"))


def submit(editor, url, data, status=200):
    response = editor.post(url, data=data)
    assert response.status_code == status, response.get_data(as_text=True)[:600]
    return check_page(response.get_data(as_text=True))


def publish(editor, page, note="via het formulier", status=302):
    data = form_data(page.select_one("form.publish-form"))
    data["note"] = note
    data["confirm"] = "y"
    response = editor.post("/redactie/publiceren", data=data)
    assert response.status_code == status, response.get_data(as_text=True)[:600]
    return response


def changes(page) -> list[str]:
    return [normalize_spaces(line.get_text()) for line in page.select(".diff__add, .diff__remove")]


FORMS = [
    "/redactie/gemeenten/almelo",
    "/redactie/gemeenten/tubbergen",
    "/redactie/toelichting",
    "/redactie/woordenlijst/role",
    "/redactie/woordenlijst/need",
    "/redactie/voorbeeldcasussen/1",
    "/redactie/voorbeeldcasussen/3",
]


@pytest.mark.parametrize("url", FORMS)
def test_an_untouched_form_changes_nothing(editor, url):
    page = submit(editor, url, the_form(editor, url))
    assert "er is niets te publiceren" in page.get_text()


def test_every_form_is_reached_from_the_editors_menu(editor):
    dashboard = check_page(editor.get("/redactie/").get_data(as_text=True))
    assert dashboard.select_one(".editors-menu a[href='/redactie/onderdelen']")
    page = check_page(editor.get("/redactie/onderdelen").get_data(as_text=True))
    links = {a["href"] for a in page.select("main a")}
    assert set(FORMS) <= links
    assert "/redactie/voorbeeldcasussen/nieuw" in links


def test_a_gemeente_gets_a_route_to_its_wijkteam(app, editor):
    url = "/redactie/gemeenten/almelo"
    data = the_form(editor, url)
    page = submit(editor, url, {**data, "rij": "toevoegen:routes"})
    assert page.select_one("fieldset#routes-0").has_attr("autofocus")
    data = form_data(page.select_one("form.part-form"))
    data["routes-0-label-nl"] = "Wijkteam Almelo"
    data["routes-0-address"] = "wijkteam@almelo.example"
    page = submit(editor, url, data)
    assert "+ routes:" in changes(page)
    assert "+ address: wijkteam@almelo.example" in changes(page)
    publish(editor, page)
    data = the_form(editor, url)
    assert data["routes-0-address"] == "wijkteam@almelo.example"
    page = submit(editor, url, {**data, "rij": "verwijderen:routes-0"})
    assert page.select_one("div#routes").has_attr("autofocus")
    assert not page.select("fieldset[id^=routes-]")
    page = submit(editor, url, form_data(page.select_one("form.part-form")))
    assert "- routes:" in changes(page)


def test_a_gemeente_without_region_needs_its_explanation(editor):
    url = "/redactie/gemeenten/tubbergen"
    data = the_form(editor, url)
    data["region_note-nl"] = ""
    data["name"] = "Tubbergen (getypt)"
    page = submit(editor, url, data, status=400)
    link = page.select_one(".error-summary a[href='#region_note-nl']")
    assert "toelichting nodig" in link.get_text()
    assert page.select_one("#region_note-nl")["aria-describedby"] == "region_note-nl-error"
    assert page.select_one("#name")["value"] == "Tubbergen (getypt)", "typed work kept"
    data["region_note-nl"] = "Nog te bevestigen."
    data["ggz_region"] = "mediant"
    page = submit(editor, url, data)
    assert "+ ggz_region: mediant" in changes(page)


def test_a_bad_route_is_refused_at_its_field(editor):
    url = "/redactie/gemeenten/almelo"
    data = the_form(editor, url)
    page = submit(editor, url, {**data, "rij": "toevoegen:routes"})
    data = form_data(page.select_one("form.part-form"))
    data["routes-0-kind"] = "website"
    page = submit(editor, url, {**data, "rij": "tonen:routes-0"})
    data = form_data(page.select_one("form.part-form"))
    data["routes-0-label-nl"] = "Website"
    data["routes-0-url"] = "www.almelo.example/wijkteam"
    page = submit(editor, url, data, status=400)
    message = "moet een volledig webadres zijn"
    assert message in page.select_one(".error-summary a[href='#routes-0-url']").get_text()
    assert message in page.select_one("#routes-0-url-error").get_text()
    assert page.select_one("#routes-0-url")["value"] == "www.almelo.example/wijkteam"


def test_the_introduction_is_changed_and_published(app, editor):
    url = "/redactie/toelichting"
    data = the_form(editor, url)
    data["principle-en"] = "Solve it or scale it up"
    page = submit(editor, url, {**data, "rij": "toevoegen:sections"})
    data = form_data(page.select_one("form.part-form"))
    assert data["principle-en"] == "Solve it or scale it up"
    page = submit(editor, url, data)
    assert changes(page) == [
        '- en: Solve it or scale it up ("los op of schaal op")',
        "+ en: Solve it or scale it up",
    ], "the new empty section is left out"
    publish(editor, page)
    home = app.test_client().get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Solve it or scale it up" in home


def test_an_introduction_section_is_removed(editor):
    url = "/redactie/toelichting"
    data = the_form(editor, url)
    page = submit(editor, url, {**data, "rij": "verwijderen:sections-1"})
    data = form_data(page.select_one("form.part-form"))
    assert "Wat zijn de uitgangspunten?" == data["sections-1-heading-nl"]
    page = submit(editor, url, data)
    assert "- nl: Wat maken wij hierin duidelijk?" in changes(page)


def test_an_empty_title_is_refused_at_its_field(editor):
    url = "/redactie/toelichting"
    data = the_form(editor, url)
    data["title-nl"] = ""
    page = submit(editor, url, data, status=400)
    assert page.select_one(".error-summary a[href='#title-nl']")
    assert page.select_one("#title-nl")["aria-invalid"] == "true"


def test_a_question_gets_new_words_but_keeps_its_id(app, editor):
    url = "/redactie/woordenlijst/acute_danger"
    page = check_page(editor.get(url).get_data(as_text=True))
    assert not page.select("form.part-form [name=id]"), "the id is not editable"
    data = form_data(page.select_one("form.part-form"))
    data["hint-nl"] = "Bel dan 112."
    page = submit(editor, url, data)
    assert "+ hint: Bel dan 112." in changes(page)
    publish(editor, page)
    questions = app.test_client().get("/api/v1/questions").get_data(as_text=True)
    assert "Bel dan 112." in questions


def test_an_empty_question_is_refused_at_its_field(editor):
    url = "/redactie/woordenlijst/acute_danger"
    data = the_form(editor, url)
    data["question-nl"] = ""
    page = submit(editor, url, data, status=400)
    link = page.select_one(".error-summary a[href='#question-nl']")
    assert "mag niet leeg zijn" in link.get_text()
    assert "mag niet leeg zijn" in page.select_one("#question-nl-error").get_text()


def test_the_expected_outcome_of_an_example_is_fixed(app, editor):
    url = "/redactie/voorbeeldcasussen/2"
    data = the_form(editor, url)
    assert data["expect-1-table"] == "bestuurlijk-escalatie-overleg"
    assert data["expect-1-verdict"] == "may_fit"
    data["expect-1-verdict"] = "does_not_fit"
    page = submit(editor, url, data)
    assert changes(page)[-1].endswith("bestuurlijk-escalatie-overleg: does_not_fit}")
    verdicts = [normalize_spaces(tr.get_text(" ")) for tr in page.select("tr.unexpected")]
    assert any("Past niet" in row for row in verdicts), "the new expectation fails: shown"


def test_an_example_answer_that_does_not_fit_its_question_is_refused(editor):
    url = "/redactie/voorbeeldcasussen/1"
    data = the_form(editor, url)
    data["answers-0-value"] = "true"  # role: a choice, not yes/no
    data["answers-2-question"] = "role"
    page = submit(editor, url, data, status=400)
    summary = page.select_one(".error-summary")
    assert (
        "Antwoord 1 past niet bij zijn vraag"
        in summary.select_one("a[href='#answers-0-value']").get_text()
    )
    assert "Antwoord 3 noemt hetzelfde als nummer 1" in summary.get_text()
    assert page.select_one("#answers-0-value")["aria-describedby"] == "answers-0-value-error"


def test_an_example_case_is_added(app, editor):
    url = "/redactie/voorbeeldcasussen/nieuw"
    data = the_form(editor, url)
    page = submit(editor, url, {**data, "rij": "toevoegen:answers"})
    data = form_data(page.select_one("form.part-form"))
    page = submit(editor, url, {**data, "rij": "toevoegen:expect"})
    data = form_data(page.select_one("form.part-form"))
    data.update(
        {
            "name": "Lange wachtlijst, gemeld door een wijkteam",
            "answers-0-question": "ggz_waiting_list",
            "answers-0-value": "true",
            "expect-0-table": "triagetafel",
            "expect-0-verdict": "fits",
        }
    )
    page = submit(editor, url, data)
    assert "+ - name: Lange wachtlijst, gemeld door een wijkteam" in changes(page)
    publish(editor, page)
    overview = check_page(editor.get("/redactie/onderdelen").get_data(as_text=True))
    assert "Lange wachtlijst, gemeld door een wijkteam" in overview.get_text()


def test_a_stale_form_gets_the_conflict_page_and_nothing_is_lost(app, editor):
    second = logged_in(app, "tweede@example.org")
    url = "/redactie/gemeenten/almelo"
    mine = the_form(editor, url)
    theirs = the_form(second, url)
    theirs["name"] = "Almelo (gemeente)"
    publish(second, submit(second, url, theirs), note="naam")
    mine["region_note-nl"] = "Mijn toelichting."
    response = editor.post(url, data=mine)
    assert response.status_code == 409
    page = check_page(response.get_data(as_text=True))
    assert "Mijn toelichting." in page.select_one("form.merge-form input[name=yaml]")["value"]
    merge = form_data(page.select_one("form.merge-form"))
    merged = check_page(editor.post("/redactie/samenvoegen", data=merge).get_data(as_text=True))
    lines = changes(merged)
    assert any("Mijn toelichting." in line for line in lines)
    assert any("Almelo (gemeente)" in line and "Mijn toelichting." in line for line in lines)
    publish(editor, merged)
    data = the_form(editor, url)
    assert data["name"] == "Almelo (gemeente)" and data["region_note-nl"] == "Mijn toelichting."


def test_the_forms_need_a_login_and_a_real_part(app, editor):
    for url in FORMS:
        assert app.test_client().get(url).status_code == 302
    for url in (
        "/redactie/gemeenten/nergens",
        "/redactie/woordenlijst/bestaat_niet",
        "/redactie/voorbeeldcasussen/0",
        "/redactie/voorbeeldcasussen/999",
    ):
        assert editor.get(url).status_code == 404
