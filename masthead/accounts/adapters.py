"""allauth adapters: our username rules, mail through the task queue."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.core.exceptions import ValidationError

from masthead.accounts import services, usernames
from masthead.accounts.selectors import username_availability


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        """allauth's rate limits (sign-in failures, sign-up, reset) count the same address as
        every other limit: the one MASTHEAD_TRUSTED_PROXIES proxies saw, never a client's own
        X-Forwarded-For entries."""
        from masthead.core.ratelimit import client_address

        return client_address(request) or super().get_client_ip(request)

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
