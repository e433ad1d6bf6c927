"""Sign-in failures are limited per address and per account, and the address is the one the
trusted proxies saw: a client rotating its own X-Forwarded-For entries stays counted, and two
readers behind the same proxy are not counted as one. The admin signs in through the same form."""

from __future__ import annotations

import itertools

import pytest

from masthead.accounts.tests.factories import PASSWORD, make_member

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.7"
LOCKED = "Too many failed login attempts"
_fake = itertools.count(1)


def _fail(client, *, login: str, client_ip: str, forged: bool = True):
    """One wrong password sent through the proxy; the client forges a fresh left-hand
    X-Forwarded-For entry every time (what a password sprayer would do)."""
    xff = f"203.0.113.{next(_fake) % 250}, {client_ip}" if forged else client_ip
    return client.post(
        "/accounts/login/",
        {"login": login, "password": "wrong-password"},
        HTTP_HOST="localhost",
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=xff,
    )


def test_failures_per_address_survive_a_rotating_forwarded_for(client, network, settings):
    settings.MASTHEAD_TRUSTED_PROXIES = 1
    for n in range(10):
        response = _fail(client, login=f"nobody{n}@example.test", client_ip="198.51.100.20")
        assert LOCKED not in response.content.decode()
    response = _fail(client, login="nobody-else@example.test", client_ip="198.51.100.20")
    assert response.status_code == 429 or LOCKED in response.content.decode()


def test_another_reader_behind_the_same_proxy_is_not_locked_out(client, network, settings):
    settings.MASTHEAD_TRUSTED_PROXIES = 1
    make_member("neighbour", email="neighbour@example.test")
    for n in range(11):
        _fail(client, login=f"spray{n}@example.test", client_ip="198.51.100.20")
    # The neighbour signs in from their own address through the same proxy.
    response = client.post(
        "/accounts/login/",
        {"login": "neighbour@example.test", "password": PASSWORD},
        HTTP_HOST="localhost",
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.99",
    )
    assert response.status_code == 302, response.content.decode()[:300]


def test_failures_per_account_hold_across_addresses(client, network, settings):
    settings.MASTHEAD_TRUSTED_PROXIES = 1
    make_member("victim", email="victim@example.test")
    for n in range(5):
        _fail(client, login="victim@example.test", client_ip=f"198.51.100.{n + 1}", forged=False)
    response = client.post(
        "/accounts/login/",
        {"login": "victim@example.test", "password": PASSWORD},
        HTTP_HOST="localhost",
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.200",
    )
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_without_trusted_proxies_a_forged_header_is_ignored(client, network, settings):
    settings.MASTHEAD_TRUSTED_PROXIES = 0
    for n in range(10):
        client.post(
            "/accounts/login/",
            {"login": f"x{n}@example.test", "password": "nope"},
            HTTP_HOST="localhost",
            REMOTE_ADDR="198.51.100.30",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    response = client.post(
        "/accounts/login/",
        {"login": "y@example.test", "password": "nope"},
        HTTP_HOST="localhost",
        REMOTE_ADDR="198.51.100.30",
        HTTP_X_FORWARDED_FOR="192.0.2.200",
    )
    assert response.status_code == 429 or LOCKED in response.content.decode()


def test_the_admin_sign_in_is_the_rate_limited_one(client, network):
    make_member("deskhand", email="desk@example.test", is_staff=True)
    response = client.get("/admin/login/?next=/admin/", HTTP_HOST="localhost")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    for _ in range(5):
        client.post(
            "/accounts/login/?next=/admin/",
            {"login": "desk@example.test", "password": "wrong"},
            HTTP_HOST="localhost",
        )
    response = client.post(
        "/accounts/login/?next=/admin/",
        {"login": "desk@example.test", "password": PASSWORD},
        HTTP_HOST="localhost",
    )
    assert LOCKED in response.content.decode()
