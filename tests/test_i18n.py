"""Dutch by default, English on request; the English catalogue ships inside the wheel."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from rdm import create_app

from .conftest import REPO, check_page, normalize_spaces

EN_PO = REPO / "rdm" / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def test_dutch_is_the_default(get_page):
    page = get_page("/")
    assert page.html["lang"] == "nl"
    assert page.h1.get_text() == "Waar kunt u terecht als passende zorg niet lukt?"


def test_accept_language_is_honoured(get_page):
    page = get_page("/", headers={"Accept-Language": "en-GB,en;q=0.9,nl;q=0.5"})
    assert page.html["lang"] == "en"
    assert page.h1.get_text() == "Where to turn when fitting care cannot be found?"
    assert get_page("/", headers={"Accept-Language": "fr"}).html["lang"] == "nl"


def test_the_switch_sets_a_cookie_and_returns_to_the_same_page(client):
    response = client.get("/taal/en?next=/tafels/topx%3Fx%3D1")
    assert response.status_code == 302
    assert response.headers["Location"] == "/tafels/topx?x=1"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("lang=en;") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = check_page(
        client.get("/tafels/topx", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    )
    assert page.html["lang"] == "en", "the reader's choice beats the browser's header"
    assert page.select_one(".language-switch [aria-current]").get_text() == "English"


def test_the_switch_links_carry_the_current_page(get_page):
    page = get_page("/vergelijk?x=1")
    link = page.select_one(".language-switch a[hreflang=en]")
    assert link["href"] == "/taal/en?next=/vergelijk?x%3D1"
    assert link["lang"] == "en"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "javascript:x",
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r\nSet-Cookie: x=1",
        "\x00/",
    ],
)
def test_the_switch_never_redirects_elsewhere(client, target):
    response = client.get("/taal/en", query_string={"next": target})
    assert response.headers["Location"] == "/"


def test_an_unknown_language_is_a_404(client):
    assert client.get("/taal/fr").status_code == 404


def test_english_pages_show_english_content_where_the_catalogue_has_it(get_page):
    page = get_page("/", headers={"Accept-Language": "en"})
    summaries = [normalize_spaces(c.get_text()) for c in page.select(".card__summary")]
    assert any("waiting list" in s for s in summaries)


def test_dutch_fallback_content_is_marked_as_dutch_on_english_pages(tmp_path, catalogue_text):
    # A text an editor has not translated yet: the English page shows the Dutch, marked.
    english_goal = "      en: Finding a fitting place when the current organisation cannot "
    english_goal += "offer one.\n"
    assert english_goal in catalogue_text
    path = tmp_path / "tables.yaml"
    path.write_text(catalogue_text.replace(english_goal, "", 1), encoding="utf-8")
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "CATALOGUE": str(path)},
        instance_path=str(tmp_path),
    )
    client = app.test_client()
    english = client.get("/tafels/regiotafel-wlz", headers={"Accept-Language": "en"})
    page = check_page(english.get_data(as_text=True))
    goal = page.select_one("#goal-title").find_parent("section")
    assert (
        goal.select_one("[lang=nl]")
        .get_text(strip=True)
        .startswith("Realiseren van een passende plek")
    )
    assert page.select_one("#goal-title").get_text() == "Goal"
    # On Dutch pages nothing needs marking.
    dutch = check_page(client.get("/tafels/regiotafel-wlz").get_data(as_text=True))
    assert not dutch.select("main [lang=nl]")


def test_every_ui_string_has_an_english_translation(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            str(Path(sys.executable).parent / "pybabel"),
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-o",
            str(pot),
            ".",
        ],
        cwd=REPO,
        check=True,
    )
    with pot.open("rb") as f:
        wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    with EN_PO.open("rb") as f:
        english = read_po(f)
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0])
        for m in english
        if m.id and all(m.string if isinstance(m.string, tuple) else [m.string]) and not m.fuzzy
    }
    assert len(wanted) > 90
    assert sorted(wanted - translated) == [], (
        "run `make extract-messages` and translate the new strings"
    )


def test_an_installed_wheel_carries_and_serves_the_english_catalogue(tmp_path):
    """Build a wheel from a clean copy of the tracked files (no .mo in it), install it, use it."""
    source = tmp_path / "src"
    tracked = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout
    for name in filter(None, tracked.decode().split("\0")):
        if not (REPO / name).exists():  # deleted in the working tree, not yet committed
            continue
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, source / name)
    assert not list(source.rglob("*.mo"))
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheels),
            str(source),
        ],
        check=True,
        timeout=300,
    )
    [wheel] = wheels.glob("rdm_twente-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "rdm/translations/en/LC_MESSAGES/messages.mo" in names
    assert "rdm/data/tables.yaml" in names
    assert "rdm/templates/base.html" in names and "rdm/static/css/site.css" in names

    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        timeout=300,
    )
    probe = (
        "import os, rdm; from rdm import create_app\n"
        "assert rdm.__file__.startswith(os.environ['PYTHONPATH']), rdm.__file__\n"
        "client = create_app().test_client()\n"
        "html = client.get('/', headers={'Accept-Language': 'en'}).get_data(as_text=True)\n"
        "assert 'Where to turn when fitting care cannot be found?' in html, html[:500]\n"
        "print('english ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env={
            "PYTHONPATH": str(target),
            "RDM_ENV": "test",
            "RDM_INSTANCE_PATH": str(tmp_path / "instance"),
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "english ok"
