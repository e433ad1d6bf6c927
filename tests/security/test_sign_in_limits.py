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


def _sign_in(client, *, login: str, client_ip: str, password: str = PASSWORD):
    return client.post(
        "/accounts/login/",
        {"login": login, "password": password},
        HTTP_HOST="localhost",
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_ip,
    )


def test_a_flooder_at_one_address_does_not_lock_the_member_out_elsewhere(network, settings):
    """Issue #13: five wrong passwords from anywhere locked the editor out everywhere. The
    count is per account and per client: the flooder is locked out, the editor is not."""
    from django.test import Client

    settings.MASTHEAD_TRUSTED_PROXIES = 1
    make_member("editor_ed", email="ed@example.test", is_staff=True)
    flooder = Client()
    for _ in range(8):
        _fail(flooder, login="ed@example.test", client_ip="198.51.100.66", forged=False)
    # The flooder's own address is locked for this account, even with the right password.
    locked = _sign_in(flooder, login="ed@example.test", client_ip="198.51.100.66")
    assert LOCKED in locked.content.decode()
    assert "_auth_user_id" not in flooder.session
    # The editor, from her own address, signs in.
    editor = Client()
    response = _sign_in(editor, login="ed@example.test", client_ip="198.51.100.10")
    assert response.status_code == 302, response.content.decode()[:300]
    assert editor.session["_auth_user_id"]


def test_failures_across_many_addresses_lock_unproven_clients_only(network, settings):
    """A guesser spread over many addresses meets the account-wide count; a client the
    member signed in from before (its device cookie) still signs in, a new client does not."""
    from django.test import Client

    settings.MASTHEAD_TRUSTED_PROXIES = 1
    settings.MASTHEAD_LOGIN_FAILED_ACCOUNT_RATE = "8/h"
    make_member("victim", email="victim@example.test")
    # The member's own browser, signed in once before the attack, then signed out.
    own = Client()
    assert _sign_in(own, login="victim@example.test", client_ip="198.51.100.10").status_code == 302
    own.post("/accounts/logout/", HTTP_HOST="localhost")
    assert "_auth_user_id" not in own.session
    attacker = Client()
    for n in range(8):
        _fail(
            attacker, login="victim@example.test", client_ip=f"198.51.100.{n + 100}", forged=False
        )
    # A client that never proved itself is refused even with the right password...
    stranger = Client()
    response = _sign_in(stranger, login="victim@example.test", client_ip="198.51.100.200")
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in stranger.session
    # ...the member's own browser is not.
    response = _sign_in(own, login="victim@example.test", client_ip="198.51.100.10")
    assert response.status_code == 302, response.content.decode()[:300]
    # A forged device cookie proves nothing.
    stranger.cookies["mh_device"] = "[1]:forged:signature"
    assert (
        LOCKED
        in _sign_in(
            stranger, login="victim@example.test", client_ip="198.51.100.201"
        ).content.decode()
    )


def test_a_password_reset_link_proves_the_client(
    network, settings, django_capture_on_commit_callbacks
):
    import re

    from django.core import mail
    from django.test import Client

    settings.MASTHEAD_TRUSTED_PROXIES = 1
    settings.MASTHEAD_LOGIN_FAILED_ACCOUNT_RATE = "8/h"
    make_member("resetter", email="resetter@example.test")
    attacker = Client()
    for n in range(8):
        _fail(
            attacker, login="resetter@example.test", client_ip=f"198.51.100.{n + 100}", forged=False
        )
    member = Client()
    assert (
        LOCKED
        in _sign_in(
            member, login="resetter@example.test", client_ip="198.51.100.10"
        ).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        member.post(
            "/accounts/password/reset/",
            {"email": "resetter@example.test"},
            HTTP_HOST="localhost",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="198.51.100.10",
        )
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+?/)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    page = member.get(link[1], HTTP_HOST="localhost", follow=True)
    new = "a-new-long-passphrase-2026"
    member.post(
        page.redirect_chain[-1][0] if page.redirect_chain else link[1],
        {"password1": new, "password2": new},
        HTTP_HOST="localhost",
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.10",
    )
    member.post("/accounts/logout/", HTTP_HOST="localhost")
    response = _sign_in(
        member, login="resetter@example.test", client_ip="198.51.100.10", password=new
    )
    assert response.status_code == 302, response.content.decode()[:300]


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
