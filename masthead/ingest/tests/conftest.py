"""Fixtures for ingest tests: the shared real-world inputs, and a section to import into."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

REQUIRE_SERVICES = os.environ.get("MASTHEAD_REQUIRE_SERVICES") == "1"


def shared_data_dir() -> Path:
    return Path(settings.BASE_DIR).parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    """../shared/data beside the checkout: real feeds and agency files, never copied in."""
    path = shared_data_dir()
    if not path.is_dir():
        reason = f"the shared test inputs are not at {path}"
        if REQUIRE_SERVICES:
            pytest.fail(f"MASTHEAD_REQUIRE_SERVICES=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    return path


@pytest.fixture
def section(network):
    return network["world"]


@pytest.fixture
def tiny_jpeg() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 40, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()
