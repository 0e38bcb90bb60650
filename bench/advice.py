"""Benchmark: how long the rules engine takes to advise one case.

Not a test: it prints figures. It generates random cases over the real catalogue's
vocabulary, times RulesEngine.advise() per case, and measures in the same run a baseline
(json.dumps of the same answers, a trivial per-case operation) for the ratio. It also times
the whole POST /api/v1/advice through Flask's test client.

    .venv/bin/python bench/advice.py [--cases 5000] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time

from rdm import create_app
from rdm.catalogue import load_catalogue
from rdm.config import PACKAGED_CATALOGUE
from rdm.wegwijzer import RulesEngine


def random_cases(catalogue, count: int, seed: int) -> list[dict]:
    """Return `count` answer sets: each id omitted, unknown or one of its values."""
    chooser = random.Random(seed)
    cases = []
    for _ in range(count):
        case = {}
        for answer in catalogue.vocabulary:
            values = [True, False] if answer.type == "bool" else [o.value for o in answer.options]
            pick = chooser.choice([None, "unknown", *values])
            if pick is not None:
                case[answer.id] = pick
        case["acute_danger"] = chooser.random() < 0.05
        cases.append(case)
    return cases


def timed(function, items) -> list[float]:
    """Return the time of function(item) for every item, in microseconds."""
    times = []
    for item in items:
        start = time.perf_counter_ns()
        function(item)
        times.append((time.perf_counter_ns() - start) / 1000)
    return times


def describe(times: list[float]) -> str:
    ordered = sorted(times)
    p = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return (
        f"median {statistics.median(times):8.1f} µs   p95 {p(0.95):8.1f} µs   p99 {p(0.99):8.1f} µs"
    )


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--cases", type=int, default=5000)
    arguments.add_argument("--seed", type=int, default=1)
    options = arguments.parse_args()

    catalogue = load_catalogue(PACKAGED_CATALOGUE).catalogue
    engine = RulesEngine(catalogue)
    cases = random_cases(catalogue, options.cases, options.seed)
    parsed = [engine.parser.parse(case) for case in cases]
    for case in parsed[:200]:  # warm up
        engine.advise(case)

    baseline = timed(json.dumps, cases)
    advise = timed(engine.advise, parsed)
    parse_and_advise = timed(lambda case: engine.advise(engine.parser.parse(case)), cases)
    client = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"}).test_client()
    api = timed(lambda case: client.post("/api/v1/advice", json={"answers": case}), cases[:1000])

    ratio = statistics.median(advise) / statistics.median(baseline)
    sizes = f"{len(catalogue.vocabulary)} answer ids and {len(catalogue.tables)} tables"
    print(f"{options.cases} random cases over {sizes}")
    print(f"baseline json.dumps(answers)   {describe(baseline)}")
    print(f"RulesEngine.advise(answers)         {describe(advise)}   ({ratio:.1f}x baseline)")
    print(f"parse + advise                 {describe(parse_and_advise)}")
    print(f"POST /api/v1/advice (1000)     {describe(api)}")
    verdict = "met" if statistics.median(advise) < 1000 else "NOT met"
    print(f"target: advice well under 1 ms per case — {verdict}")


if __name__ == "__main__":
    main()
