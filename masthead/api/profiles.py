"""Public profiles by username: what the profile page shows, nothing more (never the e-mail)."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from masthead.core.api.errors import COMMON_ERRORS, NOT_FOUND
from masthead.core.sites import NetworkSite, site_for_request

router = Router(tags=["profiles"])

# Fields the accounts app may add; each leaves only if the model has it and it is public.
OPTIONAL_PUBLIC_FIELDS = ("display_name", "bio")


class ProfileOut(Schema):
    username: str
    display_name: str
    bio: str
    date_joined: datetime
    url: str = Field(description="Absolute URL of the profile page on the site asked.")


def profile_get(*, username: str, site: NetworkSite) -> dict:
    user = get_user_model().objects.filter(username__iexact=username, is_active=True).first()
    if user is None:
        raise Http404("No reader has that username.")
    row = {
        "username": user.username,
        "date_joined": user.date_joined,
        "url": site.absolute(f"/u/{user.username}/"),
    }
    for name in OPTIONAL_PUBLIC_FIELDS:
        value = getattr(user, name, "") or ""
        row[name] = value if isinstance(value, str) else str(value)
    if not row["display_name"]:
        row["display_name"] = user.username
    return row


@router.get(
    "/profiles/{username}",
    response={200: ProfileOut, **COMMON_ERRORS, **NOT_FOUND},
    summary="A reader's public profile",
)
def profile(request: HttpRequest, username: str):
    site = site_for_request(request)
    if site is None:
        raise Http404("No site is configured for this host.")
    return profile_get(username=username, site=site)
