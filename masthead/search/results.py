"""Relevance results from a kept candidate list per query, scored afresh on every read
(docs/decisions/0707).

Ranking every match costs time in proportion to the matches: a common word at 100,000 stories
means scoring thousands of rows on every request. The same few head queries make most of a news
site's search traffic, so the part that grows with the index is done once per query and kept in
the shared cache: the query's best ``DEPTH`` stories by the full ranking (its champion list) and
its counts. Each read then ranks only that list plus the stories indexed since it was made:

- the candidates are ranked again by the engine with the full ranking expression (bm25()/
  ts_rank_cd() and freshness over these few hundred rows only, with the index's statistics and
  the time of now);
- stories indexed since (published, changed) are candidates too, so a new story is findable at
  once; a story that left the index or expired is no longer a match and drops out.

What can differ from ranking every match: a story that was below the champion list when it was
made and has since risen above the stories in it without being written (only freshness moves
scores without a write, and the list is made again every ``MASTHEAD_SEARCH_RESULT_SECONDS``).
Counts are those of when the list was made. ``MASTHEAD_SEARCH_RESULT_SECONDS=0`` turns this off:
every request ranks every match in the engine.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import astuple, dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import router
from django.utils import timezone

from masthead.search import engine
from masthead.search.models import SearchDocument
from masthead.search.query import ParsedQuery

# Candidates kept per query: the deepest relevance page (selectors.RELEVANCE_DEPTH, 200) plus
# room for stories that leave the index before the list is made again.
DEPTH = 240
# A story's index row is written before its transaction commits: catching up reaches this far
# behind the moment the list was made, so a write committed just after it is never missed.
SETTLE = timedelta(seconds=60)
# Past this many stories indexed since, the list is made again rather than extended.
MAX_CHANGED = 400
VERSION = 1
Where = engine.Where


def seconds() -> int:
    return int(getattr(settings, "MASTHEAD_SEARCH_RESULT_SECONDS", 300))


def enabled() -> bool:
    return seconds() > 0


@dataclass
class Kept:
    made: float  # time.time() when made
    since: datetime  # stories indexed from here on are candidates too
    ids: list[int]  # the champion list, best first when made
    counts: engine.Counts


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


def _make(query: ParsedQuery, where: Where) -> Kept:
    # Counts are made with the list: the first page asks for both, and making one without the
    # other would mean a second pass over every match for the next request.
    since = timezone.now() - SETTLE
    made = time.time()
    kept = Kept(
        made=made,
        since=since,
        ids=engine.rank(query, where, order="relevance", offset=0, limit=DEPTH),
        counts=engine.counts(query, where),
    )
    cache.set(_key(query, where), kept, timeout=seconds())
    return kept


def _kept(query: ParsedQuery, where: Where) -> tuple[Kept, bool]:
    """The kept list, and whether it was made by this call (then it is the engine's answer
    as it stands, with nothing to catch up on)."""
    kept = cache.get(_key(query, where))
    if not isinstance(kept, Kept) or time.time() - kept.made > seconds():
        return _make(query, where), True
    return kept, False


def _ranked(query: ParsedQuery, where: Where, kept: Kept) -> list[int] | None:
    """The candidates (kept and indexed since) ranked now; None when so many stories were
    indexed since that the list should be made again."""
    changed = engine.indexed_since(kept.since, limit=MAX_CHANGED + 1)
    if len(changed) > MAX_CHANGED:
        return None
    return engine.rank_among(query, where, ids=list(dict.fromkeys([*kept.ids, *changed])))


def rank(query: ParsedQuery, where: Where, *, offset: int, limit: int) -> list[int]:
    """Story ids of one page of relevance results, as ``engine.rank`` answers them."""
    if not enabled() or offset + limit > DEPTH:
        return engine.rank(query, where, order="relevance", offset=offset, limit=limit)
    kept, new = _kept(query, where)
    ranked = kept.ids if new else _ranked(query, where, kept)
    if ranked is None:
        # A bulk import or a rebuild since: the new list alone (it saw every write).
        ranked = _make(query, where).ids
    return ranked[offset : offset + limit]


def counts(query: ParsedQuery, where: Where) -> engine.Counts:
    """The query's counts, as of when its list was made (at most the setting's age)."""
    if not enabled():
        return engine.counts(query, where)
    return _kept(query, where)[0].counts
