"""The time each test file took (setup, call and teardown together), printed at the end."""

from __future__ import annotations

from collections import defaultdict

SECONDS: dict[str, float] = defaultdict(float)


def pytest_runtest_logreport(report) -> None:
    SECONDS[report.nodeid.split("::")[0]] += report.duration


def pytest_terminal_summary(terminalreporter) -> None:
    """Print the seconds per test file, longest first, and the total."""
    if not SECONDS:
        return
    terminalreporter.section("seconds per test file")
    width = max(len(name) for name in SECONDS)
    for name, seconds in sorted(SECONDS.items(), key=lambda item: -item[1]):
        terminalreporter.write_line(f"{name:<{width}}  {seconds:7.1f}")
    terminalreporter.write_line(f"{'total':<{width}}  {sum(SECONDS.values()):7.1f}")
