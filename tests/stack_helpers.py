"""Talking to the stack (deploy/stack.py) over real HTTP, for tests/test_stack.py."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import time
import urllib.parse
from email.message import Message
from pathlib import Path

import pytest

from rdm.web.security import HEADERS


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def nginx_or_skip() -> None:
    """Skip without nginx; fail instead where it is required (CI, RDM_REQUIRE_NGINX)."""
    if shutil.which("nginx") or Path("/usr/sbin/nginx").exists():
        return
    if os.environ.get("CI") or os.environ.get("RDM_REQUIRE_NGINX"):
        pytest.fail("nginx is missing, and CI or RDM_REQUIRE_NGINX requires these tests")
    pytest.skip("no nginx (`make test` as root installs Debian's)")


class Answer:
    """A response as the tests read it (the Flask test client's names)."""

    def __init__(self, response: http.client.HTTPResponse, body: bytes):
        self.status_code = response.status
        self.headers: Message = response.headers
        self.data = body

    def get_data(self, as_text: bool = False):
        return self.data.decode() if as_text else self.data

    @property
    def text(self) -> str:
        return self.data.decode()

    def json(self):
        return json.loads(self.data)

    @property
    def language(self) -> str:
        return re.search(r'<html lang="(\w+)"', self.text)[1]


def ask(stack, method: str, path: str, headers=(), body: bytes | None = None) -> Answer:
    """One request over its own connection; headers as (name, value) pairs, sent as given."""
    connection = http.client.HTTPConnection("127.0.0.1", stack.port, timeout=10)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        for name, value in headers:
            connection.putheader(name, value)
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        return Answer(response, response.read())
    finally:
        connection.close()


def get(stack, path: str, **headers) -> Answer:
    return ask(stack, "GET", path, [(k.replace("_", "-"), v) for k, v in headers.items()])


class Browser:
    """Just enough of a browser for wizard_helpers.Visitor: keeps the session cookie."""

    def __init__(self, stack):
        self.stack = stack
        self.cookie = ""

    def get(self, url: str) -> Answer:
        return self._keep(ask(self.stack, "GET", url, self._cookie()))

    def post(self, url: str, data: dict) -> Answer:
        headers = [*self._cookie(), ("Content-Type", "application/x-www-form-urlencoded")]
        body = urllib.parse.urlencode(data).encode()
        return self._keep(ask(self.stack, "POST", url, headers, body))

    def _cookie(self):
        return [("Cookie", self.cookie)] if self.cookie else []

    def _keep(self, answer: Answer) -> Answer:
        for value in answer.headers.get_all("Set-Cookie") or []:
            if value.startswith("session="):
                self.cookie = value.split(";")[0]
        return answer


def cache_log_lines(stack) -> list[str]:
    path = stack.logs / "cache.log"
    return path.read_text().splitlines() if path.exists() else []


def through(stack, path: str, headers=()) -> tuple[Answer, str]:
    """GET `path`; return the answer and nginx's $upstream_cache_status for it."""
    before = len(cache_log_lines(stack))
    answer = ask(stack, "GET", path, headers)
    # Written just after the answer; an earlier request's line may land after `before` was
    # counted, so the line is found by its method and address ($uri), not by its place.
    deadline = time.monotonic() + 2
    while True:
        mine = [
            line.split()[0]
            for line in cache_log_lines(stack)[before:]
            if line.split()[1:] == ["GET", path.split("?")[0]]
        ]
        if mine:
            return answer, mine[-1]
        assert time.monotonic() < deadline, "no line in the cache log"
        time.sleep(0.02)


def cached_files(stack) -> dict[str, bytes]:
    """Every entry in nginx's cache directory: its key -> the whole file."""
    found = {}
    for path in stack.cache.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            key = re.search(rb"\nKEY: ([^\n]*)\n", content)
            found[key[1].decode() if key else str(path)] = content
    return found


def assert_security_headers(answer: Answer) -> None:
    for name, value in HEADERS.items():
        assert answer.headers.get_all(name) == [value], (answer.status_code, name)


def listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True
