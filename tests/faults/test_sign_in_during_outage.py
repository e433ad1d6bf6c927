"""Sign-in tries that fail because the database is down are not failed passwords: they must
not lock the account once the database is back (found by the PostgreSQL fault drill)."""

from __future__ import annotations

import pytest
from django.test import Client

from masthead.accounts.tests.factories import PASSWORD, make_member

pytestmark = pytest.mark.django_db

# More than allauth's 5 failures per account (wrong passwords still lock it: see
# masthead/accounts/tests/test_signup_and_sign_in.py).
TRIES = 8


def test_sign_in_tries_during_a_database_outage_do_not_lock_the_account(network, settings):
    make_member("outage", email="outage@example.test")
    client = Client(raise_request_exception=False)
    backends = list(settings.AUTHENTICATION_BACKENDS)
    settings.AUTHENTICATION_BACKENDS = ["tests.faults.backends.DatabaseDown", *backends]
    statuses = [
        client.post(
            "/accounts/login/", {"login": "outage@example.test", "password": PASSWORD}
        ).status_code
        for _ in range(TRIES)
    ]
    # A 200 here is the form saying "Too many failed login attempts": the lock-out.
    assert statuses == [500] * TRIES
    settings.AUTHENTICATION_BACKENDS = backends
    response = client.post(
        "/accounts/login/", {"login": "outage@example.test", "password": PASSWORD}
    )
    assert "Too many failed login attempts" not in response.content.decode()
    assert response.status_code == 302
    assert client.session["_auth_user_id"]
