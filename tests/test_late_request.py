"""A request that reaches the live server after the wait before the flush is held back until
the test's teardown is over (conftest.py, `_live_server_idle_before_flush`)."""

from __future__ import annotations

import pytest

from tests.test_browser_after_shared_fixtures import run_pytest_alone


@pytest.mark.slow
def test_a_request_arriving_during_the_flush_waits_for_it():
    run = run_pytest_alone("tests/late_request.py")
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "2 passed" in run.stdout, run.stdout[-2000:]
