"""How many generated inputs the fuzz tests really sent, printed at the end of the run.

Each fuzz test counts the requests it sends (not its max_examples), asserts its own minimum,
and adds to SENT, which pytest_terminal_summary prints (tests/conftest.py imports the hook).
"""

from __future__ import annotations

import pytest

# Test id -> inputs sent, in the order the tests ran.
SENT: dict[str, int] = {}
# The run's goal: at least this many generated inputs over all fuzz tests.
GOAL = 5000


class Counter:
    """The inputs one fuzz test sent; `check` fails the test below its minimum."""

    def __init__(self, request: pytest.FixtureRequest, minimum: int):
        self.name = request.node.nodeid
        self.minimum = minimum
        self.count = 0
        SENT.setdefault(self.name, 0)

    def add(self, number: int = 1) -> None:
        self.count += number
        SENT[self.name] += number

    def check(self) -> None:
        assert self.count >= self.minimum, (
            f"{self.name} sent {self.count} inputs, fewer than its minimum of {self.minimum}"
        )


def total() -> int:
    return sum(SENT.values())


def pytest_terminal_summary(terminalreporter) -> None:
    """Print the inputs per fuzz test and the total."""
    if not SENT:
        return
    terminalreporter.section("fuzz inputs sent")
    width = max(len(name) for name in SENT)
    for name, count in SENT.items():
        terminalreporter.write_line(f"{name:<{width}}  {count:>6}")
    verdict = "" if total() >= GOAL else f"  (below the goal of {GOAL})"
    terminalreporter.write_line(f"{'total':<{width}}  {total():>6}{verdict}")
