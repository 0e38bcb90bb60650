"""The stack as deployed: deploy/nginx/rdm.conf in front of gunicorn on a unix socket.

The fixture starts the real thing (deploy/stack.py) on a free loopback port with short
timeouts and overview pages fresh for 5 s. Without nginx these tests are skipped, unless CI
or RDM_REQUIRE_NGINX asks for them: then they fail.
"""

from __future__ import annotations

import http.client
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from types import SimpleNamespace

import pytest

from rdm.web.language import ENGLISH_FIRST, choose_language
from rdm.web.security import HEADERS

from .conftest import REPO
from .stack_helpers import (
    Answer,
    Browser,
    ask,
    assert_security_headers,
    cached_files,
    free_port,
    get,
    listening,
    nginx_or_skip,
    through,
)
from .wizard_helpers import Visitor, walk

sys.path.insert(0, str(REPO / "deploy"))
from stack import SHORT_TIMEOUTS, SITE, Stack  # noqa: E402

FRESH_SECONDS = 5
SECRET = "geheimpje"  # a search term and query string that no cache or log may hold
# What a page or answer about a case, a form or a session would hold.
CASE_TRACES = (
    b"wizard-form",
    b"Advies van de wegwijzer",
    b"Controleer uw antwoorden",
    b"recommendations",
    b"csrf_token",
    b"Set-Cookie",
    b"session=",
)
OVERVIEW = re.compile(
    r"^/(tafels/[a-z0-9-]+|vergelijk|over-rdm|clientondersteuning|gemeenten|afkortingen|"
    r"toegankelijkheid)?$"
)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    nginx_or_skip()
    folder = tmp_path_factory.mktemp("stack")
    env = {
        **os.environ,
        "RDM_ENV": "production",
        "SECRET_KEY": "s" * 32,
        "RDM_INSTANCE_PATH": str(folder / "instance"),
        "RDM_PUBLIC_MAX_AGE": str(FRESH_SECONDS),
        "RDM_REPORTS_PER_HOUR": "1",
    }
    for name in ("DATABASE_URL", "RDM_CATALOGUE", "RDM_BIND", "RDM_ACCESS_LOG"):
        env.pop(name, None)
    running = Stack(folder / "run", free_port(), env, timeouts=SHORT_TIMEOUTS, cache_log=True)
    running.folder.mkdir()
    try:
        running.start()
        yield running
    finally:
        running.stop()


# --- the shipped file, read without nginx -------------------------------------------------


def test_the_shipped_file_sends_the_apps_headers_and_shares_its_language_pattern():
    text = SITE.read_text()
    sent = dict(re.findall(r'(?m)^\s*add_header ([\w-]+) "([^"]*)" always;', text))
    assert sent == HEADERS
    hidden = re.findall(r"(?m)^\s*proxy_hide_header ([\w-]+);", text)
    assert sorted(hidden) == sorted(HEADERS)
    assert f'"~*{ENGLISH_FIRST}" en;' in text
    assert "client_max_body_size 64k;" in text and "client_max_body_size 2m;" in text
    access = re.search(r"log_format rdm ([^;]*);", text)[1]
    assert "$uri" in access and not re.search(r"\$(request_uri|request |args|query_string)", access)
    assert "$proxy_add_x_forwarded_for" not in text


# --- through the stack --------------------------------------------------------------------


def test_an_overview_page_is_kept_by_nginx_and_revalidated_with_its_etag(stack):
    first, state = through(stack, "/gemeenten")
    assert first.status_code == 200 and state == "MISS"
    assert first.headers["Cache-Control"] == f"public, max-age={FRESH_SECONDS}"
    again, state = through(stack, "/gemeenten")
    assert state == "HIT" and again.data == first.data
    assert again.headers["ETag"] == first.headers["ETag"]
    not_modified, state = through(stack, "/gemeenten", [("If-None-Match", first.headers["ETag"])])
    assert not_modified.status_code == 304 and not_modified.data == b"" and state == "HIT"
    assert_security_headers(not_modified)
    stylesheet = re.search(r'href="(/static/css/site\.css\?v=\w{12})"', first.text)[1]
    static = get(stack, stylesheet)
    assert static.status_code == 200
    assert static.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert_security_headers(static)


def test_an_editor_never_gets_a_kept_page_and_never_puts_one_in(stack):
    assert through(stack, "/afkortingen")[1] in ("MISS", "HIT")
    editor = [("Cookie", "lang=nl; session=van-een-redacteur")]
    with_session, state = through(stack, "/afkortingen", editor)
    assert state == "BYPASS" and with_session.headers["Cache-Control"] == "private, no-cache"
    assert through(stack, "/afkortingen?nieuw")[1] == "BYPASS", "a query passes the cache by"
    before = set(cached_files(stack))
    assert through(stack, "/over-rdm", editor)[1] == "BYPASS"
    assert set(cached_files(stack)) == before


def test_a_kept_page_is_served_while_gunicorn_is_away_and_nginx_errors_carry_the_headers(stack):
    kept = get(stack, "/clientondersteuning")
    time.sleep(FRESH_SECONDS + 0.5)  # stale now: kept only for an outage
    stack.stop_gunicorn()
    try:
        stale, state = through(stack, "/clientondersteuning")
        assert stale.status_code == 200 and stale.data == kept.data
        assert state in ("STALE", "UPDATING")
        assert_security_headers(stale)
        for path, headers in (
            ("/zoeken?q=wlz", []),
            ("/clientondersteuning", [("Cookie", "session=van-een-redacteur")]),
            ("/bestaat-niet", []),
        ):
            away = ask(stack, "GET", path, headers)
            assert away.status_code == 502 and "nginx" in away.text, path  # nginx's own page
            assert_security_headers(away)
    finally:
        stack.start_gunicorn()
    assert get(stack, "/clientondersteuning").status_code == 200


def test_nginx_refuses_a_body_beyond_the_apps_limit_with_the_headers(stack):
    # Only the headers: nginx answers on the Content-Length, before any body.
    connection = http.client.HTTPConnection("127.0.0.1", stack.port, timeout=10)
    connection.putrequest("POST", f"/api/v1/advice?q={SECRET}")
    connection.putheader("Content-Type", "application/json")
    connection.putheader("Content-Length", str(64 * 1024 + 1))
    connection.endheaders()
    response = connection.getresponse()
    refused = Answer(response, response.read())
    connection.close()
    assert refused.status_code == 413 and "nginx" in refused.text
    assert_security_headers(refused)
    within = ask(
        stack,
        "POST",
        "/api/v1/advice",
        [("Content-Type", "application/json")],
        b'{"answers": {}}' + b" " * (64 * 1024 - 20),
    )
    assert within.status_code == 200
    # An editor's catalogue of up to 2 MiB reaches the app (which asks for a login).
    upload = ask(stack, "POST", "/redactie/voorbeeld", [], b"yaml=" + b"x" * (1024 * 1024))
    assert upload.status_code != 413 and "nginx" not in upload.text


def test_nothing_of_a_case_a_search_or_an_editor_is_in_the_cache(stack):
    visitor = walk(Visitor(Browser(stack)).open(), {"role": "wijkteam", "gemeente": "almelo"})
    visitor.press("Bekijk het advies")
    assert visitor.h1 == "Advies van de wegwijzer"
    for path in (
        f"/zoeken?q={SECRET}",
        f"/api/v1/search?q={SECRET}",
        "/redactie/",
        "/melden",
        "/tafels/topx/melden",
    ):
        assert get(stack, path).status_code in (200, 302), path
    advice = ask(
        stack,
        "POST",
        "/api/v1/advice",
        [("Content-Type", "application/json")],
        b'{"answers": {"role": "wijkteam", "gemeente": "almelo"}}',
    )
    assert advice.status_code == 200
    files = cached_files(stack)
    assert files, "the overview pages asked for so far are in the cache"
    for key, content in files.items():
        path = urllib.parse.urlsplit(key.split(" ")[0]).path
        assert OVERVIEW.match(path) and "?" not in key, key
        assert SECRET.encode() not in content, key
        for trace in CASE_TRACES:
            assert trace not in content, (key, trace)


def test_forged_forwarding_headers_change_nothing_for_the_next_visitor(stack):
    forged = [
        ("SCRIPT_NAME", "//evil.example"),
        ("X-Forwarded-Host", "evil.example"),
        ("X-Forwarded-For", "10.6.6.6"),
        ("X-Forwarded-Proto", "https"),
        ("X-Forwarded-Ssl", "on"),
        ("X-Forwarded-Protocol", "ssl"),
        ("X-Forwarded-Prefix", "/evil"),
        ("Forwarded", "host=evil.example;proto=https"),
    ]
    first = ask(stack, "GET", "/tafels/topx", forged)  # the first: it fills the cache
    assert first.status_code == 200
    for answer in (first, get(stack, "/tafels/topx")):
        assert "evil" not in answer.text and 'href="//' not in answer.text
        assert 'href="/vergelijk"' in answer.text
        assert "Strict-Transport-Security" not in answer.headers
    urls = ask(stack, "GET", "/api/v1/tables/topx", forged).text
    assert f'"url":"http://127.0.0.1:{stack.port}/tafels/topx"' in urls.replace(" ", "")


def test_forged_forwarded_for_does_not_give_more_reports(stack):
    sent = []
    for address in ("10.0.0.1", "10.0.0.2"):
        browser = Browser(stack)
        form = browser.get("/melden").text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form)
        token = token or re.search(r'name="csrf_token" value="([^"]+)"', form)
        data = {"csrf_token": token[1], "message": "De pagina laadt traag.", "contact": ""}
        body = urllib.parse.urlencode(data).encode()
        headers = [
            ("Cookie", browser.cookie),
            ("X-Forwarded-For", address),
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Referer", f"{stack.url}/melden"),
        ]
        sent.append(ask(stack, "POST", "/melden", headers, body).status_code)
    assert sent == [200, 429], "one report an hour per address, whatever a header claims"


def test_cached_pages_are_in_the_language_each_visitor_chose(stack):
    path = "/toegankelijkheid"
    visits = [
        ({}, "nl"),
        ({"Accept-Language": "en-GB,en;q=0.9"}, "en"),
        ({"Cookie": "lang=nl", "Accept-Language": "en"}, "nl"),
        ({"Cookie": "lang=en"}, "en"),
        ({"Accept-Language": "de, en;q=0.5"}, "en"),
        ({"Cookie": "lang=xx", "Accept-Language": "en"}, "en"),
        ({"Cookie": "lang=en", "Accept-Language": "nl"}, "en"),
        ({"Accept-Language": "nl-BE"}, "nl"),
        ({}, "nl"),
    ]
    for headers, language in visits:
        assert ask(stack, "GET", path, list(headers.items())).language == language, headers


# Cookies that nginx and the app could read differently (the name's case, quotes, a repeat):
# the page made for such a request must not reach anyone else.
ODD_COOKIES = [
    ("LANG=en; lang=nl", "nl"),
    ("LANG=nl; lang=en", "en"),
    ('lang="en"', "nl"),
    ('lang="nl"', "en"),
    ("lang=xx; lang=en", "nl"),
    ("lang=en,lang=nl", "nl"),
    ("lang = en", "nl"),
]


@pytest.mark.parametrize(("cookie", "accept"), ODD_COOKIES)
def test_an_odd_language_cookie_first_in_changes_no_one_elses_language(stack, cookie, accept):
    tables = {t["slug"] for t in ask(stack, "GET", "/api/v1/tables").json()["tables"]}
    fresh = sorted(tables)[ODD_COOKIES.index((cookie, accept))]
    first, state = through(
        stack, f"/tafels/{fresh}", [("Cookie", cookie), ("Accept-Language", accept)]
    )
    assert first.status_code == 200 and state == "MISS", "the odd request fills the cache"
    for language in ("nl", "en"):
        assert get(stack, f"/tafels/{fresh}", Accept_Language=language).language == language
        assert get(stack, f"/tafels/{fresh}", Cookie=f"lang={language}").language == language


def accept_language_values() -> list[str]:
    """Real browsers' headers, odd spellings, and random strings of the header's characters."""
    real = [
        "nl-NL,nl;q=0.9,en-US;q=0.8,en;q=0.7",
        "en-US,en;q=0.9",
        "en-GB,en;q=0.9,nl;q=0.8",
        "nl,en-US;q=0.7,en;q=0.3",
        "de-DE,de;q=0.9,en;q=0.8",
        "de-DE,de;q=0.9",
        "fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7",
        "fr",
        "tr-TR,tr;q=0.9,en-US;q=0.8,en;q=0.7",
        "ar,en;q=0.9",
        "pl-PL,pl;q=0.9,nl;q=0.8",
        "nl-BE,nl;q=0.9,fr-BE;q=0.8",
        "en",
        "nl",
        "*",
        "",
        "EN",
        "en_US",
        "eng",
        "nld",
        "en;q=0",
        "en;q=0.000, nl",
        "en;q=0.001",
        "nl;q=0, en;q=0.1",
        "  en  ;  q = 0 , de",
        "x-klingon, en-x-private",
        "en-",
        "-en",
        "en,",
        ",en",
        ";en",
        "en;;q=0",
        "en;q=0;q=1",
        "zh-Hant-TW, en-SG",
    ]
    pick = random.Random(9)
    alphabet = [
        "en",
        "nl",
        "EN",
        "Nl",
        "de",
        "*",
        "-",
        "_",
        ",",
        ";",
        "q",
        "=",
        "0",
        "0.",
        "1",
        ".5",
        " ",
        "\t",
        "x",
        "GB",
    ]
    odd = ["".join(pick.choices(alphabet, k=pick.randint(1, 14))) for _ in range(100)]
    return real + odd


def test_nginx_chooses_the_language_exactly_as_the_app_does(stack):
    mismatches = []
    for accept in accept_language_values():
        for cookie in ("", "lang=en", "lang=nl", "lang=de", "lang=EN", "lang=Nl"):
            headers = [("Accept-Language", accept)] if accept else []
            if cookie:
                headers.append(("Cookie", cookie))
            chosen = cookie.removeprefix("lang=") or None
            expected = choose_language(chosen, accept, ("nl", "en"), "nl")
            answer = ask(stack, "GET", "/vergelijk", headers)
            if answer.language != expected:
                mismatches.append((accept, cookie, answer.language, expected))
    assert not mismatches


def test_slow_clients_do_not_keep_others_waiting(stack):
    slow = []
    try:
        for number in range(110):
            sock = socket.create_connection(("127.0.0.1", stack.port), timeout=5)
            if number < 100:  # a request's headers, never finished
                sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            else:  # a body that never comes
                sock.sendall(
                    b"POST /api/v1/advice HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"
                )
            slow.append(sock)
        timings = []
        for path in ("/zoeken?q=wlz", "/api/v1/search?q=crisis", "/", "/wegwijzer/") * 3:
            start = time.monotonic()
            assert get(stack, path).status_code == 200, path
            timings.append(time.monotonic() - start)
        assert max(timings) < 1.0, timings
    finally:
        for sock in slow:
            sock.close()


def test_no_log_holds_a_query_string(stack):
    requests = [
        ("GET", f"/bestaat-niet?q={SECRET}", [], None),
        ("GET", f"/static/bestaat-niet.css?q={SECRET}", [], None),
        ("GET", f"/zoeken?q={SECRET}", [], None),
        ("GET", f"/tafels/topx?q={SECRET}", [("Host", "a b")], None),  # 400 from nginx
        ("POST", f"/api/v1/advice?q={SECRET}", [("Content-Type", "application/json")], b"{"),
    ]
    statuses = [ask(stack, *request).status_code for request in requests]
    assert statuses == [404, 404, 200, 400, 400]
    stack.stop_gunicorn()
    try:
        assert get(stack, f"/zoeken?q={SECRET}").status_code == 502
    finally:
        stack.start_gunicorn()
    time.sleep(0.2)
    logs = {path.name: path.read_bytes() for path in stack.logs.iterdir()}
    assert b'GET /bestaat-niet HTTP/1.1" 404' in logs["access.log"]
    for name, content in logs.items():
        assert SECRET.encode() not in content, name


def test_the_stack_stops_on_sigterm_to_its_process_group(tmp_path):
    nginx_or_skip()
    port = free_port()
    env = {**os.environ, "RDM_INSTANCE_PATH": str(tmp_path / "instance"), "PORT": str(port)}
    env.pop("DATABASE_URL", None)
    process = subprocess.Popen(
        [sys.executable, str(REPO / "deploy" / "stack.py")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        assert b"Ctrl-C" in process.stdout.readline()
        assert get(SimpleNamespace(port=port), "/").status_code == 200
        os.killpg(process.pid, signal.SIGTERM)
        assert process.wait(timeout=30) == 0
        assert not listening(port)
        leftovers = subprocess.run(["pgrep", "-g", str(process.pid)], capture_output=True)
        assert leftovers.stdout == b"", "nginx or gunicorn outlived the stack"
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.stdout.close()
