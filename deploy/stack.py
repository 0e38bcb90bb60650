"""`make stack`: the production stack on loopback, nginx in front of gunicorn on a unix socket.

nginx runs deploy/nginx/rdm.conf itself, with its production paths swapped for a folder of
this run (socket, cache, logs, nginx's pid and temporary files), plain HTTP on PORT instead
of TLS, and without the two servers that only redirect. gunicorn runs the project's
gunicorn.conf.py behind it with RDM_TRUSTED_PROXIES=1, on the embedded SQLite database in
the instance folder (or DATABASE_URL), after `flask db upgrade`. Both run in the foreground
and stop, nginx included, on Ctrl-C or SIGTERM. Debian's nginx is installed when missing and
we are root; otherwise this says so and exits 1.

    .venv/bin/python deploy/stack.py [--port 8080]

The tests (tests/test_stack.py) and the load benchmark (bench/load.py) start the same stack
with `Stack`.
"""

from __future__ import annotations

import argparse
import getpass
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "deploy" / "nginx" / "rdm.conf"
GUNICORN_CONF = ROOT / "gunicorn.conf.py"
MIME_TYPES = Path("/etc/nginx/mime.types")

# Timeouts of the shipped file, and the short ones the tests use (nothing waits them out).
SHORT_TIMEOUTS = {
    "client_header_timeout": "2s",
    "client_body_timeout": "2s",
    "send_timeout": "5s",
    "keepalive_timeout": "5s",
    "proxy_connect_timeout": "2s",
    "proxy_send_timeout": "10s",
    "proxy_read_timeout": "10s",
    "proxy_cache_lock_timeout": "2s",
}


@dataclass
class Stack:
    """nginx and gunicorn for one run, everything of theirs in `folder`."""

    folder: Path
    port: int
    env: dict = field(default_factory=lambda: dict(os.environ))
    timeouts: dict = field(default_factory=dict)
    cache_log: bool = False  # log $upstream_cache_status per request (the benchmark's)
    quiet: bool = True  # gunicorn's and nginx's output to files in `folder`, not the terminal
    nginx: subprocess.Popen | None = None
    gunicorn: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def socket(self) -> Path:
        return self.folder / "gunicorn.sock"

    @property
    def cache(self) -> Path:
        return self.folder / "cache"

    @property
    def logs(self) -> Path:
        return self.folder / "logs"

    def start(self) -> None:
        """Migrate, start gunicorn, then nginx; return once a page comes through both."""
        self.logs.mkdir(parents=True, exist_ok=True)
        (self.folder / "temp").mkdir(exist_ok=True)
        self.migrate()
        self.start_gunicorn()
        self.start_nginx()
        self.wait_for_page()

    def app_env(self) -> dict:
        return {**self.env, "RDM_TRUSTED_PROXIES": "1", "RDM_BIND": f"unix:{self.socket}"}

    def migrate(self) -> None:
        command = [sys.executable, "-m", "flask", "--app", "rdm", "db", "upgrade"]
        done = subprocess.run(command, cwd=ROOT, env=self.app_env(), capture_output=True)
        if done.returncode != 0:
            raise SystemExit(
                f"flask db upgrade failed:\n{done.stdout.decode()}{done.stderr.decode()}"
            )

    def start_gunicorn(self) -> None:
        command = [sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONF)]
        command += ["rdm:create_app()"]
        self.gunicorn = self._spawn(command, "gunicorn.log", cwd=ROOT, env=self.app_env())
        deadline = time.monotonic() + 60
        while not self._socket_answers():
            if self.gunicorn.poll() is not None:
                raise SystemExit(f"gunicorn did not start (see {self.logs / 'gunicorn.log'})")
            if time.monotonic() > deadline:
                raise SystemExit("gunicorn did not open its socket within 60 s")
            time.sleep(0.1)

    def stop_gunicorn(self) -> None:
        _stop(self.gunicorn, signal.SIGTERM)
        self.gunicorn = None

    def start_nginx(self) -> None:
        nginx = find_nginx()
        site = self.folder / "rdm.conf"
        site.write_text(render_site(SITE.read_text(), self), encoding="utf-8")
        main = self.folder / "nginx.conf"
        main.write_text(render_main(self, site), encoding="utf-8")
        command = [nginx, "-p", f"{self.folder}/", "-c", str(main), "-e", "stderr"]
        checked = subprocess.run([*command, "-t", "-q"], capture_output=True, text=True)
        if checked.returncode != 0:
            raise SystemExit(f"nginx refuses the configuration:\n{checked.stderr}")
        self.nginx = self._spawn([*command, "-g", "daemon off;"], "nginx.out")
        deadline = time.monotonic() + 20
        while not _port_open(self.port):
            if self.nginx.poll() is not None:
                raise SystemExit(f"nginx did not start (see {self.logs / 'nginx.out'})")
            if time.monotonic() > deadline:
                raise SystemExit(f"nginx did not listen on {self.port} within 20 s")
            time.sleep(0.05)

    def stop_nginx(self) -> None:
        _stop(self.nginx, signal.SIGTERM)  # nginx's fast shutdown
        self.nginx = None

    def stop(self) -> None:
        """Stop nginx, then gunicorn (each waits for its children)."""
        self.stop_nginx()
        self.stop_gunicorn()

    def wait_for_page(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                pass
            finally:
                connection.close()
            if time.monotonic() > deadline:
                raise SystemExit(f"no page through nginx within {timeout:.0f} s")
            time.sleep(0.1)

    def _socket_answers(self) -> bool:
        with socket.socket(socket.AF_UNIX) as probe:
            try:
                probe.connect(str(self.socket))
            except OSError:
                return False
        return True

    def _spawn(self, command: list[str], log: str, **options) -> subprocess.Popen:
        """Start a child; quiet, its output goes to `log` in the run folder."""
        if not self.quiet:
            return subprocess.Popen(command, **options)
        with (self.logs / log).open("ab") as output:
            return subprocess.Popen(command, stdout=output, stderr=output, **options)


def _stop(process: subprocess.Popen | None, how: signal.Signals) -> None:
    if process is None:
        return
    if process.poll() is None:
        process.send_signal(how)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def render_site(text: str, stack: Stack) -> str:
    """Return rdm.conf for this run: its paths, plain HTTP on loopback, its timeouts."""
    static = ROOT / "rdm" / "static"
    swaps = {
        "unix:/run/rdm/gunicorn.sock": f"unix:{stack.socket}",
        "/var/cache/nginx/rdm ": f"{stack.cache} ",
        "/var/log/nginx/rdm-access.log": str(stack.logs / "access.log"),
        "/var/log/nginx/rdm-error.log": str(stack.logs / "error.log"),
        "/srv/rdm/current/rdm/static/": f"{static}/",
    }
    for production, here in swaps.items():
        if production not in text:
            raise SystemExit(f"{SITE}: {production!r} not found; update deploy/stack.py")
        text = text.replace(production, here)
    # Only the HTTPS server stays; it listens on plain HTTP on loopback.
    text = _without_servers(text, ("return 444;", "return 301 https://"))
    text = re.sub(r"(?m)^\s*listen \[::\]:443 ssl http2;\n|^\s*ssl_[a-z_]+ [^;]*;\n", "", text)
    text = text.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{stack.port};")
    for directive, value in stack.timeouts.items():
        text, found = re.subn(rf"(?m)^(\s*{directive}) [^;]+;", rf"\1 {value};", text)
        if not found:
            raise SystemExit(f"{SITE}: no {directive} to shorten")
    if stack.cache_log:
        text = text.replace(
            "    access_log ",
            f"    access_log {stack.logs / 'cache.log'} rdm_cache;\n    access_log ",
            1,
        )
        text = "log_format rdm_cache '$upstream_cache_status $request_method $uri';\n" + text
    return text


def _without_servers(text: str, marks: tuple[str, ...]) -> str:
    """Remove every top-level `server { ... }` block that holds one of `marks`."""
    kept, position = [], 0
    for start in [m.start() for m in re.finditer(r"(?m)^server \{", text)]:
        end = text.index("\n}\n", start) + 3
        if any(mark in text[start:end] for mark in marks):
            kept.append(text[position:start])
            position = end
    return "".join(kept) + text[position:]


def render_main(stack: Stack, site: Path) -> str:
    """nginx.conf for this run: Debian's defaults that matter, every path in the run folder."""
    temp = stack.folder / "temp"
    # As root, the workers run as root too: the run folder is ours alone (0700).
    user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""
    temps = "\n".join(
        f"    {kind}_temp_path {temp / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{user}worker_processes auto;
pid {stack.folder / "nginx.pid"};
error_log {stack.logs / "error.log"} alert;
events {{
    worker_connections 1024;
}}
http {{
    include {MIME_TYPES};
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    gzip on;
{temps}
    include {site};
}}
"""


def find_nginx() -> str:
    """Return nginx's path, installing Debian's package when missing and we are root."""
    return debian_tool("nginx", Path("/usr/sbin/nginx"))


def debian_tool(name: str, usual: Path | None = None) -> str:
    """Return the path of the command `name`, installing Debian's package of that name when
    it is missing and we are root with apt-get; else stop with what to install."""
    found = shutil.which(name) or (usual and usual.exists() and str(usual))
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise SystemExit(
            f"{name} is missing. Install Debian's {name} (as root: apt-get install "
            f"{name}) and rerun."
        )
    print(f"Installing Debian's {name} ...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", name]
    if subprocess.run(install, env=env, capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=True)
        subprocess.run(install, env=env, check=True, capture_output=True)
    found = shutil.which(name) or (usual and usual.exists() and str(usual))
    return found or sys.exit(f"apt-get installed {name}, but it is not on PATH")


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8080")))
    options = arguments.parse_args()
    find_nginx()
    # SIGTERM (to the process group, or to us) ends the run like Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with tempfile.TemporaryDirectory(prefix="rdm-stack-") as folder:
        stack = Stack(Path(folder), options.port, quiet=False)
        try:
            stack.start()
            print(f"RDM Twente through nginx on {stack.url}/ (Ctrl-C stops it)", flush=True)
            while stack.nginx.poll() is None and stack.gunicorn.poll() is None:
                time.sleep(0.5)
            print("nginx or gunicorn stopped; stopping the other", file=sys.stderr)
            sys.exit(1)
        except KeyboardInterrupt:
            pass
        finally:
            stack.stop()


if __name__ == "__main__":
    main()
