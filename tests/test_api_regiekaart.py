"""POST /api/v1/regiekaart: the level of regie for a case, as the OpenAPI document describes
it."""

from __future__ import annotations

import logging

import pytest

from .test_api_advice import assert_valid
from .test_api_advice import spec as spec  # noqa: F401  (the published OpenAPI document)

URL = "/api/v1/regiekaart"
LEVEL_4 = {
    "draagkracht_uit_balans": True,
    "zelfredzaamheid_beperkt": True,
    "basiszorg_ontoereikend": True,
    "onveiligheid": "onveilig",
    "ketenoverstijgend_nodig": True,
    "escalatie_dreigt": False,
}
FIELDS = [
    "level",
    "possible_levels",
    "casusregie",
    "procesregie",
    "inzet",
    "in_overleg",
    "operationeel",
    "plan",
    "opschalen",
    "afschalen",
    "to_manager",
    "expertise_needed",
    "source",
]


def test_a_known_case_gets_its_level_and_regie(client, spec):
    response = client.post(URL, json={"answers": {**LEVEL_4, "samenwerking_stagneert": True}})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    data = response.get_json()
    assert_valid(spec, "Regiekaart", data)
    assert sorted(data) == sorted(FIELDS)
    assert data["level"] == 4 and data["possible_levels"] == [4]
    assert data["procesregie"].startswith("Bij een ernstig veiligheidsprobleem")
    assert data["plan"] == "Een ondersteuningsplan en een veiligheidsplan."
    assert data["opschalen"][0] == {
        "to": 5,
        "when": "Daarbij dreigt totale escalatie en/of maatschappelijke onrust.",
    }
    assert data["opschalen"][-1]["to"] == "manager"
    assert [rule["to"] for rule in data["afschalen"]] == [3]
    assert data["to_manager"] is True and data["expertise_needed"] is False
    assert "1Gezin1Plan1Regisseur" in data["source"] and "Zuid Oost Utrecht" in data["source"]


def test_texts_follow_the_lang_query(client, spec):
    data = client.post(URL + "?lang=en", json={"answers": LEVEL_4}).get_json()
    assert_valid(spec, "Regiekaart", data)
    assert data["plan"] == "A support plan and a safety plan."


@pytest.mark.parametrize(
    "answers, possible",
    [({}, [1, 2, 3, 4, 5]), ({**LEVEL_4, "escalatie_dreigt": "unknown"}, [4, 5])],
)
def test_unknown_answers_give_the_levels_still_possible(client, spec, answers, possible):
    data = client.post(URL, json={"answers": answers}).get_json()
    assert_valid(spec, "Regiekaart", data)
    assert data["level"] is None and data["possible_levels"] == possible
    assert data["casusregie"] is None and data["plan"] is None
    assert data["opschalen"] == data["afschalen"] == []


def test_no_answers_at_all_is_the_same_as_all_unknown(client):
    assert client.post(URL, json={}).get_json()["possible_levels"] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"answers": {"onveiligheid": "erg"}}, "onveiligheid"),
        ({"answers": {"escalatie_dreigt": "ja"}}, "escalatie_dreigt"),
        ({"answers": {"wlz": True}}, "wlz"),
        ({"answers": {"escalatie_dreigt": None}}, "escalatie_dreigt"),
        ({"answers": [], "extra": 1}, "extra"),
        ({"answers": []}, "answers"),
        ([1], "body"),
    ],
)
def test_bad_answers_get_a_400_naming_the_id(client, spec, body, field):
    response = client.post(URL, json=body)
    assert response.status_code == 400
    data = response.get_json()
    assert_valid(spec, "Errors", data)
    assert data["errors"][0]["field"] == field


def test_a_bad_language_and_a_non_json_body_are_400(client):
    assert client.post(URL + "?lang=fr", json={}).get_json()["errors"][0]["field"] == "lang"
    response = client.post(URL, data="niet json", content_type="application/json")
    assert response.status_code == 400 and response.get_json()["errors"][0]["field"] == "body"


def test_the_document_describes_the_endpoint(spec):
    operation = spec["paths"][URL]["post"]
    assert set(operation["responses"]) == {"200", "400", "404", "413"}
    answers = spec["components"]["schemas"]["RegiekaartAnswers"]["properties"]
    assert answers["onveiligheid"]["enum"] == ["geen", "signalen", "onveilig", "unknown"]
    assert answers["escalatie_dreigt"]["enum"] == [True, False, "unknown"]
    assert tuple(map(int, spec["info"]["version"].split("."))) >= (1, 2, 0)


def test_an_error_is_logged_without_the_answers(app, client, caplog, monkeypatch):
    """The regiekaart takes a case's answers as the wegwijzer does: an unexpected error's log
    line names the call, never the exception's message (it may quote them)."""
    from rdm.regiekaart.rules import RegieCheck

    def broken(self, answers):
        raise RuntimeError(f"regie failure for {dict(answers)}")  # quotes the answers

    monkeypatch.setattr(RegieCheck, "place", broken)
    with caplog.at_level(logging.DEBUG):
        response = client.post(URL, json={"answers": {**LEVEL_4, "onveiligheid": "onveilig"}})
    assert response.status_code == 500
    logged = caplog.text
    assert "onverwachte fout bij POST /api/v1/regiekaart" in logged and "RuntimeError" in logged
    assert "RuntimeError: regie failure" not in logged, "its message quotes the answers"
    assert "onveilig" not in logged
