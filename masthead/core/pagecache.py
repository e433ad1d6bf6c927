"""Whole-page cache for anonymous pages, shared by every process, purged by surrogate key.

A view opts in by returning a response marked with ``cacheable()``; the middleware stores it
with the surrogate keys of what it shows (``masthead.core.surrogate``) and writes them in the
``xkey``/``Surrogate-Key`` headers for Varnish or a CDN. A change purges exactly its keys
(``purge_keys``, called by ``masthead.core.purging`` after commit): with Redis each key is a
set of the stored pages that carry it, deleted at once; on any other cache backend (the
embedded file cache, local memory in the suite) a purge records its time under the key and a
stored page older than a purge of one of its keys is a miss. Either way every process sees a
purge at its next request.

Two generations remain. The *store* generation is part of every stored page's address and
moves only with ``purge_all`` (the operator's "purge everything" command, or
``MASTHEAD_PURGE=all`` kept for comparison). The *content* generation moves with every purge
and versions the few shared answers keyed on it (live new-stories, search's section filter):
those recompute in a query or two. Per-process copies (``masthead.core.localcopies``) are
dropped by key: every purge is announced to every process, which reads the announcements with
the generations in one ``get_many`` at the start of each request.

``PAGE_CACHE_ENABLED=false`` turns the app's own store off (pages still carry their
``Cache-Control`` and keys for Varnish or a CDN): the benchmark measures uncached rendering
with it, and a deployment whose reverse proxy caches everything may save the memory.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.cache import cache, caches
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, set_response_etag
from django_redis.cache import RedisCache

from masthead.core import compat, esi, localcopies, replicas, surrogate

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
STORE_GENERATION_KEY = "pagecache:store"
# Outside a request (the worker, commands) the generations and the per-process copies are
# trusted for this long; each request reads them afresh. Tests set it to 0.
GENERATION_TTL = getattr(settings, "PAGE_CACHE_GENERATION_TTL", 1.0)
# Last-Modified and ETag travel with a stored page, so a hit still answers conditional requests
# (ConditionalGetMiddleware, outside this one, turns a match into 304).
_HEADERS_KEPT = (
    "Content-Type",
    "Cache-Control",
    "Surrogate-Control",
    "Content-Language",
    "Link",
    "X-Robots-Tag",
    "Last-Modified",
    "ETag",
    *surrogate.HEADERS,
)
# How long a key's purge time (and a Redis key's set of pages) is kept: longer than any page
# is stored, so no stored page can outlive the record of a purge that made it stale.
KEY_RECORD_SECONDS = 2 * 86400

_local_generation: tuple[float, int, int] = (0.0, 0, 0)
T = TypeVar("T")
# Single values every request reads (sites, navigation, chrome), each with its keys.
_remembered: localcopies.LocalCache = localcopies.LocalCache("remembered", max_entries=2_000)


def _generations() -> tuple[int, int]:
    """(content, store) generations, read from the shared cache at most once a second."""
    global _local_generation
    checked_at, content, store = _local_generation
    now = time.monotonic()
    if GENERATION_TTL and now - checked_at < GENERATION_TTL:
        return content, store
    # The same round trip applies the purges other processes announced.
    found = localcopies.refresh([GENERATION_KEY, STORE_GENERATION_KEY])
    values = []
    for name in (GENERATION_KEY, STORE_GENERATION_KEY):
        value = found.get(name)
        if value is None:
            # A fresh or flushed cache: start from the clock so an older stored page never
            # matches.
            value = int(time.time() * 1000)
            cache.add(name, value, timeout=None)
            value = cache.get(name, value)
        values.append(value)
    _local_generation = (now, values[0], values[1])
    return values[0], values[1]


def begin_request() -> None:
    """Read the generations and apply announced purges: once per request, one round trip."""
    global _local_generation
    _local_generation = (0.0, 0, 0)
    _generations()


def current_generation() -> int:
    """The content generation: moves with every purge (exact or global)."""
    return _generations()[0]


def _bump(name: str) -> int:
    try:
        return cache.incr(name)
    except ValueError:
        value = int(time.time() * 1000)
        cache.set(name, value, timeout=None)
        return value


def _content_changed(keys: list[str]) -> None:
    global _local_generation
    _bump(GENERATION_KEY)
    _local_generation = (0.0, 0, 0)
    localcopies.announce(keys)
    # No page is rendered from a replica that lacks the change.
    replicas.fence()


def purge_all() -> None:
    """Make every stored page stale (they age out of the cache on their own). Only for the
    operator's command (``purge_cache --all``) and ``MASTHEAD_PURGE=all``: write paths purge
    by key."""
    _bump(STORE_GENERATION_KEY)
    _content_changed([localcopies.EVERYTHING])
    logger.info("page cache: every page purged")


def legacy_global_purge() -> bool:
    """``MASTHEAD_PURGE=all``: every change purges everything, as before surrogate keys (kept
    to compare the two in the churn bench)."""
    return getattr(settings, "MASTHEAD_PURGE", "keys") == "all"


def _record_key(name: str) -> str:
    return f"xkey:t:{name}"


def _set_key(name: str) -> str:
    return f"xkey:s:{name}"


def _redis():
    """The raw Redis client when the shared cache is Redis, else None."""
    if not isinstance(caches["default"], RedisCache):
        return None
    from django_redis import get_redis_connection

    return get_redis_connection("default")


# A stored GET page's address in its cache key (``_key``): what ``refresh`` renders again. A
# host may hold a port; a path always starts with "/" (a digest of a long one does not).
_ENTRY = re.compile(r"page:\d+:False:(esi|whole):(https?):(.+?):(/.*)\Z", re.S)


def purge_keys(keys: Iterable[str]) -> list[list[str]]:
    """Make every stored page carrying any of ``keys`` stale, in every process.

    Returns the pages it dropped as ``[variant, scheme, host, path]`` (with Redis, whose sets
    name them; nothing otherwise), listings (no query string) first: ``refresh`` renders them
    again before the proxies are purged."""
    keys = sorted(set(keys))
    if not keys:
        return []
    if legacy_global_purge():
        purge_all()
        return []
    now = time.time()
    cache.set_many({_record_key(k): now for k in keys}, timeout=KEY_RECORD_SECONDS)
    client = _redis()
    dropped: list[list[str]] = []
    if client is not None:
        try:
            sets = [cache.make_key(_set_key(k)) for k in keys]
            members = client.sunion(sets)
            pipe = client.pipeline(transaction=False)
            if members:
                pipe.delete(*members)
            pipe.delete(*sets)
            pipe.execute()
            dropped = _addresses(members)
        except Exception as exc:  # noqa: BLE001 - the purge times above still make them stale
            logger.warning("page cache: purging %d keys in Redis failed: %s", len(keys), exc)
    _content_changed(keys)
    logger.debug("page cache purged: %s", " ".join(keys))
    return dropped


def _addresses(members: Iterable[bytes | str]) -> list[list[str]]:
    found = []
    for member in members:
        text = member.decode() if isinstance(member, bytes) else member
        match = _ENTRY.search(text)
        if match:
            found.append(list(match.groups()))
    # Listings and articles (no query string) before search pages and paged listings: the
    # pages most readers wait on when a proxy re-fetches them.
    found.sort(key=lambda address: ("?" in address[3], address[3], address[2], address[0]))
    return found


def refresh(pages: Sequence[Sequence[str]], *, seconds: float | None = None) -> int:
    """Render ``pages`` (``purge_keys``'s answer) into the store again, as the proxy would ask
    for them, through the whole middleware stack in this process. Run by the purge task
    before it purges the proxies: Varnish holds every reader of a purged page while one
    request fetches it (request collapsing), and that fetch then finds the page rendered
    instead of waiting for a render. ``seconds`` bounds the time spent (the purge, hence the
    change reaching readers, waits for it): the pages left are rendered on the proxy's fetch,
    as without a refresh. Returns how many were stored."""
    if not getattr(settings, "PAGE_CACHE_ENABLED", True) or _redis() is None:
        return 0
    stored = 0
    until = None if seconds is None else time.monotonic() + seconds
    for variant, scheme, host, path in pages:
        if until is not None and time.monotonic() >= until:
            break
        name, _, port = host.partition(":")
        path_part, _, query = path.partition("?")
        environ = {
            "REQUEST_METHOD": "GET",
            # WSGI carries the path undecoded as Latin-1 text of its bytes.
            "PATH_INFO": unquote_to_bytes(path_part).decode("iso-8859-1"),
            "QUERY_STRING": query,
            "SERVER_NAME": name,
            "SERVER_PORT": port or ("443" if scheme == "https" else "80"),
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": host,
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": scheme,
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
        }
        proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
        if proxy_header and scheme == "https":
            environ[proxy_header[0]] = proxy_header[1]
        if variant == "esi":
            environ["HTTP_SURROGATE_CAPABILITY"] = f'masthead="{esi.CAPABILITY}"'
        try:
            response = compat.response_in_process(environ)
        except Exception as exc:  # noqa: BLE001 - the proxy's own fetch renders it then
            logger.warning("page cache: refreshing %s%s failed: %s", host, path, exc)
            continue
        stored += response.get("X-Cache") == "MISS"
    return stored


def remember(name: str, compute: Callable[[], T], *, keys: Iterable[str]) -> T:
    """A per-process copy of ``compute()`` until a purge of one of ``keys``, in any process:
    no cache round trip on the request path for things that change only on a publish."""
    return _remembered.get_or_set(name, compute, keys=keys)


def forget_local_copies() -> None:
    """Forget every per-process copy (tests that change rows behind them without a purge)."""
    localcopies.reset()


def cacheable(
    response: HttpResponse,
    *,
    seconds: int | None = None,
    keys: Iterable[str] = (),
    exact: bool = False,
) -> HttpResponse:
    """Mark a response as the same for every reader: shared caches may keep it.

    ``keys`` name what it shows beyond what the code that built it added (``surrogate``).
    ``exact``: every change to what it shows purges one of its keys, so Varnish and CDNs may
    keep it for ``MASTHEAD_SURROGATE_SECONDS`` (hours). Otherwise (weather, comments, places,
    things that change without a purge) proxies keep it as long as the app does."""
    app_seconds = settings.PAGE_CACHE_SECONDS if seconds is None else seconds
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=settings.PROXY_CACHE_SECONDS,
        stale_while_revalidate=60,
    )
    surrogate_seconds = settings.MASTHEAD_SURROGATE_SECONDS if exact else app_seconds
    response["Surrogate-Control"] = f"max-age={surrogate_seconds}"
    response._masthead_cache_seconds = app_seconds
    response._masthead_surrogate_keys = set(keys)
    return response


def _key(request: HttpRequest, generation: int) -> str:
    # The raw host, not get_host(): ALLOWED_HOSTS is checked when the page is first rendered.
    host = request.META.get("HTTP_HOST", "").lower()[:100]
    path = request.get_full_path()
    # A page with includes for the proxy is not the page a client without one may be given;
    # the scheme too, so a page built from it (and the purge task's refresh) stays apart.
    variant = "esi" if esi.enabled(request) else "whole"
    scheme = "https" if request.is_secure() else "http"
    if len(path) > 150:
        # A long address (a pasted search, say) is stored under its digest: keys stay short
        # and bounded, whatever a visitor types.
        path = "sha256:" + hashlib.sha256(path.encode()).hexdigest()
    return f"page:{generation}:{request.method == 'HEAD'}:{variant}:{scheme}:{host}:{path}"


def _is_per_reader(response: HttpResponse) -> bool:
    """Cookies, ``Vary: Cookie`` or a private/no-store header (Wagtail adds one to pages behind
    a view restriction) mean the response belongs to one reader."""
    if response.cookies:
        return True
    if response.has_header("Vary") and "cookie" in response["Vary"].lower():
        return True
    cache_control = response.get("Cache-Control", "").lower()
    return "private" in cache_control or "no-store" in cache_control


def _purged_since(keys: Iterable[str], moment: float) -> bool:
    """Whether any of ``keys`` was purged at or after ``moment`` (a page rendered before
    then may show what the purge removed)."""
    names = [_record_key(k) for k in keys]
    if not names:
        return False
    return any(t >= moment for t in cache.get_many(names).values())


def _index(entry_key: str, keys: list[str], rendered_at: float, seconds: int) -> None:
    """With Redis: add the stored page to each key's set. A purge that ran while the page was
    being rendered finds it in no set yet: its recorded time takes the page back out."""
    client = _redis()
    if client is None:
        return
    member = cache.make_key(entry_key)
    try:
        pipe = client.pipeline(transaction=False)
        for name in keys:
            set_key = cache.make_key(_set_key(name))
            pipe.sadd(set_key, member)
            pipe.expire(set_key, KEY_RECORD_SECONDS)
        pipe.execute()
    except Exception as exc:  # noqa: BLE001 - unindexed: take the page back out
        logger.warning("page cache: indexing %s failed: %s", entry_key, exc)
        cache.delete(entry_key)
        return
    if _purged_since(keys, rendered_at):
        cache.delete(entry_key)


def _request_keys(request: HttpRequest) -> set[str]:
    # The site the response was built for, if building it looked the site up (a response
    # that never asked is the same on every site); never a lookup of its own.
    site = getattr(request, "_masthead_site", None)
    return {surrogate.site(site.id)} if site is not None else set()


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        begin_request()
        if request.method not in ("GET", "HEAD") or request.path.startswith(("/admin", "/api")):
            return self.get_response(request)
        enabled = getattr(settings, "PAGE_CACHE_ENABLED", True)
        key = ""
        if enabled:
            _content, store = _generations()
            key = _key(request, store)
            stored = cache.get(key)
            if stored is not None:
                status, headers, content, keys, rendered_at = stored
                # Without Redis's sets a purge deletes nothing: a page older than a purge of
                # one of its keys is stale.
                if _redis() is not None or not _purged_since(keys, rendered_at):
                    response = HttpResponse(content, status=status)
                    for name, value in headers:
                        response[name] = value
                    response["X-Cache"] = "HIT"
                    return response
                cache.delete(key)
        rendered_at = time.time()
        with surrogate.collecting() as collected, esi.collecting() as included:
            response = self.get_response(request)
        if included:
            esi.mark(response)
        seconds = getattr(response, "_masthead_cache_seconds", None)
        if not seconds or response.status_code != 200 or response.streaming:
            return response
        if _is_per_reader(response):
            # Something per-reader slipped into a page marked as shared: never store it, and
            # never name it for a proxy.
            logger.warning("not caching %s: the response varies by reader", request.path)
            return response
        keys = sorted(collected | response._masthead_surrogate_keys | _request_keys(request))
        if keys:
            value = surrogate.header_value(keys)
            for header in surrogate.HEADERS:
                response[header] = value
        if not enabled:
            return response
        if not response.has_header("ETag"):
            set_response_etag(response)  # once per stored page, not once per hit
        headers = [(h, response[h]) for h in _HEADERS_KEPT if response.has_header(h)]
        cache.set(
            key, (response.status_code, headers, response.content, keys, rendered_at), seconds
        )
        _index(key, keys, rendered_at, seconds)
        response["X-Cache"] = "MISS"
        return response
