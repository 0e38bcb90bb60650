"""Kept responses in front of Flask: served only where nothing about the reader can differ."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import make_response, request_started

import rdm.pagecache
from rdm import create_app
from rdm.live import publications
from rdm.pagecache import PageCache, kept_answer

SEARCH = "/api/v1/search?q=crisis"


@pytest.fixture
def app(tmp_path):
    # No look for a new revision during the test: the kept layer steps aside while one is due.
    config = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    app = create_app({**config, "CATALOGUE_REFRESH_SECONDS": 3600}, instance_path=str(tmp_path))
    return looked_for_revisions(app)


def looked_for_revisions(app):
    """The app after its first look for a published revision (due at start)."""
    with app.app_context():
        publications().refresh(app, force=True)
    return app


@pytest.fixture
def flask_requests(app):
    """How many requests reached Flask's own handling (its request_started signal)."""
    seen = []

    def count(sender, **extra):
        seen.append(1)

    request_started.connect(count, app)
    yield seen
    request_started.disconnect(count, app)


def same(first, second) -> None:
    assert second.status == first.status
    assert second.headers.to_wsgi_list() == first.headers.to_wsgi_list()
    assert second.data == first.data


@pytest.mark.parametrize("url", ["/", "/tafels/p10-mobiel-team", "/vergelijk", SEARCH])
def test_a_cookieless_repeat_is_answered_before_flask_with_the_same_response(
    app, flask_requests, url
):
    client = app.test_client(use_cookies=False)
    first = client.get(url)
    assert first.status_code == 200 and len(flask_requests) == 1
    for _ in range(3):
        same(first, client.get(url))
    assert len(flask_requests) == 1, "the repeats did not reach Flask"
    head = client.head(url)
    assert head.status_code == 200 and head.data == b""
    assert head.headers["Content-Length"] == first.headers["Content-Length"]
    assert len(flask_requests) == 1


def test_the_language_is_chosen_as_flask_chooses_it(app, flask_requests):
    client = app.test_client(use_cookies=False)
    dutch = client.get("/tafels/topx")
    english = client.get("/tafels/topx", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="nl"' in dutch.text and '<html lang="en"' in english.text
    assert len(flask_requests) == 2
    # The language cookie outranks Accept-Language, before Flask as inside it.
    chosen = client.get("/tafels/topx", headers={"Accept-Language": "en", "Cookie": "lang=nl"})
    same(dutch, chosen)
    same(english, client.get("/tafels/topx", headers={"Accept-Language": "de, en;q=0.5"}))
    assert len(flask_requests) == 2


def test_a_reader_with_a_session_goes_to_flask(app, flask_requests):
    client = app.test_client()
    client.get("/")
    with client.session_transaction() as session:
        session["_flashes"] = [("message", "Een bericht voor deze lezer.")]
    assert "Een bericht voor deze lezer." in client.get("/").text
    assert len(flask_requests) == 2
    # A session cookie next to the language cookie is no exception.
    with client.session_transaction() as session:
        session["_flashes"] = [("message", "Nog een bericht.")]
    client.set_cookie("lang", "nl")
    assert "Nog een bericht." in client.get("/").text
    assert len(flask_requests) == 3


def test_posts_and_other_addresses_are_not_answered_from_the_kept_store(app, flask_requests):
    client = app.test_client(use_cookies=False)
    client.get("/")
    assert client.post("/").status_code == 405
    assert client.get("/?x=1").status_code == 200
    assert client.get("/?x=1").status_code == 200, "a made-up query string is rendered anew"
    assert client.get("/tafels/bestaat-niet").status_code == 404
    assert client.get("/tafels/bestaat-niet").status_code == 404
    assert client.get("/api/v1/search?q=").status_code == 400
    assert client.get("/api/v1/search?q=").status_code == 400
    assert len(flask_requests) == 8


def test_each_query_and_host_has_its_own_answer(app, flask_requests):
    client = app.test_client(use_cookies=False)
    first = client.get(SEARCH, base_url="http://een.example")
    other_host = client.get(SEARCH, base_url="http://twee.example")
    assert "http://een.example/tafels/" in first.text
    assert "http://twee.example/tafels/" in other_host.text
    english = client.get(SEARCH + "&lang=en", base_url="http://een.example")
    assert english.json["results"] and english.data != first.data
    assert len(flask_requests) == 3


def test_the_scheme_behind_a_trusted_proxy_is_part_of_the_key(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "CATALOGUE_REFRESH_SECONDS": 3600,
            "TRUSTED_PROXIES": 1,
        },
        instance_path=str(tmp_path),
    )
    client = looked_for_revisions(app).test_client(use_cookies=False)
    secure = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in secure.headers
    assert "Strict-Transport-Security" not in client.get("/").headers
    again = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in again.headers


def test_a_new_day_and_a_due_revision_check_go_to_flask(app, flask_requests, monkeypatch):
    client = app.test_client(use_cookies=False)
    client.get("/")
    client.get("/")
    assert len(flask_requests) == 1

    class Tomorrow(dt.date):
        @classmethod
        def today(cls):
            return dt.date(2100, 1, 1)

    monkeypatch.setattr(rdm.pagecache.dt, "date", Tomorrow)
    client.get("/")
    assert len(flask_requests) == 2, "another day is another page"
    with app.app_context():
        follower = publications()
    follower.checked_at = float("-inf")
    client.get("/")
    assert len(flask_requests) == 3, "Flask looks for a newly published revision first"
    assert not follower.due()
    client.get("/")
    assert len(flask_requests) == 3


def test_a_response_that_sets_a_cookie_is_never_kept(app, flask_requests):
    @app.get("/proef")
    @kept_answer
    def proef():
        response = make_response("proef")
        response.set_cookie("iets", "van deze lezer")
        return response

    client = app.test_client(use_cookies=False)
    assert client.get("/proef").headers["Set-Cookie"]
    assert client.get("/proef").headers["Set-Cookie"]
    assert len(flask_requests) == 2


def test_an_address_with_an_empty_query_string_is_neither_kept_nor_lets_its_links_stick(app):
    client = app.test_client(use_cookies=False)
    odd = client.get("/vergelijk?&&&")
    assert odd.status_code == 200
    plain = client.get("/vergelijk")
    assert "%26" not in plain.text, "the language link of the odd address was kept for all"
    assert client.get("/vergelijk?&&&").text == odd.text


def test_search_answers_are_forgotten_after_a_while_and_everything_on_a_new_catalogue(
    monkeypatch,
):
    now = [1000.0]

    class Clock:
        @staticmethod
        def monotonic():
            return now[0]

    monkeypatch.setattr(rdm.pagecache, "time", Clock)
    store = PageCache(size=4, ttl=600)
    store.put(("a",), "answer")
    now[0] += 599
    assert store.get(("a",)) == "answer"
    now[0] += 2
    assert store.get(("a",)) is None
    store.follow(("catalogue 1", "today"))
    store.put(("b",), "answer")
    store.follow(("catalogue 1", "today"))
    assert store.get(("b",)) == "answer", "the same generation keeps what it has"
    store.follow(("catalogue 2", "today"))
    assert store.get(("b",)) is None


def test_no_look_for_a_revision_is_due_while_one_is_under_way(app):
    with app.app_context():
        follower = publications()
    follower.checked_at = float("-inf")
    assert follower.due()
    with follower._lock:  # a look in the background, while the database is away
        assert not follower.due()


def test_a_page_rendered_under_another_script_root_is_kept_apart(app):
    """A page made for SCRIPT_NAME //evil.example must never reach a reader of the real root."""
    client = app.test_client()
    client.set_cookie("session", "x")  # past the outer layer, into the page store in Flask
    poisoned = client.get("/", environ_overrides={"SCRIPT_NAME": "//evil.example"})
    assert b'href="//evil.example/tafels/topx"' in poisoned.data
    for reader in (client, app.test_client(use_cookies=False)):
        page = reader.get("/")
        assert b"evil.example" not in page.data
        assert b'href="/tafels/topx"' in page.data
