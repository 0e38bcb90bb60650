"""Benchmark: search at scale, on a synthetic catalogue of 10,000 entries.

Not a test: it prints figures. The real catalogue's tables are cloned into N entries, each
with its own slug, name and a few words drawn from a synthetic vocabulary (so the term
dictionary grows as a real one would), validated by the same pydantic models the site uses.
It then reports:

- the time to build the on-disk index once (`rdm.overview.search.shared_index`),
- search latency (median, p99) for real queries and for typos, uncached (every query's
  first time) and through the per-process result cache,
- the memory of two "workers": fresh processes that open the shared index (they must not
  build it again) and run the same queries, with their resident and unique memory.

Baselines measured in the same run: the same figures for the real 8-entry catalogue.

    .venv/bin/python bench/scale.py [--entries 10000] [--queries 400]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rdm.catalogue import Catalogue, load_catalogue
from rdm.config import PACKAGED_CATALOGUE
from rdm.overview.search import INDEX_FORMAT, _search, search, shared_index

QUERIES = [
    "wlz",
    "lvb",
    "verslaving",
    "huisvesting",
    "crisis",
    "zorgkantoor",
    "hoogcomplex",
    "enschede",
    "wachtlijst",
    "verward gedrag",
    "procesmanager",
    "veiligheid",
    "schulden",
    "ggz",
    "forensisch",
    "woonvoorziening",
]
TYPOS = ["verslavnig", "zorgkantor", "huisvesing", "procesmanger", "wachtlijts"]
TARGET_P99_MS = 20.0


def synthetic(entries: int, seed: int = 7) -> Catalogue:
    """The real catalogue with its tables cloned into `entries` distinct entries."""
    real = load_catalogue(PACKAGED_CATALOGUE)
    data = real.catalogue.model_dump(mode="json", by_alias=True)
    chooser = random.Random(seed)
    syllables = ["ka", "lo", "mer", "vin", "dra", "sto", "pel", "ruk", "zen", "bo", "ter", "gam"]
    vocabulary = [
        "".join(chooser.choice(syllables) for _ in range(chooser.randint(2, 4)))
        for _ in range(20000)
    ]
    tables = []
    for number in range(entries):
        table = json.loads(json.dumps(data["tables"][number % len(data["tables"])]))
        words = " ".join(chooser.choices(vocabulary, k=12))
        table["slug"] = f"{table['slug']}-{number}"
        table["name"] = {"nl": f"Overleg {number} {words[:40]}"}
        table["summary"] = {"nl": f"{words}. " + _dutch(table["summary"])}
        tables.append(table)
    data["tables"] = data["tables"] + tables
    return Catalogue.model_validate(data)


def _dutch(text) -> str:
    return text["nl"] if isinstance(text, dict) else text


def timed(function, queries: list[str]) -> list[float]:
    times = []
    for query in queries:
        started = time.perf_counter()
        function(query)
        times.append((time.perf_counter() - started) * 1000)
    return sorted(times)


def figures(times: list[float]) -> str:
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    return f"median {statistics.median(times):7.2f} ms   p99 {p99:7.2f} ms"


WORKER = """
import json, sys, time, resource
from pathlib import Path
sys.path.insert(0, {repo!r})
from bench.scale import synthetic, QUERIES, TYPOS
from rdm.overview import search as module
built = []
real = module.build_index
module.build_index = lambda *a, **k: built.append(1) or real(*a, **k)
catalogue = synthetic({entries})
started = time.perf_counter()
index = module.shared_index(catalogue, Path({folder!r}), "scale")
opened = (time.perf_counter() - started) * 1000
for query in (QUERIES + TYPOS) * 3:
    module.search(index, query)
status = dict(
    line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines()
)
smaps = Path("/proc/self/smaps_rollup").read_text().splitlines()
private = sum(int(l.split()[1]) for l in smaps if l.startswith(("Private_Clean", "Private_Dirty")))
print(json.dumps(dict(
    built=len(built), opened_ms=opened,
    rss_mb=int(status["VmRSS"].split()[0]) / 1024, private_mb=private / 1024,
)))
"""


def worker(entries: int, folder: Path) -> dict:
    repo = str(Path(__file__).resolve().parent.parent)
    code = WORKER.format(repo=repo, entries=entries, folder=str(folder))
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def measure(label: str, catalogue: Catalogue, queries: int, workers: bool) -> None:
    folder = Path(tempfile.mkdtemp(prefix="rdm-scale-"))
    started = time.perf_counter()
    index = shared_index(catalogue, folder, "scale")
    build = time.perf_counter() - started
    size = sum(p.stat().st_size for p in (folder / f"scale-v{INDEX_FORMAT}").iterdir()) / 2**20
    chooser = random.Random(1)
    asked = [chooser.choice(QUERIES) for _ in range(queries)]
    typos = [chooser.choice(TYPOS) for _ in range(queries // 4)]
    print(f"\n{label}: {len(catalogue.tables):,} entries")
    print(f"  index build (once)      {build:8.2f} s   {size:.1f} MB on disk")
    print(f"  search, uncached        {figures(timed(lambda q: _search(index, q, 'nl'), asked))}")
    print(f"  search typos, uncached  {figures(timed(lambda q: _search(index, q, 'nl'), typos))}")
    print(f"  search, cached          {figures(timed(lambda q: search(index, q), asked))}")
    if workers:
        for number in (1, 2):
            seen = worker(len(catalogue.tables) - 8, folder)
            print(
                f"  worker {number}: built the index {seen['built']} times, opened it in "
                f"{seen['opened_ms']:.0f} ms; RSS {seen['rss_mb']:.0f} MB, "
                f"of which private {seen['private_mb']:.0f} MB"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=400)
    options = parser.parse_args()
    measure(
        "Baseline, the real catalogue",
        load_catalogue(PACKAGED_CATALOGUE).catalogue,
        options.queries,
        workers=False,
    )
    started = time.perf_counter()
    catalogue = synthetic(options.entries)
    print(
        f"\n(synthetic catalogue generated and validated in {time.perf_counter() - started:.1f} s)"
    )
    measure("Scale run", catalogue, options.queries, workers=True)
    print(
        f"\nTarget: search p99 <= {TARGET_P99_MS:.0f} ms uncached; the index built once, "
        "opened (not rebuilt) by every worker."
    )


if __name__ == "__main__":
    main()
