"""How many generated inputs the fuzz tests really sent, printed at the end of the run.

Each fuzz test counts the requests it sends (not its max_examples) and asserts its own minimum.
The count travels in the test's report (`user_properties`), so it reaches the main process
when pytest-xdist runs the test in a worker; pytest_runtest_logreport adds it to SENT and
pytest_terminal_summary prints it (tests/conftest.py calls both).
"""

from __future__ import annotations

import pytest

# Test id -> inputs sent, in the order the tests' reports arrived.
SENT: dict[str, int] = {}
PROPERTY = "fuzz_inputs"
# The run's goal: at least this many generated inputs over all fuzz tests.
GOAL = 5000


class Counter:
    """The inputs one fuzz test sent; `check` fails the test below its minimum."""

    def __init__(self, request: pytest.FixtureRequest, minimum: int):
        self.name = request.node.nodeid
        self.minimum = minimum
        self.count = 0
        self._properties = request.node.user_properties
        self._properties.append((PROPERTY, 0))
        self._index = len(self._properties) - 1

    def add(self, number: int = 1) -> None:
        self.count += number
        self._properties[self._index] = (PROPERTY, self.count)

    def check(self) -> None:
        assert self.count >= self.minimum, (
            f"{self.name} sent {self.count} inputs, fewer than its minimum of {self.minimum}"
        )


def pytest_runtest_logreport(report) -> None:
    """Take a fuzz test's count from its call report (made here or in an xdist worker)."""
    if report.when != "call":
        return
    for name, value in report.user_properties:
        if name == PROPERTY:
            SENT[report.nodeid] = SENT.get(report.nodeid, 0) + value


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
