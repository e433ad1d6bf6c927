"""Error pages a reader can act on: what happened in plain words, in the site's look, and a
way back (the page they came from, the front page, search). They show nothing of the inside.

They render without the site's base template and without a query they cannot survive: a
broken database, cache or template (the usual cause of a 500) must not break the error page
too. The site's name and colour come from the request's host when the sites can be read, and
the page falls back to a plain one when even that fails. Django logs every 500 with its
traceback through the ``django.request`` logger (settings LOGGING); the reader sees none of it.
"""

from __future__ import annotations

import logging
from urllib.parse import urlparse

from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.text import slugify
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

FALLBACK = (
    "<!doctype html><title>Error</title><h1>Something went wrong</h1><p><a href='/'>Front page</a>"
)


def _site_context(request: HttpRequest | None) -> dict:
    if request is None:
        return {}
    try:
        from masthead.core.sites import site_for_request

        site = site_for_request(request)
    except Exception:  # noqa: BLE001 - the database may be the reason for this error page
        return {}
    if site is None:
        return {}
    return {"site_name": site.name, "site_class": f"site-{slugify(site.hostname)}"}


def _back_link(request: HttpRequest | None) -> str:
    """The page the reader came from, when it is on this host (never an outside address)."""
    if request is None:
        return ""
    referer = request.META.get("HTTP_REFERER", "")
    if not referer:
        return ""
    parsed = urlparse(referer)
    try:
        host = request.get_host()
    except Exception:  # noqa: BLE001 - a disallowed host is itself a 400 reason
        return ""
    if parsed.scheme not in ("http", "https") or parsed.netloc != host:
        return ""
    if parsed.path == request.path and request.method == "GET":
        return ""  # the very page that failed; a refused form's page is a fine way back
    return parsed.path + (f"?{parsed.query}" if parsed.query else "")


def render_error(
    request: HttpRequest | None, template_name: str, status: int, **extra
) -> HttpResponse:
    context = {"status": status, "back": _back_link(request), **_site_context(request), **extra}
    try:
        body = loader.get_template(template_name).render(context)
    except Exception:
        logger.exception("error page %s failed to render", template_name)
        body = FALLBACK
    response = HttpResponse(body, status=status, content_type="text/html; charset=utf-8")
    # An error is never cached by a proxy or the page cache as if it were the page.
    response["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    return render_error(request, template_name, 500)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception, template_name: str = "400.html"):
    return render_error(request, template_name, 400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception, template_name: str = "403.html"):
    return render_error(request, template_name, 403)


def csrf_failure(request: HttpRequest, reason: str = "", template_name: str = "403_csrf.html"):
    """A form sent from a page that is too old (or from another site): say so, and how to
    send it again. Django's reason stays in the log, not on the page."""
    logger.warning("CSRF failure on %s: %s", request.path, reason)
    return render_error(request, template_name, 403)


def too_large(request: HttpRequest, limit_bytes: int) -> HttpResponse:
    """The 413 page of RequestSizeLimitMiddleware, for readers (the API answers JSON)."""
    return render_error(request, "413.html", 413, limit_mb=limit_bytes // (1024 * 1024))
