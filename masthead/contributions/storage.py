"""Where reader originals are kept: a storage with no public URL, read only through views
that check the reader is an editor (or, for the clean copy of a draft, its owner)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public address; serve them through a view.")


@cache
def get_private_storage() -> PrivateStorage:
    """``MASTHEAD_PRIVATE_ROOT`` (default ``$MASTHEAD_VAR_DIR/private``), outside MEDIA_ROOT."""
    root = getattr(settings, "MASTHEAD_PRIVATE_ROOT", "") or str(Path(settings.VAR_DIR) / "private")
    return PrivateStorage(location=str(Path(root) / "contributions"), base_url=None)
