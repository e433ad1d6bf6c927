"""The index's queries: match, rank every match, count by filter, suggest — in each engine's SQL.

SQLite: FTS5 ``MATCH`` and ``bm25()`` with a weight per column. PostgreSQL: the weighted
``tsvector`` with ``websearch_to_tsquery`` (plus ``to_tsquery`` for prefixes) and
``ts_rank_cd()``. Both multiply the text score by the same freshness boost,
``1 + boost * half_life / (half_life + age in days)``, and rank every match (no window).
Reads go to the database the router names for reading (a replica when there is one).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import connections, router, transaction
from django.utils import timezone

from masthead.search.models import SearchDocument, SearchFacet
from masthead.search.query import WORD, ParsedQuery

DOC = SearchDocument._meta.db_table
FACET = SearchFacet._meta.db_table
FTS = "sitesearch_fts"
# Headline, standfirst, tags/places/bylines, body.
DEFAULT_WEIGHTS = (10.0, 4.0, 2.5, 1.0)
DATE_BUCKETS = (("day", 1), ("week", 7), ("month", 31), ("year", 366))


def weights() -> tuple[float, float, float, float]:
    return tuple(getattr(settings, "MASTHEAD_SEARCH_WEIGHTS", DEFAULT_WEIGHTS))  # type: ignore[return-value]


def freshness() -> tuple[float, float]:
    """(boost, half-life in days): a story published now scores ``1 + boost`` times its text
    score, one ``half_life`` days old ``1 + boost / 2``, a very old one about 1."""
    return (
        float(getattr(settings, "MASTHEAD_SEARCH_FRESHNESS_BOOST", 1.0)),
        max(0.01, float(getattr(settings, "MASTHEAD_SEARCH_FRESHNESS_DAYS", 30.0))),
    )


@dataclass(frozen=True)
class Where:
    """Filters on the index (all optional)."""

    site_ids: tuple[int, ...] = ()
    section_path: str | None = None
    kind: str | None = None
    author: int | None = None
    place: int | None = None
    tag: int | None = None
    published_from: datetime | None = None
    published_before: datetime | None = None


def _db():
    return connections[router.db_for_read(SearchDocument)]


# How long a process trusts the shared cache's list of the index's languages; a write in a new
# language forgets the list when it commits (``language_written``), this only bounds a race.
LANGUAGES_SECONDS = 300


def _languages_key(alias: str) -> str:
    return f"search:languages:{alias}"


def languages(db) -> list[str]:
    """The full-text configurations the index's documents are stemmed with (PostgreSQL), from
    the shared cache: asked for by every search that reaches the engine."""
    key = _languages_key(db.alias)
    found = cache.get(key)
    if found is None:
        with db.cursor() as cursor:
            # The distinct values by walking the language index, one probe per language.
            cursor.execute(
                f"WITH RECURSIVE l(v) AS ("  # noqa: S608 - our table
                f"(SELECT language FROM {DOC} ORDER BY language LIMIT 1) UNION ALL "
                f"SELECT (SELECT language FROM {DOC} WHERE language > l.v ORDER BY language "
                "LIMIT 1) FROM l WHERE l.v IS NOT NULL) SELECT v FROM l WHERE v IS NOT NULL"
            )
            found = [row[0] for row in cursor.fetchall()] or ["english"]
        cache.set(key, found, timeout=LANGUAGES_SECONDS)
    return found


def language_written(configs: set[str]) -> None:
    """Documents in these configurations are being written: when one is new to the index,
    forget the list once the write commits, so the next search asks in that language too."""
    aliases = {router.db_for_read(SearchDocument) or "default", "default"}
    # One round trip for the replica's list and the primary's (every index batch asks).
    known = cache.get_many([_languages_key(alias) for alias in aliases])
    stale = [key for key, languages in known.items() if not configs <= set(languages)]
    if stale:
        transaction.on_commit(partial(cache.delete_many, stale))


class _Sql:
    """The FROM/WHERE of a search on one engine, with its parameters."""

    def __init__(self, query: ParsedQuery, where: Where, *, db, now: datetime) -> None:
        vendor = db.vendor
        self.vendor = vendor
        self.db = db
        self.params: list = []
        # The query's text part, kept apart: the score repeats it (PostgreSQL).
        self.tsquery, self.tsquery_params = "", []
        if vendor == "postgresql":
            self.from_ = f"{DOC} d"
            clause, self.params = self._postgres_match(query, db)
            clauses = [clause]
        else:
            self.from_ = f"{FTS} JOIN {DOC} d ON d.story_id = {FTS}.rowid"
            clauses = [f"{FTS} MATCH %s"]
            self.params.append(query.fts5())
        clauses.append("(d.expire_at IS NULL OR d.expire_at > %s)")
        self.params.append(self.when(now))
        if where.site_ids:
            clauses.append(f"d.site_id IN ({', '.join(['%s'] * len(where.site_ids))})")
            self.params.extend(where.site_ids)
        if where.section_path:
            clauses.append("d.path LIKE %s")
            self.params.append(where.section_path + "%")
        if where.kind:
            clauses.append("d.kind = %s")
            self.params.append(where.kind)
        for facet, value in (("author", where.author), ("place", where.place), ("tag", where.tag)):
            if value is not None:
                clauses.append(
                    f"EXISTS (SELECT 1 FROM {FACET} sf WHERE sf.document_id = d.story_id "  # noqa: S608
                    "AND sf.facet = %s AND sf.value = %s)"
                )
                self.params.extend([facet, value])
        if where.published_from is not None:
            clauses.append("d.published_at >= %s")
            self.params.append(self.when(where.published_from))
        if where.published_before is not None:
            clauses.append("d.published_at < %s")
            self.params.append(self.when(where.published_before))
        self.where = " AND ".join(clauses)
        if vendor == "postgresql":
            self.set_from = self.from_
        else:
            # The matches first, once: joined the other way, SQLite would run the MATCH once
            # per facet row (an FTS5 lookup by rowid re-evaluates the whole query).
            self.set_from = (
                f"(SELECT rowid AS id FROM {FTS} WHERE {FTS} MATCH %s) m "  # noqa: S608
                f"CROSS JOIN {DOC} d ON d.story_id = m.id"
            )

    def _postgres_match(self, query: ParsedQuery, db) -> tuple[str, list]:
        """The match clause, and the query for the score in ``self.tsquery``.

        Each story's words are stemmed in its own language, so the reader's words are too. The
        language is a constant of each branch, never a column (``websearch_to_tsquery(
        d.language::regconfig, …)`` differs per row, which keeps the GIN index out: every
        search read and parsed every document). One language in the index, the usual case: one
        indexed condition. Several: one per language, ORed (a bitmap OR of index scans).
        """
        parts, part_params = [], []
        if query.websearch():
            parts.append("websearch_to_tsquery(%s::regconfig, %s)")
            part_params.append(query.websearch())
        if query.prefixes():
            parts.append("to_tsquery(%s::regconfig, %s)")
            part_params.append(query.prefixes())
        text = "(" + " && ".join(parts) + ")"

        def for_language(config: str) -> list:
            return [value for param in part_params for value in (config, param)]

        configs = languages(db)
        if len(configs) == 1:
            self.tsquery, self.tsquery_params = text, for_language(configs[0])
            return f"d.vec @@ {text}", list(self.tsquery_params)
        branches, params, cases, case_params = [], [], [], []
        for config in configs:
            branches.append(f"(d.language = %s AND d.vec @@ {text})")
            params += [config, *for_language(config)]
            cases.append(f"WHEN %s THEN {text}")
            case_params += [config, *for_language(config)]
        self.tsquery = f"(CASE d.language {' '.join(cases)} END)"
        self.tsquery_params = case_params
        return "(" + " OR ".join(branches) + ")", params

    def set_query(self) -> tuple[str, str, list]:
        """FROM and WHERE for counting over the whole match set, with parameters."""
        if self.vendor == "postgresql":
            return self.set_from, self.where, list(self.params)
        rest = self.where.split(" AND ", 1)[1]
        return self.set_from, rest, list(self.params)

    def when(self, value: datetime):
        """A datetime as this database stores it (SQLite: Django's naive UTC text)."""
        return self.db.ops.adapt_datetimefield_value(value)

    def text_score(self) -> tuple[str, list]:
        """The text score alone (higher is better, before freshness) and its parameters."""
        title, standfirst, keywords, body = weights()
        if self.vendor == "postgresql":
            top = max(title, standfirst, keywords, body)
            # ts_rank_cd's weights are {D, C, B, A}, each at most 1.
            text = (
                f"ts_rank_cd('{{{body / top:.4f}, {keywords / top:.4f}, {standfirst / top:.4f}, "
                f"{title / top:.4f}}}'::float4[], d.vec, ({self.tsquery}))"
            )
            return text, list(self.tsquery_params)
        # bm25() is lower for better matches; negate it so higher is better.
        return f"(-bm25({FTS}, {title}, {standfirst}, {keywords}, {body}))", []

    def score(self, now: datetime) -> tuple[str, list]:
        """The ranking expression (higher is better) and its parameters."""
        boost, half_life = freshness()
        text, params = self.text_score()
        if self.vendor == "postgresql":
            age = "EXTRACT(EPOCH FROM (%s - d.published_at)) / 86400.0"
        else:
            age = "(julianday(%s) - julianday(d.published_at))"
        params = [*params, self.when(now)]
        expression = (
            f"{text} * (1.0 + {boost:.6f} * {half_life:.6f} / ({half_life:.6f} + MAX(0.0, {age})))"
        )
        if self.vendor == "postgresql":
            expression = expression.replace("MAX(0.0,", "GREATEST(0.0,")
        return expression, params


def rank(query: ParsedQuery, where: Where, *, order: str, offset: int, limit: int) -> list[int]:
    """Story ids of one page of results: every match ranked (or newest first)."""
    db = _db()
    now = timezone.now()
    sql = _Sql(query, where, db=db, now=now)
    if order == "newest":
        order_by, order_params = "d.published_at DESC, d.story_id DESC", []
    else:
        expression, order_params = sql.score(now)
        order_by = f"{expression} DESC, d.published_at DESC, d.story_id DESC"
    statement = (
        f"SELECT d.story_id FROM {sql.from_} WHERE {sql.where} "  # noqa: S608 - our SQL
        f"ORDER BY {order_by} LIMIT %s OFFSET %s"
    )
    with db.cursor() as cursor:
        cursor.execute(statement, [*sql.params, *order_params, limit, offset])
        return [row[0] for row in cursor.fetchall()]


class Scored(NamedTuple):
    """A ranked story with what its rank is made of: the text score (higher is better, before
    freshness) and its publication time as POSIX seconds. A tuple: a kept list of 240 of them
    is read from the shared cache on every search."""

    story_id: int
    text: float
    published: float

    def score(self, now: float) -> float:
        """The ranking expression of ``_Sql.score``, computed here: the text score times the
        freshness boost at ``now`` (POSIX seconds)."""
        boost, half_life = _rounded_freshness()
        return _fresh(self, now, boost, half_life)


def _fresh(scored: Scored, now: float, boost: float, half_life: float) -> float:
    age = max(0.0, (now - scored.published) / 86400.0)
    return scored.text * (1.0 + boost * half_life / (half_life + age))


def _rounded_freshness() -> tuple[float, float]:
    # The SQL expression writes the settings with six decimals; the same numbers here.
    boost, half_life = freshness()
    return float(f"{boost:.6f}"), float(f"{half_life:.6f}")


def order(scored: list[Scored], *, now: float) -> list[Scored]:
    """Best first as ``rank`` orders: score, then newest, then the higher id."""
    boost, half_life = _rounded_freshness()
    return sorted(
        scored,
        key=lambda s: (_fresh(s, now, boost, half_life), s.published, s.story_id),
        reverse=True,
    )


def _published_seconds(vendor: str) -> str:
    if vendor == "postgresql":
        return "EXTRACT(EPOCH FROM d.published_at)::float8"
    return "((julianday(d.published_at) - 2440587.5) * 86400.0)"


def rank_scored(query: ParsedQuery, where: Where, *, limit: int) -> list[Scored]:
    """The best ``limit`` matches by the full ranking (every match scored, as ``rank``), each
    with its text score and publication time so that it can be ranked again without the
    engine."""
    db = _db()
    now = timezone.now()
    sql = _Sql(query, where, db=db, now=now)
    expression, order_params = sql.score(now)
    text, text_params = sql.text_score()
    statement = (
        f"SELECT d.story_id, {text}, {_published_seconds(db.vendor)} "  # noqa: S608 - our SQL
        f"FROM {sql.from_} WHERE {sql.where} "
        f"ORDER BY {expression} DESC, d.published_at DESC, d.story_id DESC LIMIT %s"
    )
    with db.cursor() as cursor:
        cursor.execute(statement, [*text_params, *sql.params, *order_params, limit])
        return [Scored(row[0], float(row[1]), float(row[2])) for row in cursor.fetchall()]


def scored_among(query: ParsedQuery, where: Where, *, ids: list[int]) -> list[Scored]:
    """Which of these stories match, with their text scores (the engine's statistics of now)."""
    if not ids:
        return []
    db = _db()
    sql = _Sql(query, where, db=db, now=timezone.now())
    text, text_params = sql.text_score()
    marks = ", ".join(["%s"] * len(ids))
    if db.vendor == "postgresql" or len(ids) <= FEW:
        among = f"d.story_id IN ({marks})"
    else:
        # "+" keeps FTS5 from taking the ids as rowid lookups, each of which evaluates the
        # whole query again (15-35 ms for 240 ids at 10,000 stories); walking the words'
        # lists and keeping these ids is cheaper past a few ids.
        among = f"+{FTS}.rowid IN ({marks})"
    statement = (
        f"SELECT d.story_id, {text}, {_published_seconds(db.vendor)} "  # noqa: S608 - our SQL
        f"FROM {sql.from_} WHERE {sql.where} AND {among}"
    )
    with db.cursor() as cursor:
        cursor.execute(statement, [*text_params, *sql.params, *ids])
        return [Scored(row[0], float(row[1]), float(row[2])) for row in cursor.fetchall()]


# Up to this many ids, SQLite looks each up by rowid rather than walking the words' lists.
FEW = 16


def catch_up(
    kept: list[int], *, since: datetime, limit: int
) -> tuple[set[int], list[tuple[int, str]]]:
    """In one statement: which kept stories are still in the index and not expired, and the
    stories (re)indexed at or after ``since`` (at most ``limit``, newest first), each with its
    row's version (``written_since``). An id-only read: no text."""
    db = _db()
    when = db.ops.adapt_datetimefield_value
    parts, params = [], []
    if kept:
        parts.append(
            f"SELECT story_id, NULL FROM {DOC} WHERE story_id IN ({', '.join(['%s'] * len(kept))}) "  # noqa: S608
            "AND (expire_at IS NULL OR expire_at > %s)"
        )
        params += [*kept, when(timezone.now())]
    parts.append(f"SELECT story_id, stamp FROM ({_WRITTEN_SINCE}) changed")  # noqa: S608
    params += [when(since), limit]
    present: set[int] = set()
    changed: list[tuple[int, str]] = []
    with db.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for story_id, stamp in cursor.fetchall():
            if stamp is None:
                present.add(story_id)
            else:
                changed.append((story_id, stamp))
    return present, changed


# A row's version: when it was written, as the database keeps it (text on both engines, so the
# same row reads the same way every time; a rewrite is a new row with a new time).
_STAMP = "CAST(indexed_at AS TEXT)"
# Newest first down the indexed_at index: planned so whatever the table's statistics say
# (right after a bulk load, before it is analysed, PostgreSQL guessed half the table for the
# range and read all of it: 50 ms a search at 100,000 stories).
_WRITTEN_SINCE = (
    f"SELECT story_id, {_STAMP} AS stamp FROM {DOC} "  # noqa: S608 - our table
    "WHERE indexed_at >= %s ORDER BY indexed_at DESC LIMIT %s"
)


def written_since(since: datetime, *, limit: int) -> list[tuple[int, str]]:
    """The stories (re)indexed at or after ``since`` with their rows' versions, newest first
    (at most ``limit``)."""
    db = _db()
    with db.cursor() as cursor:
        cursor.execute(_WRITTEN_SINCE, [db.ops.adapt_datetimefield_value(since), limit])
        return [(story_id, stamp) for story_id, stamp in cursor.fetchall()]


def newest_after(
    query: ParsedQuery, where: Where, *, at: datetime, story_id: int, limit: int
) -> list[int]:
    """Newest first, continuing after (at, story_id): paging by key, no OFFSET."""
    db = _db()
    sql = _Sql(query, where, db=db, now=timezone.now())
    statement = (
        f"SELECT d.story_id FROM {sql.from_} WHERE {sql.where} "  # noqa: S608 - our SQL
        "AND (d.published_at < %s OR (d.published_at = %s AND d.story_id < %s)) "
        "ORDER BY d.published_at DESC, d.story_id DESC LIMIT %s"
    )
    with db.cursor() as cursor:
        cursor.execute(statement, [*sql.params, sql.when(at), sql.when(at), story_id, limit])
        return [row[0] for row in cursor.fetchall()]


@dataclass
class Counts:
    total: int
    sites: dict[int, int]
    kinds: dict[str, int]
    sections: dict[int, int]
    dates: dict[str, int]
    authors: list[tuple[int, str, int]]
    places: list[tuple[int, str, int]]


def counts(query: ParsedQuery, where: Where, *, top: int = 8) -> Counts:
    """How many matches there are, by site, kind, section, age, author and place."""
    db = _db()
    now = timezone.now()
    sql = _Sql(query, where, db=db, now=now)
    buckets = ", ".join(
        f"SUM(CASE WHEN d.published_at >= %s THEN 1 ELSE 0 END) AS {name}"
        for name, _days in DATE_BUCKETS
    )
    bucket_params = [sql.when(now - timedelta(days=days)) for _name, days in DATE_BUCKETS]
    result = Counts(total=0, sites={}, kinds={}, sections={}, dates={}, authors=[], places=[])
    with db.cursor() as cursor:
        from_, where_, params = sql.set_query()
        cursor.execute(
            f"SELECT d.site_id, d.kind, d.section_id, COUNT(*), {buckets} "  # noqa: S608
            f"FROM {from_} WHERE {where_} GROUP BY d.site_id, d.kind, d.section_id",
            [*bucket_params, *params],
        )
        dates = dict.fromkeys((name for name, _ in DATE_BUCKETS), 0)
        for site_id, kind, section_id, n, *by_age in cursor.fetchall():
            result.total += n
            result.sites[site_id] = result.sites.get(site_id, 0) + n
            result.kinds[kind] = result.kinds.get(kind, 0) + n
            if section_id is not None:
                result.sections[section_id] = result.sections.get(section_id, 0) + n
            for (name, _days), value in zip(DATE_BUCKETS, by_age, strict=True):
                dates[name] += int(value or 0)
        result.dates = dates
        if result.total:
            for facet, target in (("author", result.authors), ("place", result.places)):
                if db.vendor == "postgresql":
                    statement = (
                        f"SELECT sf.value, MAX(sf.label), COUNT(*) FROM {from_} "  # noqa: S608
                        f"JOIN {FACET} sf ON sf.document_id = d.story_id AND sf.facet = %s "
                        f"WHERE {where_} GROUP BY sf.value "
                        "ORDER BY COUNT(*) DESC, MAX(sf.label) LIMIT %s"
                    )
                    args = [facet, *params, top]
                else:
                    statement = (
                        f"SELECT sf.value, MAX(sf.label), COUNT(*) FROM {from_} "  # noqa: S608
                        f"CROSS JOIN {FACET} sf ON sf.document_id = d.story_id "
                        f"WHERE {where_} AND sf.facet = %s GROUP BY sf.value "
                        "ORDER BY COUNT(*) DESC, MAX(sf.label) LIMIT %s"
                    )
                    args = [*params, facet, top]
                cursor.execute(statement, args)
                target.extend((value, label, n) for value, label, n in cursor.fetchall())
    return result


def headlines_starting(query: ParsedQuery, *, site_ids: tuple[int, ...], limit: int) -> list[int]:
    """Story ids whose headline has every word (the last as a prefix), newest first among a
    bounded set of candidates (search as you type must stay cheap for a two-letter prefix)."""
    db = _db()
    now = timezone.now()
    site_clause = ""
    if site_ids:
        site_clause = f" AND d.site_id IN ({', '.join(['%s'] * len(site_ids))})"
    if db.vendor == "postgresql":
        words = [f"{t.word}:*" if t.prefix else t.word for t in query.terms]
        words += [w for p in query.phrases for w in p]
        inner = (
            f"SELECT d.story_id, d.published_at, d.title FROM {DOC} d "  # noqa: S608
            "WHERE to_tsvector('simple'::regconfig, d.title) @@ to_tsquery('simple', %s) "
            f"AND (d.expire_at IS NULL OR d.expire_at > %s){site_clause} LIMIT 400"
        )
        params = [" & ".join(words), db.ops.adapt_datetimefield_value(now), *site_ids]
    else:
        terms = [f'"{t.word}"' + (" *" if t.prefix else "") for t in query.terms]
        terms += ['"' + " ".join(p) + '"' for p in query.phrases]
        inner = (
            f"SELECT d.story_id, d.published_at, d.title FROM {FTS} "  # noqa: S608
            f"JOIN {DOC} d ON d.story_id = {FTS}.rowid WHERE {FTS} MATCH %s "
            f"AND (d.expire_at IS NULL OR d.expire_at > %s){site_clause} "
            f"ORDER BY {FTS}.rowid DESC LIMIT 400"
        )
        params = [
            "title : (" + " AND ".join(terms) + ")",
            db.ops.adapt_datetimefield_value(now),
            *site_ids,
        ]
    with db.cursor() as cursor:
        cursor.execute(inner, params)
        candidates = cursor.fetchall()
    # The engine stems a prefix as a word ("lis" -> "li", which matches "lines"): keep the
    # headlines that really have a word starting with what was typed.
    starts = [t.word for t in query.terms if t.prefix]
    if starts:
        candidates = [
            row
            for row in candidates
            if all(any(w.startswith(p) for w in WORD.findall(row[2].lower())) for p in starts)
        ]
    candidates.sort(key=lambda row: (row[1], row[0]), reverse=True)
    return [row[0] for row in candidates[:limit]]
