"""Fixtures for ingest tests: a section to import into, a tiny JPEG. The shared real-world
inputs come from the root conftest's ``shared_data`` fixture."""

from __future__ import annotations

import pytest


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
