"""Anonymous insight: verdict counts per ISO week, nothing about a case, and the editors' chart."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from rdm.extensions import db
from rdm.models import OutcomeCount
from rdm.wegwijzer.forms import encode
from rdm.wegwijzer.outcomes import iso_week

from .conftest import base_today, check_page
from .editor_helpers import add_account, logged_in, make_app, token
from .wizard_helpers import Visitor

WEEK = iso_week(base_today())
# A professional whose answers rule out every table, and a partner who knows little.
NOTHING_FITS = {
    "role": "ggz_aanbieder",
    "acute_danger": False,
    "need": "advies",
    "gemeente_involved": True,
    **{c: False for c in ("seeks_care_advice", "ggz_waiting_list", "area_safety_problem")},
    **{c: False for c in ("multi_problem", "wlz", "crisis", "sudden_deterioration")},
    **{c: False for c in ("multiple_psychiatric_disorders", "system_stuck", "confused_behaviour")},
    **{c: False for c in ("severe_psychiatric", "addiction", "lvb", "high_safety_risk")},
    **{c: False for c in ("no_fitting_care_found", "justice_or_forced_care_history")},
    **{c: False for c in ("criminal_title_forensic_care",)},
    **{c: False for c in ("treatment_goal_feasible", "relocation_needed")},
}
PARTNER = {"role": "partner", "gemeente": "hengelo", "acute_danger": False, "need": "plek"}


@pytest.fixture
def app(database, tmp_path):
    return make_app(database, str(tmp_path / "one"))


def dump(app) -> str:
    """Every row of every table, as text: the whole database, whatever the backend."""
    with app.app_context():
        metadata = db.MetaData()
        metadata.reflect(bind=db.engine)
        with db.engine.connect() as connection:
            return "\n".join(
                str(row) for t in metadata.sorted_tables for row in connection.execute(t.select())
            )


def counts(app) -> dict[tuple[str, str], int]:
    with app.app_context():
        return {
            (r.table_slug, r.verdict): r.count
            for r in db.session.query(OutcomeCount)
            if r.week == WEEK
        }


def advise(client, answers):
    """The wegwijzer's last step: its form posts every answer to the advice page."""
    data = {k: encode(v) for k, v in answers.items()}
    response = client.post("/wegwijzer/advies", data={**data, "csrf_token": token(client)})
    assert response.status_code == 200
    return response


def test_each_advice_counts_a_verdict_per_table_and_nothing_else(app):
    client = app.test_client()
    advise(client, {"area_safety_problem": True, "gemeente": "tubbergen", "role": "reclassering"})
    advise(client, {"area_safety_problem": True})
    advise(client, NOTHING_FITS)
    advise(client, {"acute_danger": True})
    advise(client, PARTNER)
    assert counts(app)[("topx", "fits")] == 2
    assert counts(app)[("topx", "does_not_fit")] == 1
    assert counts(app)[("topx", "may_fit")] == 1, "the partner: nothing known of the case"
    assert counts(app)[("geen-tafel", "none")] == 1
    # No one to call or mail: the partner (no gemeente route is known yet) and the case that
    # no table fits while the gemeente is involved already.
    assert counts(app)[("zonder-contact", "none")] == 2
    assert sum(n for (table, _), n in counts(app).items() if table == "triagetafel") == 4, (
        "acute is not counted"
    )
    with app.app_context():
        columns = {c["name"] for c in inspect(db.engine).get_columns("outcome_count")}
    assert columns == {"id", "week", "table_slug", "verdict", "count"}
    everything = dump(app).lower()
    assert "topx" in everything, "the dump does hold the counters"
    assert "tubbergen" not in everything and "reclassering" not in everything


def test_two_instances_add_to_the_same_counters(app, database, tmp_path):
    other = make_app(database, str(tmp_path / "two"))
    advise(app.test_client(), {"area_safety_problem": True})
    advise(other.test_client(), {"area_safety_problem": True})
    assert counts(app)[("topx", "fits")] == 2


def test_the_wizard_counts_once_not_again_for_a_language_switch(app):
    client = app.test_client()
    visitor = Visitor(client).open()
    visitor.press("Start de wegwijzer")
    while visitor.h1 != "Controleer uw antwoorden":
        visitor.answer_all({"area_safety_problem": "true", "acute_danger": "false"})
    visitor.press("Bekijk het advies")
    visitor.press("English")
    assert visitor.page.html["lang"] == "en"
    assert counts(app)[("topx", "fits")] == 1


def test_an_advice_is_given_even_when_counting_fails(app):
    with app.app_context():
        db.session.execute(db.text("DROP TABLE outcome_count"))
        db.session.commit()
    assert advise(app.test_client(), {"area_safety_problem": True}).status_code == 200


def test_api_clients_are_not_counted(app):
    """Scripts and integrations calling the API would swamp what people in the wegwijzer do."""
    client = app.test_client()
    for _ in range(3):
        response = client.post("/api/v1/advice", json={"answers": {"area_safety_problem": True}})
        assert response.status_code == 200
    advise(client, {"area_safety_problem": True})
    assert counts(app)[("topx", "fits")] == 1


def test_the_insight_page_shows_a_chart_and_the_same_numbers(app):
    for _ in range(3):
        advise(app.test_client(), {"area_safety_problem": True})
    advise(app.test_client(), NOTHING_FITS)
    advise(app.test_client(), PARTNER)
    assert app.test_client().get("/redactie/inzicht").status_code == 302
    add_account(app)
    page = check_page(logged_in(app).get("/redactie/inzicht").get_data(as_text=True))
    svg = page.select_one("figure.chart svg")
    assert svg["role"] == "img" and svg.select_one("title")
    assert len(svg.select("rect.chart__bar--nothing")) == 12
    this_week = page.select("table")[0].select("tbody tr")[-1]
    # Advices, no table fits, no one to call or mail (the partner, and no table fitting).
    assert [td.get_text() for td in this_week.select("td")] == ["5", "1", "2"]
    topx = page.select("table")[1].select("tbody tr")[0]
    # Past, past mogelijk, past na stappen, past niet.
    assert [td.get_text() for td in topx.select("td")] == ["3", "1", "0", "1"]
    assert not page.select("script")


def test_advices_are_counted_as_such_not_through_a_table(app):
    advise(app.test_client(), {"area_safety_problem": True})
    advise(app.test_client(), {})
    assert counts(app)[("advies", "all")] == 2
