"""A flush that fails after a test ("couldn't be flushed": a table locked by another
connection to the in-memory database) reports every SQLite connection and every thread's
stack, so the holder can be named from the CI log (conftest.py, `_database_holders`)."""

from __future__ import annotations

import pytest

from tests.test_browser_after_shared_fixtures import run_pytest_alone


@pytest.mark.slow
def test_a_failed_flush_names_the_connections_and_threads():
    run = run_pytest_alone("tests/flush_held.py")
    out = run.stdout
    assert run.returncode != 0, out[-3000:]
    assert "couldn't be flushed" in out, out[-3000:]
    assert "what held the database when the flush failed" in out, out[-3000:]
    section = out.split("what held the database when the flush failed", 1)[1]
    assert "(the test's own)" in section, section[:3000]
    # The second connection: a reader outside any transaction (autocommit) holding the lock.
    assert section.count("sqlite3 connection 0x") >= 2, section[:3000]
    assert "--- thread MainThread" in section, section[:3000]
    # Who opened what: Django's own connection, and the one the test opened itself.
    assert "opened by thread MainThread" in section, section[:3000]
    assert "opened outside Django" in section, section[:3000]
