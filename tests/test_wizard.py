"""The wegwijzer as a person uses it: steps, branching, check page, advice, PDF, and privacy."""

from __future__ import annotations

import io
import logging
import sqlite3

import pytest
from flask.sessions import SecureCookieSessionInterface
from pypdf import PdfReader

from rdm.catalogue import load_catalogue
from rdm.config import PACKAGED_CATALOGUE
from rdm.wegwijzer.pdf import page_text

from .conftest import normalize_spaces
from .wizard_helpers import Visitor, walk

CATALOGUE = load_catalogue(PACKAGED_CATALOGUE).catalogue
RULES_VERSION = CATALOGUE.rules_version
TOPX_CASE = {
    "role": "politie",
    "gemeente": "almelo",
    "acute_danger": "false",
    "crisis": "false",
    "sudden_deterioration": "false",
    "gemeente_involved": "false",
    "wlz": "false",
    "area_safety_problem": "true",
}


@pytest.fixture
def visitor(client):
    return Visitor(client).open()


def test_start_page_says_what_it_does_and_does_not_store(visitor):
    assert visitor.h1 == "Wegwijzer: welke overlegtafel past?"
    privacy = normalize_spaces(visitor.page.select_one(".privacy").get_text())
    assert "niet bewaard, niet gelogd en niet in een cookie of webadres" in privacy
    assert visitor.page.select_one("main form")["method"] == "post"


FIRST_PAGE = {
    "role": "politie",
    "gemeente": "almelo",
    "acute_danger": "false",
    "need": "veiligheid",
    "gemeente_involved": "false",
}


AREA_QUESTION = (
    "Is er ernstige veiligheidsproblematiek in de buurt of het gebied die een ketenaanpak vraagt?"
)


def summary(visitor) -> dict[str, str]:
    """The check page's rows: question -> answer."""
    return {
        normalize_spaces(r.select_one("dt").get_text()): normalize_spaces(
            r.select_one(".summary-list__value").get_text()
        )
        for r in visitor.page.select(".summary-list__row")
    }


def test_the_first_page_asks_what_every_advice_needs(visitor):
    visitor.press("Start de wegwijzer")
    assert visitor.h1 == "Over uw vraag"
    legends = [normalize_spaces(tag.get_text()) for tag in visitor.page.select("legend")]
    assert legends == [
        "Wat is uw rol?",
        "In welke gemeente woont de persoon?",
        "Is er nu acuut gevaar voor leven of veiligheid?",
        "Waar zoekt u hulp bij?",
        "Is de gemeente (wijkteam of procesmanager) al betrokken?",
    ]
    labels = [
        normalize_spaces(tag.get_text())
        for tag in visitor.page.select("fieldset")[1].select("label")
    ]
    assert labels[0] == "Almelo" and labels[-2:] == ["Buiten Twente", "Weet ik niet"]
    assert not visitor.page.select(".caption"), "no step count: the number of questions varies"


def test_after_the_first_page_one_question_at_a_time_as_the_page_heading(visitor):
    visitor.press("Start de wegwijzer").answer_all(FIRST_PAGE)
    assert visitor.questions() == ["area_safety_problem"]
    assert visitor.h1 == visitor.page.select_one("legend").get_text().strip()
    assert visitor.page.title.get_text().startswith(visitor.h1)


def test_a_missing_answer_is_named_and_the_other_answers_are_kept(visitor):
    visitor.press("Start de wegwijzer").press("Volgende", {"gemeente": "borne"})
    summary_box = visitor.page.select_one(".error-summary")
    assert [a["href"] for a in summary_box.select("a")] == [
        "#role-0",
        "#acute_danger-0",
        "#need-0",
        "#gemeente_involved-0",
    ]
    assert "Kies een antwoord" in visitor.page.select_one("#role-error").get_text()
    assert visitor.page.select_one("fieldset[aria-describedby='role-error']")
    assert visitor.page.select_one(
        "#wizard-form input[type=radio][name=gemeente][value=borne]"
    ).has_attr("checked")


def test_back_returns_to_the_previous_step_with_its_answers(visitor):
    visitor.press("Start de wegwijzer").answer_all(FIRST_PAGE)
    visitor.answer_all({"area_safety_problem": "false"})
    second = visitor.h1
    visitor.press("Terug")
    assert visitor.questions() == ["area_safety_problem"]
    assert visitor.page.select_one(
        "#wizard-form input[type=radio][name=area_safety_problem][value=false]"
    ).has_attr("checked")
    visitor.press("Terug")
    assert visitor.h1 == "Over uw vraag"
    assert visitor.page.select_one(
        "#wizard-form input[type=radio][name=role][value=politie]"
    ).has_attr("checked")
    visitor.press("Terug")
    assert visitor.h1 == "Wegwijzer: welke overlegtafel past?"
    assert second != visitor.h1


def test_a_partner_reaches_the_check_page_after_the_first_page(visitor):
    partner = {**FIRST_PAGE, "role": "partner", "need": "plek"}
    visitor.press("Start de wegwijzer").answer_all(partner)
    assert visitor.h1 == "Controleer uw antwoorden"
    assert len(summary(visitor)) == 5


def test_acute_danger_goes_straight_to_the_emergency_advice(visitor):
    visitor.press("Start de wegwijzer").answer_all({**FIRST_PAGE, "acute_danger": "true"})
    assert visitor.h1 == "Controleer uw antwoorden"
    visitor.press("Bekijk het advies")
    acute = normalize_spaces(visitor.page.select_one(".acute").get_text())
    assert "Bel 112" in acute and "Veilig Thuis" in acute
    assert visitor.page.select(".verdict") == []
    assert visitor.page.select_one(".first-step") is None


def test_check_page_lists_the_answers_with_change_buttons(visitor):
    walk(visitor, TOPX_CASE)
    rows = summary(visitor)
    assert rows["Wat is uw rol?"] == "Politie"
    assert rows["In welke gemeente woont de persoon?"] == "Almelo"
    assert (
        "Heeft de huidige zorgaanbieder stappen 2 en 3 doorlopen en vastgelegd, zonder resultaat?"
        not in rows
    )
    change = visitor.page.select(".summary-list__actions button")[0]
    assert normalize_spaces(change.get_text()) == "Wijzig het antwoord op: Wat is uw rol?"


def test_wijzig_opens_the_question_clicked_and_returns_to_the_check_page(visitor):
    walk(visitor, TOPX_CASE)
    visitor.press("Wijzig het antwoord op: In welke gemeente woont de persoon?")
    assert visitor.h1 == "Over uw vraag"
    visitor.press("Opslaan en verder", {"gemeente": "tubbergen"})
    assert visitor.h1 == "Controleer uw antwoorden"
    values = summary(visitor)
    assert values["In welke gemeente woont de persoon?"] == "Tubbergen"
    assert values["Wat is uw rol?"] == "Politie"
    question = AREA_QUESTION
    visitor.press(f"Wijzig het antwoord op: {question}")
    assert visitor.h1 == question and visitor.questions() == ["area_safety_problem"]


def test_a_change_that_opens_new_questions_walks_through_them(visitor):
    walk(visitor, TOPX_CASE)
    question = AREA_QUESTION
    visitor.press(f"Wijzig het antwoord op: {question}")
    visitor.press("Opslaan en verder", {"area_safety_problem": "false"})
    assert visitor.h1 != "Controleer uw antwoorden", "TopX is open again: its questions follow"
    for _ in range(10):
        if visitor.h1 == "Controleer uw antwoorden":
            break
        visitor.answer_all({})
    assert summary(visitor)[question] == "Nee"


def test_back_before_the_first_page_keeps_the_answers(visitor):
    visitor.press("Start de wegwijzer").answer_all({**FIRST_PAGE, "gemeente": "borne"})
    visitor.press("Terug").press("Terug")
    assert visitor.h1 == "Wegwijzer: welke overlegtafel past?"
    visitor.press("Start de wegwijzer")
    assert visitor.page.select_one(
        "#wizard-form input[type=radio][name=gemeente][value=borne]"
    ).has_attr("checked")


def test_the_advice_page_for_an_area_bound_safety_problem(visitor):
    walk(visitor, TOPX_CASE).press("Bekijk het advies")
    page = visitor.page
    assert visitor.h1 == "Advies van de wegwijzer"
    first = normalize_spaces(page.select_one(".first-step").get_text())
    assert "Eerste stap: de gemeente Almelo" in first and "GGZ-werkgebied: Dimence" in first
    verdicts = page.select(".verdict")
    assert len(verdicts) == 8
    top = verdicts[0]
    assert top.select_one("h3 a")["href"] == "/tafels/topx"
    assert normalize_spaces(top.select_one(".verdict__badge").get_text()) == "Past"
    assert "U mag deze casus zelf aanmelden." in top.get_text()
    assert top.select_one("a[href='mailto:info@veiligheidshuistwente.nl']")
    assert "Bestuurlijk escalatie overleg" in normalize_spaces(top.get_text())
    assert page.select_one(".client-support a[href='/clientondersteuning']")
    assert f"versie van de regels: {RULES_VERSION}" in page.select_one(".reviewed").get_text()


def test_the_advice_says_who_registers_when_the_asker_may_not(client):
    case = {**TOPX_CASE, "role": "partner"}
    visitor = walk(Visitor(client).open(), case).press("Bekijk het advies")
    topx = visitor.page.select(".verdict")[0]
    assert "U mag deze casus niet zelf aanmelden." in topx.get_text()
    assert "procesmanager van de gemeente" in normalize_spaces(topx.get_text())


def test_the_closing_piece_says_no_table_comes_after_it(client):
    """The ministry's unit registers at the bestuurlijk escalatie overleg; no step is above it."""
    case = {
        "role": "vws",
        "acute_danger": "false",
        "need": "vastgelopen",
        "gemeente_involved": "true",
        "ggz_care_need": "true",
        "high_safety_risk": "true",
        "system_stuck": "true",
        "regional_routes_exhausted": "true",
    }
    visitor = walk(Visitor(client).open(), case).press("Bekijk het advies")
    closing = next(
        v
        for v in visitor.page.select(".verdict")
        if v.select_one("a[href='/tafels/bestuurlijk-escalatie-overleg']")
    )
    text = normalize_spaces(closing.get_text())
    assert "Dit is de hoogste trede van het overzicht" in text
    assert "Lost dit het niet op?" not in text


def test_the_advice_offers_what_if_hints_for_unknowns(client):
    case = {**TOPX_CASE, "area_safety_problem": "false", "multi_problem": "true"}
    visitor = walk(Visitor(client).open(), case).press("Bekijk het advies")
    topx = next(
        v for v in visitor.page.select(".verdict") if v.select_one("a[href='/tafels/topx']")
    )
    hints = [normalize_spaces(li.get_text()) for li in topx.select(".what-if + ul li")]
    assert hints == [
        "Leiden de problemen (naar verwachting) tot crimineel of overlastgevend gedrag, "
        "of verder afglijden? — Ja",
        "Hebben de problemen invloed op het gezin of de directe omgeving, "
        "of worden ze erdoor beïnvloed? — Ja",
    ]


BULLETS = {"•", "\x7f"}


def pdf_of(visitor):
    """Press the advice page's PDF button: its form's hidden answers, posted to the PDF."""
    return visitor.client.post(
        "/wegwijzer/advies.pdf",
        data={
            i["name"]: i["value"] for i in visitor.page.select("#wizard-form input[type=hidden]")
        },
    )


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.data))
    return normalize_spaces(" ".join(page.extract_text() for page in reader.pages))


@pytest.mark.parametrize(
    "case",
    [
        TOPX_CASE,
        {**TOPX_CASE, "role": "partner", "gemeente": "hengelo", "area_safety_problem": "unknown"},
        {**TOPX_CASE, "area_safety_problem": "false", "multi_problem": "false"},
        {**TOPX_CASE, "acute_danger": "true"},
    ],
    ids=["fits", "partner", "nothing-fits", "acute"],
)
def test_the_pdf_says_exactly_what_the_page_says_in_its_order(client, case):
    visitor = walk(Visitor(client).open(), case).press("Bekijk het advies")
    page = normalize_spaces(page_text(visitor.response.get_data(as_text=True)))
    # Without the list bullets (pypdf reads reportlab's as DEL).
    printed = " ".join(w for w in pdf_text(pdf_of(visitor)).split() if w not in BULLETS)
    assert printed == page
    assert "Download als PDF" not in printed and "Wijzig uw antwoorden" not in printed


def test_the_pdf_carries_answers_verdicts_contacts_version_and_date(visitor):
    walk(visitor, TOPX_CASE).press("Bekijk het advies")
    visitor_pdf = pdf_of(visitor)
    assert visitor_pdf.status_code == 200
    assert visitor_pdf.mimetype == "application/pdf"
    assert visitor_pdf.headers["Cache-Control"] == "no-store"
    assert visitor_pdf.headers["Content-Disposition"].startswith(
        'attachment; filename="rdm-advies-'
    )
    text = pdf_text(visitor_pdf)
    assert f"versie van de regels: {RULES_VERSION}" in text
    assert "TopX / ketencasusoverleg Zorg en Veiligheidshuis Twente Past" in text
    assert "info@veiligheidshuistwente.nl" in text
    assert "Eerste stap: de gemeente Almelo" in text
    assert "Wat is uw rol? Politie" in text
    assert "geen gegevens die een persoon identificeren" in text
    assert PdfReader(io.BytesIO(visitor_pdf.data)).metadata.title == "Advies van de wegwijzer"


def test_steps_are_never_reachable_by_url(client):
    for url in ("/wegwijzer/stap", "/wegwijzer/advies", "/wegwijzer/advies.pdf"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"] == "/wegwijzer/"


def test_tampered_answers_are_refused_and_nothing_is_kept(visitor):
    visitor.press("Start de wegwijzer")
    form = {i["name"]: i["value"] for i in visitor.page.select("#wizard-form input[type=hidden]")}
    response = visitor.client.post("/wegwijzer/advies", data={**form, "wlz": "misschien"})
    assert response.status_code == 400
    assert "Uw antwoorden konden niet worden gelezen" in response.get_data(as_text=True)


def test_an_expired_form_keeps_every_answer(client):
    response = client.post(
        "/wegwijzer/advies", data={"role": "om", "gemeente": "wierden", "addiction": "true"}
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Het formulier was verlopen" in html
    assert 'name="gemeente" value="wierden"' in html and 'name="addiction" value="true"' in html


def test_switching_language_mid_wizard_keeps_the_answers(visitor):
    visitor.press("Start de wegwijzer").answer_all(FIRST_PAGE)
    english = visitor.page.select_one(".language-switch button[value=en]")
    assert english["form"] == "wizard-form"
    visitor.press("English")
    assert visitor.page.html["lang"] == "en"
    assert visitor.h1 == (
        "Is there a serious local or area-bound safety problem that needs a chain-wide approach?"
    )
    assert visitor.page.select_one("input[type=hidden][name=gemeente]")["value"] == "almelo"
    assert "lang=en" in visitor.response.headers["Set-Cookie"]


class TestPrivacy:
    """Nothing about a case is stored, logged, put in a cookie or in a URL."""

    @pytest.fixture
    def app(self, tmp_path):
        from .editor_helpers import make_app

        return make_app(f"sqlite:///{tmp_path}/rdm.sqlite3", str(tmp_path))

    def test_a_whole_wizard_run_stores_logs_and_sets_nothing_about_the_case(
        self, app, client, caplog, tmp_path
    ):
        caplog.set_level(logging.DEBUG)
        case = {**TOPX_CASE, "gemeente": "tubbergen", "role": "reclassering"}
        visitor = walk(Visitor(client).open(), case).press("Bekijk het advies")
        visitor.client.post(
            "/wegwijzer/advies.pdf",
            data={
                i["name"]: i["value"]
                for i in visitor.page.select("#wizard-form input[type=hidden]")
            },
        )
        assert "Eerste stap: de gemeente Tubbergen" in visitor.page.get_text()

        connection = sqlite3.connect(tmp_path / "rdm.sqlite3")
        tables = [
            name
            for (name,) in connection.execute("select name from sqlite_master where type='table'")
        ]
        filled = {
            name
            for name in tables
            if connection.execute(f"select count(*) from {name}").fetchone()[0]
        }
        assert filled == {"alembic_version", "outcome_count"}, "only the anonymous counters"
        dump = "\n".join(connection.iterdump()).lower()
        assert "tubbergen" not in dump and "reclassering" not in dump

        logged = " ".join(record.getMessage() for record in caplog.records)
        assert "tubbergen" not in logged.lower() and "reclassering" not in logged.lower()

        cookies = {cookie.key: cookie.value for cookie in client._cookies.values()}
        assert set(cookies) <= {"session"}
        if "session" in cookies:
            serializer = SecureCookieSessionInterface().get_signing_serializer(app)
            assert set(serializer.loads(cookies["session"])) == {"csrf_token"}

    def test_an_error_is_logged_without_the_answers(self, app, client, caplog, monkeypatch):
        from rdm.wegwijzer import RulesEngine

        def broken(self, answers):
            raise RuntimeError(f"engine failure for {answers}")  # quotes the answers

        monkeypatch.setattr(RulesEngine, "advise", broken)
        visitor = walk(
            Visitor(client).open(), {**TOPX_CASE, "gemeente": "tubbergen", "role": "reclassering"}
        )
        data = {
            i["name"]: i["value"] for i in visitor.page.select("#wizard-form input[type=hidden]")
        }
        with caplog.at_level(logging.DEBUG):
            response = client.post("/wegwijzer/advies", data=data)
        assert response.status_code == 500
        logged = caplog.text
        assert "onverwachte fout bij POST /wegwijzer/advies" in logged and "RuntimeError" in logged
        assert "RuntimeError: engine failure" not in logged, "its message quotes the answers"
        assert "tubbergen" not in logged and "reclassering" not in logged

    def test_no_wizard_page_puts_answers_in_a_url(self, client):
        visitor = walk(Visitor(client).open(), {**TOPX_CASE, "gemeente": "tubbergen"})
        for page in (visitor.page, visitor.press("Bekijk het advies").page):
            assert all(form["method"] == "post" for form in page.select("main form"))
            urls = [a["href"] for a in page.select("a[href]")] + [
                f["action"] for f in page.select("form")
            ]
            assert not [url for url in urls if "tubbergen" in url]


GEMEENTEN = [o.value for o in CATALOGUE.answer("gemeente").options]


def advice_for(client, case: dict[str, str]) -> Visitor:
    return walk(Visitor(client).open(), case).press("Bekijk het advies")


def test_unknown_danger_shows_the_emergency_box_first_and_the_advice_beside_it(client):
    page = advice_for(client, {**TOPX_CASE, "acute_danger": "unknown"}).page
    sections = [s.get("class")[0] for s in page.select("#wizard-form > section, article")]
    assert sections[:2] == ["acute", "first-step"], sections
    assert "Bel 112." in page.select_one(".acute").get_text()
    assert page.select_one(".verdict--fits a[href='/tafels/topx']")


def test_no_answer_means_no_danger_box_when_danger_is_ruled_out(client):
    assert advice_for(client, TOPX_CASE).page.select_one(".acute") is None


def test_unknown_is_never_shown_as_does_not_fit(client):
    # A partner who knows little: every table may still fit; none says "Past niet".
    case = {"role": "partner", "gemeente": "hengelo", "acute_danger": "false"}
    page = advice_for(client, case).page
    badges = [normalize_spaces(b.get_text()) for b in page.select(".verdict__badge")]
    assert "Past niet" not in badges and set(badges) == {"Past mogelijk"}
    assert not page.select(".what-if"), "a partner is not asked to find out providers' steps"


def test_each_verdict_names_its_criteria(client):
    case = {**TOPX_CASE, "area_safety_problem": "false", "wlz": "true", "crisis": "false"}
    page = advice_for(client, case).page
    for article in page.select(".verdict"):
        reason = normalize_spaces(article.select_one(".verdict__reason").get_text())
        badge = normalize_spaces(article.select_one(".verdict__badge").get_text())
        expected = {
            "Past": "Past: aan de instroomcriteria is voldaan.",
            "Past mogelijk": "Past mogelijk — nog onbekend:",
            "Past na stappen": "Past na stappen:",
            "Past niet": "Past niet, omdat:",
        }[badge]
        assert reason == expected
        if badge != "Past":
            assert article.select(".verdict__because li"), badge


@pytest.mark.parametrize("gemeente", GEMEENTEN)
def test_every_first_step_names_a_route_or_says_plainly_that_none_is_known(client, gemeente):
    case = {"role": "partner", "gemeente": gemeente, "acute_danger": "false"}
    first = advice_for(client, case).page.select_one(".first-step")
    text = normalize_spaces(first.get_text())
    routes = first.select("a[href^='mailto:'], a[href^='tel:']")
    if gemeente == "buiten-twente":
        assert "Neem contact op met de eigen gemeente van de persoon" in text
    else:
        assert routes or "staan nog niet in dit overzicht" in text


def test_a_partner_with_a_safety_case_gets_the_zorg_en_veiligheidshuis(client):
    case = {"role": "partner", "gemeente": "hengelo", "acute_danger": "false"}
    first = advice_for(client, {**case, "need": "veiligheid"}).page.select_one(".first-step")
    assert "Gaat het om veiligheid?" in first.get_text()
    assert first.select_one("a[href='mailto:info@veiligheidshuistwente.nl']")


def test_abbreviations_are_explained_where_they_appear(client):
    case = {**TOPX_CASE, "area_safety_problem": "false", "need": "plek", "wlz": "true"}
    page = advice_for(client, case).page
    marked = page.select("main abbr[title='Wet langdurige zorg']")
    assert len(marked) > 1, "every Wlz on the advice page is marked"
    first = normalize_spaces(marked[0].parent.get_text())
    assert "Wet langdurige zorg" in first, "the first use is written out (or spelled out)"
    text = normalize_spaces(page.select_one("main").get_text())
    assert text.count("Wlz (Wet langdurige zorg)") <= 1, "written out once, then only marked"
    cce = page.select("main abbr[title='Centrum voor Consultatie en Expertise']")
    assert cce and "CCE (Centrum voor Consultatie en Expertise)" in text
