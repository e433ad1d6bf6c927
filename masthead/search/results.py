"""Relevance results from a kept champion list per query, ranked again on every read without
re-scoring it (docs/decisions/0707).

Ranking every match costs time in proportion to the matches: a common word at 100,000 stories
means scoring thousands of rows on every request. The same few head queries make most of a news
site's search traffic, so the part that grows with the index is done once per query and kept in
the shared cache: the query's best ``DEPTH`` stories by the full ranking (its champion list),
each with its text score and publication time, and the query's counts. Each read then:

- asks the engine, in one id-only statement, which kept stories are still in the index and not
  expired, and which stories were (re)indexed since the list was made;
- has the engine score those indexed since (usually none, or a few); when any of them matches,
  the kept ones are scored again with them (the statistics have moved), else the kept text
  scores stand;
- applies the freshness boost in Python with the time of now, and orders as the engine would.

So a new or changed story is findable at once and an unpublished or expired one gone at once.
What can differ from ranking every match: a story below the list when it was made that has
since risen into it without being written (only freshness moves scores without a write); the
kept text scores after stories left the index (an unpublished story moves bm25's statistics
without a write to score again by); counts are those of when the list was made.
``MASTHEAD_SEARCH_RESULT_SECONDS=0`` turns this off: every request ranks every match.

One process makes a query's list at a time (a lock in the shared cache); the others asking for
it meanwhile wait for it a little, then rank every match themselves without keeping the result.
"""

from __future__ import annotations

import hashlib
import time
import zlib
from array import array
from dataclasses import astuple, dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import router
from django.utils import timezone

from masthead.search import engine
from masthead.search.models import SearchDocument
from masthead.search.query import ParsedQuery
from masthead.search.shown import Shown, shown

# Candidates kept per query: the deepest relevance page (selectors.RELEVANCE_DEPTH, 200) plus
# room for stories that leave the index before the list is made again.
DEPTH = 240
# A story's index row is written before its transaction commits: catching up reaches this far
# behind the moment the list was made, so a write committed just after it is never missed.
SETTLE = timedelta(seconds=60)
# Past this many stories indexed since, the list is made again rather than extended.
MAX_CHANGED = 400
# The rows of the settle window a list saw when made, kept (shared, by content) up to this many:
# without them a bulk import's last minute counted as written since every list made in it, and
# every search of every query made its list again for a minute (~250 ms a request on
# PostgreSQL at 100,000 stories). Past it (an import of over 300 stories a second) that happens.
SEEN_MAX = 20000
# Stories of the list's top whose results-list entry (marked headline and snippet) is kept
# with it: the first page and some room for stories that move up into it.
SHOWN = 30
VERSION = 3
Where = engine.Where


def seconds() -> int:
    return int(getattr(settings, "MASTHEAD_SEARCH_RESULT_SECONDS", 300))


def enabled() -> bool:
    return seconds() > 0


@dataclass
class Kept:
    made: float  # time.time() when made
    since: datetime  # stories indexed from here on are candidates too
    champions: list[engine.Scored]  # the champion list, best first when made
    counts: engine.Counts
    shown: dict[int, Shown]  # the top stories' results-list entries, as of when made
    # Rows written since ``since`` that the list saw when made (``_seen``): their key in the
    # shared cache and how many; rows indexed since that are not among them are new to it.
    seen_key: str | None = None
    seen_count: int = 0


# How long a maker may hold a query's lock (then another may make the list), how long another
# asker waits for the list before ranking every match itself, and how often it looks.
LOCK_SECONDS = 20
WAIT_SECONDS = 3.0
POLL_SECONDS = 0.05


def _key(query: ParsedQuery, where: Where) -> str:
    spec = repr(
        (
            VERSION,
            router.db_for_read(SearchDocument),
            query.fts5(),
            astuple(where),
            engine.weights(),
            engine.freshness(),
        )
    )
    return "search:kept:" + hashlib.sha256(spec.encode()).hexdigest()[:40]


def _fresh(kept: object) -> Kept | None:
    if isinstance(kept, Kept) and time.time() - kept.made <= seconds():
        return kept
    return None


def _version(story_id: int, stamp: str) -> int:
    """One number per index row version (the story and when its row was written)."""
    return (story_id << 32) | zlib.crc32(stamp.encode())


def _remember_seen(rows: list[tuple[int, str]]) -> str:
    packed = array("Q", sorted(_version(i, stamp) for i, stamp in rows)).tobytes()
    key = "search:seen:" + hashlib.sha256(packed).hexdigest()[:40]
    # Lists made in the same moment saw the same rows: one copy for them all.
    cache.add(key, packed, timeout=seconds() + LOCK_SECONDS)
    return key


def _seen(kept: Kept) -> set[int] | None:
    """The row versions the list saw in its settle window; None: no longer in the cache."""
    if not kept.seen_count:
        return set()
    packed = cache.get(kept.seen_key) if kept.seen_key else None
    if packed is None:
        return None
    return set(array("Q", packed))


def _make(query: ParsedQuery, where: Where, key: str) -> Kept:
    # Counts are made with the list: the first page asks for both, and making one without the
    # other would mean a second pass over every match for the next request.
    since = timezone.now() - SETTLE
    made = time.time()
    # Read before ranking: every row this sees, the ranking sees too (it may see more, which
    # are then taken as written since: scored again, never missed).
    window = engine.written_since(since, limit=SEEN_MAX + 1)
    if len(window) > SEEN_MAX:
        window = []  # too many to keep: every row of the window counts as written since
    champions = engine.rank_scored(query, where, limit=DEPTH)
    kept = Kept(
        made=made,
        since=since,
        champions=champions,
        counts=engine.counts(query, where),
        shown=shown([c.story_id for c in champions[:SHOWN]], query),
        seen_key=_remember_seen(window) if window else None,
        seen_count=len(window),
    )
    cache.set(key, kept, timeout=seconds())
    return kept


def _kept(query: ParsedQuery, where: Where) -> tuple[Kept | None, bool]:
    """The kept list, and whether this call made it (then it is the engine's answer as it
    stands, with nothing to catch up on). None: another process is making it and it did not
    come in time; the caller ranks every match itself."""
    key = _key(query, where)
    kept = _fresh(cache.get(key))
    if kept is not None:
        return kept, False
    lock = key + ":making"
    if cache.add(lock, 1, timeout=LOCK_SECONDS):
        try:
            return _make(query, where, key), True
        finally:
            cache.delete(lock)
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        kept = _fresh(cache.get(key))
        if kept is not None:
            return kept, False
    return None, False


def _ranked(query: ParsedQuery, where: Where, kept: Kept) -> tuple[list[int], set[int]] | None:
    """The candidates (kept and indexed since) ranked now, and those (re)indexed since the
    list was made; None when so many stories were indexed since that the list should be made
    again."""
    present, changed = engine.catch_up(
        [c.story_id for c in kept.champions],
        since=kept.since,
        limit=kept.seen_count + MAX_CHANGED + 1,
    )
    seen = _seen(kept) if changed else set()
    if seen is None:
        return None
    rewritten = {i for i, stamp in changed if _version(i, stamp) not in seen}
    if len(rewritten) > MAX_CHANGED or len(changed) > kept.seen_count + MAX_CHANGED:
        return None
    candidates = [
        c for c in kept.champions if c.story_id in present and c.story_id not in rewritten
    ]
    written = engine.scored_among(query, where, ids=list(rewritten))
    if written:
        # A story written since matches: its score is of the collection's statistics now,
        # the kept ones' of when the list was made (on a small site one story moves bm25's
        # idf by several per cent). The engine scores them all again, as the full ranking would.
        candidates = engine.scored_among(
            query, where, ids=[*(c.story_id for c in candidates), *rewritten]
        )
    return [c.story_id for c in engine.order(candidates, now=time.time())], rewritten


@dataclass
class Page:
    """One page of relevance results: story ids as ``engine.rank`` answers them and, when a
    kept list answered, its counts and the entries it keeps that are still current."""

    ids: list[int]
    counts: engine.Counts | None = None
    shown: dict[int, Shown] = field(default_factory=dict)


def page(query: ParsedQuery, where: Where, *, offset: int, limit: int) -> Page:
    if not enabled() or offset + limit > DEPTH:
        return Page(engine.rank(query, where, order="relevance", offset=offset, limit=limit))
    kept, new = _kept(query, where)
    if kept is None:
        return Page(engine.rank(query, where, order="relevance", offset=offset, limit=limit))
    answer = ([c.story_id for c in kept.champions], set()) if new else _ranked(query, where, kept)
    if answer is None:
        # A bulk import or a rebuild since: the new list alone (it saw every write).
        kept = _make(query, where, _key(query, where))
        answer = [c.story_id for c in kept.champions], set()
    ranked, rewritten = answer
    current = {i: s for i, s in kept.shown.items() if i not in rewritten}
    return Page(ranked[offset : offset + limit], kept.counts, current)


def rank(query: ParsedQuery, where: Where, *, offset: int, limit: int) -> list[int]:
    """Story ids of one page of relevance results, as ``engine.rank`` answers them."""
    return page(query, where, offset=offset, limit=limit).ids


def counts(query: ParsedQuery, where: Where) -> engine.Counts:
    """The query's counts, as of when its list was made (at most the setting's age)."""
    if not enabled():
        return engine.counts(query, where)
    kept = _kept(query, where)[0]
    return kept.counts if kept is not None else engine.counts(query, where)
