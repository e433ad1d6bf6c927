"""The only authentication backend: an account password is proved inside allauth's sign-in
flow (rate limits, lock-out, e-mail verification, the second factor) and nowhere else.

``django.contrib.auth.authenticate()`` is what any password view calls: Django's own
``LoginView``, Wagtail's admin login form, a REST framework's Basic authentication. Each of
them would prove a password without allauth's limits and, since ``login()`` follows at once,
without the second factor or the verified address. This backend answers None to all of them;
only ``AccountAdapter.authenticate`` (allauth's form, its reauthentication) opens it, for the
length of one call. ``tests/security/test_one_sign_in_door.py`` walks every route.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest

logger = logging.getLogger(__name__)

_in_account_flow: ContextVar[bool] = ContextVar("masthead_account_flow", default=False)


@contextmanager
def account_flow() -> Iterator[None]:
    """Passwords may be checked inside this block (the allauth adapter's authenticate)."""
    token = _in_account_flow.set(True)
    try:
        yield
    finally:
        _in_account_flow.reset(token)


class AccountBackend(AuthenticationBackend):
    """allauth's backend (e-mail and password, permissions of ModelBackend), closed outside
    the account flow. Sessions and permissions work as before: only ``authenticate`` is shut."""

    def authenticate(  # type: ignore[override]
        self, request: HttpRequest | None, **credentials: Any
    ) -> AbstractBaseUser | None:
        if not _in_account_flow.get():
            if credentials.get("password"):
                logger.warning(
                    "password sign-in refused outside the account flow (path %s)",
                    getattr(request, "path", None),
                )
            return None
        return super().authenticate(request, **credentials)
