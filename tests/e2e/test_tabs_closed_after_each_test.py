"""A tab a browser test leaves open is closed when it ends (tests/e2e/conftest.py,
``_no_tab_left_open``): left open, it went on polling the live server through the tests
after it, and a poll arriving while a test emptied the tables failed that test.

The first test leaves a tab on a live page; the second, straight after it in one process
(tests/test_browser_tabs_closed.py makes that order), finds no tab of it."""

from __future__ import annotations

import pytest


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_test_that_leaves_its_tab_open(browser, live_network, site_url):
    tab = browser.new_context().new_page()
    tab.goto(site_url("localhost", "/"))
    assert len(browser.contexts) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_next_test_finds_no_tab_of_it(browser, live_network):
    assert browser.contexts == []
