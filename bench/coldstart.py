"""Cold start: from a fresh interpreter to create_app() done and to the first GET / answered.

Not a test: it prints figures. Each run is a new Python process (as a gunicorn master or a
restarted container would be) with production settings, the packaged catalogue and a migrated
throw-away SQLite database; the time runs from just before the process is spawned. A bare
Flask app (import flask, one route, one GET through the test client) is measured the same way
in the same run, as the baseline. Bytecode is cached in a throw-away folder
(PYTHONPYCACHEPREFIX) that one discarded run fills first, so every measured run finds
compiled bytecode, as an installed site does. Then `python -X importtime` lists the slowest
imports of a process that calls create_app().

    .venv/bin/python bench/coldstart.py [--runs 10]    (or: make bench-cold)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 1.5

SITE = """
import json, time
from rdm import create_app
imported = time.monotonic()
app = create_app()
created = time.monotonic()
response = app.test_client().get("/")
assert response.status_code == 200 and b"<h1>" in response.data, response.status
print(json.dumps({"imported": imported, "created": created, "answered": time.monotonic()}))
"""

BARE = """
import json, time
from flask import Flask
imported = time.monotonic()
app = Flask("hello")
app.add_url_rule("/", "hello", lambda: "hello")
created = time.monotonic()
response = app.test_client().get("/")
assert response.status_code == 200 and response.data == b"hello", response.status
print(json.dumps({"imported": imported, "created": created, "answered": time.monotonic()}))
"""

IMPORTS = "from rdm import create_app; create_app()"


def environment(folder: Path) -> dict:
    """Production settings, a throw-away instance folder and bytecode cache."""
    env = dict(os.environ)
    for name in ("DATABASE_URL", "RDM_CATALOGUE", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    env.update(
        RDM_ENV="production",
        SECRET_KEY=secrets.token_hex(32),
        RDM_INSTANCE_PATH=str(folder / "instance"),
        PYTHONPYCACHEPREFIX=str(folder / "pycache"),
    )
    return env


def migrate(env: dict) -> None:
    """Migrate the throw-away database, leaving the bytecode cache empty for the first run."""
    env = {**env, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTHONPYCACHEPREFIX")
    command = [sys.executable, "-m", "flask", "--app", "rdm", "db", "upgrade"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"flask db upgrade failed:\n{done.stdout}{done.stderr}")


def one_run(code: str, env: dict) -> dict[str, float]:
    """Spawn a fresh interpreter running `code`; return its phases in seconds since the spawn."""
    started = time.monotonic()  # CLOCK_MONOTONIC: the same clock in the child
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    ended = time.monotonic()
    if done.returncode != 0:
        raise SystemExit(f"the measured process failed:\n{done.stdout}{done.stderr}")
    marks = json.loads(done.stdout.strip().splitlines()[-1])
    phases = {name: marks[name] - started for name in ("imported", "created", "answered")}
    phases["exited"] = ended - started
    return phases


def cpu_seconds() -> tuple[float, float]:
    """Return (busy CPU seconds of the whole machine, CPU seconds of this process and its
    reaped children); irq and softirq time do not count as busy."""
    ticks = os.sysconf("SC_CLK_TCK")
    with open("/proc/stat") as stat:
        fields = [int(x) for x in stat.readline().split()[1:9]]
    busy = (sum(fields) - sum(fields[3:7])) / ticks
    ours = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        ours += usage.ru_utime + usage.ru_stime
    return busy, ours


def describe(name: str, runs: list[dict[str, float]]) -> list[str]:
    lines = []
    for phase, label in (
        ("imported", "imports done"),
        ("created", "app created"),
        ("answered", "first GET / answered"),
    ):
        values = [run[phase] for run in runs]
        lines.append(
            f"{name:<22}{label:<24}{statistics.median(values):9.3f} s{max(values):9.3f} s"
            f"{min(values):9.3f} s"
        )
    return lines


def slowest_imports(env: dict, count: int = 10) -> list[str]:
    """Return the `count` slowest imports (cumulative, then self) of a create_app() process."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", IMPORTS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    rows = []
    for line in done.stderr.splitlines():
        found = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)", line)
        if found:
            own, total, indent, name = found.groups()
            rows.append((int(own), int(total), len(indent) // 2, name))
    lines = [f"{'cumulative':>12}{'self':>10}  import (depth: 0 = imported by the script)"]
    for own, total, depth, name in sorted(rows, key=lambda r: -r[1])[:count]:
        lines.append(f"{total / 1000:9.1f} ms{own / 1000:7.1f} ms  {depth}: {name}")
    lines.append(f"{'':>12}{'self':>10}  the {count} largest own times")
    for own, total, depth, name in sorted(rows, key=lambda r: -r[0])[:count]:
        lines.append(f"{'':>12}{own / 1000:7.1f} ms  {depth}: {name}  ({total / 1000:.1f} ms)")
    return lines


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--runs", type=int, default=10)
    arguments.add_argument("--no-importtime", action="store_true")
    options = arguments.parse_args()

    with tempfile.TemporaryDirectory(prefix="rdm-cold-") as folder:
        env = environment(Path(folder))
        migrate(env)
        # Fills the bytecode cache; its time is that of a start without any .pyc.
        first = one_run(SITE, env)
        one_run(BARE, env)
        site, bare = [], []
        busy_before, ours_before = cpu_seconds()
        started = time.monotonic()
        for _ in range(options.runs):  # interleaved, so both see the same machine
            site.append(one_run(SITE, env))
            bare.append(one_run(BARE, env))
        busy_after, ours_after = cpu_seconds()
        others = (busy_after - busy_before) - (ours_after - ours_before)
        others /= (time.monotonic() - started) * (os.cpu_count() or 1)
        imports = [] if options.no_importtime else slowest_imports(env)

    python = sys.version.split()[0]
    print(
        f"{options.runs} fresh processes each, {os.cpu_count()} CPUs, Python {python}; "
        f"other processes took {max(others, 0):.0%} of the CPUs meanwhile"
    )
    print(f"{'process':<22}{'from spawn until':<24}{'median':>11}{'max':>11}{'min':>11}")
    print("\n".join(describe("site (create_app)", site)))
    print("\n".join(describe("bare Flask (baseline)", bare)))
    answered = [run["answered"] for run in site]
    ratio = statistics.median(answered) / statistics.median([run["answered"] for run in bare])
    verdict = "met" if max(answered) <= TARGET_SECONDS else "NOT met"
    print(
        f"site / baseline, first GET / (medians): {ratio:.1f}×; "
        f"without bytecode (first run, compiling): {first['answered']:.3f} s"
    )
    print(
        f"target: first GET / answered ≤ {TARGET_SECONDS} s from spawn — {verdict} "
        f"(median {statistics.median(answered):.3f} s, max {max(answered):.3f} s)"
    )
    if others > 0.1:
        print(
            f"WARNING: other processes took {others:.0%} of the CPUs during the runs; "
            "rerun on a quiet machine for figures to compare."
        )
    if imports:
        print()
        print(
            "Slowest imports of `from rdm import create_app; create_app()` (python -X importtime):"
        )
        print("\n".join(imports))
        print("(a garbage collection during an import counts as that module's own time)")


if __name__ == "__main__":
    main()
