"""Whole-page cache for anonymous pages, shared by every process, purged by generation.

A view opts in by returning a response marked with ``cacheable()``; the middleware stores it
under a key that includes the current *generation*. Publishing, changing or unpublishing
anything a page can show bumps the generation (``purge_all``), so every stored page goes
stale at once without enumerating the listings that show a story. The generation lives in
the shared cache, so a purge in the admin process reaches every web worker.

``PAGE_CACHE_ENABLED=false`` turns the app's own store off (pages still carry their
``Cache-Control`` for nginx or a CDN): the benchmark measures uncached rendering with it, and
a deployment whose reverse proxy caches everything may save the memory.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
# Per-process copy of the generation, trusted for this long: one cache round trip per
# second per process instead of one per request. Tests set it to 0.
GENERATION_TTL = getattr(settings, "PAGE_CACHE_GENERATION_TTL", 1.0)
_HEADERS_KEPT = ("Content-Type", "Cache-Control", "Content-Language", "Link", "X-Robots-Tag")

_local_generation: tuple[float, int] = (0.0, 0)
# Per-process copies of what every request reads (sites, navigation), valid for one generation.
_local_copies: dict[str, tuple[int, object]] = {}
T = TypeVar("T")


def current_generation() -> int:
    global _local_generation
    checked_at, generation = _local_generation
    now = time.monotonic()
    if GENERATION_TTL and now - checked_at < GENERATION_TTL:
        return generation
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # A fresh or flushed cache: start from the clock so an older stored page never matches.
        generation = int(time.time() * 1000)
        cache.add(GENERATION_KEY, generation, timeout=None)
        generation = cache.get(GENERATION_KEY, generation)
    _local_generation = (now, generation)
    return generation


def purge_all() -> None:
    """Make every cached page stale (they age out of the cache on their own)."""
    global _local_generation
    try:
        generation = cache.incr(GENERATION_KEY)
    except ValueError:
        generation = int(time.time() * 1000)
        cache.set(GENERATION_KEY, generation, timeout=None)
    _local_generation = (0.0, generation)
    _local_copies.clear()
    logger.debug("page cache purged, generation %s", generation)


def remember(name: str, compute: Callable[[], T]) -> T:
    """A per-process copy of ``compute()`` until the next purge: no cache round trip on the
    request path for things that change only when something is published."""
    generation = current_generation()
    copy = _local_copies.get(name)
    if copy is not None and copy[0] == generation:
        return copy[1]  # type: ignore[return-value]
    value = compute()
    _local_copies[name] = (generation, value)
    return value


def forget_local_copies() -> None:
    _local_copies.clear()


def cacheable(response: HttpResponse, *, seconds: int | None = None) -> HttpResponse:
    """Mark a response as the same for every reader: shared caches may keep it."""
    app_seconds = settings.PAGE_CACHE_SECONDS if seconds is None else seconds
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=settings.PROXY_CACHE_SECONDS,
        stale_while_revalidate=60,
    )
    response._masthead_cache_seconds = app_seconds
    return response


def _key(request: HttpRequest, generation: int) -> str:
    # The raw host, not get_host(): ALLOWED_HOSTS is checked when the page is first rendered.
    host = request.META.get("HTTP_HOST", "").lower()[:100]
    path = request.get_full_path()
    if len(path) > 150:
        # A long address (a pasted search, say) is stored under its digest: keys stay short
        # and bounded, whatever a visitor types.
        path = "sha256:" + hashlib.sha256(path.encode()).hexdigest()
    return f"page:{generation}:{request.method == 'HEAD'}:{host}:{path}"


def _is_per_reader(response: HttpResponse) -> bool:
    """Cookies, ``Vary: Cookie`` or a private/no-store header (Wagtail adds one to pages behind
    a view restriction) mean the response belongs to one reader."""
    if response.cookies:
        return True
    if response.has_header("Vary") and "cookie" in response["Vary"].lower():
        return True
    cache_control = response.get("Cache-Control", "").lower()
    return "private" in cache_control or "no-store" in cache_control


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.method not in ("GET", "HEAD")
            or request.path.startswith(("/admin", "/api"))
            or not getattr(settings, "PAGE_CACHE_ENABLED", True)
        ):
            return self.get_response(request)
        generation = current_generation()
        key = _key(request, generation)
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Cache"] = "HIT"
            return response
        response = self.get_response(request)
        seconds = getattr(response, "_masthead_cache_seconds", None)
        if seconds and response.status_code == 200 and not response.streaming:
            if _is_per_reader(response):
                # Something per-reader slipped into a page marked as shared: never store it.
                logger.warning("not caching %s: the response varies by reader", request.path)
                return response
            headers = [(h, response[h]) for h in _HEADERS_KEPT if response.has_header(h)]
            cache.set(key, (response.status_code, headers, response.content), timeout=seconds)
            response["X-Cache"] = "MISS"
        return response
