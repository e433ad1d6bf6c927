"""The order that shows a tab left open by a browser test (tests/e2e/
test_tabs_closed_after_each_test.py): one test straight after the other, in a pytest of its
own, since under xdist the two may go to different workers."""

from __future__ import annotations

import pytest

from tests.test_browser_after_shared_fixtures import run_pytest_alone

MODULE = "tests/e2e/test_tabs_closed_after_each_test.py"


@pytest.mark.slow
@pytest.mark.browser
def test_a_tab_left_open_by_one_browser_test_is_gone_in_the_next():
    run = run_pytest_alone(
        f"{MODULE}::test_a_test_that_leaves_its_tab_open",
        f"{MODULE}::test_the_next_test_finds_no_tab_of_it",
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "2 passed" in run.stdout, run.stdout[-2000:]
