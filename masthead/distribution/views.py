"""Feeds, sitemaps and robots.txt: the same for every reader, so every response is cacheable
and goes stale when anything is published (the page cache's generation purge)."""

from __future__ import annotations

import io

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import http_date
from PIL import Image, ImageDraw, ImageFont

from masthead.core import surrogate
from masthead.core.pagecache import cacheable
from masthead.core.sites import NetworkSite, site_for_request
from masthead.distribution import selectors, sitemaps
from masthead.distribution.feeds import CORRECTIONS_FEEDS, FEEDS, json_feed
from masthead.newsroom.reading import router

XML = "application/xml; charset=utf-8"

# Areas no crawler should walk: the editors' admin, reader accounts, the JSON API, per-reader
# fragments, and search results (an endless space of URLs).
ROBOTS_DISALLOW = ("/admin/", "/accounts/", "/api/", "/fragments/", "/search/")
# Inside a closed area, what a search engine may still show: "Create profile" is how a reader
# who searches for "join <site>" finds us (the page itself is indexable: account/signup.html).
ROBOTS_ALLOW = ("/accounts/signup/",)


def _site(request: HttpRequest) -> NetworkSite:
    site = site_for_request(request)
    if site is None:
        raise Http404("No site is configured for this host.")
    return site


def _feed(scope: str, kind: str, request: HttpRequest, **kwargs) -> HttpResponse:
    # A fresh feed object per request: it remembers the request's channel while writing.
    if kind == "json":
        return json_feed(FEEDS[scope]["rss"](), request, **kwargs)
    return FEEDS[scope][kind]()(request, **kwargs)


def site_feed(request: HttpRequest, kind: str) -> HttpResponse:
    return _feed("site", kind, request)


def corrections_feed(request: HttpRequest, kind: str) -> HttpResponse:
    return CORRECTIONS_FEEDS[kind]()(request)


def section_feed(request: HttpRequest, section_path: str, kind: str) -> HttpResponse:
    site = _site(request)
    section = selectors.section_for_url_path(site=site, path=section_path)
    if section is None:
        # Not a section: perhaps a page whose own path ends in feed/rss/; the page tree decides.
        return router.serve(request, f"{section_path}feed/{kind}/")
    return _feed("section", kind, request, section=section)


def tag_feed(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    tag = selectors.tag_for_slug(slug=slug)
    if tag is None:
        raise Http404("No such tag.")
    return _feed("tag", kind, request, tag=tag)


def _xml(site: NetworkSite, content: str, *, modified=()) -> HttpResponse:
    """A sitemap; ``Last-Modified`` is the newest ``lastmod`` it lists (conditional GET: the
    ETag comes from ConditionalGetMiddleware)."""
    response = HttpResponse(content, content_type=XML)
    known = [moment for moment in modified if moment is not None]
    if known:
        response["Last-Modified"] = http_date(max(known).timestamp())
    # Thousands of stories each: named by the site's sitemap key, which every story change
    # of the site purges, not by every story they list.
    return cacheable(response, keys=(surrogate.sitemap(site.id),), exact=True)


def sitemap_index(request: HttpRequest) -> HttpResponse:
    site = _site(request)
    base = site.root_url
    entries = [(f"{base}/sitemaps/pages.xml", None), (f"{base}/sitemaps/news.xml", None)]
    entries += [
        (f"{base}/sitemaps/stories-{chunk.name}.xml", chunk.lastmod)
        for chunk in reversed(selectors.sitemap_chunks(root_path=site.root_path))
    ]
    return _xml(site, sitemaps.sitemap_index(entries), modified=[lastmod for _, lastmod in entries])


def sitemap_pages(request: HttpRequest) -> HttpResponse:
    site = _site(request)
    rows = selectors.sitemap_other_pages(root_path=site.root_path)
    return _xml(
        site,
        sitemaps.urlset((site.url_of(url_path), lastmod) for url_path, lastmod in rows),
        modified=[lastmod for _, lastmod in rows],
    )


def sitemap_stories(request: HttpRequest, name: str) -> HttpResponse:
    site = _site(request)
    dates = selectors.chunk_from_name(name)
    if dates is None:
        raise Http404("No such sitemap.")
    rows = selectors.sitemap_story_rows(root_path=site.root_path, start=dates[0], end=dates[1])
    if not rows:
        raise Http404("No stories were published in that period.")
    return _xml(
        site,
        sitemaps.urlset((site.url_of(url_path), lastmod) for url_path, lastmod in rows),
        modified=[lastmod for _, lastmod in rows],
    )


def sitemap_news(request: HttpRequest) -> HttpResponse:
    site = _site(request)
    rows = selectors.news_sitemap_stories(root_path=site.root_path)
    response = _xml(
        site,
        sitemaps.news_urlset(
            publication=site.name,
            entries=(
                (site.url_of(url_path), title, published, language)
                for url_path, title, published, language in rows
            ),
        ),
        modified=[row[2] for row in rows],
    )
    return response


def robots_txt(request: HttpRequest) -> HttpResponse:
    site = _site(request)
    lines = [
        "User-agent: *",
        *(f"Allow: {path}" for path in ROBOTS_ALLOW),
        *(f"Disallow: {path}" for path in ROBOTS_DISALLOW),
        "",
    ]
    lines += [
        f"Sitemap: {site.root_url}/sitemap.xml",
        f"Sitemap: {site.root_url}/sitemaps/news.xml",
    ]
    return cacheable(HttpResponse("\n".join(lines) + "\n", content_type="text/plain"))


LOGO_SIZE = (600, 60)


def logo_png(request: HttpRequest) -> HttpResponse:
    """The site's name as a 600x60 picture: the publisher ``logo`` search engines ask for in
    NewsArticle structured data (a rectangle that fits 600x60). Drawn by our code from the
    site's name, so every site of the network has one without an upload."""
    site = _site(request)
    picture = Image.new("RGB", LOGO_SIZE, (17, 17, 17))
    draw = ImageDraw.Draw(picture)
    size = 40
    font = ImageFont.load_default(size=size)
    while size > 12 and draw.textlength(site.name, font=font) > LOGO_SIZE[0] - 24:
        size -= 2
        font = ImageFont.load_default(size=size)
    draw.text((12, LOGO_SIZE[1] // 2), site.name, font=font, fill=(255, 255, 255), anchor="lm")
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return cacheable(HttpResponse(buffer.getvalue(), content_type="image/png"))
