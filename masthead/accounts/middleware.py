"""Staff two-factor rule: with MASTHEAD_STAFF_REQUIRE_2FA, the admin needs an authenticator."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode


def is_staff_account(user) -> bool:
    return user.is_authenticated and (
        user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin")
    )


class StaffTwoFactorMiddleware:
    """Sends staff without an authenticator app from the admin to the set-up page.

    Sign-in itself asks for the code (allauth's MFA stage) once an authenticator exists.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            getattr(settings, "MASTHEAD_STAFF_REQUIRE_2FA", False)
            and request.path.startswith("/admin/")
            and is_staff_account(request.user)
        ):
            from allauth.mfa.models import Authenticator

            if not Authenticator.objects.filter(
                user=request.user, type=Authenticator.Type.TOTP
            ).exists():
                messages.warning(
                    request,
                    "Staff accounts need two-factor authentication: set up an authenticator "
                    "app to open the newsroom admin.",
                )
                return redirect(
                    f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.path})}"
                )
        return self.get_response(request)
