"""The site as deployed: gunicorn with the project's gunicorn.conf.py, over real HTTP."""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rdm.web.security import HEADERS

from .conftest import REPO


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(instance: Path, stderr=subprocess.PIPE, **environment: str):
    """gunicorn, 2 workers, production settings, on a free loopback port; yields the port."""
    port = free_port()
    env = {
        **os.environ,
        "RDM_ENV": "production",
        "SECRET_KEY": "x" * 32,
        "RDM_INSTANCE_PATH": str(instance),
        "RDM_BIND": f"127.0.0.1:{port}",
        **environment,
    }
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "rdm", "db", "upgrade"],
        env=env,
        check=True,
        capture_output=True,
    )
    program = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(program), "--config", str(REPO / "gunicorn.conf.py"), "rdm:create_app()"],
        env=env,
        cwd=instance,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, "gunicorn stopped"
                assert time.monotonic() < deadline, "gunicorn did not start in 30 s"
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=15)
        if process.stderr:
            process.stderr.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with gunicorn(tmp_path_factory.mktemp("instance")) as port:
        yield port


def get(port: int, path: str, method: str = "GET", headers: dict | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


@pytest.mark.parametrize("path", ["/", "/tafels/topx", "/api/v1/tables", "/bestaat-niet"])
def test_no_server_banner_and_the_security_headers(server, path):
    response, _ = get(server, path)
    assert response.status in (200, 404)
    assert response.getheader("Server") is None
    assert response.getheader("X-Powered-By") is None
    for name, value in HEADERS.items():
        assert response.getheader(name) == value, name


def test_a_header_beyond_gunicorns_limit_is_refused_without_a_banner(server):
    response, body = get(server, "/", headers={"X-Big": "x" * 10000})
    assert response.status == 431
    assert response.getheader("Server") is None
    assert b"gunicorn" not in body.lower()


@pytest.mark.parametrize("forged", ["//evil.example", "/nomatch"])
def test_a_forged_script_name_changes_nothing_for_the_next_visitor(server, forged):
    """A SCRIPT_NAME header (even from loopback) is dropped, never put into the page's links."""
    response, body = get(server, "/", headers={"SCRIPT_NAME": forged})
    assert response.status == 200
    assert forged.encode() not in body
    for _ in range(4):  # both workers, whatever they kept
        response, body = get(server, "/")
        assert response.status == 200
        assert b"evil.example" not in body
        assert b'href="/tafels/topx"' in body


def send_raw(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request)
        return connection.recv(200)


def test_no_query_string_reaches_gunicorns_error_or_access_log(tmp_path):
    log, access = tmp_path / "error.log", tmp_path / "access.log"
    with log.open("w") as stderr, gunicorn(tmp_path, stderr, RDM_ACCESS_LOG=str(access)) as port:
        for line in (
            b"GET /zoeken?q=geheim HTTP/1.1x",
            b"GET /zoeken?q=geheim",
            b"GET /zoeken?q=nog geheimer HTTP/1.1",
            b"GET /zoeken ?q=geheim HTTP/1.1",
        ):
            assert send_raw(port, line + b"\r\n\r\n").startswith(b"HTTP/1.1 400 ")
        response, _ = get(port, "/zoeken?q=geheim", headers={"Referer": "/zoeken?q=geheim"})
        assert response.status == 200
    written = log.read_text() + access.read_text()
    assert written.count("Invalid request from ip=127.0.0.1") == 4, written
    assert '"GET /zoeken HTTP/1.1" 200' in written, "the access log names the path"
    assert "geheim" not in written, "before the fix: the malformed request lines were quoted"
