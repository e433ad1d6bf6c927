"""Failed sign-ins counted per account AND per client, so a lock-out is not a weapon.

Before (issue #13): five wrong passwords for an account from anywhere locked it for five
minutes everywhere, so anyone could keep the editor out by typing her address. Now:

* allauth's own per-account limit (``login_failed`` ``5/300s/key``) is keyed by the account
  *and* the client's address (``AccountAdapter._get_login_attempts_cache_key``): a flooder
  locks only themself out of that account; the per-address limit (``10/m/ip``) stays.
* An account-wide count across every client (``MASTHEAD_LOGIN_FAILED_ACCOUNT_RATE``, 20 an
  hour) stops a guesser spread over many addresses: past it, a password alone is refused...
* ...except from a client that has proved itself: one this account completed a sign-in from
  before (its second factor included, when it has one), which carries a signed device cookie
  (the OWASP "device cookie" pattern), or one that used a password-reset link (proof of the
  mailbox: the reset clears the account-wide count).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponseBase

from masthead.core import ratelimit

DEVICE_COOKIE = "mh_device"
DEVICE_SALT = "masthead.accounts.device"
DEVICE_MAX_AGE = 365 * 24 * 3600
# A shared computer may remember a few members; the newest first.
DEVICE_MAX_ACCOUNTS = 5
SCOPE = "login-failed-account"


def account_rate() -> ratelimit.Rate:
    return ratelimit.Rate.parse(getattr(settings, "MASTHEAD_LOGIN_FAILED_ACCOUNT_RATE", "20/h"))


def account_key(credentials: dict[str, Any]) -> str:
    """The account the credentials name (its id), or the login as typed when none matches:
    the e-mail and the username of one account share one count."""
    from allauth.account.utils import filter_users_by_email

    from masthead.accounts import usernames
    from masthead.accounts.models import User

    email = (credentials.get("email") or "").strip()
    username = (credentials.get("username") or "").strip()
    user = None
    if email:
        user = next(iter(filter_users_by_email(email, prefer_verified=True)), None)
    elif username:
        user = User.objects.filter(username_canonical=usernames.canonical(username)).first()
    if user is not None:
        return f"user:{user.pk}"
    return f"login:{(email or username).lower()}"


def _remembered(request: HttpRequest) -> list[int]:
    raw = request.COOKIES.get(DEVICE_COOKIE)
    if not raw:
        return []
    try:
        value = signing.loads(raw, salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE)
    except signing.BadSignature:
        return []
    return [pk for pk in value if isinstance(pk, int)] if isinstance(value, list) else []


def client_proved(request: HttpRequest, key: str) -> bool:
    """Whether this client completed a sign-in to the account before (signed cookie)."""
    return key.startswith("user:") and int(key[5:]) in _remembered(request)


def under_attack(key: str) -> bool:
    """Whether the account's failures from all clients together are past the account rate."""
    return ratelimit.waiting(scope=SCOPE, key=key, rate=account_rate()) > 0


def count_failure(key: str) -> None:
    ratelimit.hit(scope=SCOPE, key=key, rate=account_rate())


def forget(key: str) -> None:
    """The mailbox was proved (a password reset): the account-wide count starts again."""
    ratelimit.forget(scope=SCOPE, key=key, rate=account_rate())


def remember_client(request: HttpRequest, response: HttpResponseBase, user) -> None:
    """Mark this client as one the member signed in from (after every factor)."""
    pks = [user.pk, *(pk for pk in _remembered(request) if pk != user.pk)]
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps(pks[:DEVICE_MAX_ACCOUNTS], salt=DEVICE_SALT),
        max_age=DEVICE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
