"""Load benchmark: the site as deployed (nginx + gunicorn), driven by wrk, against bare Flask.

Not a test: it prints figures. It migrates a throw-away SQLite database and serves the site
the way `make stack` does (deploy/nginx/rdm.conf in front of gunicorn on a unix socket, with
the production timeouts), the site under gunicorn alone, and, under exactly the same gunicorn
settings, a bare Flask app that answers "hello" (bench/hello.py). wrk (Debian's; installed
when missing and running as root) then drives each path for a fixed time at 50 connections,
only over 127.0.0.1. The overview's pages are asked the way visitors ask them: 24 different
Accept-Language headers, some with the lang cookie and some with a session; each answer must
be in the language the app chooses for its request. Every response is checked by the wrk
Lua scripts (status 200 and the page or JSON expected); a wrong one counts as an error. The
bare app is measured before the first path and after each one, and each path's requests/s
is compared with the hello runs around it. nginx's cache status of every request goes to a
log of its own, which gives the hit ratio per path. Last, 100 slow clients hold sockets open
for 20 s while normal requests are timed, through nginx and against gunicorn alone.

The figures only mean something on an otherwise idle machine: a run during which other
processes took more than 10% of the CPUs waits for quiet and runs again (--retries), and the
table shows how busy the machine was. About 4 minutes on a quiet machine.

    .venv/bin/python bench/load.py [--duration 10] [--connections 50] [--paths search,wizard]
    make bench-load BENCH_ARGS="--paths wizard"
"""

from __future__ import annotations

import argparse
import dataclasses
import http.client
import json
import os
import random
import re
import resource
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from markupsafe import escape

from rdm.web.language import choose_language

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "deploy"))
from stack import Stack, debian_tool  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
GUNICORN_CONF = ROOT / "gunicorn.conf.py"
PATHS = ("home", "table", "search", "search-new", "advice", "wizard")
# Served by nginx from its cache: at least this many times the bare hello.
OVERVIEW = ("home", "table")
TARGET_OVERVIEW = 10.0
TARGET_RATIO = 0.8
SLOW_CLIENTS, SLOW_SECONDS = 100, 20.0
TARGET_P99_MS = 300.0
# A run during which other processes took more of the CPUs than this is run again.
BUSY = 0.10

# What people look for in the catalogue: abbreviations, problems, organisations, gemeenten,
# a few phrases, an accent and a typo.
QUERIES = (
    "wlz",
    "lvb",
    "verslaving",
    "huisvesting",
    "crisis",
    "zorgkantoor",
    "hoogcomplex",
    "enschede",
    "almelo",
    "hengelo",
    "oldenzaal",
    "veiligheidshuis",
    "topx",
    "levensloopaanpak",
    "procesmanager",
    "wijkteam",
    "ggz wachtlijst",
    "verward gedrag",
    "overplaatsing",
    "cce",
    "politie",
    "reclassering",
    "cliëntondersteuning",
    "mobiel team",
    "escalatie",
    "zorgverzekeraar",
    "licht verstandelijke beperking",
    "beschermd wonen",
    "aanmelden triagetafel",
    "verslavng",
)

# What visitors' browsers send: 24 Accept-Language headers.
ACCEPT_LANGUAGES = (
    "nl-NL,nl;q=0.9,en-US;q=0.8,en;q=0.7",
    "nl-NL,nl;q=0.9",
    "nl",
    "nl-BE,nl;q=0.9,fr-BE;q=0.8,fr;q=0.7",
    "nl,en-US;q=0.7,en;q=0.3",
    "en-US,en;q=0.9",
    "en-GB,en;q=0.9",
    "en-GB,en-US;q=0.9,en;q=0.8,nl;q=0.7",
    "en",
    "de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7",
    "de-DE,de;q=0.9,nl;q=0.8",
    "de",
    "fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7",
    "tr-TR,tr;q=0.9,en-US;q=0.8,en;q=0.7,nl;q=0.6",
    "tr",
    "pl-PL,pl;q=0.9,en-US;q=0.8,en;q=0.7",
    "ar,nl;q=0.9,en;q=0.8",
    "es-ES,es;q=0.9",
    "pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7",
    "zh-CN,zh;q=0.9",
    "fy-NL,fy;q=0.9,nl;q=0.8",
    "*",
    "",
    "en-US,en;q=0.9,nl-NL;q=0.8,nl;q=0.7",
)

# Cases for POST /api/v1/advice and the wegwijzer; the ids and values are checked against
# GET /api/v1/questions before the load starts. An id left out is answered "unknown".
SCENARIOS = {
    "wijkteam Enschede: psychiatrie, verslaving, wachtlijst": {
        "role": "wijkteam",
        "gemeente": "enschede",
        "acute_danger": False,
        "crisis": False,
        "gemeente_involved": True,
        "wlz": False,
        "severe_psychiatric": True,
        "addiction": True,
        "multi_problem": True,
        "system_impact": True,
        "seeks_care_advice": True,
        "ggz_waiting_list": True,
        "no_fitting_care_found": True,
    },
    "procesmanager Almelo: LVB, verward, overlast": {
        "role": "procesmanager",
        "gemeente": "almelo",
        "acute_danger": False,
        "gemeente_involved": True,
        "lvb": True,
        "confused_behaviour": True,
        "justice_or_forced_care_history": True,
        "high_safety_risk": True,
        "multi_problem": True,
        "criminal_or_nuisance": True,
        "area_safety_problem": True,
    },
    "zorgaanbieder Hengelo: Wlz, crisis": {
        "role": "zorgaanbieder",
        "gemeente": "hengelo",
        "acute_danger": False,
        "crisis": True,
        "sudden_deterioration": True,
        "gemeente_involved": True,
        "wlz": True,
    },
    "zorgaanbieder Wierden: Wlz, overplaatsing": {
        "role": "zorgaanbieder",
        "gemeente": "wierden",
        "acute_danger": False,
        "crisis": False,
        "gemeente_involved": True,
        "wlz": True,
        "relocation_needed": True,
        "provider_steps_exhausted": True,
        "alternatives_explored": True,
        "transfer_tried": True,
        "provider_keeps_care": True,
    },
    "ggz-aanbieder Oldenzaal: hoogcomplex": {
        "role": "ggz_aanbieder",
        "gemeente": "oldenzaal",
        "acute_danger": False,
        "crisis": False,
        "gemeente_involved": True,
        "wlz": False,
        "cce_involved": True,
        "regional_routes_exhausted": True,
        "severe_psychiatric": True,
        "multiple_psychiatric_disorders": True,
        "treatment_goal_feasible": True,
        "systemic_multi_domain": True,
        "serious_harm_threat": True,
        "extensive_treatment_history": True,
        "exceptional_regime_needed": True,
        "scarce_intensive_care": True,
        "seeks_care_advice": True,
        "no_fitting_care_found": True,
    },
    "huisarts Borne: veel onbekend": {"role": "huisarts", "gemeente": "borne"},
    "wijkteam Twenterand: stelsel knelt": {
        "role": "wijkteam",
        "gemeente": "twenterand",
        "acute_danger": False,
        "gemeente_involved": True,
        "regional_routes_exhausted": True,
        "severe_psychiatric": True,
        "multi_problem": True,
        "no_fitting_care_found": True,
        "system_stuck": True,
    },
    "politie Hof van Twente: acuut gevaar": {
        "role": "politie",
        "gemeente": "hof-van-twente",
        "acute_danger": True,
    },
}


@dataclass
class Result:
    """One wrk run's figures, from the BENCH line that the Lua scripts' done() prints."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    socket_errors: int
    wrong: int
    runs: int
    run_requests: int
    example: str = ""
    others: float = 0.0  # share of the machine's CPU time that other processes used meanwhile

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def runs_per_second(self) -> float:
        """Complete wizard runs per second: requests/s over the requests a complete run took.

        (Counting the runs finished within the time would miss the runs every connection had
        under way when wrk stopped.)"""
        return self.per_second * self.runs / self.run_requests if self.runs else 0.0

    @property
    def errors(self) -> int:
        return self.wrong + self.socket_errors


@dataclass
class Measured:
    """A path to measure: how wrk requests it, and what it gave."""

    name: str
    label: str
    script: str
    args: list[str]
    threads: int
    warm_args: list[str] | None = None  # for the warm-up run, when it must not ask the same
    # The warm-up run checks each answer against its own request (one thread per connection);
    # its wrong answers count in the errors.
    strict_warm: bool = False
    warm_wrong: int = 0
    warm_script: str | None = None  # the warm-up's script, where the timed run's differs
    # The timed run does not read the answers (bench/rotate_unread.lua): wrk's own count of
    # statuses of 400 and above are its errors.
    unread: bool = False
    target: str = "stack"  # "stack" (nginx + gunicorn) or "site" (gunicorn alone)
    cache: Counter | None = None  # nginx's $upstream_cache_status of the measured requests
    result: Result | None = None
    baseline: float = 0.0  # hello's requests/s around this path's run


class CpuWatch:
    """How much CPU time processes other than ours (a server and wrk) took during a run.

    The figures are only fair on an otherwise idle machine; this says when it was not.
    """

    def __init__(self, server_pids: list[int]):
        self.server_pids = server_pids
        self.start = self._sample()

    def others(self) -> float:
        """Return the share of all CPU time since the start that went to other processes."""
        now = self._sample()
        busy, total, ours, children = (b - a for a, b in zip(self.start, now, strict=True))
        return max(0.0, busy - ours - children) / total if total else 0.0

    def _sample(self) -> tuple[float, float, float, float]:
        ticks = os.sysconf("SC_CLK_TCK")
        with open("/proc/stat") as stat:
            fields = [int(x) for x in stat.readline().split()[1:9]]
        # Not busy: idle, iowait, and irq/softirq (mostly the benchmark's own loopback traffic).
        idle = fields[3] + fields[4] + fields[5] + fields[6]
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # wrk, once it has been reaped
        children = usage.ru_utime + usage.ru_stime
        return (sum(fields) - idle) / ticks, sum(fields) / ticks, self._server_seconds(), children

    def _server_seconds(self) -> float:
        """Return the CPU seconds of the servers' masters (gunicorn, nginx) and their workers."""
        pids = list(self.server_pids)
        for master in self.server_pids:
            try:
                with open(f"/proc/{master}/task/{master}/children") as listing:
                    pids += [int(x) for x in listing.read().split()]
            except OSError:
                pass
        seconds = 0.0
        for pid in pids:
            try:
                with open(f"/proc/{pid}/stat") as stat:
                    after_name = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue  # a worker that exited meanwhile
            seconds += (int(after_name[11]) + int(after_name[12])) / os.sysconf("SC_CLK_TCK")
        return seconds


class Server:
    """A gunicorn master (and its workers) with the project's config, on a loopback port."""

    def __init__(self, name: str, app: str, env: dict, log: Path, extra: list[str]):
        self.name, self.log = name, log
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONF)]
        command += ["--bind", f"127.0.0.1:{self.port}", *extra, app]
        self._log_file = log.open("w")
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self._log_file, stderr=subprocess.STDOUT
        )

    def pids(self) -> list[int]:
        return [self.process.pid]

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.name} did not start:\n{self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        raise SystemExit(f"{self.name} did not answer within {timeout:.0f} s")

    def stop(self) -> None:
        """Stop this server's master (it stops its workers); kill it if it does not stop."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log_file.close()


class StackServer:
    """nginx in front of gunicorn on a unix socket, as `make stack` runs them."""

    def __init__(self, env: dict, folder: Path):
        folder.mkdir()
        self.name = "stack"
        self.stack = Stack(folder, free_port(), env, cache_log=True)
        self.stack.start()
        self.url = self.stack.url
        self.log = self.stack.logs / "gunicorn.log"

    def wait_ready(self) -> None:
        self.stack.wait_for_page()

    def pids(self) -> list[int]:
        return [p.pid for p in (self.stack.nginx, self.stack.gunicorn) if p]

    def cache_lines(self) -> int:
        path = self.stack.logs / "cache.log"
        with path.open("rb") as log:
            return sum(1 for _ in log)

    def cache_states(self, skip: int) -> Counter:
        """nginx's cache status of the requests logged after the first `skip` lines."""
        lines = (self.stack.logs / "cache.log").read_text().splitlines()[skip:]
        return Counter(line.split()[0] for line in lines if line)

    def stop(self) -> None:
        self.stack.stop()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ensure_wrk() -> str:
    """Return wrk's path; install Debian's wrk when missing and we are root with apt-get."""
    return debian_tool("wrk")


def server_env(instance: Path) -> dict:
    """The environment of the servers: production settings, the throw-away instance folder."""
    env = dict(os.environ)
    for name in ("DATABASE_URL", "RDM_CATALOGUE", "RDM_WORKERS", "RDM_BIND", "RDM_ACCESS_LOG"):
        env.pop(name, None)
    env.update(
        RDM_ENV="production", SECRET_KEY=secrets.token_hex(32), RDM_INSTANCE_PATH=str(instance)
    )
    return env


def migrate(env: dict) -> None:
    command = [sys.executable, "-m", "flask", "--app", "rdm", "db", "upgrade"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"flask db upgrade failed:\n{done.stdout}{done.stderr}")


def get_json(url: str, body: dict | None = None) -> dict:
    data = None if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"} if data else {}
    request = urllib.request.Request(url, data=data, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def checked_scenarios(site: str) -> dict[str, dict]:
    """Return the scenarios, refusing an id or value that GET /api/v1/questions lacks."""
    questions = {q["id"]: q for q in get_json(site + "/api/v1/questions")["questions"]}
    for name, answers in SCENARIOS.items():
        for key, value in answers.items():
            values = [o["value"] for o in questions[key]["options"]] if key in questions else []
            if value not in values:
                raise SystemExit(f"scenario {name!r}: {key}={value!r} is not in the questions")
    return SCENARIOS


def describe_advice(site: str, scenarios: dict[str, dict]) -> list[str]:
    """Return, per scenario, the tables the site advises (also proves each one answers)."""
    lines = []
    for name, answers in scenarios.items():
        advice = get_json(site + "/api/v1/advice", {"answers": answers})
        fitting = [r["table"] for r in advice["recommendations"] if r["fit"] != "does_not_fit"]
        verdict = "acute" if advice["acute"] else ", ".join(fitting) or "geen tafel past"
        lines.append(f"  {name:<55} → {verdict}")
    return lines


def pick_table(tables: list[dict]) -> tuple[str, str]:
    """Return the slug and page heading of the table with the most content."""
    biggest = max(tables, key=lambda t: len(json.dumps(t)))
    return biggest["slug"], f"<h1>{escape(biggest['name']['nl'])}</h1>"


def new_queries(tables: list[dict]) -> list[str]:
    """Return distinct queries no cache has seen: the catalogue's words and word groups.

    Every word of four letters or more in the tables' texts, and every run of two or three
    neighbouring words, in a fixed random order; the QUERIES list is left out.
    """
    texts: list[str] = []

    def collect(value) -> None:
        if isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)
        elif isinstance(value, str) and not value.startswith(("http", "mailto:", "tel:")):
            texts.append(value.lower())

    collect(tables)
    found: dict[str, None] = {}
    for text in texts:
        words = re.findall(r"[a-zà-ÿ]{4,}", text)
        found.update(dict.fromkeys(words))
        for size in (2, 3):
            found.update(dict.fromkeys(" ".join(words[i : i + size]) for i in range(len(words))))
    queries = sorted(set(found) - set(QUERIES))
    random.Random(1).shuffle(queries)
    return queries


def write_lines(folder: Path, name: str, lines: list[str]) -> str:
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def visitors(path: str, session: str) -> list[str]:
    """Requests for `path` as 600 visitors send them, each marked with the page's language.

    Every Accept-Language of ACCEPT_LANGUAGES, 25 times: one in three with the lang cookie
    (nl or en), one in a hundred with a session (it passes nginx's cache by and is made by
    gunicorn), the others with no cookie. Each is expected in the language the app chooses.
    """
    lines = []
    for number, accept in enumerate(ACCEPT_LANGUAGES * 25):
        kind = "session" if number % 100 == 99 else ("none", "none", "lang")[number % 3]
        chosen = ("nl", "en")[number // 3 % 2] if kind == "lang" else None
        headers = [f"Accept-Language: {accept}"] if accept else []
        cookies = [f"lang={chosen}"] if chosen else []
        cookies += [session] if kind == "session" else []
        headers += [f"Cookie: {'; '.join(cookies)}"] if cookies else []
        language = choose_language(chosen, accept, ("nl", "en"), "nl")
        lines.append("\t".join(["GET", path, "", f'<html lang="{language}"', *headers]))
    return lines


def a_session(site: str) -> str:
    """Return a real session cookie ("session=..."), as the wegwijzer's first page sets it."""
    with urllib.request.urlopen(site + "/wegwijzer/", timeout=10) as response:
        for value in response.headers.get_all("Set-Cookie") or []:
            if value.startswith("session="):
                return value.split(";")[0]
    raise SystemExit("GET /wegwijzer/ set no session cookie")


def plan(site: str, folder: Path, options) -> list[Measured]:
    """Return the paths to measure, with the request files their Lua scripts read.

    The overview's pages through nginx; the others through nginx and against gunicorn alone.
    """
    rotate, threads = str(BENCH / "rotate.lua"), options.threads or os.cpu_count() or 2
    scenarios = checked_scenarios(site)
    tables = get_json(site + "/api/v1/tables")["tables"]
    slug, _ = pick_table(tables)
    fresh = [f"GET\t/api/v1/search?q={urllib.parse.quote(q)}" for q in new_queries(tables)]
    warm_fresh = fresh[: len(fresh) // 5]  # the warm-up asks these, the measured run the rest
    session = a_session(site)
    searches = [f"GET\t/api/v1/search?q={urllib.parse.quote(q)}" for q in QUERIES]
    bodies = [json.dumps({"answers": a}, ensure_ascii=False) for a in scenarios.values()]
    advice = [f"POST\t/api/v1/advice\t{body}" for body in bodies]
    cases = ["&".join(f"{k}={_form(v)}" for k, v in a.items()) for a in scenarios.values()]
    files = {
        "hello": write_lines(folder, "hello.txt", ["GET\t/"]),
        "home": write_lines(folder, "home.txt", visitors("/", session)),
        "table": write_lines(folder, "table.txt", visitors(f"/tafels/{slug}", session)),
        "search": write_lines(folder, "search.txt", searches),
        "search-new": write_lines(folder, "search-new.txt", fresh[len(warm_fresh) :]),
        "search-new-warm": write_lines(folder, "search-new-warm.txt", warm_fresh),
        "advice": write_lines(folder, "advice.txt", advice),
        "wizard": write_lines(folder, "wizard.txt", cases),
    }
    every = [
        Measured(
            "home",
            "GET / (visitors)",
            rotate,
            [files["home"], "</html>"],
            threads,
            strict_warm=True,
        ),
        Measured(
            "table",
            f"GET /tafels/{slug} (visitors)",
            rotate,
            [files["table"], "</html>"],
            threads,
            strict_warm=True,
        ),
        Measured(
            "search",
            f"GET /api/v1/search ({len(QUERIES)} q)",
            rotate,
            [files["search"], '"query":'],
            threads,
        ),
        Measured(
            "search-new",
            f"GET /api/v1/search (new q, of {len(fresh) - len(warm_fresh)})",
            rotate,
            [files["search-new"], '"query":'],
            threads,
            warm_args=[files["search-new-warm"], '"query":'],
        ),
        Measured(
            "advice",
            f"POST /api/v1/advice ({len(bodies)} cases)",
            rotate,
            [files["advice"], '"recommendations":'],
            threads,
        ),
        # The wizard's Lua state is per connection: one thread per connection.
        Measured(
            "wizard",
            f"wegwijzer run ({len(cases)} cases)",
            str(BENCH / "wizard.lua"),
            [files["wizard"]],
            options.connections,
        ),
    ]
    hello = [files["hello"], "hello"]
    chosen = [m for m in every if m.name in options.paths]
    for m in chosen:
        m.label += " nginx"
    # The overview's pages once more, with wrk not reading the answers (see rotate_unread.lua).
    chosen += [
        dataclasses.replace(
            m,
            label=m.label.replace("(visitors)", "(visitors, unread)"),
            script=str(BENCH / "rotate_unread.lua"),
            warm_script=m.script,
            unread=True,
        )
        for m in chosen
        if m.name in OVERVIEW
    ]
    alone = [
        dataclasses.replace(m, label=m.label.removesuffix(" nginx") + " gunicorn", target="site")
        for m in chosen
        if m.name not in OVERVIEW
    ]
    return [Measured("hello", "hello (bare Flask)", rotate, hello, threads), *chosen, *alone]


def _form(value) -> str:
    """Return an answer as the wegwijzer's form carries it."""
    return ("true" if value else "false") if isinstance(value, bool) else value


def run_wrk(
    wrk: str,
    url: str,
    measured: Measured,
    connections: int,
    seconds: float,
    args=None,
    strict: bool = False,
) -> Result:
    """Run wrk for `seconds` and return what the script's done() printed.

    `strict`: one thread per connection, and each answer checked against its own request.
    """
    threads = connections if strict else min(measured.threads, connections)
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s"]
    command += ["-s", measured.script, url, "--", *(args or measured.args), str(threads)]
    command += ["strict"] if strict else []
    done = subprocess.run(
        command, capture_output=True, text=True, errors="replace", timeout=seconds + 60
    )
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH ")), None)
    if done.returncode != 0 or line is None:
        raise SystemExit(f"wrk failed ({' '.join(command)}):\n{done.stdout}\n{done.stderr}")
    figures = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", line)}
    example = next((x[14:] for x in done.stdout.splitlines() if x.startswith("BENCH_EXAMPLE ")), "")
    sockets = sum(figures[k] for k in ("connect", "read", "write", "timeout"))
    return Result(
        requests=figures["requests"],
        seconds=figures["duration_us"] / 1e6,
        p50_ms=figures["p50_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        socket_errors=sockets,
        wrong=figures["status"] if measured.unread else figures["wrong"],
        runs=figures["runs"],
        run_requests=figures["run_requests"],
        example=example.strip(),
    )


def measure(wrk: str, servers: dict[str, Server], plan_: list[Measured], options) -> list[Result]:
    """Measure hello, then each path followed by hello again; return the hello results.

    A path's ratio is against the hello runs just before and after it, so a machine that gets
    busier or quieter during the benchmark moves both sides of each ratio alike.
    """
    hello, paths = plan_[0], plan_[1:]
    warm, hello_seconds = min(3.0, options.duration), max(3.0, options.duration / 2)
    run_wrk(wrk, servers["hello"].url, hello, options.connections, warm)
    baseline = [timed_run(wrk, servers["hello"], hello, options, hello_seconds)]
    for measured in paths:
        # A short run first: templates compiled, caches and the search index warmed per worker.
        site = servers[measured.target]
        warmed = run_wrk(
            wrk,
            site.url,
            dataclasses.replace(measured, script=measured.warm_script or measured.script),
            options.connections,
            warm,
            measured.warm_args,
            strict=measured.strict_warm,
        )
        measured.warm_wrong = warmed.wrong if measured.strict_warm else 0
        logged = site.cache_lines() if measured.target == "stack" else None
        measured.result = timed_run(wrk, site, measured, options, options.duration)
        measured.result.wrong += measured.warm_wrong
        if logged is not None:
            measured.cache = site.cache_states(logged)
        baseline.append(timed_run(wrk, servers["hello"], hello, options, hello_seconds))
        # Against the hello runs around it that other processes left alone (else both); the
        # ratio is only as fair as the busiest of the runs it compares.
        around = clean(baseline[-2:])
        measured.baseline = statistics.mean(r.per_second for r in around)
        measured.result.others = max(r.others for r in [measured.result, *around])
    return baseline


def clean(results: list[Result]) -> list[Result]:
    """Return the results of runs that other processes left alone, or all if there are none."""
    return [r for r in results if r.others <= BUSY] or results


def timed_run(wrk: str, server: Server, measured: Measured, options, seconds: float) -> Result:
    """Run wrk on a quiet machine; run again (up to --retries times) if it got busy meanwhile."""
    print(f"  {measured.label:<44}", end="", flush=True)
    for attempt in range(options.retries + 1):
        wait_for_quiet(options.quiet_wait)
        watch = CpuWatch(server.pids())
        result = run_wrk(wrk, server.url, measured, options.connections, seconds)
        result.others = watch.others()
        if result.others <= BUSY or attempt == options.retries:
            break
        print(f" (busy: {result.others:.0%}, again)", end="", flush=True)
    busy = f"  (other processes took {result.others:.0%} of the CPUs)" if result.others else ""
    print(f"{result.per_second:9.1f} req/s{busy}", flush=True)
    return result


def wait_for_quiet(limit: float) -> None:
    """Wait (at most `limit` seconds) until other processes leave the CPUs alone for a second."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        watch = CpuWatch([os.getpid()])
        time.sleep(1)
        if watch.others() <= BUSY:
            return


def mark(ok: bool) -> str:
    return "ok" if ok else "MISS"


def report(plan_: list[Measured], everything: list[Result], options, site_at: str) -> None:
    rates = [r.per_second for r in everything]
    baseline = clean(everything)
    hello = Result(
        requests=sum(r.requests for r in baseline),
        seconds=sum(r.seconds for r in baseline),
        p50_ms=statistics.median(r.p50_ms for r in baseline),
        p99_ms=max(r.p99_ms for r in baseline),
        socket_errors=sum(r.socket_errors for r in everything),  # errors count in every run
        wrong=sum(r.wrong for r in everything),
        runs=0,
        run_requests=0,
        others=max(r.others for r in baseline),
    )
    print()
    print(
        f"{options.connections} connections, {options.duration:g} s per path; nginx: "
        "deploy/nginx/rdm.conf (make stack), gunicorn 2 workers (gunicorn.conf.py) on a unix "
        f"socket; gunicorn: the same app alone on TCP; RDM_ENV=production, SQLite; "
        f"{os.cpu_count()} CPUs; site at {site_at}"
    )
    print(
        f"bare hello: {len(everything)} runs of {everything[0].seconds:.0f} s, one before the "
        f"first path and one after each, {min(rates):.0f} to {max(rates):.0f} req/s;\na path's "
        "ratio is against the mean of the hello runs just before and after it (those that "
        "other processes left alone, if any)"
    )
    print(
        f"targets: ratio ≥ {TARGET_OVERVIEW:g}× hello for the overview's pages, "
        f"≥ {TARGET_RATIO}× for the others, p99 < {TARGET_P99_MS:.0f} ms, 0 errors "
        "(ok = met, MISS = missed); hits: nginx's cache hits of the path's requests"
    )
    header = f"{'path':<44}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'ratio':>8}"
    header += f"{'runs/s':>8}{'other':>7}{'hits':>6}   ratio  p99  errors"
    print(header)
    print("-" * len(header))
    label = plan_[0].label + (", all runs" if len(baseline) == len(everything) else ", quiet runs")
    print(_row(label, hello, hello.per_second, verdicts=False))
    for m in plan_[1:]:
        target = TARGET_OVERVIEW if m.name in OVERVIEW else TARGET_RATIO
        print(_row(m.label, m.result, m.baseline, verdicts=True, target=target, cache=m.cache))
    print(
        "(other: the largest share of the CPUs that processes other than the servers and wrk "
        "took during\n the path's run or the hello runs around it)"
    )
    _footnotes(plan_, [*baseline, *(m.result for m in plan_[1:])])


def revision() -> str:
    """Return the commit the site is at, and whether rdm/ has changes not committed."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "status", "--porcelain", "--", "rdm"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        return "an unknown commit (no git)"
    return f"commit {head or '?'}" + (" + changes in rdm/ not committed" if changed else "")


def _row(
    label: str,
    r: Result,
    hello_rate: float,
    verdicts: bool,
    target: float = TARGET_RATIO,
    cache: Counter | None = None,
) -> str:
    """Return one line of the table; the ratio is against `hello_rate`."""
    ratio = r.per_second / hello_rate
    runs = f"{r.runs_per_second:8.1f}" if r.runs else f"{'':8}"
    hits = f"{cache['HIT'] / cache.total():6.0%}" if cache and cache.total() else f"{'':6}"
    line = f"{label:<44}{r.per_second:9.1f}{r.p50_ms:9.1f}{r.p99_ms:9.1f}{r.errors:8d}"
    line += f"{ratio:7.2f}×{runs}{r.others:6.0%}{hits}"
    if verdicts:
        line += f"   {mark(ratio >= target):<6} {mark(r.p99_ms < TARGET_P99_MS):<4} "
        line += mark(r.errors == 0)
    return line


def _footnotes(plan_: list[Measured], results: list[Result]) -> None:
    for m in plan_[1:]:
        if m.cache:
            states = ", ".join(f"{state} {count}" for state, count in m.cache.most_common())
            print(f"nginx cache, {m.label}: {states}")
        r = m.result
        if r.runs:
            print(
                f"{m.label}: req/s, latency and errors are per request (GET the start page, "
                f"POST per page, POST the advice);\n  {r.runs} runs reached the advice page, "
                f"{r.run_requests / r.runs:.1f} requests each: runs/s = req/s ÷ that"
            )
        if r.errors:
            print(f"first wrong response on {m.label}: {r.example or '(socket errors)'}")
    busiest = max(r.others for r in results)
    if busiest > 0.1:
        print(
            f"WARNING: other processes took up to {busiest:.0%} of the CPUs during a run; "
            "rerun on a quiet machine for figures to compare."
        )


def slow_clients(server, table: str, seconds: float = SLOW_SECONDS) -> str:
    """Hold SLOW_CLIENTS sockets that send a header line a second, and time normal requests.

    A socket the server closes is opened again, so the slow clients stay SLOW_CLIENTS
    strong. Returns a line: the normal requests answered (within 5 s) and their p99.
    """
    port = int(server.url.rsplit(":", 1)[1])
    until = time.monotonic() + seconds
    holder = threading.Thread(target=_hold_slow_sockets, args=(port, until), daemon=True)
    holder.start()
    time.sleep(1)  # the slow clients in place first
    asked, answered = 0, []
    requests = [("GET", "/", None), ("GET", f"/tafels/{table}", None)]
    requests += [("GET", "/api/v1/search?q=wlz", None), ("POST", "/api/v1/advice", b"{}")]
    while time.monotonic() < until:
        method, path, body = requests[asked % len(requests)]
        asked += 1
        start = time.monotonic()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            headers = {"Content-Type": "application/json"} if body else {}
            connection.request(method, path, body=body, headers=headers)
            if connection.getresponse().status in (200, 400):
                answered.append((time.monotonic() - start) * 1000)
        except OSError:
            pass
        finally:
            connection.close()
    holder.join()
    p99 = f"{statistics.quantiles(answered, n=100)[98]:.1f} ms" if len(answered) > 1 else "-"
    return (
        f"{server.name:<8} {len(answered):5d} of {asked:5d} normal requests answered (in 5 s) "
        f"while {SLOW_CLIENTS} slow clients held sockets for {seconds:g} s; p99 {p99}"
    )


def _hold_slow_sockets(port: int, until: float) -> None:
    sockets: list[socket.socket | None] = [None] * SLOW_CLIENTS
    while time.monotonic() < until:
        for number, sock in enumerate(sockets):
            try:
                if sock is None:
                    sock = sockets[number] = socket.create_connection(("127.0.0.1", port), 2)
                    sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                sock.sendall(b"X-Slow: 1\r\n")
            except OSError:
                if sock is not None:
                    sock.close()
                sockets[number] = None
        time.sleep(1)
    for sock in sockets:
        if sock is not None:
            sock.close()


def scan_log(name: str, log: Path) -> None:
    """Print what the server logged beyond its start and stop (tracebacks, warnings)."""
    routine = re.compile(
        r"\[INFO\] (Starting|Listening|Using worker|Booting|Handling|Worker exi|Shut)"
    )
    lines = [x for x in log.read_text(errors="replace").splitlines() if not routine.search(x)]
    if not lines:
        print(f"{name} log: nothing beyond start and stop")
        return
    counts = Counter(re.sub(r"^\[[^\]]*\] \[\d+\] ", "", x) for x in lines)
    print(f"{name} log: {len(lines)} lines beyond start and stop; distinct, with counts:")
    for text, count in counts.most_common(25):
        print(f"  {count:6d} × {text[:160]}")


def parse_options():
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--duration", type=float, default=10, help="seconds per path")
    arguments.add_argument("--connections", type=int, default=50)
    arguments.add_argument(
        "--threads",
        type=int,
        default=0,
        help="wrk threads for the plain paths (default: 1 per CPU; the wizard: 1 per connection)",
    )
    arguments.add_argument(
        "--retries",
        type=int,
        default=2,
        help=f"how often to repeat a run in which other processes took >{BUSY * 100:.0f}%% CPU",
    )
    arguments.add_argument(
        "--quiet-wait",
        type=float,
        default=30,
        help="seconds to wait, before each run, for other processes to leave the CPUs alone",
    )
    arguments.add_argument(
        "--paths",
        default=",".join(PATHS),
        help=f"comma-separated subset of {','.join(PATHS)} (hello is always measured)",
    )
    options = arguments.parse_args()
    options.paths = [p.strip() for p in options.paths.split(",") if p.strip()]
    unknown = sorted(set(options.paths) - set(PATHS))
    if unknown:
        arguments.error(f"unknown paths: {', '.join(unknown)}; choose from {', '.join(PATHS)}")
    return options


def main() -> None:
    options = parse_options()
    wrk = ensure_wrk()
    site_at = revision()
    with tempfile.TemporaryDirectory(prefix="rdm-load-") as folder:
        folder = Path(folder)
        instance = folder / "instance"
        env = server_env(instance)
        migrate(env)
        servers: dict = {}
        try:
            servers["stack"] = StackServer(env, folder / "stack")
            servers["site"] = Server("site", "rdm:create_app()", env, folder / "site.log", [])
            servers["hello"] = Server(
                "hello", "hello:app", env, folder / "hello.log", ["--pythonpath", str(BENCH)]
            )
            for server in servers.values():
                server.wait_ready()
            plan_ = plan(servers["stack"].url, folder, options)
            print("Advice per scenario (POST /api/v1/advice, before the load):")
            print("\n".join(describe_advice(servers["site"].url, SCENARIOS)))
            print(f"Measuring ({options.duration:g} s each, after a short warm-up):")
            baseline = measure(wrk, servers, plan_, options)
            slug = pick_table(get_json(servers["site"].url + "/api/v1/tables")["tables"])[0]
            print(f"Slow clients ({SLOW_CLIENTS} for {SLOW_SECONDS:g} s each):", flush=True)
            slow = [slow_clients(servers[name], slug) for name in ("stack", "site")]
        finally:
            for server in servers.values():
                server.stop()
        report(plan_, baseline, options, site_at)
        print("\n".join(slow))
        print()
        for name, server in servers.items():
            scan_log(name, server.log)


if __name__ == "__main__":
    main()
