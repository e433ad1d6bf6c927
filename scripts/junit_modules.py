"""Where a test run's time went, by module, from its JUnit report: CI prints it after each run so
that the next slowdown is found in CI's log (the report itself stays in the clone).

    .venv/bin/python scripts/junit_modules.py var/ci/junit-make-test.xml [--top 25]

A module's time is the sum of its tests' (set-up, call and tear-down, as pytest-xdist reports
them), so a module fixture shows up once per worker that built it."""

from __future__ import annotations

import argparse
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict


def by_module(path: str) -> list[tuple[float, int, str]]:
    seconds: dict[str, float] = defaultdict(float)
    tests: dict[str, int] = defaultdict(int)
    # Our own run's report, written by pytest a moment before.
    for case in ET.parse(path).getroot().iter("testcase"):  # noqa: S314
        # classname is the dotted module (and class): masthead.core.tests.test_x.TestY
        parts = (case.get("classname") or "?").split(".")
        while len(parts) > 1 and not parts[-1].startswith("test"):
            parts.pop()  # a test class's name
        module = "/".join(parts) + ".py"
        seconds[module] += float(case.get("time") or 0)
        tests[module] += 1
    return sorted(((s, tests[m], m) for m, s in seconds.items()), reverse=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("junit")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    rows = by_module(args.junit)
    total = sum(s for s, _, _ in rows)
    count = sum(n for _, n, _ in rows)
    lines = [f"{count} tests, {total:.0f} s of test time in {len(rows)} modules"]
    lines.append(f"{'seconds':>8} {'share':>6} {'tests':>6}  module")
    for seconds, tests, module in rows[: args.top]:
        lines.append(f"{seconds:8.1f} {seconds / max(total, 1e-9):6.1%} {tests:6d}  {module}")
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
