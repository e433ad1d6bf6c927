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


# Package scope, not session: while a sync_playwright() is open its event loop counts as
# running in the test thread, and every later sync_playwright() (the pasted-text evaluation,
# the ingest admin's tab) refuses to start. Closing it when the run leaves tests/e2e lets
# pytest-django's reordering put other browser tests after these.
@pytest.fixture(scope="package")
def browser(_shared_setup_state, django_db_blocker) -> Iterator:
    from playwright.sync_api import expect, sync_playwright

    # Playwright's sync API gives the test thread a context of its own, and Django's
    # connections are per context: the shared fixtures' transaction (tests/shared_setup.py)
    # left open by the tests before would stay open on a connection these tests never see,
    # holding the in-memory database's locks while they flush it ("vtable constructor failed",
    # then "the rollback flag doesn't work outside of an 'atomic' block"). Rolled back here,
    # in the context that opened it.
    with django_db_blocker.unblock():
        _shared_setup_state.close()

    # Assertions wait as long as actions do (contexts use 15 s): on a loaded CI machine a
    # form's answer took longer than expect's default 5 s, and a wait is only as long as the
    # condition takes.
    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield instance
        instance.close()


@pytest.fixture(autouse=True)
def _no_tab_left_open(request) -> Iterator[None]:
    """Every browser context a test opened is closed when it ends, before the live server is
    waited for and the tables are emptied (this fixture is set up after those in the root
    conftest, so it is torn down first).

    The browser lives for the whole package: a tab left open (a test that fails half-way, or
    forgets) goes on polling the live server for breaking news and loading fragments during
    the tests after it, and one of those requests arriving during a flush failed it ("couldn't
    be flushed", CI)."""
    yield
    if "browser" not in request.fixturenames:
        return
    for context in list(request.getfixturevalue("browser").contexts):
        context.close()


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
    """The database as migrations left it (Wagtail's root page, collections, permissions).

    pytest-django keeps that serialized copy on the connection object that created the test
    database. Django's connection holder is per context, and the browser tests do not always
    see that object (Playwright's sync API runs them in its own greenlet context): Django's own
    serialized rollback then restores nothing, or restores on top of the content types a
    post_migrate recreated after a flush. So the browser tests take the copy over and restore
    it themselves (below); Django's copy is put away so it never restores half the time."""
    import gc

    from django.db import connections
    from django.db.backends.base.base import BaseDatabaseWrapper

    contents: dict[str, str] = {}
    for wrapper in gc.get_objects():
        # type(), not isinstance(): isinstance would evaluate lazy objects (request.user).
        if issubclass(type(wrapper), BaseDatabaseWrapper) and hasattr(
            wrapper, "_test_serialized_contents"
        ):
            contents.setdefault(wrapper.alias, wrapper._test_serialized_contents)
            del wrapper._test_serialized_contents
    with django_db_blocker.unblock():
        for alias in connections:
            if alias not in contents:
                # Not serialized by pytest-django: the database is still as migrated here.
                contents[alias] = connections[alias].creation.serialize_db_to_string()
    return contents


@pytest.fixture(autouse=True)
def _migrated_database_for_browser_tests(request, _serialized_test_databases) -> None:
    """Every transactional browser test starts from the migrated database, whatever the
    test before it left (a flush, with or without post_migrate's content types)."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("db")
    import json

    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connections

    for alias, contents in _serialized_test_databases.items():
        # Sequences keep counting (as in Django's own flush between tests): the restored rows
        # keep their ids and new rows must not take them.
        call_command(
            "flush",
            verbosity=0,
            interactive=False,
            database=alias,
            reset_sequences=False,
            inhibit_post_migrate=True,
        )
        # Content types first, under their migrated ids: signal handlers of the other rows
        # look them up, and must find them rather than create them again.
        ContentType.objects.clear_cache()
        rows = json.loads(contents)
        types = [row for row in rows if row["model"] == "contenttypes.contenttype"]
        others = [row for row in rows if row["model"] != "contenttypes.contenttype"]
        creation = connections[alias].creation
        creation.deserialize_db_from_string(json.dumps(types))
        creation.deserialize_db_from_string(json.dumps(others))
    ContentType.objects.clear_cache()
