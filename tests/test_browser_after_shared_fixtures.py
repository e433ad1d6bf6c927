"""The first browser test of a process that ran shared-fixture tests before it
(tests/shared_setup.py): the shared transaction must be rolled back before Playwright starts,
in the context that opened it (tests/e2e/conftest.py, ``browser``). Under xdist whether a
worker meets this order depends on how the tests are dealt out; here it is made every time, in
a pytest of its own."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT

# A suite of its own process: it migrates a database of its own (about half a minute).
SERVICES = ("DATABASE_URL", "REDIS_URL", "MASTHEAD_VAR_DIR", "MASTHEAD_REQUIRE_SERVICES")


def run_pytest_alone(*tests: str) -> subprocess.CompletedProcess[str]:
    """``tests`` in this order, in a pytest process of its own without xdist."""
    # On SQLite in memory, where the held locks showed, and apart from this run's services:
    # the inner run's Redis flushes and database must not be a worker's of this run.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_") and k not in SERVICES}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", "-q", *tests],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
@pytest.mark.browser
def test_a_browser_test_straight_after_shared_fixture_tests_passes():
    run = run_pytest_alone(
        # Non-transactional, on the shared `network`: run first, leaving its layers open.
        "masthead/search/tests/test_results.py::test_a_story_past_its_expiry_leaves_kept_results",
        "tests/e2e/test_search.py::test_a_misspelt_search_shows_what_was_searched_instead",
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "2 passed" in run.stdout, run.stdout[-2000:]
