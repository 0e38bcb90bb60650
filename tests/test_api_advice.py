"""The wizard's API: questions, advice, the OpenAPI description, and hostile input."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from rdm.catalogue import load_catalogue
from rdm.config import PACKAGED_CATALOGUE
from rdm.wegwijzer import RulesEngine
from rdm.wegwijzer.interview import FirstAction, Interview

CATALOGUE = load_catalogue(PACKAGED_CATALOGUE).catalogue
TOP_STEP = max(s.step for s in CATALOGUE.ladder)
ENGINE = RulesEngine(CATALOGUE)
FIT_ORDER = {"fits": 0, "may_fit": 1, "fits_after_steps": 2, "does_not_fit": 3}


@pytest.fixture(scope="module")
def spec(tmp_path_factory):
    from rdm import create_app

    return (
        create_app({"TESTING": True}, instance_path=str(tmp_path_factory.mktemp("i")))
        .test_client()
        .get("/api/v1/openapi.json")
        .get_json()
    )


def validator(spec, schema_name):
    """Validate against one schema of the published OpenAPI document, resolving its $refs."""
    resource = Resource.from_contents(spec, default_specification=DRAFT202012)
    registry = Registry().with_resource("urn:spec", resource)
    schema = {"$ref": f"urn:spec#/components/schemas/{schema_name}"}
    return Draft202012Validator(schema, registry=registry)


def assert_valid(spec, schema_name, data):
    errors = sorted(validator(spec, schema_name).iter_errors(data), key=str)
    assert errors == [], [e.message for e in errors[:3]]


def post(client, body, **kwargs):
    return client.post("/api/v1/advice", json=body, **kwargs)


def test_questions_cover_the_vocabulary_with_both_languages(client, spec):
    data = client.get("/api/v1/questions").get_json()
    assert_valid(spec, "Questions", data)
    by_id = {q["id"]: q for q in data["questions"]}
    assert set(by_id) == {a.id for a in CATALOGUE.vocabulary}
    assert [o["value"] for o in by_id["wlz"]["options"]] == [True, False, "unknown"]
    assert by_id["wlz"]["text"] == {
        "nl": "Heeft de persoon een Wlz-indicatie?",
        "en": "Does the person have a Wlz indication?",
    }
    gemeenten = {o["value"]: o["label"]["nl"] for o in by_id["gemeente"]["options"]}
    assert gemeenten["hof-van-twente"] == "Hof van Twente"
    assert gemeenten["buiten-twente"] == "Buiten Twente"
    assert [t["id"] for t in data["topics"]] == [
        "wie",
        "veiligheid",
        "betrokken",
        "problematiek",
        "zorg",
        "hoogcomplex",
    ]


def test_advice_follows_the_contract(client, spec):
    response = post(
        client,
        {
            "answers": {
                "role": "politie",
                "gemeente": "almelo",
                "acute_danger": False,
                "area_safety_problem": True,
            }
        },
    )
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    data = response.get_json()
    assert_valid(spec, "Advice", data)
    assert data["rules_version"] == CATALOGUE.rules_version
    assert data["acute"] is False and data["acute_guidance"] is None
    assert data["first_step"]["gemeente"] == "almelo"
    assert data["first_step"]["name"] == "Almelo"
    assert data["first_step"]["ggz_region"] == "dimence"
    first = data["recommendations"][0]
    assert (first["table"], first["fit"], first["may_register"]) == ("topx", "fits", True)
    assert first["met"] == [
        {
            "id": "area_safety_problem",
            "text": "Er is sprake van ernstige lokale of gebiedsgebonden veiligheidsproblematiek, "
            "die vraagt om een ketenoverstijgende aanpak.",
        }
    ]
    assert first["contact"]["contacts"][0]["href"] == "mailto:info@veiligheidshuistwente.nl"
    assert first["contact"]["url"].endswith("/tafels/topx")
    assert first["next_step"] == "bestuurlijk-escalatie-overleg"
    assert "SCOT Cliëntondersteuning" in [
        o["name"] for o in data["client_support"]["organisations"]
    ]


def test_acute_danger_answers_with_guidance_only(client, spec):
    data = post(client, {"answers": {"acute_danger": True}}).get_json()
    assert_valid(spec, "Advice", data)
    assert data["acute"] is True
    assert data["recommendations"] == [] and data["first_step"] is None
    assert data["acute_guidance"]["steps"][0].endswith("Bel 112.")


def test_advice_in_english(client):
    data = post(client, {"answers": {"acute_danger": True}}, query_string={"lang": "en"}).get_json()
    assert (
        data["acute_guidance"]["steps"][0]
        == "Is there immediate danger to life or safety? Call 112."
    )


def test_an_empty_answer_set_is_valid(client, spec):
    data = post(client, {"answers": {}}).get_json()
    assert_valid(spec, "Advice", data)
    # Nothing known: every table may fit, danger is not ruled out, and no route is known.
    assert {r["fit"] for r in data["recommendations"]} == {"may_fit"}
    assert data["acute"] is False and "112" in data["acute_guidance"]["steps"][0]
    assert data["first_step"] == {
        "gemeente": None,
        "name": None,
        "ggz_region": None,
        "region_note": None,
        "text": CATALOGUE.introduction.first_step.nl,
        "routes": [],
        "outside_twente": False,
        "safety_route": None,
    }


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"answers": {"wlzz": True}}, "wlzz"),
        ({"answers": {"wlz": "ja"}}, "wlz"),
        ({"answers": {"gemeente": "amsterdam"}}, "gemeente"),
        ({"answers": {"role": "dokter"}}, "role"),
        ({"answers": []}, "answers"),
        ({"answers": {}, "extra": 1}, "extra"),
        ([1, 2], "body"),
        ("answers", "body"),
    ],
)
def test_bad_requests_name_the_offending_field(client, spec, body, field):
    response = post(client, body)
    assert response.status_code == 400
    assert_valid(spec, "Errors", response.get_json())
    assert response.get_json()["errors"][0]["field"] == field


@pytest.mark.parametrize(
    "raw",
    [b"", b"not json", b"{", b"\xff\xfe", b"[" * 30000, b'{"answers": ' * 5000, b"NaN"],
)
def test_non_json_bodies_get_a_400(client, raw):
    response = client.post("/api/v1/advice", data=raw, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["errors"][0]["field"] == "body"


def test_a_body_over_the_limit_gets_a_413(client, spec):
    response = client.post("/api/v1/advice", data=b" " * 70_000, content_type="application/json")
    assert response.status_code == 413
    assert_valid(spec, "Errors", response.get_json())


def test_unknown_language_is_a_400(client):
    assert post(client, {"answers": {}}, query_string={"lang": "fr"}).status_code == 400


def test_other_responses_match_the_description(client, spec):
    assert_valid(spec, "Tables", client.get("/api/v1/tables").get_json())
    assert_valid(spec, "SearchResults", client.get("/api/v1/search?q=wlz").get_json())
    assert_valid(spec, "Errors", client.get("/api/v1/search").get_json())
    assert set(spec["paths"]) == {
        "/api/v1/tables",
        "/api/v1/tables/{slug}",
        "/api/v1/search",
        "/api/v1/questions",
        "/api/v1/advice",
        "/api/v1/regiekaart",
        "/api/v1/hsds",
        "/api/v1/hsds/services",
        "/api/v1/hsds/services/{id}",
        "/api/v1/hsds/organizations",
        "/api/v1/hsds/organizations/{id}",
    }
    assert_valid(spec, "HSDS", client.get("/api/v1/hsds").get_json())


def answer_values():
    """Any combination of valid answers: each id omitted, unknown, or any of its values."""
    fields = {}
    for answer in CATALOGUE.vocabulary:
        values = [True, False] if answer.type == "bool" else [o.value for o in answer.options]
        fields[answer.id] = st.sampled_from([*values, "unknown"])
    return st.fixed_dictionaries({}, optional=fields)


@settings(max_examples=400, deadline=None)
@given(answers=answer_values())
def test_any_combination_of_answers_gives_a_valid_advice(answers):
    advice = ENGINE.advise(ENGINE.parser.parse(answers))
    if answers.get("acute_danger") is True:
        assert advice.acute and advice.recommendations == () and advice.first_step is None
        return
    assert sorted(r.table.slug for r in advice.recommendations) == sorted(
        t.slug for t in CATALOGUE.tables
    )
    # Tables that can fit first; of them the tables serving the asker's need; then by verdict.
    need = answers.get("need")
    places = [
        (r.fit == "does_not_fit", need not in r.table.needs, FIT_ORDER[r.fit])
        for r in advice.recommendations
    ]
    assert places == sorted(places)
    assert (advice.first_step is None) == (answers.get("gemeente_involved") is True)
    for r in advice.recommendations:
        if r.fit == "fits":
            assert not r.steps_first and not r.what_if and not r.because
        if r.fit == "fits_after_steps":
            assert r.steps_first and set(r.because) <= set(r.unmet)
        if r.fit == "may_fit":
            assert r.because and set(r.because) <= set(r.unknown)
            assert not any(c.kind == "precondition" for c in r.unmet)
        if r.fit == "does_not_fit":
            assert r.because and set(r.because) <= set(r.unmet)
        assert {h.criterion for h in r.what_if} <= set(r.because)
        if r.fit == "does_not_fit":
            assert r.next_step is None
        elif r.table.ladder_step < TOP_STEP:
            assert r.next_table or r.next_ladder_step, "every fitting table says what comes next"
        else:
            # The closing piece (the ministry's unit registers there; it is no step above it).
            assert r.next_table is None and r.next_ladder_step is None
        role = answers.get("role")
        expected = None if role in (None, "unknown") else role in r.table.registration.roles
        assert r.may_register == expected


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
vocabulary_keys = st.sampled_from([a.id for a in CATALOGUE.vocabulary])
plausible_bodies = st.fixed_dictionaries(
    {"answers": st.dictionaries(vocabulary_keys | st.text(max_size=10), json_values, max_size=8)}
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=json_values | plausible_bodies)
def test_any_json_body_gives_200_or_400_never_a_server_error(client, body):
    response = client.post("/api/v1/advice", data=json.dumps(body), content_type="application/json")
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.get_json()["errors"]


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.binary(max_size=2000))
def test_any_bytes_give_200_or_400_never_a_server_error(client, raw):
    assert client.post("/api/v1/advice", data=raw).status_code in (200, 400)


INTERVIEW = Interview(ENGINE)
BOOLEANS = [a.id for a in CATALOGUE.vocabulary if a.type == "bool"]


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_once_the_wegwijzer_stops_no_unasked_answer_changes_the_first_action(data):
    """The stop rule: walk the wegwijzer with random answers (some 'weet ik niet'), then give
    the questions it never asked random answers: the first action stays the same."""
    answers: dict = {}
    while True:
        _, page = INTERVIEW.pages(answers)
        if page is None:
            break
        for question in page:
            values = (
                [True, False] if question.type == "bool" else [o.value for o in question.options]
            )
            answers[question.id] = data.draw(st.sampled_from([*values, None]), question.id)
    advice = ENGINE.advise(INTERVIEW.effective(answers))
    first = FirstAction.of(advice)
    unasked = [i for i in BOOLEANS if i not in answers]
    completion = data.draw(st.fixed_dictionaries({i: st.booleans() for i in unasked}))
    completed = ENGINE.advise({**INTERVIEW.effective(answers), **completion})
    assert FirstAction.of(completed) == first


@settings(max_examples=200, deadline=None)
@given(answers=answer_values())
def test_the_effective_answers_replay_to_the_same_pages(answers):
    answers = ENGINE.parser.parse(answers)
    effective = INTERVIEW.effective(answers)
    assert set(effective) <= set(answers)
    assert INTERVIEW.pages(effective) == INTERVIEW.pages(answers)
