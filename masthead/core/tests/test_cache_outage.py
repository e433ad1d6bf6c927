"""Redis down: the shared cache fails open, so sign-in is not refused for want of a lock.

The cache below points at a loopback port where nothing listens: a real unreachable Redis.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import override_settings

from masthead.accounts.tests.factories import PASSWORD, make_member

UNREACHABLE = {
    "default": {
        "BACKEND": "masthead.core.cache.FailOpenRedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing answers Redis there
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
    }
}


@override_settings(CACHES=UNREACHABLE)
def test_add_reports_stored_while_redis_is_unreachable():
    # Plain django-redis answers None here, which allauth's lock reads as "taken".
    assert cache.get("anything") is None
    assert cache.add("lock", True, timeout=5) is True


@pytest.mark.django_db
@override_settings(CACHES=UNREACHABLE)
def test_sign_in_works_while_redis_is_unreachable(client, network):
    make_member("stillhere", email="stillhere@example.org")
    wrong = client.post(
        "/accounts/login/", {"login": "stillhere@example.org", "password": "not it"}
    )
    assert wrong.status_code == 200  # the form with its error, not 429 for a lock never taken
    right = client.post(
        "/accounts/login/",
        {"login": "stillhere@example.org", "password": PASSWORD},
    )
    assert right.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200
