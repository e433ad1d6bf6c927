"""Search through Wagtail's search backend (``MASTHEAD_SEARCH_ENGINE=wagtail``): for
OpenSearch/Elasticsearch deployments, and to measure the index against the implementation it
replaced (``make search-eval``).

Every filter is expressed on fields the stories index declares as filter fields (``path``,
``id``, ``first_published_at``), so the same call runs on any Wagtail backend. Relevance ranks
the newest ``MASTHEAD_SEARCH_RELEVANCE_WINDOW`` matches (0: all), as before the index existed:
Wagtail's database backend scores each candidate with its own subquery.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q, QuerySet
from wagtail.search.backends import get_search_backend

from masthead.core import cursors
from masthead.core.sites import NetworkSite, network_sites, site_holding
from masthead.newsroom.models import StoryPage, StoryTag
from masthead.search import selectors
from masthead.search.highlight import highlight, query_terms


def relevance_window() -> int:
    return int(getattr(settings, "MASTHEAD_SEARCH_RELEVANCE_WINDOW", selectors.RELEVANCE_DEPTH))


def searchable_stories(*, sites: list[NetworkSite], filters: selectors.SearchFilters) -> QuerySet:
    stories = StoryPage.objects.live().public()
    where = Q()
    for site in sites:
        where |= Q(path__startswith=site.root_path)
    stories = stories.filter(where)
    if filters.section is not None:
        stories = stories.filter(path__startswith=filters.section.path)
    if filters.tag is not None:
        stories = stories.filter(
            id__in=StoryTag.objects.filter(tag=filters.tag).values("content_object_id")
        )
    if filters.published_from is not None:
        stories = stories.filter(
            first_published_at__gte=selectors._day_start(filters.published_from)
        )
    if filters.published_to is not None:
        stories = stories.filter(
            first_published_at__lt=selectors._day_start(filters.published_to)
            + selectors.timedelta(days=1)
        )
    return stories


def search_stories(
    *,
    query: str,
    sites: list[NetworkSite],
    current_site: NetworkSite | None,
    filters: selectors.SearchFilters,
    order: str,
    cursor: str,
    size: int,
) -> selectors.SearchPage:
    words = selectors.query_words(query)
    if not words:
        return selectors.SearchPage(query=query, order=order, hits=[], next_cursor=None)
    stories = searchable_stories(sites=sites, filters=filters)
    backend = get_search_backend()
    next_cursor = None
    if order == "newest":
        if cursor:
            at, story_id = selectors._decode_key(cursor)
            stories = stories.filter(
                Q(first_published_at__lt=at) | Q(first_published_at=at, id__lt=story_id)
            )
        results = backend.search(
            words, stories.order_by("-first_published_at", "-id"), order_by_relevance=False
        )
        found = list(results[: size + 1])
        if len(found) > size:
            found = found[:size]
            next_cursor = cursors.encode(found[-1].first_published_at, found[-1].id)
    else:
        offset = selectors._decode_offset(cursor) if cursor else 0
        candidates = stories
        window = relevance_window()
        if window:
            newest = backend.search(
                words, stories.order_by("-first_published_at", "-id"), order_by_relevance=False
            )
            candidates = stories.filter(id__in=[story.pk for story in newest[:window]])
        found = list(backend.search(words, candidates)[offset : offset + size + 1])
        if len(found) > size:
            found = found[:size]
            if offset + size < selectors.RELEVANCE_DEPTH:
                next_cursor = f"o{offset + size}"
    all_sites = network_sites()
    terms = query_terms(words)
    hits = []
    for story in found:
        site = site_holding(story.path, all_sites)
        hits.append(
            selectors.SearchHit(
                story_id=story.id,
                site=site,
                url=selectors.story_url(story.url_path, site, current=current_site),
                title=highlight(story.title, terms, length=400),
                snippet=highlight(story.standfirst or "", terms),
                kind=story.kind,
                published_at=story.first_published_at,
                headline=story.title,
            )
        )
    return selectors.SearchPage(query=query, order=order, hits=hits, next_cursor=next_cursor)
