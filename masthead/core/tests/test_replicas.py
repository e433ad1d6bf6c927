"""Read replicas: lag measured on a real streaming replica (a private PostgreSQL primary and
a pg_basebackup replica started for the test), WAL positions, and which requests may read
from a replica."""

from __future__ import annotations

import time

import pytest
from django.db.utils import ConnectionHandler
from django.test import RequestFactory

from masthead.core import replicas

# One xdist worker takes the whole module: one private primary + replica for the module.
pytestmark = pytest.mark.xdist_group("replicas")


def test_wal_positions_compare_as_numbers():
    assert replicas._lsn("0/3000148") == 0x3000148
    assert replicas._lsn("1/0") > replicas._lsn("0/FFFFFFFF")
    assert replicas._lsn(None) == 0


@pytest.mark.parametrize(
    ("method", "path", "cookies", "primary"),
    [
        ("GET", "/news/a-story/", {}, False),
        ("GET", "/feeds/rss/", {}, False),
        ("GET", "/api/v1/stories", {}, False),
        ("POST", "/comments/1/post/", {}, True),
        ("GET", "/admin/pages/", {}, True),
        ("GET", "/accounts/settings/", {}, True),
        ("GET", "/news/a-story/", {replicas.PIN_COOKIE: "1"}, True),  # just wrote
    ],
)
def test_which_requests_must_read_the_primary(method, path, cookies, primary):
    request = RequestFactory().generic(method, path)
    request.COOKIES.update(cookies)
    assert replicas.wants_primary(request) is primary


@pytest.fixture(scope="module")
def pair():
    from masthead.core.localservices import replicated_postgres

    with replicated_postgres() as servers:
        servers.primary.sql("CREATE DATABASE lagtest")
        yield servers


def _connections(pair):
    def config(server):
        return {"ENGINE": "django.db.backends.postgresql", "NAME": "lagtest", "USER": "postgres",
                "HOST": "127.0.0.1", "PORT": str(server.port),
                "OPTIONS": {"connect_timeout": 2}}  # fmt: skip

    handler = ConnectionHandler({"default": config(pair.primary), "r": config(pair.replica)})
    return handler["default"], handler["r"]


def _caught_up(pair, primary, replica, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        state = replicas.measure("r", primary=primary, replica=replica)
        if state.reachable and state.lag_bytes == 0:
            return state
        time.sleep(0.2)
    raise AssertionError(f"replica never caught up: {state}")


@pytest.fixture
def unblocked(django_db_blocker):
    """The private servers are no test database: pytest-django may let us at them."""
    with django_db_blocker.unblock():
        yield


@pytest.mark.replica
def test_lag_is_measured_on_a_real_replica_paused_resumed_and_stopped(pair, settings, unblocked):
    settings.MASTHEAD_REPLICA_MAX_LAG_SECONDS = 1.0
    primary, replica = _connections(pair)
    with primary.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS note (id serial PRIMARY KEY, body text)")
    state = _caught_up(pair, primary, replica)
    assert state.usable and state.lag_seconds == 0

    # Replay paused: the primary moves on, the replica does not.
    pair.replica.sql("SELECT pg_wal_replay_pause()")
    try:
        time.sleep(1.5)
        with primary.cursor() as cursor:
            cursor.execute("INSERT INTO note (body) VALUES ('written while the replica lags')")
        deadline = time.monotonic() + 10
        while (state := replicas.measure("r", primary=primary, replica=replica)).lag_bytes == 0:
            assert time.monotonic() < deadline, "the write never reached the primary's WAL"
            time.sleep(0.2)
        assert state.reachable
        assert state.lag_seconds >= 1.0
        assert not state.usable
        assert "lagging" in state.describe()
        with replica.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM note")
            assert cursor.fetchone()[0] == 0  # the stale read a router must avoid
    finally:
        pair.replica.sql("SELECT pg_wal_replay_resume()")
    assert _caught_up(pair, primary, replica).usable

    # Stopped: unreachable, quickly (connect_timeout), and said so.
    pair.replica.stop()
    try:
        started = time.monotonic()
        state = replicas.measure("r", primary=primary, replica=replica)
        assert not state.reachable
        assert time.monotonic() - started < 5
        assert state.describe() == "unreachable (reads use the primary)"
    finally:
        pair.replica.start()
        primary.close()
        replica.close()
