"""Story search through Wagtail's search backend: filters, two orders, pages by key.

Every filter is expressed on fields the stories index declares as filter fields (``path``,
``id``, ``first_published_at``), so the same call runs on the database backend (SQLite FTS5,
PostgreSQL full text) and on OpenSearch/Elasticsearch.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q, QuerySet
from taggit.models import Tag
from wagtail.search.backends import get_search_backend

from masthead.core.pagecache import current_generation
from masthead.core.sites import NetworkSite, network_sites
from masthead.live.selectors import EPOCH, cursor_encode
from masthead.newsroom.models import SectionPage, StoryPage, StoryTag
from masthead.search.highlight import highlight, query_terms

PAGE_SIZE = 20
# Relevance has no stable key to page by, so it pages by position up to this depth; past it
# readers are told to narrow the search or order by date (which pages by key without end).
RELEVANCE_DEPTH = 200
MAX_QUERY_CHARS = 200
ORDERS = ("relevance", "newest")


def relevance_window() -> int:
    """How many of the newest matches relevance ranks (0: all of them, for search engines
    such as OpenSearch that rank the whole index cheaply)."""
    return int(getattr(settings, "MASTHEAD_SEARCH_RELEVANCE_WINDOW", RELEVANCE_DEPTH))


class SearchInputError(ValueError):
    """A search parameter the reader can fix; the message says how."""


@dataclass(frozen=True)
class SearchFilters:
    section: SectionPage | None = None
    tag: Tag | None = None
    published_from: date | None = None
    published_to: date | None = None
    # Hook for the places app: a callable turning the story queryset into the stories of one
    # place, e.g. ``lambda qs: qs.filter(id__in=stories_for_place(place))``. Kept as an id
    # filter so every search backend can apply it.
    place_filter: object | None = None


@dataclass
class SearchHit:
    story: StoryPage
    site: NetworkSite | None
    url: str
    title: str
    snippet: str


@dataclass
class SearchPage:
    query: str
    order: str
    hits: list[SearchHit]
    next_cursor: str | None
    suggestion: str | None = None
    notes: list[str] = field(default_factory=list)


def _site_for_path(path: str, sites: list[NetworkSite]) -> NetworkSite | None:
    return next((s for s in sites if path.startswith(s.root_path)), None)


def _url(story: StoryPage, site: NetworkSite | None, *, current: NetworkSite | None) -> str:
    if site is None:
        return story.url_path
    relative = story.url_path[len(site.root_url_path) - 1 :]
    return relative if current is not None and site.id == current.id else site.root_url + relative


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def searchable_stories(*, sites: list[NetworkSite], filters: SearchFilters) -> QuerySet:
    """Live, public stories of the given sites, narrowed by the filters."""
    stories = StoryPage.objects.live().public()
    where = Q()
    for site in sites:
        where |= Q(path__startswith=site.root_path)
    stories = stories.filter(where)
    if filters.section is not None:
        stories = stories.filter(path__startswith=filters.section.path)
    if filters.tag is not None:
        # ``id`` is a filter field on every backend; the tag join stays in the database.
        stories = stories.filter(
            id__in=StoryTag.objects.filter(tag=filters.tag).values("content_object_id")
        )
    if filters.published_from is not None:
        stories = stories.filter(first_published_at__gte=_day_start(filters.published_from))
    if filters.published_to is not None:
        stories = stories.filter(
            first_published_at__lt=_day_start(filters.published_to + timedelta(days=1))
        )
    if callable(filters.place_filter):
        stories = filters.place_filter(stories)
    return stories


def _decode_key(cursor: str) -> tuple[datetime, int]:
    micros, _, story_id = cursor.partition(".")
    try:
        return EPOCH + timedelta(microseconds=int(micros)), int(story_id)
    except (OverflowError, ValueError) as error:
        raise SearchInputError(
            "This page of results has expired; start the search again."
        ) from error


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


def section_get(*, site: NetworkSite, section_id: int) -> SectionPage | None:
    return (
        SectionPage.objects.live()
        .filter(path__startswith=site.root_path, id=section_id)
        .only("id", "title", "path")
        .first()
    )


def suggestion_for(query: str) -> str | None:
    """ "Did you mean": the database backend has no spelling suggester, so the reader's words
    are compared with the network's tag names and section titles (cached per generation)."""
    key = f"search:vocabulary:{current_generation()}"
    vocabulary = cache.get(key)
    if vocabulary is None:
        words: set[str] = set()
        # Tags of live stories only: a tag that only a draft carries would announce the draft
        # (an embargoed subject) to anyone whose query came close to it.
        live_tags = StoryTag.objects.filter(content_object__live=True).values("tag_id")
        names = list(Tag.objects.filter(id__in=live_tags).values_list("name", flat=True)[:5000])
        names += list(SectionPage.objects.live().values_list("title", flat=True)[:500])
        for name in names:
            words.update(w for w in query_terms(name) if len(w) > 3)
        vocabulary = sorted(words)
        cache.set(key, vocabulary, timeout=3600)
    terms = query_terms(query)
    if not terms or not vocabulary:
        return None
    changed = False
    corrected = []
    for term in terms:
        if term in vocabulary:
            corrected.append(term)
            continue
        close = difflib.get_close_matches(term, vocabulary, n=1, cutoff=0.75)
        corrected.append(close[0] if close else term)
        changed = changed or bool(close)
    return " ".join(corrected) if changed else None


def search_stories(
    *,
    query: str,
    sites: list[NetworkSite],
    current_site: NetworkSite | None,
    filters: SearchFilters | None = None,
    order: str = "relevance",
    cursor: str = "",
    size: int = PAGE_SIZE,
) -> SearchPage:
    """One page of stories matching ``query``; ``cursor`` comes from the previous page."""
    query = clean_query(query)
    if order not in ORDERS:
        raise SearchInputError(f"Order results by {' or '.join(ORDERS)}.")
    filters = filters or SearchFilters()
    if (
        filters.published_from
        and filters.published_to
        and (filters.published_from > filters.published_to)
    ):
        raise SearchInputError("The start date is after the end date.")
    if not query:
        return SearchPage(query=query, order=order, hits=[], next_cursor=None)
    stories = searchable_stories(sites=sites, filters=filters).select_related("lead_image")
    backend = get_search_backend()
    if order == "newest":
        if cursor:
            at, story_id = _decode_key(cursor)
            stories = stories.filter(
                Q(first_published_at__lt=at) | Q(first_published_at=at, id__lt=story_id)
            )
        results = backend.search(
            query, stories.order_by("-first_published_at", "-id"), order_by_relevance=False
        )
        found = list(results[: size + 1])
        next_cursor = None
        if len(found) > size:
            found = found[:size]
            next_cursor = cursor_encode(found[-1].first_published_at, found[-1].id)
    else:
        offset = _decode_offset(cursor) if cursor else 0
        candidates = stories
        window = relevance_window()
        if window:
            # Rank the newest ``window`` matches, not every match: the database backend scores
            # each candidate with its own subquery, which takes seconds for a common word at
            # 100,000 stories (docs/search.md); news readers want recent stories anyway.
            newest = backend.search(
                query, stories.order_by("-first_published_at", "-id"), order_by_relevance=False
            )
            candidates = stories.filter(id__in=[story.pk for story in newest[:window]])
        results = backend.search(query, candidates)
        found = list(results[offset : offset + size + 1])
        next_cursor = None
        if len(found) > size:
            found = found[:size]
            if offset + size < RELEVANCE_DEPTH:
                next_cursor = f"o{offset + size}"
    all_sites = network_sites()
    terms = query_terms(query)
    hits = []
    for story in found:
        site = _site_for_path(story.path, all_sites)
        text = story.standfirst or story.search_description or ""
        hits.append(
            SearchHit(
                story=story,
                site=site,
                url=_url(story, site, current=current_site),
                title=highlight(story.title, terms, length=400),
                snippet=highlight(text, terms),
            )
        )
    page = SearchPage(query=query, order=order, hits=hits, next_cursor=next_cursor)
    if not hits and not cursor:
        page.suggestion = suggestion_for(query)
    return page
