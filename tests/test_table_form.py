"""Editing one table through its form: every field, criteria with rule ids, contacts, roles."""

from __future__ import annotations

import pytest

from rdm.catalogue.text import FIXED_TABLE_SLUGS
from rdm.config import PACKAGED_CATALOGUE

from .conftest import check_page, normalize_spaces
from .editor_helpers import form_data, token

PACKAGED = PACKAGED_CATALOGUE.read_text(encoding="utf-8")


@pytest.fixture
def app(editor_app):
    return editor_app


def the_form(editor, slug):
    page = check_page(editor.get(f"/redactie/formulier/{slug}").get_data(as_text=True))
    return form_data(page.select_one("form.table-form"))


def submit(editor, slug, data, status=200):
    response = editor.post(f"/redactie/formulier/{slug}", data=data)
    assert response.status_code == status, response.get_data(as_text=True)[:400]
    return check_page(response.get_data(as_text=True))


def publish(editor, page, note="via het formulier"):
    data = form_data(page.select_one("form.publish-form"))
    data["note"] = note
    data.pop("confirm", None)
    data["confirm"] = "y"
    assert editor.post("/redactie/publiceren", data=data).status_code == 302


def changes(page) -> list[str]:
    return [normalize_spaces(line.get_text()) for line in page.select(".diff__add, .diff__remove")]


@pytest.mark.parametrize("slug", FIXED_TABLE_SLUGS)
def test_an_untouched_form_changes_nothing(editor, slug):
    page = submit(editor, slug, the_form(editor, slug))
    assert "er is niets te publiceren" in page.get_text()


def test_the_form_has_every_field_in_both_languages(editor):
    page = check_page(editor.get("/redactie/formulier/topx").get_data(as_text=True))
    legends = {normalize_spaces(legend.get_text()) for legend in page.select("legend")}
    assert {
        "Naam",
        "Doel",
        "Deelnemers",
        "Uitstroom",
        "Criterium 1",
        "Criterium 5 (nieuw)",
        "Contact 3 (nieuw)",
    } <= legends
    assert (
        page.select_one("select[name='criteria-0-id'] option[selected]")["value"]
        == "area_safety_problem"
    )
    assert page.select_one("input[name='criteria-0-group']")["value"] == "gebiedsgebonden"
    assert page.select_one("input[name=roles][value=politie]").has_attr("checked")
    assert page.select_one("label[for='name-en']")


def test_a_changed_contact_is_previewed_and_published(app, editor):
    data = the_form(editor, "triagetafel")
    data["contacts-0-address"] = "nieuw@triagetafeltwente.nl"
    page = submit(editor, "triagetafel", data)
    assert changes(page) == [
        "- address: aanmelding@triagetafeltwente.nl",
        "+ address: nieuw@triagetafeltwente.nl",
    ]
    publish(editor, page)
    assert "nieuw@triagetafeltwente.nl" in app.test_client().get("/tafels/triagetafel").get_data(
        as_text=True
    )


def test_a_criterion_is_added_with_its_rule_id_and_another_removed(app, editor):
    data = the_form(editor, "triagetafel")
    data["criteria-2-id"] = "no_fitting_care_found"
    data["criteria-2-text-nl"] = "Reguliere routes vonden geen passende plek."
    page = submit(editor, "triagetafel", {**data, "rij": "verwijderen:criteria-1"})
    data = form_data(page.select_one("form.table-form"))
    assert data["criteria-1-id"] == "no_fitting_care_found", "the rows after it moved up"
    page = submit(editor, "triagetafel", data)
    assert "+ - id: no_fitting_care_found" in changes(page)
    assert "- - id: ggz_waiting_list" in changes(page)
    publish(editor, page)
    criteria = app.test_client().get("/api/v1/tables/triagetafel").get_json()["inflow"]["criteria"]
    assert [c["id"] for c in criteria] == ["seeks_care_advice", "no_fitting_care_found"]


def test_registration_roles_reach_the_wizard(app, editor):
    data = the_form(editor, "topx")
    data["roles"] = [role for role in data["roles"] if role != "politie"]
    page = submit(editor, "topx", data)
    rows = [
        [normalize_spaces(td.get_text()) for td in tr.select("td")]
        for tr in page.select("table:not(.question-counts) tbody tr")
    ]
    assert rows == [], "who may register changes no verdict of the example cases"
    publish(editor, page)
    advice = app.test_client().post(
        "/api/v1/advice", json={"answers": {"role": "politie", "area_safety_problem": True}}
    )
    topx = next(r for r in advice.get_json()["recommendations"] if r["table"] == "topx")
    assert topx["may_register"] is False


def test_an_english_translation_is_stored_beside_the_dutch(app, editor):
    data = the_form(editor, "triagetafel")
    data["goal-en"] = "Reduce waiting times in mental-health care."
    publish(editor, submit(editor, "triagetafel", data))
    page = app.test_client().get("/tafels/triagetafel", headers={"Accept-Language": "en"})
    assert "Reduce waiting times in mental-health care." in page.get_data(as_text=True)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "contacts-1-url",
            "www.triagetafeltwente.nl/",
            "moet een volledig webadres zijn, met https:// (of http://)",
        ),
        ("name-nl", "", "mag niet leeg zijn"),
        ("contacts-0-address", "geen-adres", "is geen geldig e-mailadres"),
    ],
)
def test_invalid_values_are_refused_and_nothing_changes(editor, field, value, message):
    data = the_form(editor, "triagetafel")
    data[field] = value
    page = submit(editor, "triagetafel", data, status=400)
    summary = page.select_one(".error-summary")
    assert message in summary.get_text()
    assert page.select_one("form.publish-form") is None
    assert summary.has_attr("autofocus") and summary["tabindex"] == "-1"
    assert message in summary.select_one(f"a[href='#{field}']").get_text(), "linked to the field"
    input_ = page.select_one(f"#{field}")
    assert input_["aria-describedby"] == f"{field}-error" and input_["aria-invalid"] == "true"
    assert message in page.select_one(f"#{field}-error").get_text(), "the error by the field"


def test_the_form_needs_a_login_and_a_real_table(app, editor):
    assert app.test_client().get("/redactie/formulier/topx").status_code == 302
    assert editor.get("/redactie/formulier/bestaat-niet").status_code == 404
    data = {"csrf_token": token(editor, "/redactie/formulier/topx")}
    assert editor.post("/redactie/formulier/topx", data=data).status_code == 400


def test_the_team_details_are_edited_in_the_form_too(app, editor):
    data = the_form(editor, "p10-mobiel-team")
    assert "euro_per_hour: 72" in data["team"]
    data["team"] = data["team"].replace("euro_per_hour: 72", "euro_per_hour: 75")
    page = submit(editor, "p10-mobiel-team", data)
    assert changes(page) == ["- euro_per_hour: 72", "+ euro_per_hour: 75"]
    data["team"] = "roles: [\n"
    refused = submit(editor, "p10-mobiel-team", data, status=400)
    assert "teamgegevens" in refused.select_one(".error-summary").get_text()
    assert "team" not in the_form(editor, "topx"), "only a table with a team has the field"


def test_a_merge_key_bomb_in_the_team_details_is_refused(editor):
    data = the_form(editor, "p10-mobiel-team")
    data["team"] = "base: &a {x: 1}\n" + "".join(f"k{n}:\n  <<: *a\n" for n in range(5_000))
    refused = submit(editor, "p10-mobiel-team", data, status=400)
    summary = normalize_spaces(refused.select_one(".error-summary").get_text())
    assert "teamgegevens:203: meer dan 100 samenvoegingen (<<: *naam)" in summary


def test_a_criterion_names_its_question_by_the_question_text(editor):
    page = check_page(editor.get("/redactie/formulier/topx").get_data(as_text=True))
    options = {
        o["value"]: normalize_spaces(o.get_text())
        for o in page.select("select[name='criteria-0-id'] option")
    }
    assert options["area_safety_problem"].startswith("Is er ernstige veiligheidsproblematiek")
    assert all(text != value for value, text in options.items())


def test_a_contact_shows_only_the_fields_of_its_kind(editor):
    page = check_page(editor.get("/redactie/formulier/triagetafel").get_data(as_text=True))
    names = {i["name"] for i in page.select("fieldset#contacts-0 input")}
    assert {"contacts-0-address", "contacts-0-subject"} <= names
    assert not names & {"contacts-0-url", "contacts-0-number"}
    names = {i["name"] for i in page.select("fieldset#contacts-1 input")}
    assert "contacts-1-url" in names and "contacts-1-address" not in names


def test_a_contact_changes_kind_without_javascript(app, editor):
    data = the_form(editor, "triagetafel")
    data["contacts-1-kind"] = "phone"
    data["goal-nl"] = "Getypt en niet kwijt."
    page = submit(editor, "triagetafel", {**data, "rij": "tonen:contacts-1"})
    assert page.select_one("fieldset#contacts-1").has_attr("autofocus")
    assert page.select_one("#contacts-1-number") and not page.select_one("#contacts-1-url")
    assert page.select_one("#goal-nl").get_text().strip() == "Getypt en niet kwijt."
    data = form_data(page.select_one("form.table-form"))
    data["contacts-1-number"] = "053 123 45 67"
    data["goal-nl"] = the_form(editor, "triagetafel")["goal-nl"]
    lines = changes(submit(editor, "triagetafel", data))
    assert "+ number: 053 123 45 67" in lines
    assert "- url: http://www.triagetafeltwente.nl/" in lines


def test_rows_are_added_and_removed_keeping_what_was_typed(editor):
    data = the_form(editor, "topx")
    data["criteria-0-text-nl"] = "Mijn nieuwe tekst"
    page = submit(editor, "topx", {**data, "rij": "toevoegen:criteria"})
    assert normalize_spaces(page.select("fieldset#criteria-5 legend")[0].get_text()) == (
        "Criterium 6 (nieuw)"
    )
    assert page.select_one("fieldset#criteria-5").has_attr("autofocus")
    assert page.select_one("#criteria-0-text-nl").get_text().strip() == "Mijn nieuwe tekst"
    assert page.select_one(".error-summary") is None and page.select_one(".diff") is None
    data = form_data(page.select_one("form.table-form"))
    page = submit(editor, "topx", {**data, "rij": "verwijderen:contacts-0"})
    assert page.select_one("div#contacts").has_attr("autofocus")
    assert len(page.select("fieldset[id^=contacts-]")) == 2
    assert page.select_one("#contacts-0-url"), "the website contact moved up"
    assert page.select_one("#criteria-0-text-nl").get_text().strip() == "Mijn nieuwe tekst"


def test_enter_in_a_field_previews_and_never_presses_a_row_button(editor):
    page = check_page(editor.get("/redactie/formulier/topx").get_data(as_text=True))
    first = page.select_one("form.table-form button[type=submit]")
    assert not first.has_attr("name"), "the first submit button is the one Enter presses"
    buttons = {b.get("value") for b in page.select("form.table-form button[name=rij]")}
    assert {"toevoegen:criteria", "toevoegen:contacts", "verwijderen:criteria-0"} <= buttons


def test_a_criterion_with_a_rule_but_no_text_is_refused_at_its_field(editor):
    data = the_form(editor, "triagetafel")
    data["criteria-1-text-nl"] = ""
    page = submit(editor, "triagetafel", data, status=400)
    message = "Criterium 2 heeft geen Nederlandse tekst"
    summary = page.select_one(".error-summary")
    assert message in summary.select_one("a[href='#criteria-1-text-nl']").get_text()
    field = page.select_one("#criteria-1-text-nl")
    assert field["aria-describedby"] == "criteria-1-text-nl-error"
    assert message in page.select_one("#criteria-1-text-nl-error").get_text()
    assert page.select_one("#criteria-1-id option[selected]")["value"] == "ggz_waiting_list"


def test_a_bad_row_button_is_an_ordinary_submit(editor):
    data = the_form(editor, "topx")
    page = submit(editor, "topx", {**data, "rij": "verwijderen:criteria-x"})
    assert "er is niets te publiceren" in page.get_text()
    page = submit(editor, "topx", {**data, "rij": "toevoegen:csrf_token"})
    assert "er is niets te publiceren" in page.get_text()
