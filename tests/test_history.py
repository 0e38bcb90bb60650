"""The history per table: what each revision touched, and the history filtered by table."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from rdm.config import PACKAGED_CATALOGUE
from rdm.redactie.history import Touched, outline, revision_changes, touched

from .conftest import check_page, normalize_spaces
from .editor_helpers import form_data, token

PACKAGED = PACKAGED_CATALOGUE.read_text(encoding="utf-8")
TRIAGE_MAIL = ("aanmelding@triagetafeltwente.nl", "nieuw@triagetafeltwente.nl")
BORNE = ("{slug: borne, name: Borne,", "{slug: borne, name: Borne (gemeente),")
EXAMPLE = ("  - name: Ernstige overlast in een wijk\n", "  - name: Zware overlast in een wijk\n")


def changed(*replacements) -> str:
    text = PACKAGED
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    return text


def test_a_change_is_placed_in_its_table_gemeente_or_part():
    assert touched(PACKAGED, changed(TRIAGE_MAIL)) == Touched(tables=("triagetafel",))
    assert touched(PACKAGED, changed(BORNE)) == Touched(gemeenten=("borne",))
    assert touched(PACKAGED, changed(EXAMPLE)) == Touched(parts=("examples",))
    both = touched(PACKAGED, changed(EXAMPLE, BORNE, TRIAGE_MAIL))
    assert both == Touched(tables=("triagetafel",), gemeenten=("borne",), parts=("examples",))
    assert touched(PACKAGED, PACKAGED) == Touched()


def test_a_table_removed_or_added_is_named():
    start = PACKAGED.index("  - slug: hoogcomplex\n")
    end = PACKAGED.index("  - slug: levensloopaanpak\n")
    without = PACKAGED[:start] + PACKAGED[end:]
    assert touched(PACKAGED, without).tables == ("hoogcomplex",)
    assert touched(without, PACKAGED).tables == ("hoogcomplex",)


def test_a_section_in_flow_style_counts_as_a_whole():
    lines = ["schema_version: 2", "tables: [{slug: a}, {slug: b}]", "examples:", "  - name: x"]
    assert outline(lines) == ["schema_version", "tables", "examples", "examples"]
    block = [
        "tables:",
        "  # een tafel",
        "  - kind: team",
        "    slug: b",
        "    contacts:",
        "      - x",
    ]
    assert outline(block) == ["tables", "tables", *["table:b"] * 4], "named by its own slug"


def revision(number, parent, text):
    return SimpleNamespace(
        id=number, parent_id=parent, sha256=f"{number}-{hash(text)}", yaml_text=text
    )


def test_each_revision_is_compared_with_the_one_it_was_published_over():
    first = revision(1, 0, PACKAGED)
    second = revision(2, 1, changed(TRIAGE_MAIL))
    third = revision(3, 2, changed(TRIAGE_MAIL, BORNE))
    unnumbered = revision(4, None, changed(TRIAGE_MAIL, BORNE, EXAMPLE))
    changes = revision_changes([unnumbered, third, second, first])
    assert changes[1] is None, "the first state the site served changed nothing"
    assert changes[2] == Touched(tables=("triagetafel",))
    assert changes[3] == Touched(gemeenten=("borne",))
    assert changes[4] == Touched(parts=("examples",)), "without a parent: the one before"


# The history page.


@pytest.fixture
def app(editor_app):
    return editor_app


def publish(editor, text, base, note):
    data = {"csrf_token": token(editor, "/redactie/bewerken"), "note": note, "base": str(base)}
    data["confirm"] = "y"  # renaming an example case changes its verdicts
    assert editor.post("/redactie/publiceren", data={**data, "yaml": text}).status_code == 302


def history(editor, query="", status=200):
    response = editor.get(f"/redactie/revisies{query}")
    assert response.status_code == status
    return check_page(response.get_data(as_text=True))


def rows(page) -> list[tuple[str, str]]:
    """Each revision shown, and what it changed (the items joined by " | ")."""
    found = []
    for tr in page.select(".compare-form tbody tr"):
        cell = tr.select("td")[-1]
        items = [normalize_spaces(li.get_text()) for li in cell.select("li")]
        found.append((normalize_spaces(tr.th.get_text()), " | ".join(items) or cell.get_text()))
    return found


@pytest.fixture
def published(editor):
    publish(editor, changed(TRIAGE_MAIL), 0, "nieuw adres")
    publish(editor, changed(TRIAGE_MAIL, BORNE, EXAMPLE), 2, "Borne en een voorbeeld")
    return editor


def test_the_history_shows_what_each_revision_changed(published):
    page = history(published)
    assert rows(page) == [
        ("3 (live)", "Gemeente: Borne (gemeente) | voorbeeldcasussen"),
        ("2", "Tafel: Triage & Transfertafel"),
        ("1", "—"),
    ]
    link = page.select_one(".touched a")
    assert link["href"] == "/redactie/revisies?tafel=triagetafel"


def test_the_history_filtered_by_table_without_javascript(published):
    page = history(published)
    form = page.select_one("form.history-filter")
    assert form["method"] == "get" and page.select_one("label[for=tafel]")
    data = form_data(form)
    assert data == {"tafel": ""}
    filtered = history(published, "?tafel=triagetafel")
    assert rows(filtered) == [("2", "Tafel: Triage & Transfertafel")]
    assert filtered.select_one("#tafel option[selected]")["value"] == "triagetafel"
    assert "De revisies die Triage & Transfertafel veranderden" in filtered.caption.get_text()
    nothing = history(published, "?tafel=topx")
    assert rows(nothing) == []
    assert "Geen revisie veranderde TopX" in normalize_spaces(nothing.get_text())


def test_an_unknown_table_is_a_clear_error_and_shows_everything(published):
    page = history(published, "?tafel=bestaat-niet", status=400)
    assert page.select_one(".error-summary a")["href"] == "#tafel"
    assert page.select_one("#tafel")["aria-describedby"] == "tafel-error"
    assert "Kies een tafel uit de lijst." in page.select_one("#tafel-error").get_text()
    assert len(rows(page)) == 3


def test_comparing_two_revisions_still_works_from_a_filtered_history(published):
    page = history(published, "?tafel=triagetafel")
    data = form_data(page.select_one("form.compare-form"))
    assert data == {"naar": ["2"]}, "one revision shown: pick the other one yourself"
    response = published.get("/redactie/revisies/vergelijk", query_string={"van": 1, "naar": 2})
    compare = check_page(response.get_data(as_text=True))
    added = [normalize_spaces(s.get_text()) for s in compare.select(".diff__add")]
    assert any("nieuw@triagetafeltwente.nl" in line for line in added)
    full = form_data(history(published).select_one("form.compare-form"))
    assert full == {"van": ["2"], "naar": ["3"]}
    response = published.get("/redactie/revisies/vergelijk", query_string=full)
    assert response.status_code == 200
