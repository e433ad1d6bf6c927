"""On SQLite in memory the live server's threads use the test's own connection, however the
test names its fixtures (conftest.py, ``live_server``); on PostgreSQL each thread has its own."""

from __future__ import annotations

import pytest

from tests.test_browser_after_shared_fixtures import run_pytest_alone


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_live_server_shares_the_tests_connection_only_in_memory(live_server):
    from django.db import connections

    ours = connections["default"]
    shared = live_server.thread.connections_override.get("default")
    if ours.vendor == "sqlite" and ours.is_in_memory_db():
        assert shared is ours, f"the live server uses connections of its own: {shared}"
    else:
        assert shared is None


@pytest.mark.slow
def test_it_does_so_when_the_first_test_to_use_the_server_names_it_first():
    # Alone, so that this is the test that starts the server in its process.
    run = run_pytest_alone(
        "tests/test_live_server_connection.py::"
        "test_the_live_server_shares_the_tests_connection_only_in_memory"
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "1 passed" in run.stdout, run.stdout[-2000:]
