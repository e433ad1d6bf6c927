"""Per-process copies of what every request reads, each entry forgotten when one of its
surrogate keys is purged — in every process, on every machine.

A copy (``LocalCache``) is a bounded map kept in the process's memory: sites, navigation,
routes, kept article bodies (the full list with what each keys on: docs/architecture.md
"Caches"). Each entry names the surrogate keys (``masthead.core.surrogate``) whose purge makes
it wrong, from the same vocabulary as stored pages, plus a few names only these copies use
(``SITES``, ``SECTIONS``, ``RESTRICTIONS``).

How a purge reaches every process (decision 1502): ``announce(keys)`` appends the purged keys
to a short log in the shared cache (a counter and one entry per purge, kept an hour). Each
process reads the counter and the entry after the last one it applied in one ``get_many`` at
the start of every request (``refresh``, batched with the page cache's generations), and drops
the entries carrying those keys. A process that fell behind by more than the log keeps, sees
a counter go backwards (a flushed cache) or finds an entry missing, forgets everything: never
a stale copy, at worst a recomputation. Outside requests (the task worker, commands) a copy
refreshes itself when the last check is older than ``PAGE_CACHE_GENERATION_TTL``.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.core.cache import cache

V = TypeVar("V")

SEQUENCE_KEY = "copies:seq"
LOG_SECONDS = 3600
# Further behind than this many purges: forget everything rather than read them all.
LOG_READ_LIMIT = 200
# Forget everything (``purge_all``).
EVERYTHING = "*"
# Names only the per-process copies use (sent to proxies too, where they match nothing).
SITES = "sites"  # the network's sites, their hosts and roots
SECTIONS = "sections"  # the tree of sections (a section published, moved, renamed)
RESTRICTIONS = "restrictions"  # which pages are behind a login or password

_MISSING = object()
_lock = threading.RLock()
_registry: dict[str, LocalCache] = {}
# Surrogate key -> {(cache name, entry key)}: what a purge of the key drops.
_index: dict[str, set[tuple[str, Hashable]]] = {}
_seen: int | None = None
_checked_at = 0.0


def _log_key(number: int) -> str:
    return f"copies:log:{number}"


def _refresh_seconds() -> float:
    return float(getattr(settings, "PAGE_CACHE_GENERATION_TTL", 1.0))


class LocalCache(Generic[V]):
    """A bounded per-process map whose entries are dropped by surrogate key.

    ``max_entries``: the least recently used entry goes first when full, so a crawl of
    every address cannot grow the process. Values are shared by every request of the process:
    plain data, never anything about one reader."""

    def __init__(self, name: str, *, max_entries: int) -> None:
        if name in _registry:
            raise ValueError(f"a per-process copy named {name!r} exists already")
        self.name = name
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, tuple[V, tuple[str, ...]]] = OrderedDict()
        _registry[name] = self

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable, default: Any = None) -> V | Any:
        _refresh_if_due()
        with _lock:
            found = self._entries.get(key)
            if found is None:
                return default
            self._entries.move_to_end(key)
            return found[0]

    def set(self, key: Hashable, value: V, *, keys: Iterable[str]) -> V:
        """Keep ``value`` until a purge of any of ``keys`` (at least one: an entry nothing can
        invalidate would outlive every change)."""
        names = tuple(sorted(set(keys)))
        if not names:
            raise ValueError(f"{self.name}: an entry needs the keys that invalidate it")
        with _lock:
            if key in self._entries:
                self._drop(key)
            while len(self._entries) >= self.max_entries:
                self._drop(next(iter(self._entries)))
            self._entries[key] = (value, names)
            for name in names:
                _index.setdefault(name, set()).add((self.name, key))
        return value

    def get_or_set(self, key: Hashable, compute: Callable[[], V], *, keys: Iterable[str]) -> V:
        found = self.get(key, _MISSING)
        if found is not _MISSING:
            return found
        return self.set(key, compute(), keys=keys)

    def _drop(self, key: Hashable) -> None:
        found = self._entries.pop(key, None)
        if found is None:
            return
        for name in found[1]:
            holders = _index.get(name)
            if holders is not None:
                holders.discard((self.name, key))
                if not holders:
                    del _index[name]

    def clear(self) -> None:
        with _lock:
            for key in list(self._entries):
                self._drop(key)


def invalidate(keys: Iterable[str]) -> int:
    """Drop this process's entries carrying any of ``keys``; how many were dropped."""
    dropped = 0
    with _lock:
        keys = list(keys)
        if EVERYTHING in keys:
            dropped = sum(len(c) for c in _registry.values())
            forget_all()
            return dropped
        for name in keys:
            for cache_name, key in list(_index.get(name, ())):
                _registry[cache_name]._drop(key)
                dropped += 1
    return dropped


def forget_all() -> None:
    with _lock:
        for local in _registry.values():
            local._entries.clear()
        _index.clear()


def announce(keys: Iterable[str]) -> None:
    """Tell every process (this one at once) that ``keys`` were purged."""
    keys = sorted(set(keys))
    if not keys:
        return
    invalidate(keys)
    try:
        number = cache.incr(SEQUENCE_KEY)
    except ValueError:
        # From the clock, so a counter lost with a flushed cache restarts ahead of every
        # process's last look: each sees a gap too long to read and forgets everything.
        cache.add(SEQUENCE_KEY, int(time.time() * 1000), timeout=None)
        number = cache.incr(SEQUENCE_KEY)
    cache.set(_log_key(number), keys, timeout=LOG_SECONDS)


def refresh(extra: Iterable[str] = ()) -> dict[str, Any]:
    """Apply the purges other processes announced since the last call, in one ``get_many``
    that also reads ``extra`` (the page cache's generations), which it returns."""
    global _seen, _checked_at
    extra = list(extra)
    seen = _seen
    names = [SEQUENCE_KEY, *extra]
    if seen is not None:
        names.append(_log_key(seen + 1))
    found = cache.get_many(names)
    number = found.get(SEQUENCE_KEY)
    if number is None:
        # A fresh or flushed shared cache: what changed meanwhile is unknown. The counter
        # starts from the clock, ahead of anything seen before, so every other process
        # finds a gap too long to read and forgets too.
        if seen is not None:
            forget_all()
            seen = None
        cache.add(SEQUENCE_KEY, int(time.time() * 1000), timeout=None)
        number = cache.get(SEQUENCE_KEY, 0)
    if seen is None:
        pass  # the first look: this process's copies were made after it (reset forgot them)
    elif number < seen:
        forget_all()
    elif number > seen:
        if number - seen > LOG_READ_LIMIT:
            forget_all()
        else:
            logged = [found.get(_log_key(seen + 1))]
            if number > seen + 1:
                more = cache.get_many([_log_key(n) for n in range(seen + 2, number + 1)])
                logged += [more.get(_log_key(n)) for n in range(seen + 2, number + 1)]
            entries = [entry for entry in logged if entry is not None]
            if len(entries) < len(logged):
                # Expired, or announced between its counter and its entry: assume the worst.
                forget_all()
            else:
                invalidate({key for entry in entries for key in entry})
    _seen = number
    _checked_at = time.monotonic()
    return {name: found[name] for name in extra if name in found}


def _refresh_if_due() -> None:
    seconds = _refresh_seconds()
    if not seconds or time.monotonic() - _checked_at >= seconds:
        refresh()


def reset() -> None:
    """Forget every copy and what was applied (tests; a process's first request)."""
    global _seen, _checked_at
    forget_all()
    _seen = None
    _checked_at = 0.0


def inventory() -> list[tuple[str, int, int]]:
    """(name, entries, bound) of every copy in this process."""
    return [(c.name, len(c), c.max_entries) for c in _registry.values()]
