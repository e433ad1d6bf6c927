"""Run only by tests/test_flush_diagnostics.py (the name keeps it out of the suite): a
transactional test that leaves a second connection to the in-memory test database reading
the page table, so the flush after it fails as it did in CI."""

import sqlite3

import pytest
from django.db import connection

HELD: list[sqlite3.Cursor] = []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_second_connection_left_reading_the_pages(network):
    second = sqlite3.connect(connection.settings_dict["NAME"], uri=True)
    reading = second.execute("SELECT id FROM wagtailcore_page")
    assert reading.fetchone() is not None
    HELD.append(reading)  # never finished: its read lock on the table stays
