"""Two editors at once: no lost update, a conflict page with the way to merge, full history."""

from __future__ import annotations

import hashlib
import threading

import pytest

from rdm.catalogue.loader import parse_catalogue
from rdm.extensions import db
from rdm.models import FIRST_STATE, Revision
from rdm.redactie.publishing import PublishConflict, publish

from .conftest import check_page, normalize_spaces
from .editor_helpers import add_account, form_data, logged_in, make_app, token
from .test_editing import NEW_MAIL, OLD_MAIL, PACKAGED
from .test_editing import preview as preview_yaml
from .test_editing import publish as publish_page

CHAIR = ("nl: Teamleider Mediant", "nl: Teamleider van Mediant")
assert PACKAGED.count(CHAIR[0]) == 1, "the chair these tests change is in tables.yaml once"
OTHER_MAIL = "address: ander@triagetafeltwente.nl"


@pytest.fixture
def app(database, tmp_path):
    app = make_app(database, str(tmp_path / "one"))
    add_account(app)
    add_account(app, "b@example.org", "Bram Beheer")
    return app


@pytest.fixture
def anna(app):
    return logged_in(app)


@pytest.fixture
def bram(app):
    return logged_in(app, "b@example.org")


def stored(app) -> list[Revision]:
    with app.app_context():
        revisions = db.session.query(Revision).order_by(Revision.id).all()
        db.session.expunge_all()
        return revisions


def live_text(app) -> str:
    return stored(app)[-1].yaml_text


def submit(client, form, choose: dict | None = None, status: int = 200):
    """Send a parsed form as a browser would, with radio choices by name."""
    data = form_data(form)
    data.update(choose or {})
    response = client.post(form["action"], data=data)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return check_page(response.get_data(as_text=True))


def conflict(client, page, note: str = "Mijn wijziging"):
    response = publish_page(client, page, note=note, status=409)
    return check_page(response.get_data(as_text=True))


def test_non_colliding_edits_are_merged_and_both_go_live(app, anna, bram):
    mine = preview_yaml(anna, PACKAGED.replace(OLD_MAIL, NEW_MAIL))
    publish_page(bram, preview_yaml(bram, PACKAGED.replace(*CHAIR)), note="Voorzitter")

    page = conflict(anna, mine, note="Nieuw adres")
    assert page.h1.get_text() == "Niet gepubliceerd: iemand anders publiceerde intussen"
    alert = normalize_spaces(page.select_one(".error-summary").get_text())
    assert "Sinds u begon is er 1 revisie gepubliceerd" in alert
    assert "er is niets teruggedraaid" in alert
    newer = [normalize_spaces(td.get_text()) for td in page.select("tbody tr td")]
    assert "Bram Beheer" in newer and "Voorzitter" in newer
    theirs = [normalize_spaces(s.get_text()) for s in page.select("#theirs-title ~ pre .diff__add")]
    assert theirs and all(CHAIR[1] in line for line in theirs)
    mine_diff = [
        normalize_spaces(s.get_text()) for s in page.select("#mine-title ~ pre .diff__add")
    ]
    assert mine_diff == ["+ " + NEW_MAIL]
    applied = [c.get_text() for c in page.select(".merge-applied code")]
    assert applied == ["tables[triagetafel].contacts[0].address"]

    merged = submit(anna, page.select_one("form.merge-form"))
    assert merged.h1.get_text() == "Voorbeeld van de wijziging"
    added = [normalize_spaces(s.get_text()) for s in merged.select(".diff__add")]
    assert added == ["+ " + NEW_MAIL], "the preview compares with the new live revision"
    assert merged.select_one("input[name=note]")["value"] == "Nieuw adres"
    publish_page(anna, merged, note="Nieuw adres")
    assert live_text(app) == PACKAGED.replace(OLD_MAIL, NEW_MAIL).replace(*CHAIR)
    assert [r.note for r in stored(app)][1:] == ["Voorzitter", "Nieuw adres"]


def test_colliding_edits_lose_nothing_and_the_editor_chooses(app, anna, bram):
    mine = preview_yaml(anna, PACKAGED.replace(OLD_MAIL, NEW_MAIL))
    publish_page(bram, preview_yaml(bram, PACKAGED.replace(OLD_MAIL, OTHER_MAIL)), note="B")
    page = conflict(anna, mine)
    [collision] = page.select("fieldset.collision")
    assert collision.legend.get_text() == "tables[triagetafel].contacts[0].address"
    text = normalize_spaces(collision.get_text())
    assert "ander@triagetafeltwente.nl" in text and "nieuw@triagetafeltwente.nl" in text
    assert collision.select_one("input[value=live]").has_attr("checked")

    kept = submit(anna, page.select_one("form.merge-form"))
    notice = normalize_spaces(kept.select_one(".merge-result .notice").get_text())
    assert "1 veld van u is niet overgenomen" in notice
    assert "tables[triagetafel].contacts[0].address" in notice
    assert "er is niets te publiceren" in kept.get_text()
    assert live_text(app) == PACKAGED.replace(OLD_MAIL, OTHER_MAIL)

    chosen = submit(anna, page.select_one("form.merge-form"), {"keuze-1": "mijn"})
    publish_page(anna, chosen, note="Toch mijn adres")
    assert live_text(app) == PACKAGED.replace(OLD_MAIL, NEW_MAIL)
    assert stored(app)[-2].yaml_text == PACKAGED.replace(OLD_MAIL, OTHER_MAIL), "B's stays"


def test_a_table_form_opened_before_another_publication_is_merged(app, anna, bram):
    page = check_page(anna.get("/redactie/formulier/triagetafel").get_data(as_text=True))
    form = page.select_one("form.table-form")
    assert form.select_one("input[name=base]")["value"] == "0"
    data = form_data(form)
    email = next(k for k, v in data.items() if v == "aanmelding@triagetafeltwente.nl")
    data[email] = "nieuw@triagetafeltwente.nl"
    publish_page(bram, preview_yaml(bram, PACKAGED.replace(*CHAIR)), note="Voorzitter")

    response = anna.post("/redactie/formulier/triagetafel", data=data)
    assert response.status_code == 409, "the form's values do not put back Bram's"
    page = check_page(response.get_data(as_text=True))
    assert [c.get_text() for c in page.select(".merge-applied code")] == [
        "tables[triagetafel].contacts[0].address"
    ]
    merged = submit(anna, page.select_one("form.merge-form"))
    publish_page(anna, merged, note="Adres")
    assert live_text(app) == PACKAGED.replace(OLD_MAIL, NEW_MAIL).replace(*CHAIR)


def test_a_table_yaml_editor_opened_before_another_publication_is_merged(app, anna, bram):
    page = check_page(anna.get("/redactie/bewerken/triagetafel").get_data(as_text=True))
    data = form_data(page.select_one("form[action='/redactie/voorbeeld']"))
    assert data["base"] == "0"
    data["yaml"] = data["yaml"].replace(OLD_MAIL, NEW_MAIL)
    publish_page(bram, preview_yaml(bram, PACKAGED.replace(*CHAIR)), note="Voorzitter")
    response = anna.post("/redactie/voorbeeld", data=data)
    assert response.status_code == 409
    merged = submit(anna, check_page(response.get_data(as_text=True)).select_one("form.merge-form"))
    publish_page(anna, merged, note="Adres")
    assert live_text(app) == PACKAGED.replace(OLD_MAIL, NEW_MAIL).replace(*CHAIR)


def test_a_rollback_started_before_another_publication_is_refused(app, anna, bram):
    publish_page(anna, preview_yaml(anna, PACKAGED.replace(OLD_MAIL, NEW_MAIL)), note="eerste")
    history = check_page(anna.get("/redactie/revisies").get_data(as_text=True))
    rollback = history.select_one("form[action='/redactie/revisies/1/terugzetten']")
    publish_page(
        bram, preview_yaml(bram, PACKAGED.replace(OLD_MAIL, NEW_MAIL).replace(*CHAIR)), note="B"
    )
    response = anna.post(rollback["action"], data=form_data(rollback))
    assert response.status_code == 409
    assert live_text(app) == PACKAGED.replace(OLD_MAIL, NEW_MAIL).replace(*CHAIR)


def test_the_first_change_can_be_rolled_back_and_compared(app, anna):
    publish_page(anna, preview_yaml(anna, PACKAGED.replace(OLD_MAIL, NEW_MAIL)), note="eerste")
    [first, change] = stored(app)
    assert (first.yaml_text, first.parent_id, first.author_id) == (PACKAGED, FIRST_STATE, None)
    assert change.parent_id == first.id

    history = check_page(anna.get("/redactie/revisies").get_data(as_text=True))
    compare = history.select_one("form.compare-form")
    response = anna.get("/redactie/revisies/vergelijk", query_string=form_data(compare))
    assert response.status_code == 200
    added = check_page(response.get_data(as_text=True)).select(".diff__add")
    assert [normalize_spaces(s.get_text()) for s in added] == ["+ " + NEW_MAIL]
    unchosen = anna.get("/redactie/revisies/vergelijk?naar=2", follow_redirects=True)
    assert "Kies twee revisies om te vergelijken." in unchosen.get_data(as_text=True)

    rollback = history.select_one("form[action='/redactie/revisies/1/terugzetten']")
    page = check_page(
        anna.post(rollback["action"], data=form_data(rollback)).get_data(as_text=True)
    )
    publish_page(anna, page, note="Teruggezet naar revisie 1")
    assert live_text(app) == PACKAGED
    public = app.test_client().get("/tafels/triagetafel").get_data(as_text=True)
    assert "aanmelding@triagetafeltwente.nl" in public
    dashboard = check_page(anna.get("/redactie/").get_data(as_text=True))
    assert "Live is: revisie 3" in normalize_spaces(dashboard.get_text())


def test_the_new_revision_is_live_at_once_on_every_instance(database, tmp_path):
    slow = {"CATALOGUE_REFRESH_SECONDS": 3600}
    one = make_app(database, str(tmp_path / "one"), **slow)
    two = make_app(database, str(tmp_path / "two"), **slow)
    add_account(one)
    anna, other = logged_in(one), logged_in(two)
    for instance in (anna, other):
        assert "Live is: het meegeleverde tables.yaml" in instance.get("/redactie/").get_data(
            as_text=True
        )
    response = publish_page(anna, preview_yaml(anna, PACKAGED.replace(OLD_MAIL, NEW_MAIL)))
    for instance in (anna, other):
        page = check_page(instance.get(response.headers["Location"]).get_data(as_text=True))
        assert "Live is: revisie 2" in normalize_spaces(page.get_text())
        history = check_page(instance.get("/redactie/revisies").get_data(as_text=True))
        assert normalize_spaces(history.select_one("tbody th").get_text()) == "2 (live)"


@pytest.mark.parametrize("start", ["packaged", "revision"])
def test_fifty_parallel_publications_from_one_base_store_exactly_one(database, tmp_path, start):
    # Fifty threads open connections at once on two shared cores: allow them time.
    app = make_app(database, str(tmp_path / "busy"), DATABASE_CONNECT_TIMEOUT=30)
    base = 0
    if start == "revision":
        with app.app_context():
            base = publish(PACKAGED.replace(*CHAIR), "begin", None, 0, PACKAGED).id
    before = len(stored(app))
    barrier = threading.Barrier(50)
    outcomes: list[str] = []
    # One new text for all, validated once before the race (validation is the slow part and
    # is remembered), so that the threads meet at the database; each attempt has its own note.
    text = PACKAGED.replace(OLD_MAIL, "address: poging@triagetafeltwente.nl")
    parse_catalogue(text.encode("utf-8"), "tables.yaml")

    def attempt(n: int) -> None:
        with app.app_context():
            barrier.wait()
            try:
                publish(text, f"poging {n}", None, base, PACKAGED)
            except PublishConflict:
                outcomes.append("conflict")
            else:
                outcomes.append("published")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict"] * 49 + ["published"]
    revisions = stored(app)
    new = 2 if start == "packaged" else 1  # the first publication stores the first state too
    assert len(revisions) == before + new
    assert revisions[-1].note in {f"poging {n}" for n in range(50)}
    parents = [r.parent_id for r in revisions]
    assert len(parents) == len(set(parents)), "one revision per parent"
    assert revisions[-1].parent_id == revisions[-2].id


def test_a_publication_names_the_newer_revisions_it_conflicts_with(app):
    with app.app_context():
        first = publish(PACKAGED.replace(*CHAIR), "eerste", None, 0, PACKAGED)
        with pytest.raises(PublishConflict) as refused:
            publish(PACKAGED.replace(OLD_MAIL, NEW_MAIL), "tweede", None, 0, PACKAGED)
        assert [r.id for r in refused.value.newer] == [first.id]
        # An invalid newer revision (never served) does not block editing the live one.
        broken = Revision.of("schema_version: 2\n", "kapot", None, first.id)
        db.session.add(broken)
        db.session.commit()
        again = publish(
            PACKAGED.replace(OLD_MAIL, NEW_MAIL),
            "derde",
            None,
            first.id,
            PACKAGED,
            refused={broken.sha256},
        )
        assert again.parent_id == broken.id


def test_publishing_without_a_known_base_never_reverts(app, anna, bram):
    stale = preview_yaml(anna, PACKAGED.replace(OLD_MAIL, NEW_MAIL))
    publish_page(bram, preview_yaml(bram, PACKAGED.replace(*CHAIR)), note="B")
    data = {
        "yaml": stale.select_one("input[name=yaml]")["value"],
        "base": "0",
        "note": "oud",
        "csrf_token": token(anna, "/redactie/bewerken"),
    }
    assert anna.post("/redactie/publiceren", data=data).status_code == 409
    assert live_text(app) == PACKAGED.replace(*CHAIR)


def test_a_publish_form_that_does_not_say_its_base_is_refused(app, anna, bram):
    stale = preview_yaml(anna, PACKAGED.replace(OLD_MAIL, NEW_MAIL))
    publish_page(bram, preview_yaml(bram, PACKAGED.replace(*CHAIR)), note="B")
    data = {
        "yaml": stale.select_one("input[name=yaml]")["value"],
        "note": "zonder basis",
        "csrf_token": token(anna, "/redactie/bewerken"),
    }
    assert anna.post("/redactie/publiceren", data=data).status_code == 400
    # A page from before revisions were numbered sent the sha256 of the live text.
    data["base"] = hashlib.sha256(PACKAGED.encode()).hexdigest()
    assert anna.post("/redactie/publiceren", data=data).status_code == 409
    assert live_text(app) == PACKAGED.replace(*CHAIR)
