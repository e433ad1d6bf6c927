"""allauth adapters: our username rules, mail through the task queue."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.core.exceptions import ValidationError
from django.db import DatabaseError

from masthead.accounts import services, usernames
from masthead.accounts.selectors import username_availability

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        """allauth's rate limits (sign-in failures, sign-up, reset) count the same address as
        every other limit: the one MASTHEAD_TRUSTED_PROXIES proxies saw, never a client's own
        X-Forwarded-For entries."""
        from masthead.core.ratelimit import client_address

        return client_address(request) or super().get_client_ip(request)

    def authenticate(self, request: HttpRequest, **credentials: Any) -> AbstractBaseUser | None:
        # allauth counts the try toward the failed-sign-in lock-out before checking the
        # password and takes it back only on success. When the database fails (an outage,
        # a restart), the password was never checked: without this, a reader retrying
        # through a short outage found their account locked for minutes after it (found by
        # the PostgreSQL fault drill).
        try:
            return super().authenticate(request, **credentials)
        except DatabaseError:
            self._rollback_login_failed_rl_usage()
            raise

    def clean_username(self, username: str, shallow: bool = False) -> str:
        username = usernames.normalise(username)
        if shallow:
            # allauth generating a suggestion: only the character rules apply here.
            for validator in usernames.username_validators:
                validator(username)
            return username
        verdict = username_availability(username=username)
        if not verdict.available:
            raise ValidationError(verdict.message, code=verdict.code)
        return username

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        from allauth.core import context as allauth_context
        from django.contrib.sites.shortcuts import get_current_site

        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        # Rendered now (it needs the request), sent by the worker after the commit.
        services.mail_send_later(message=self.render_mail(template_prefix, email, ctx))


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    pass
