"""Where reader originals are kept: the private storage's ``contributions/`` folder (a local
folder or the bucket's private prefix), read only through signed, short-lived links that the
views hand out to editors (or, for the clean copy, to its owner) after checking who asks."""

from __future__ import annotations

from functools import cache

from django.core.files.storage import Storage

from masthead.core.storage import private_storage


@cache
def get_private_storage() -> Storage:
    return private_storage("contributions")
