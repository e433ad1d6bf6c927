"""A small South African catalogue, built per test (no global fixture data)."""

from __future__ import annotations

import pytest

from masthead.places.tests.catalogue import build_south_africa, make_place

__all__ = ["make_place", "south_africa"]


@pytest.fixture
def south_africa(db):
    return build_south_africa()
