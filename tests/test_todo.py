"""The editors' to-do list: what needs an editor, ranked, with a count and a link to fix it."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from rdm.catalogue import load_catalogue
from rdm.config import PACKAGED_CATALOGUE
from rdm.extensions import db
from rdm.models import Editor, PublishRefusal, utcnow
from rdm.redactie.todo import URGENCY, Task, recent_refusals, record_refusal, todo_list

from .conftest import base_today, check_page, normalize_spaces
from .editor_helpers import token

PACKAGED = load_catalogue(PACKAGED_CATALOGUE).catalogue
TODAY = dt.date(2026, 12, 2)
GEMEENTEN = [g.slug for g in PACKAGED.gemeenten]


def section(sections, kind):
    return next(s for s in sections if s.kind == kind)


def with_table(catalogue, slug, **changes):
    """The catalogue with one table changed."""
    tables = tuple(t.model_copy(update=changes) if t.slug == slug else t for t in catalogue.tables)
    return catalogue.model_copy(update={"tables": tables})


def test_what_has_no_contact_route_comes_first_when_no_example_fails():
    reachable = with_table(PACKAGED, "p10-mobiel-team", contacts=PACKAGED.tables[0].contacts)
    catalogue = with_table(reachable, "hoogcomplex", contacts=())
    gemeenten = tuple(g.model_copy(update={"routes": ()}) for g in PACKAGED.gemeenten)
    catalogue = catalogue.model_copy(update={"gemeenten": gemeenten})
    sections = todo_list(catalogue, TODAY)
    assert [s.kind for s in sections] == [
        "no_contact_route",
        "to_confirm",
        "failing_examples",
        "open_reports",
        "refused_publications",
        "stale",
    ], "sections with work first, by urgency; the empty ones after"
    routes = section(sections, "no_contact_route")
    assert routes.items == (
        Task("table", "hoogcomplex"),
        *(Task("gemeente", slug) for slug in GEMEENTEN),
    )
    assert routes.count == 1 + len(GEMEENTEN)


def test_open_points_are_counted_per_table_most_first():
    points = section(todo_list(PACKAGED, TODAY), "to_confirm")
    tables = [(t.key, t.count) for t in points.items if t.part == "table"]
    expected = sorted(
        ((t.slug, len(t.to_confirm)) for t in PACKAGED.tables if t.to_confirm),
        key=lambda pair: -pair[1],
    )
    assert tables == expected
    counts = [t.count for t in points.items]
    assert counts == sorted(counts, reverse=True)
    assert points.count == sum(counts)
    assert ("regiekaart", len(PACKAGED.regiekaart.to_confirm)) in [
        (t.part, t.count) for t in points.items
    ]


def test_entries_unchecked_for_a_year_are_stale_oldest_first():
    old = with_table(PACKAGED, "topx", last_reviewed=dt.date(2024, 1, 15))
    older = with_table(old, "triagetafel", last_reviewed=dt.date(2023, 6, 1))
    stale = section(todo_list(older, TODAY), "stale")
    assert stale.items == (
        Task("table", "triagetafel", day=dt.date(2023, 6, 1)),
        Task("table", "topx", day=dt.date(2024, 1, 15)),
    )
    later = section(todo_list(older, TODAY + dt.timedelta(days=366)), "stale")
    assert later.count == len(PACKAGED.tables) + 4, "and gemeenten, introduction, support, kaart"
    assert later.items[0].key == "triagetafel"
    assert section(todo_list(PACKAGED, TODAY), "stale").count == 0


def test_an_example_case_the_rules_no_longer_match_comes_first():
    example = PACKAGED.examples[0]
    wrong = example.model_copy(update={"expect": {**example.expect, "topx": "does_not_fit"}})
    catalogue = PACKAGED.model_copy(update={"examples": (wrong, *PACKAGED.examples[1:])})
    sections = todo_list(catalogue, TODAY)
    assert sections[0].kind == "failing_examples" and sections[0].count == 1
    [failing] = sections[0].items
    assert failing.name == example.name
    assert [(v.table, v.expected, v.after) for v in failing.verdicts] == [
        ("topx", "does_not_fit", "fits")
    ]
    assert section(todo_list(PACKAGED, TODAY), "failing_examples").count == 0


def test_reports_and_refusals_are_counted_in_their_place():
    reports = (SimpleNamespace(id=3), SimpleNamespace(id=5))
    refusals = (SimpleNamespace(id=1),)
    sections = todo_list(PACKAGED, TODAY, reports, refusals)
    assert [s.kind for s in sections][:4] == [
        "no_contact_route",
        "open_reports",
        "refused_publications",
        "to_confirm",
    ]
    assert section(sections, "open_reports").count == 2
    assert section(sections, "refused_publications").items == refusals
    assert {s.kind for s in sections} == set(URGENCY)


# The dashboard page.


@pytest.fixture
def app(editor_app):
    return editor_app


def dashboard(editor):
    response = editor.get("/redactie/")
    assert response.status_code == 200
    return check_page(response.get_data(as_text=True))


def todo_section(page, kind):
    return page.select_one(f"#todo-{kind}")


def heading_count(found) -> str:
    return normalize_spaces(found.select_one(".todo__count").get_text())


def test_the_dashboard_shows_each_kind_of_work_with_its_count_and_links(app, editor):
    page = dashboard(editor)
    headings = [normalize_spaces(h.get_text()) for h in page.select(".todo h3")]
    expected = todo_list(PACKAGED, base_today())
    routes, points = section(expected, "no_contact_route"), section(expected, "to_confirm")
    assert len(headings) == sum(1 for s in expected if s.count)
    assert f"Zonder contactroute ({routes.count})" in headings
    assert f"Nog te bevestigen ({points.count})" in headings
    links = [a["href"] for a in todo_section(page, "no_contact_route").select("a")]
    assert links == [
        f"/redactie/formulier/{task.key}#contact"
        if task.part == "table"
        else f"/redactie/gemeenten/{task.key}"
        for task in routes.items
    ]
    most = max(PACKAGED.tables, key=lambda t: len(t.to_confirm))
    items = todo_section(page, "to_confirm").select("li")
    tables = [li for li in items if li.a["href"].startswith("/redactie/formulier/")]
    assert tables[0].a["href"] == f"/redactie/formulier/{most.slug}#controle"
    assert f"{len(most.to_confirm)} open punten" in normalize_spaces(tables[0].get_text())
    assert len(tables) == sum(1 for t in PACKAGED.tables if t.to_confirm)
    done = normalize_spaces(page.select_one(".todo__done").get_text())
    assert "Open meldingen (0)" in done and "Geweigerde publicaties (0)" in done


def send_report(app, slug="topx", message="Het telefoonnummer klopt niet meer."):
    client = app.test_client()
    data = {"message": message, "csrf_token": token(client, f"/tafels/{slug}/melden")}
    assert client.post(f"/tafels/{slug}/melden", data=data).status_code == 200


def test_open_reports_are_listed_oldest_first_with_links_to_them_and_the_table(app, editor):
    send_report(app, "topx")
    send_report(app, "triagetafel")
    reports = todo_section(dashboard(editor), "open_reports")
    assert heading_count(reports) == "(2)"
    items = reports.select("li")
    assert "Melding 1 over TopX" in normalize_spaces(items[0].get_text())
    assert [a["href"] for a in items[0].select("a")] == [
        "/redactie/meldingen#melding-1",
        "/redactie/formulier/topx",
    ]
    assert "Melding 2 over Triage & Transfertafel" in normalize_spaces(items[1].get_text())


def test_a_publication_refused_over_a_newer_revision_is_listed(app, editor):
    text = PACKAGED_CATALOGUE.read_text(encoding="utf-8")
    first = text.replace("aanmelding@triagetafeltwente.nl", "eerste@triagetafeltwente.nl")
    second = text.replace("aanmelding@triagetafeltwente.nl", "tweede@triagetafeltwente.nl")
    csrf = token(editor, "/redactie/bewerken")
    publish = {"csrf_token": csrf, "note": "adres", "base": "0", "yaml": first}
    assert editor.post("/redactie/publiceren", data=publish).status_code == 302
    late = {**publish, "yaml": second}
    never_stored = {**late, "base": "999"}
    assert editor.post("/redactie/publiceren", data=never_stored).status_code == 400
    assert todo_section(dashboard(editor), "refused_publications") is None, "no refusal"
    assert editor.post("/redactie/publiceren", data=late).status_code == 409
    refused = todo_section(dashboard(editor), "refused_publications")
    assert heading_count(refused) == "(1)"
    text = normalize_spaces(refused.get_text())
    assert "Rianne Redactie kon op" in text and "sinds revisie 0" in text
    assert refused.a["href"] == "/redactie/revisies"
    over_the_first_state = {**late, "base": "1"}
    assert editor.post("/redactie/publiceren", data=over_the_first_state).status_code == 409
    refused = todo_section(dashboard(editor), "refused_publications")
    assert heading_count(refused) == "(2)"
    newest = refused.select_one("li")
    assert "sinds revisie 1" in normalize_spaces(newest.get_text())
    assert newest.a["href"] == "/redactie/revisies/vergelijk?van=1&naar=2"


def test_refusals_older_than_two_weeks_are_no_longer_listed(app):
    with app.app_context():
        editor = db.session.scalar(select(Editor))
        record_refusal(editor, 3)
        old = PublishRefusal(editor_id=editor.id, base=2, at=utcnow() - dt.timedelta(days=15))
        db.session.add(old)
        db.session.commit()
        assert [r.base for r in recent_refusals()] == [3]
        assert [r.base for r in recent_refusals(utcnow() + dt.timedelta(days=15))] == []


def test_a_failing_example_and_a_gemeente_without_route_link_to_their_forms(
    app, editor, monkeypatch
):
    example = PACKAGED.examples[1]
    wrong = example.model_copy(update={"expect": {**example.expect, "topx": "does_not_fit"}})
    examples = (PACKAGED.examples[0], wrong, *PACKAGED.examples[2:])
    failing = PACKAGED.model_copy(update={"examples": examples})
    monkeypatch.setattr("rdm.redactie.views.dashboard.catalogue", lambda: failing)
    page = dashboard(editor)
    [link] = todo_section(page, "failing_examples").select("a")
    assert link["href"] == "/redactie/voorbeeldcasussen/2"
    assert editor.get(link["href"]).status_code == 200
    routes = todo_section(page, "no_contact_route").select("a[href^='/redactie/gemeenten/']")
    assert editor.get(routes[0]["href"]).status_code == 200
