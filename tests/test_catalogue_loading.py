"""Loading and validating tables.yaml: a broken file gives Dutch, line-numbered messages."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from ruamel.yaml.constructor import RoundTripConstructor

from rdm.catalogue import CatalogueError, load_catalogue, parse_catalogue
from rdm.catalogue.loader import MAX_BYTES
from rdm.catalogue.roundtrip import MAX_REFERENCES
from rdm.catalogue.text import FIXED_TABLE_SLUGS
from rdm.config import PACKAGED_CATALOGUE

# The Triage & Transfertafel's chair, in both languages: without it the table lacks a field.
TRIAGE_CHAIR = "    chair:\n      nl: Teamleider Mediant\n      en: Team leader, Mediant\n"


def problems_of(text: str, today: dt.date | None = None) -> list:
    with pytest.raises(CatalogueError) as raised:
        parse_catalogue(text.encode("utf-8"), "tables.yaml", today)
    return raised.value.problems


def line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    """Return the 1-based line number of the n-th line containing `fragment`."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if fragment in line]
    return hits[occurrence - 1]


def test_the_packaged_catalogue_is_valid():
    loaded = load_catalogue(PACKAGED_CATALOGUE)
    catalogue = loaded.catalogue
    assert [t.slug for t in catalogue.tables] == list(FIXED_TABLE_SLUGS)
    assert len(loaded.sha256) == 64
    assert len(catalogue.gemeenten) == 14


def test_catalogue_objects_are_immutable():
    catalogue = load_catalogue(PACKAGED_CATALOGUE).catalogue
    with pytest.raises(ValueError):
        catalogue.tables[0].slug = "other"
    assert isinstance(catalogue.tables, tuple)
    assert isinstance(catalogue.tables[0].inflow.criteria, tuple)


def test_syntax_error_names_the_line(catalogue_text):
    broken = catalogue_text.replace(
        "      nl: Teamleider Mediant\n", "      nl: [Teamleider Mediant\n"
    )
    [problem] = problems_of(broken)
    opened = line_of(broken, "nl: [Teamleider Mediant")
    assert problem.line == opened + 1, "the parser notices on the next line"
    assert "ongeldige YAML" in problem.message
    assert f"begonnen op regel {opened}" in problem.message
    assert str(problem).startswith(f"tables.yaml:{problem.line}: ")


def test_duplicate_key_names_the_key_and_its_second_line(catalogue_text):
    broken = catalogue_text.replace(
        "    regie: Mediant\n",
        "    regie: Mediant\n    chair: Iemand anders\n",
    )
    [problem] = problems_of(broken)
    assert problem.line == line_of(broken, "chair: Iemand anders")
    assert problem.message == "sleutel 'chair' komt dubbel voor in hetzelfde blok"


def test_missing_field_names_the_entry_and_field(catalogue_text):
    goal = "    goal:\n      nl: Realiseren van een passende plek als de huidige organisatie deze "
    goal += "niet kan bieden.\n      en: Finding a fitting place when the current organisation "
    goal += "cannot offer one.\n"
    assert goal in catalogue_text
    broken = catalogue_text.replace(goal, "")
    [problem] = problems_of(broken)
    assert problem.where == "tafel 'regiotafel-wlz', veld 'goal'"
    assert problem.message == "verplicht veld ontbreekt"
    assert problem.line == line_of(broken, "- slug: regiotafel-wlz")


def test_wrong_type_names_the_line_of_the_value(catalogue_text):
    broken = catalogue_text.replace(
        "    short_name: Hoogcomplex\n    ladder_step: 3",
        "    short_name: Hoogcomplex\n    ladder_step: drie",
    )
    [problem] = problems_of(broken)
    assert problem.where == "tafel 'hoogcomplex', veld 'ladder_step'"
    assert problem.message == "moet een geheel getal zijn"
    assert problem.line == line_of(broken, "ladder_step: drie")


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        (
            "    outflow:\n      nl: Over het algemeen",
            "    outlfow:\n      nl: Over het algemeen",
            "tafel 'regiotafel-wlz', veld 'outlfow'",
            "onbekend veld (tikfout, of hoort het ergens anders?)",
        ),
        (
            "url: http://www.triagetafeltwente.nl/",
            "url: https://emea01.safelinks.protection.outlook.com/?url=http%3A%2F%2Fwww.triagetafeltwente.nl",
            "tafel 'triagetafel', veld 'contacts[2].url'",
            "is een Outlook-safelink; vul het echte doeladres in",
        ),
        (
            "url: http://www.triagetafeltwente.nl/",
            "url: www.triagetafeltwente.nl/",
            "tafel 'triagetafel', veld 'contacts[2].url'",
            "moet een volledig webadres zijn, met https:// (of http://)",
        ),
        (
            "address: aanmelding@triagetafeltwente.nl",
            "address: aanmelding-at-triagetafeltwente.nl",
            "tafel 'triagetafel', veld 'contacts[1].address'",
            "is geen geldig e-mailadres",
        ),
        (
            "- id: transfer_tried",
            "- id: transfer_triedd",
            "tafel 'regiotafel-wlz', veld 'inflow.criteria[5].id'",
            "'transfer_triedd' staat niet als ja/nee-antwoord in de woordenlijst (vocabulary)",
        ),
        (
            "    ggz_region: null\n",
            "    ggz_region: twente\n",
            "gemeente 'tubbergen', veld 'ggz_region'",
            "moet een van deze waarden zijn: 'mediant' or 'dimence'",
        ),
    ],
)
def test_field_errors_are_located_and_in_dutch(catalogue_text, old, new, where, message):
    assert old in catalogue_text
    broken = catalogue_text.replace(old, new, 1)
    problems = problems_of(broken)
    assert [(p.where, p.message) for p in problems] == [(where, message)]
    assert problems[0].line == line_of(broken, new.strip().splitlines()[0])


def test_a_review_date_in_the_future_is_refused(catalogue_text, today):
    # One day of slack covers an editor ahead of the server's clock; two days is the future.
    ahead = catalogue_text.replace(
        "last_reviewed: 2026-11-22", f"last_reviewed: {today + dt.timedelta(days=1)}", 1
    )
    assert parse_catalogue(ahead.encode("utf-8"), "tables.yaml", today)
    later = (today + dt.timedelta(days=2)).isoformat()
    broken = catalogue_text.replace("last_reviewed: 2026-11-22", f"last_reviewed: {later}", 1)
    [problem] = problems_of(broken, today)
    assert problem.where == "toelichting, veld 'last_reviewed'"
    assert problem.message == "ligt in de toekomst"


def test_a_duplicate_slug_is_reported_where_it_repeats(catalogue_text):
    broken = catalogue_text.replace("- slug: hoogcomplex", "- slug: topx")
    problems = problems_of(broken)
    assert (problems[0].where, problems[0].message) == (
        "tafel 'topx', veld 'slug'",
        "tafel-slug 'topx' komt dubbel voor",
    )
    assert problems[0].line == line_of(broken, "- slug: topx", occurrence=2)
    assert (
        "deze vaste slugs ontbreken (URL's en de API gebruiken ze): hoogcomplex"
        in problems[1].message
    )


# The example case that expects a verdict of Hoogcomplex, counted from 1 as editors count.
HOOGCOMPLEX_EXAMPLE = next(
    n + 1
    for n, example in enumerate(load_catalogue(PACKAGED_CATALOGUE).catalogue.examples)
    if "hoogcomplex" in example.expect
)


def test_a_renamed_fixed_slug_is_reported(catalogue_text):
    broken = catalogue_text.replace("- slug: hoogcomplex", "- slug: hoog-complex")
    problems = {(p.where, p.message) for p in problems_of(broken)}
    assert problems == {
        ("veld 'tables'", "deze vaste slugs ontbreken (URL's en de API gebruiken ze): hoogcomplex"),
        ("tafel 'triagetafel', veld 'escalates_to'", "tafel 'hoogcomplex' bestaat niet"),
        ("tafel 'regiotafel-wlz', veld 'escalates_to'", "tafel 'hoogcomplex' bestaat niet"),
        (
            f"veld 'examples[{HOOGCOMPLEX_EXAMPLE}].expect.hoogcomplex'",
            "tafel 'hoogcomplex' bestaat niet",
        ),
    }


def test_every_problem_is_reported_at_once(catalogue_text):
    broken = catalogue_text.replace(TRIAGE_CHAIR, "").replace(
        "    ladder_step: 4", "    ladder_step: vier"
    )
    problems = problems_of(broken)
    assert {p.where for p in problems} == {
        "tafel 'triagetafel', veld 'chair'",
        "tafel 'bestuurlijk-escalatie-overleg', veld 'ladder_step'",
    }


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"- a\n- b\n", "het bestand moet een blok met velden zijn"),
        ("schema_version: 1\n".encode("utf-16"), "bestand is geen UTF-8 (byte 0)"),
        (b"a: " + b"[" * 30 + b"]" * 30 + b"\n", "meer dan 20 niveaus diep genest"),
        (b"x: " + b"y" * MAX_BYTES, "bestand is groter dan 1.000.000 bytes"),
    ],
)
def test_unusable_files_are_refused_with_a_clear_message(raw, message):
    with pytest.raises(CatalogueError) as raised:
        parse_catalogue(raw, "tables.yaml")
    assert [p.message for p in raised.value.problems] == [message]


def merge_key_bomb(merges: int) -> str:
    """Return a small file with many `<<: *a`: ruamel resolves merge keys in quadratic time."""
    return "base: &a {x: 1}\nitems:\n" + "".join(f"  k{n}:\n    <<: *a\n" for n in range(merges))


def test_a_merge_key_bomb_is_refused_while_reading_before_any_merge_is_resolved(monkeypatch):
    def construct_document(self, node):
        raise AssertionError("the document reached the constructor")

    monkeypatch.setattr(RoundTripConstructor, "construct_document", construct_document)
    bomb = merge_key_bomb(5_000)  # before the fix: over 30 seconds in the constructor
    [problem] = problems_of(bomb)
    allowed = MAX_REFERENCES["samenvoegingen (<<: *naam)"]
    assert problem.line == line_of(bomb, "<<: *a", allowed + 1), "stops at the first too many"
    assert str(problem) == (
        f"tables.yaml:{problem.line}: meer dan {allowed} samenvoegingen (<<: *naam); "
        "schrijf de velden voluit"
    )


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("ankers (&naam)", "".join(f"k{n}: &a{n} 1\n" for n in range(1_000))),
        ("verwijzingen (*naam)", "a: &a 1\nb:\n" + "  - *a\n" * 1_000),
    ],
)
def test_too_many_anchors_or_aliases_are_refused_at_the_first_one_too_many(kind, text):
    [problem] = problems_of(text)
    assert problem.message.startswith(f"meer dan {MAX_REFERENCES[kind]} {kind}")
    assert problem.line == MAX_REFERENCES[kind] + (1 if kind.startswith("ankers") else 3)


def test_a_block_shared_with_an_anchor_and_merge_keys_still_loads(catalogue_text):
    """The packaged catalogue uses no anchors, but an editor may share a block this way."""
    shared = catalogue_text
    for question, merge in (
        ("acute_danger", "&veiligheid {type: bool, topic: veiligheid}"),
        ("crisis", "*veiligheid"),
        ("sudden_deterioration", "*veiligheid"),
    ):
        written = f"  - id: {question}\n    type: bool\n    topic: veiligheid\n"
        assert written in shared
        shared = shared.replace(written, f"  - id: {question}\n    <<: {merge}\n")
    loaded = parse_catalogue(shared.encode("utf-8"))
    assert loaded.catalogue == parse_catalogue(catalogue_text.encode("utf-8")).catalogue


def test_a_key_merged_in_with_an_alias_is_located_at_the_merge(catalogue_text):
    text = catalogue_text.replace("\nschema_version: 2\n", "\n<<: {a: 1}\nschema_version: 2\n")
    line = text.splitlines().index("<<: {a: 1}") + 1
    problems = problems_of(text)
    assert "veld 'a': onbekend veld (tikfout, of hoort het ergens anders?)" in [
        f"{p.where}: {p.message}" for p in problems
    ]
    assert {p.line for p in problems if p.where == "veld 'a'"} == {line}


def test_a_missing_file_is_reported(tmp_path):
    with pytest.raises(CatalogueError) as raised:
        load_catalogue(tmp_path / "bestaat-niet.yaml")
    assert "bestand niet te lezen" in str(raised.value)


def test_flask_rdm_check_accepts_the_packaged_catalogue(runner):
    result = runner.invoke(args=["rdm", "check", str(PACKAGED_CATALOGUE)])
    assert result.exit_code == 0
    assert "in orde — 8 tafels, 14 gemeenten" in result.output


def test_flask_rdm_check_lists_problems_and_fails(runner, tmp_path, catalogue_text):
    broken = tmp_path / "tables.yaml"
    broken.write_text(catalogue_text.replace(TRIAGE_CHAIR, ""), encoding="utf-8")
    result = runner.invoke(args=["rdm", "check", str(broken)])
    assert result.exit_code == 1
    assert "1 fout(en) gevonden" in result.output
    assert f"{broken}:" in result.output
    assert "tafel 'triagetafel', veld 'chair': verplicht veld ontbreekt" in result.output


def test_the_app_refuses_to_start_on_an_invalid_catalogue_without_a_traceback(
    tmp_path, catalogue_text
):
    broken = tmp_path / "tables.yaml"
    broken.write_text(catalogue_text.replace(TRIAGE_CHAIR, ""), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", "from rdm import create_app; create_app()"],
        env={
            "RDM_CATALOGUE": str(broken),
            "RDM_ENV": "development",
            "RDM_INSTANCE_PATH": str(tmp_path),
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "De catalogus is ongeldig; de site start niet." in result.stderr
    assert "tafel 'triagetafel', veld 'chair': verplicht veld ontbreekt" in result.stderr
    assert "Traceback" not in result.stderr
