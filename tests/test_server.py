"""The site as deployed: gunicorn with the project's gunicorn.conf.py, over real HTTP."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rdm.security import HEADERS

from .conftest import REPO


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """gunicorn, 2 workers, production settings, on a free loopback port."""
    instance = tmp_path_factory.mktemp("instance")
    port = free_port()
    env = {
        **os.environ,
        "RDM_ENV": "production",
        "SECRET_KEY": "x" * 32,
        "RDM_INSTANCE_PATH": str(instance),
        "RDM_BIND": f"127.0.0.1:{port}",
    }
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "rdm", "db", "upgrade"],
        env=env,
        check=True,
        capture_output=True,
    )
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "--config", str(REPO / "gunicorn.conf.py"), "rdm:create_app()"],
        env=env,
        cwd=instance,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert process.poll() is None, process.stderr.read()
            assert time.monotonic() < deadline, "gunicorn did not start in 30 s"
            time.sleep(0.1)
    yield port
    process.terminate()
    process.wait(timeout=15)
    process.stderr.close()


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
