"""How many generated inputs the fuzz tests really sent, printed at the end of the run.

Each fuzz test counts the requests it sends (not its max_examples), asserts its own minimum,
and adds to SENT, which pytest_terminal_summary prints. The hook works in two ways: imported
into tests/conftest.py, or registered at run time by the first Counter (see `_register`).
"""

from __future__ import annotations

import sys

import pytest

# Test id -> inputs sent, in the order the tests ran.
SENT: dict[str, int] = {}
# The run's goal: at least this many generated inputs over all fuzz tests.
GOAL = 5000
_printed: list[bool] = []


class Counter:
    """The inputs one fuzz test sent; `check` fails the test below its minimum."""

    def __init__(self, request: pytest.FixtureRequest, minimum: int):
        self.name = request.node.nodeid
        self.minimum = minimum
        self.count = 0
        SENT.setdefault(self.name, 0)
        _register(request.config)

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
    """Print the inputs per fuzz test and the total (once, however the hook was found)."""
    if not SENT or _printed:
        return
    _printed.append(True)
    terminalreporter.section("fuzz inputs sent")
    width = max(len(name) for name in SENT)
    for name, count in SENT.items():
        terminalreporter.write_line(f"{name:<{width}}  {count:>6}")
    verdict = "" if total() >= GOAL else f"  (below the goal of {GOAL})"
    terminalreporter.write_line(f"{'total':<{width}}  {total():>6}{verdict}")


def _register(config: pytest.Config) -> None:
    """Make sure the summary hook runs, also when conftest.py does not import it."""
    manager = config.pluginmanager
    module = sys.modules[__name__]
    if manager.is_registered(module):
        return
    hooks = manager.hook.pytest_terminal_summary.get_hookimpls()
    if any(impl.function is pytest_terminal_summary for impl in hooks):
        return
    manager.register(module, "rdm-fuzz-counter")
