"""Members for tests, created the way sign-up leaves them: verified primary e-mail."""

from __future__ import annotations

import itertools

from allauth.account.models import EmailAddress

from masthead.accounts.models import User
from masthead.newsroom.tests.factories import ensure_wagtail_root  # noqa: F401 - its old home

PASSWORD = "correct-horse-battery-staple"
_counter = itertools.count(1)


def make_member(username: str | None = None, *, email: str | None = None, **fields) -> User:
    n = next(_counter)
    username = username or f"member{n}"
    email = email or f"{username.lower()}@example.test"
    user = User.objects.create_user(username=username, email=email, password=PASSWORD, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def sign_in(client, user: User) -> None:
    """Sign in through allauth's form, as a reader does (it records a fresh authentication)."""
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]


def reauthenticate(client) -> None:
    """Confirm the password again, as allauth asks before sensitive actions."""
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302, response.content[:500]


def authenticator_code(secret: str, *, seconds_to_spare: float = 10) -> str:
    """The code an authenticator app shows now for ``secret``, with at least
    ``seconds_to_spare`` of its 30-second period left: a code read in the last moment of its
    period was refused by the time a browser sent it ("Incorrect code", 2026-12-08 run 36),
    since allauth accepts only the current period's code (MFA_TOTP_TOLERANCE 0)."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    left = app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD
    if left < seconds_to_spare:
        time.sleep(left + 0.1)
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))
