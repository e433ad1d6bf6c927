"""allauth adapters: our username rules, mail through the task queue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.http import Http404

from masthead.accounts import lockout, services, usernames
from masthead.accounts.backends import account_flow
from masthead.accounts.selectors import username_availability

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.http import HttpRequest


@dataclass(frozen=True)
class MailSite:
    """What account mails say about the site: its name and its address."""

    name: str
    domain: str


def _mail_site_context(request: HttpRequest | None, ctx: dict) -> dict:
    """``current_site`` from the Wagtail Site answering the request (the default site for an
    unknown host), and every absolute link allauth built from the request's Host moved onto
    that site's root URL."""
    from urllib.parse import urlsplit, urlunsplit

    from wagtail.models import Site

    site = (Site.find_for_request(request) if request is not None else None) or (
        Site.objects.filter(is_default_site=True).first()
    )
    if site is None:
        return {}
    root = site.root_url.rstrip("/")
    changed: dict = {
        "current_site": MailSite(site.site_name or site.hostname, urlsplit(root).netloc)
    }
    if request is not None:
        asked = request.get_host()
        for key, value in ctx.items():
            if not isinstance(value, str) or "://" not in value:
                continue
            parts = urlsplit(value)
            if parts.scheme in ("http", "https") and parts.netloc == asked:
                # The scheme too: ACCOUNT_DEFAULT_HTTP_PROTOCOL may have forced https.
                changed[key] = root + urlunsplit(("", "", parts.path, parts.query, ""))
    return changed


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
            # The one place a password is proved (backends.AccountBackend is shut elsewhere).
            with account_flow():
                return super().authenticate(request, **credentials)
        except DatabaseError:
            self._rollback_login_failed_rl_usage()
            raise

    # --- Lock-out per account and per client (accounts/lockout.py, issue #13) ---------------
    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth's "5 per 5 minutes per account" now counts per account *and* client: a
        # flooder at one address locks only themself out, not the member everywhere.
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{self.get_client_ip(request)}"

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        key = lockout.account_key(credentials)
        if lockout.under_attack(key) and not lockout.client_proved(request, key):
            raise self.validation_error("too_many_login_attempts")
        super().pre_authenticate(request, **credentials)

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        lockout.count_failure(lockout.account_key(credentials))
        super().authentication_failed(request, **credentials)

    def _delete_login_attempts_cached_email(self, request: HttpRequest, **credentials) -> None:
        # Called by allauth after a successful password reset: the link proved the mailbox.
        super()._delete_login_attempts_cached_email(request, **credentials)
        lockout.forget(lockout.account_key(credentials))

    def post_login(self, request: HttpRequest, user: AbstractBaseUser, **kwargs: Any):
        # Every factor is done here: this client has proved itself for this account.
        response = super().post_login(request, user, **kwargs)
        lockout.remember_client(request, response, user)
        return response

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

        request = allauth_context.request
        ctx = {"request": request, "email": email}
        ctx.update(context)
        # Mails speak as the network's site the reader is on (its name and address), never as
        # Django's host-and-port stand-in for a site.
        ctx.update(mail_branding(request))
        # Links come from the Wagtail Site too, never from the request's Host (issue #13: a
        # reset asked for with "Host: anything.localhost" linked there).
        ctx.update(_mail_site_context(request, ctx))
        # Rendered now (it needs the request), sent by the worker after the commit.
        services.mail_send_later(message=self.render_mail(template_prefix, email, ctx))


def mail_branding(request: HttpRequest | None) -> dict[str, str]:
    from wagtail.models import Site

    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return {"site_name": "Masthead", "site_url": ""}
    return {"site_name": site.site_name or site.hostname, "site_url": site.root_url}


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def get_provider(self, request: HttpRequest, provider: str, client_id: str | None = None):
        # Every provider's routes are mounted (facebook, openid_connect), configured or not:
        # one without client id and secret is a page that does not exist, not a server error.
        from allauth.socialaccount.models import SocialApp

        try:
            return super().get_provider(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist:
            raise Http404("That sign-in provider is not set up on this site.") from None
