"""Edge Side Includes: a part of a page that goes stale far more often than the page is kept
by the proxy as an object of its own, so a change purges the small part, not every page that
shows it.

The related list under an article is the case: it lists the newest stories on the article's
main topic, so every publish on a topic made every article on that topic stale (on a
breaking-news day, every article of the running story at every update). With ESI the article
carries no listing key; the proxy stitches one shared copy of the list into each article.

The app writes an ``<esi:include>`` only when the proxy in front says it will process it, by
the Edge Architecture's request header ``Surrogate-Capability: <device>="ESI/1.0"``
(deploy/varnish/masthead.vcl sets it; a proxy that cannot, nginx or a CDN without ESI, does not
send it and gets the part inline). A response that holds an include says so in its
``Surrogate-Control`` (``content="ESI/1.0"``), which is what the proxy turns ESI on for, and the
app's own page cache keeps the two versions apart. ``MASTHEAD_ESI = False`` turns includes off.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html
from django.utils.safestring import SafeString

CAPABILITY = "ESI/1.0"
# What a response holding an include adds to its Surrogate-Control.
CONTENT = 'content="ESI/1.0"'

_included: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "masthead_esi_included", default=None
)


def enabled(request: HttpRequest | None) -> bool:
    """Whether the proxy this request came through stitches includes in."""
    if request is None or not getattr(settings, "MASTHEAD_ESI", True):
        return False
    return CAPABILITY in request.META.get("HTTP_SURROGATE_CAPABILITY", "")


def include(src: str) -> SafeString:
    """The tag the proxy replaces with the answer of ``src`` (a path on the same site).

    The included view must answer 200 whatever it is asked (an empty body when it has nothing
    to show): a proxy stitches in any answer's body, an error page too."""
    included = _included.get()
    if included is not None:
        included.append(src)
    # A part that cannot be had is answered empty by the VCL (masthead.vcl); onerror, read
    # with varnishd's feature esi_include_onerror (docs/deployment.md), keeps Varnish 7.3+
    # from cutting the page short when a part's fetch breaks off.
    return format_html('<esi:include src="{}" onerror="continue"/>', src)


@contextmanager
def collecting() -> Iterator[list[str]]:
    """Collect the includes a response is built with (the page cache middleware)."""
    included: list[str] = []
    token = _included.set(included)
    try:
        yield included
    finally:
        _included.reset(token)


def mark(response: HttpResponse) -> None:
    """Tell the proxy that the response holds includes to process."""
    control = response.get("Surrogate-Control", "")
    if CONTENT not in control:
        response["Surrogate-Control"] = f"{control}, {CONTENT}" if control else CONTENT
