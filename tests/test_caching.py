"""Standard caching headers: the overview for a minute with ETags, nothing of a case or search."""

from __future__ import annotations

import hashlib
import re

import pytest

from rdm import create_app
from rdm.web.language import choose_language

from .conftest import REPO

OVERVIEW = [
    "/",
    "/tafels/topx",
    "/vergelijk",
    "/over-rdm",
    "/clientondersteuning",
    "/gemeenten",
    "/afkortingen",
    "/toegankelijkheid",
]
NEVER_KEPT = ["/zoeken?q=wlz", "/api/v1/search?q=wlz", "/wegwijzer/", "/melden", "/redactie/"]


@pytest.mark.parametrize("url", OVERVIEW)
def test_an_overview_page_is_public_for_a_minute_with_an_etag(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.cache_control.public and response.cache_control.max_age == 60
    assert response.headers["ETag"].startswith('"')
    assert {"Accept-Language", "Cookie"} <= set(response.vary)
    again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == response.headers["ETag"]


def test_each_language_has_its_own_etag(client):
    dutch = client.get("/tafels/topx")
    english = client.get("/tafels/topx", headers={"Accept-Language": "en"})
    assert dutch.headers["ETag"] != english.headers["ETag"]
    stale = client.get(
        "/tafels/topx", headers={"Accept-Language": "en", "If-None-Match": dutch.headers["ETag"]}
    )
    assert stale.status_code == 200 and '<html lang="en"' in stale.get_data(as_text=True)


def test_a_reader_with_a_session_gets_a_private_page(client):
    client.set_cookie("session", "iets")
    response = client.get("/tafels/topx")
    assert response.cache_control.private and response.cache_control.no_cache
    assert not response.cache_control.public and response.cache_control.max_age is None
    again = client.get("/tafels/topx", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("url", NEVER_KEPT)
def test_search_and_everything_of_a_case_or_an_editor_is_no_store(client, url):
    response = client.get(url)
    assert response.headers["Cache-Control"] == "no-store", url
    assert not response.cache_control.public


def test_errors_and_posts_are_not_marked_public(client):
    assert not client.get("/tafels/bestaat-niet").cache_control.public
    assert not client.post("/api/v1/advice", json={"answers": {}}).cache_control.public


def test_the_longest_max_age_is_a_minute(tmp_path):
    config = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "PUBLIC_MAX_AGE": 3600}
    app = create_app(config, instance_path=str(tmp_path))
    assert app.test_client().get("/").cache_control.max_age == 60


def test_static_urls_carry_the_files_fingerprint(client):
    page = client.get("/").get_data(as_text=True)
    for name in ("css/site.css", "favicon.svg"):
        digest = hashlib.sha256((REPO / "rdm" / "static" / name).read_bytes()).hexdigest()
        assert f'href="/static/{name}?v={digest[:12]}"' in page
    stylesheet = client.get(re.search(r'href="(/static/css/site\.css\?v=\w+)"', page)[1])
    assert stylesheet.status_code == 200
    stylesheet.close()


@pytest.mark.parametrize(
    ("accept", "language"),
    [
        ("", "nl"),
        ("en", "en"),
        ("EN-gb", "en"),
        ("en-GB,en;q=0.9,nl;q=0.5", "en"),
        ("nl-BE,nl;q=0.9,en;q=0.8", "nl"),
        ("de, en;q=0.5", "en"),
        ("fr-CA,fr;q=0.9,en-US;q=0.8", "en"),
        ("fr", "nl"),
        ("de,*", "nl"),
        ("en;q=0, nl", "nl"),
        ("en;q=0.000", "nl"),
        ("en;q=0.001", "en"),
        ("nl;q=0, en;q=0.5", "en"),
        ("fr;q=0,en", "en"),
        ("eng", "nl"),
        ("en_US", "en"),
        (" en ;q=0", "nl"),
    ],
)
def test_the_first_dutch_or_english_range_that_is_not_refused_decides(accept, language):
    assert choose_language(None, accept, ("nl", "en"), "nl") == language
    assert choose_language("nl", accept, ("nl", "en"), "nl") == "nl", "the cookie decides"
    assert choose_language("xx", accept, ("nl", "en"), "nl") == language


def test_choosing_the_language_takes_linear_time_on_any_header():
    import time

    for header in (" ," * 4000, "de;q=0 ," * 1000, "en" + ";" * 8000, "x;" * 4000):
        start = time.perf_counter()
        choose_language(None, header, ("nl", "en"), "nl")
        assert time.perf_counter() - start < 0.1, header[:20]
