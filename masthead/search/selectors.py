"""Story search for the reader's page and the API: filters, counts, two orders, pages, snippets,
"did you mean", and suggestions as the reader types.

The default engine is the search index (``masthead.search.engine``: SQLite FTS5 or PostgreSQL
full text over ``SearchDocument``, every match ranked). ``MASTHEAD_SEARCH_ENGINE=wagtail``
searches through Wagtail's search backend instead (``WAGTAILSEARCH_BACKENDS``: e.g.
OpenSearch/Elasticsearch), see ``masthead.search.wagtail_engine`` and docs/search.md.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models.functions import Length
from taggit.models import Tag

from masthead.core import cursors
from masthead.core.pagecache import current_generation
from masthead.core.sites import NetworkSite, network_sites, site_holding
from masthead.newsroom.models import SectionPage
from masthead.search import engine, results
from masthead.search.highlight import query_terms
from masthead.search.models import SearchDocument, SearchFacet, SearchWord
from masthead.search.query import ParsedQuery, parse
from masthead.search.shown import Shown
from masthead.search.shown import shown as shown_of

PAGE_SIZE = 20
# Relevance has no stable key to page by, so it pages by position up to this depth; past it
# readers are told to narrow the search or order by date (which pages by key without end).
RELEVANCE_DEPTH = 200
MAX_QUERY_CHARS = 200
ORDERS = ("relevance", "newest")
KINDS = [
    ("article", "Articles"),
    ("gallery", "Galleries"),
    ("video", "Video"),
    ("live blog", "Live blogs"),
    ("community story", "Community stories"),
    ("user gallery", "User galleries"),
]
DATE_LABELS = {
    "day": "Past 24 hours",
    "week": "Past week",
    "month": "Past month",
    "year": "Past year",
}


def search_engine() -> str:
    return getattr(settings, "MASTHEAD_SEARCH_ENGINE", "index")


class SearchInputError(ValueError):
    """A search parameter the reader can fix; the message says how."""


@dataclass(frozen=True)
class SearchFilters:
    section: SectionPage | None = None
    tag: Tag | None = None
    published_from: date | None = None
    published_to: date | None = None
    kind: str | None = None
    author: int | None = None
    place: int | None = None


@dataclass
class SearchHit:
    story_id: int
    site: NetworkSite | None
    url: str
    title: str
    snippet: str
    kind: str
    published_at: datetime
    headline: str = ""  # the title as written, unmarked


@dataclass
class FacetValue:
    key: str
    label: str
    count: int


@dataclass
class SearchPage:
    query: str
    order: str
    hits: list[SearchHit]
    next_cursor: str | None
    suggestion: str | None = None
    # Set when nothing matched the reader's words and their correction was searched instead.
    corrected_from: str | None = None
    total: int | None = None
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def story_url(url_path: str, site: NetworkSite | None, *, current: NetworkSite | None) -> str:
    if site is None:
        return url_path
    return (
        site.path_of(url_path)
        if current is not None and site.id == current.id
        else site.url_of(url_path)
    )


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _decode_key(cursor: str) -> tuple[datetime, int]:
    try:
        decoded = cursors.decode(cursor)
    except cursors.CursorError as error:
        raise SearchInputError(
            "This page of results has expired; start the search again."
        ) from error
    return decoded.at, decoded.id


def _decode_offset(cursor: str) -> int:
    try:
        offset = int(cursor.removeprefix("o"))
    except ValueError as error:
        raise SearchInputError(
            "This page of results has expired; start the search again."
        ) from error
    if not 0 <= offset < RELEVANCE_DEPTH:
        raise SearchInputError(
            f"Results by relevance stop after {RELEVANCE_DEPTH}; narrow the search or order "
            "by date to go further."
        )
    return offset


def clean_query(query: str) -> str:
    """The reader's words without control characters (a NUL byte breaks full-text engines),
    whitespace collapsed, at most ``MAX_QUERY_CHARS`` long."""
    printable = "".join(ch if ch.isprintable() else " " for ch in query)
    return " ".join(printable.split())[:MAX_QUERY_CHARS]


def query_words(query: str) -> str:
    """The words of a query and nothing else (for engines given plain words)."""
    return " ".join(parse(query).words)


def sections_for_filter(*, site: NetworkSite) -> list[tuple[int, str]]:
    """The site's sections as (id, title) for the section filter, cached until a publish."""
    key = f"search:sections:{current_generation()}:{site.id}"
    sections = cache.get(key)
    if sections is None:
        sections = list(
            SectionPage.objects.live()
            .filter(path__startswith=site.root_path)
            .order_by("path")
            .values_list("id", "title")[:200]
        )
        cache.set(key, sections, timeout=3600)
    return sections


def _section_titles() -> dict[int, str]:
    key = f"search:section-titles:{current_generation()}"
    titles = cache.get(key)
    if titles is None:
        titles = dict(SectionPage.objects.live().values_list("id", "title")[:2000])
        cache.set(key, titles, timeout=3600)
    return titles


def section_get(*, site: NetworkSite, section_id: int) -> SectionPage | None:
    return (
        SectionPage.objects.live()
        .filter(path__startswith=site.root_path, id=section_id)
        .only("id", "title", "path")
        .first()
    )


def suggestion_for(query: str) -> str | None:
    """ "Did you mean": each word the index does not know is compared with the index's own
    vocabulary of headline, tag and place words starting with the same letter; the closest
    (the more common on a tie) replaces it."""
    terms = query_terms(query)
    if not terms:
        return None
    known = set(SearchWord.objects.filter(word__in=terms).values_list("word", flat=True))
    changed = False
    corrected = []
    for term in terms:
        if term in known or len(term) < 3 or term.isdigit():
            corrected.append(term)
            continue
        candidates = dict(
            SearchWord.objects.filter(word__startswith=term[0])
            .annotate(length=Length("word"))
            .filter(length__gte=len(term) - 2, length__lte=len(term) + 2)
            .values_list("word", "documents")[:5000]
        )
        close = difflib.get_close_matches(term, list(candidates), n=5, cutoff=0.75)
        if close:
            best = max(
                close,
                key=lambda w: (
                    round(difflib.SequenceMatcher(None, term, w).ratio(), 2),
                    candidates[w],
                ),
            )
            corrected.append(best)
            changed = True
        else:
            corrected.append(term)
    return " ".join(corrected) if changed else None


def _where(*, sites: list[NetworkSite], filters: SearchFilters) -> engine.Where:
    return engine.Where(
        site_ids=tuple(s.id for s in sites),
        section_path=filters.section.path if filters.section is not None else None,
        kind=filters.kind,
        author=filters.author,
        place=filters.place,
        tag=filters.tag.id if filters.tag is not None else None,
        published_from=_day_start(filters.published_from) if filters.published_from else None,
        published_before=(
            _day_start(filters.published_to + timedelta(days=1)) if filters.published_to else None
        ),
    )


def _hits(
    ids: list[int],
    parsed: ParsedQuery,
    *,
    current: NetworkSite | None,
    known: dict[int, Shown] | None = None,
) -> list[SearchHit]:
    """The hits for these story ids in this order; ``known``: those already made for this
    query and still current (a kept list's), the others are read from the index."""
    known = known or {}
    missing = [story_id for story_id in ids if story_id not in known]
    found = {**known, **shown_of(missing, parsed)} if missing else known
    all_sites = network_sites()
    hits = []
    for story_id in ids:
        row = found.get(story_id)
        if row is None:
            continue
        site = site_holding(row.path, all_sites)
        hits.append(
            SearchHit(
                story_id=story_id,
                site=site,
                url=story_url(row.url_path, site, current=current),
                title=row.title,
                snippet=row.snippet,
                kind=row.kind,
                published_at=row.published_at,
                headline=row.headline,
            )
        )
    return hits


def _facets(counts: engine.Counts, *, sites: list[NetworkSite]) -> dict[str, list[FacetValue]]:
    site_names = {s.id: s.name for s in network_sites()}
    sections = _section_titles()
    kind_labels = dict(KINDS)
    facets = {
        "site": [
            FacetValue(str(site_id), site_names.get(site_id, "?"), n)
            for site_id, n in sorted(counts.sites.items(), key=lambda kv: -kv[1])
            if site_id is not None
        ],
        "kind": [
            FacetValue(kind, kind_labels.get(kind, kind.capitalize()), n)
            for kind, n in sorted(counts.kinds.items(), key=lambda kv: -kv[1])
        ],
        "section": [
            FacetValue(str(section_id), sections.get(section_id, "?"), n)
            for section_id, n in sorted(counts.sections.items(), key=lambda kv: -kv[1])[:12]
            if section_id in sections
        ],
        "date": [FacetValue(name, DATE_LABELS[name], n) for name, n in counts.dates.items() if n],
        "author": [FacetValue(str(v), label, n) for v, label, n in counts.authors],
        "place": [FacetValue(str(v), label, n) for v, label, n in counts.places],
    }
    if len(sites) < 2:
        facets["site"] = []
    return facets


def _validate(order: str, filters: SearchFilters) -> None:
    if order not in ORDERS:
        raise SearchInputError(f"Order results by {' or '.join(ORDERS)}.")
    if (
        filters.published_from
        and filters.published_to
        and (filters.published_from > filters.published_to)
    ):
        raise SearchInputError("The start date is after the end date.")


def search_stories(
    *,
    query: str,
    sites: list[NetworkSite],
    current_site: NetworkSite | None,
    filters: SearchFilters | None = None,
    order: str = "relevance",
    cursor: str = "",
    size: int = PAGE_SIZE,
    with_counts: bool = True,
    correct: bool = True,
) -> SearchPage:
    """One page of stories matching ``query`` on ``sites``; links relative for
    ``current_site``'s own stories, absolute for the others."""
    query = clean_query(query)
    filters = filters or SearchFilters()
    _validate(order, filters)
    if search_engine() == "wagtail":
        from masthead.search import wagtail_engine

        return wagtail_engine.search_stories(
            query=query,
            sites=sites,
            current_site=current_site,
            filters=filters,
            order=order,
            cursor=cursor,
            size=size,
        )
    parsed = parse(query)
    if not parsed:
        return SearchPage(query=query, order=order, hits=[], next_cursor=None)
    page, counts = _search_index(parsed, query, sites, current_site, filters, order, cursor, size)
    if not page.hits and not cursor:
        page.suggestion = suggestion_for(query)
        if page.suggestion and correct:
            corrected, corrected_counts = _search_index(
                parse(page.suggestion),
                page.suggestion,
                sites,
                current_site,
                filters,
                order,
                "",
                size,
            )
            if corrected.hits:
                corrected.corrected_from = query
                corrected.suggestion = page.suggestion
                page, counts = corrected, corrected_counts
    if with_counts and page.hits and not cursor:
        if counts is None:
            counts = results.counts(parse(page.query), _where(sites=sites, filters=filters))
        page.total = counts.total
        page.facets = _facets(counts, sites=sites)
    return page


def _search_index(
    parsed: ParsedQuery,
    query: str,
    sites: list[NetworkSite],
    current_site: NetworkSite | None,
    filters: SearchFilters,
    order: str,
    cursor: str,
    size: int,
) -> tuple[SearchPage, engine.Counts | None]:
    """The page, and the query's counts when a kept list answered (read with its ranking)."""
    where = _where(sites=sites, filters=filters)
    next_cursor = None
    counts: engine.Counts | None = None
    if order == "newest":
        if cursor:
            at, story_id = _decode_key(cursor)
            ids = engine.newest_after(parsed, where, at=at, story_id=story_id, limit=size + 1)
        else:
            ids = engine.rank(parsed, where, order="newest", offset=0, limit=size + 1)
        hits = _hits(ids[:size], parsed, current=current_site)
        if len(ids) > size and hits:
            next_cursor = cursors.encode(hits[-1].published_at, hits[-1].story_id)
    else:
        offset = _decode_offset(cursor) if cursor else 0
        ranked = results.page(parsed, where, offset=offset, limit=size + 1)
        ids = ranked.ids
        hits = _hits(ids[:size], parsed, current=current_site, known=ranked.shown)
        if len(ids) > size and offset + size < RELEVANCE_DEPTH:
            next_cursor = f"o{offset + size}"
        counts = ranked.counts
    return SearchPage(query=query, order=order, hits=hits, next_cursor=next_cursor), counts


@dataclass
class Suggestion:
    text: str
    url: str
    kind: str  # "story" or "tag"


SUGGESTIONS = 6


def suggestions_for(
    *, prefix: str, site: NetworkSite | None, current_site: NetworkSite | None
) -> list[Suggestion]:
    """Headlines and tags for what the reader has typed so far (the last word a prefix),
    cached per generation: the same letters cost one query once per publish."""
    prefix = clean_query(prefix)[:60]
    parsed = parse(prefix, prefix_last=True)
    if not parsed or sum(len(w) for w in parsed.words) < 2:
        return []
    key = f"search:suggest:{current_generation()}:{site.id if site else 0}:{parsed.text()}"
    found = cache.get(key)
    if found is not None:
        return found
    found = []
    last = parsed.terms[-1].word if parsed.terms else ""
    if last and len(parsed.words) == 1:
        candidates = list(
            Tag.objects.filter(name__istartswith=last)
            .order_by("name")
            .values_list("id", "name", "slug")[:20]
        )
        # Only tags a reader can see on a story: a tag only a draft carries stays unsaid.
        shown = set(
            SearchFacet.objects.filter(
                facet="tag", value__in=[tag_id for tag_id, _n, _s in candidates]
            ).values_list("value", flat=True)
        )
        found += [
            Suggestion(text=name, url=f"/tags/{slug}/", kind="tag")
            for tag_id, name, slug in candidates
            if tag_id in shown
        ][:3]
    ids = engine.headlines_starting(
        parsed, site_ids=(site.id,) if site else (), limit=SUGGESTIONS - len(found)
    )
    # Six headlines: their bodies stay in the database.
    documents = SearchDocument.objects.only("title", "path", "url_path").in_bulk(ids)
    all_sites = network_sites()
    for story_id in ids:
        document = documents.get(story_id)
        if document is None:
            continue
        story_site = site_holding(document.path, all_sites)
        found.append(
            Suggestion(
                text=document.title,
                url=story_url(document.url_path, story_site, current=current_site),
                kind="story",
            )
        )
    cache.set(key, found, timeout=300)
    return found


def today_minus(days: int) -> date:
    from django.utils import timezone

    return timezone.localdate() - timedelta(days=days)
