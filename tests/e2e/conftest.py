"""Browser fixtures: the system Chromium driven by Playwright against pytest-django's live server.

Every test here carries the ``browser`` marker (skips without Chromium, fails in CI).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from urllib.parse import urlparse

import pytest

from conftest import CHROMIUM

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are still synchronous, so Django's async-safety guard must stand aside here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser) -> Iterator:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def site_url(live_server):
    """``site_url("money.localhost", "/path/")``: the live server under a network host name."""
    port = urlparse(live_server.url).port

    def build(host: str = "localhost", path: str = "/") -> str:
        return f"http://{host}:{port}{path}"

    return build


@pytest.fixture
def live_network(network, live_server):
    """The ``network`` fixture's sites answering on the live server's port, so the links
    between sister sites ("Inside the network") lead to the live server as they do in the demo."""
    from wagtail.models import Site

    from masthead.core.pagecache import purge_all
    from masthead.core.sites import forget_network_sites

    Site.objects.update(port=urlparse(live_server.url).port)
    forget_network_sites()
    purge_all()
    return network


@pytest.fixture(scope="session", autouse=True)
def _serialized_test_databases(django_db_setup, django_db_blocker) -> dict[str, str]:
    """The database contents pytest-django serialized after migrating (Wagtail's root page,
    collections, permissions), taken before Playwright starts."""
    from django.db import connections

    return {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }


@pytest.fixture(autouse=True)
def _serialized_rollback_under_playwright(request, _serialized_test_databases) -> None:
    """Playwright's sync API runs the tests in its own context, where Django's per-context
    connection holder can hand out a fresh connection object without the serialized contents.
    Django then neither restores them after a flush nor holds back post_migrate, and the next
    transactional test finds no root page. Give that connection the contents again."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("serialized_rollback"):
        return
    request.getfixturevalue("db")
    from django.db import connections

    for alias, contents in _serialized_test_databases.items():
        if not hasattr(connections[alias], "_test_serialized_contents"):
            connections[alias]._test_serialized_contents = contents
