"""Error pages that say what happened in plain words and show nothing of the inside.

They render without the site's base template, so a broken database, cache or template (the
usual cause of a 500) cannot break the error page too. Django logs every 500 with its
traceback through the ``django.request`` logger (settings LOGGING); the reader sees none of it.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


def _plain(template_name: str, status: int) -> HttpResponse:
    try:
        body = loader.get_template(template_name).render()
    except Exception:  # noqa: BLE001 - the error page must render even if templates are broken
        body = "<!doctype html><title>Error</title><h1>Something went wrong</h1>"
    response = HttpResponse(body, status=status, content_type="text/html; charset=utf-8")
    # An error is never cached by a proxy or the page cache as if it were the page.
    response["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    return _plain(template_name, 500)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception, template_name: str = "400.html"):
    return _plain(template_name, 400)
