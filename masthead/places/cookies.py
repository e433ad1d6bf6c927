"""The masthead_places cookie: the reader's choices, readable by places.js on cached pages."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from masthead.places.selectors import COOKIE_NAME, parse_places_cookie, places_cookie_value

MAX_AGE = 365 * 24 * 3600


def write(response: HttpResponse, request: HttpRequest, slugs: dict[str, str]) -> None:
    value = places_cookie_value(slugs)
    if not value:
        response.delete_cookie(COOKIE_NAME, domain=settings.SESSION_COOKIE_DOMAIN)
        return
    # Not HttpOnly on purpose: the page's JS reads it to build place-keyed fragment URLs.
    response.set_cookie(
        COOKIE_NAME,
        value,
        max_age=MAX_AGE,
        domain=settings.SESSION_COOKIE_DOMAIN,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=False,
    )


def read(request: HttpRequest) -> dict[str, str]:
    return parse_places_cookie(request.COOKIES.get(COOKIE_NAME, ""))
