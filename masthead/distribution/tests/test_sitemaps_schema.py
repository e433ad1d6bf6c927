"""Sitemaps read as a crawler's validator reads them: the sitemaps.org schema (sitemap.xsd as
sitemap.js ships it, installed by npm in tests/validators and read at test time), with lxml.

No registry package ships sitemaps.org's siteindex.xsd or Google's sitemap-news.xsd (looked
for on PyPI, npm and Debian): the index is checked element by element in test_sitemaps.py, and
the news sitemap against sitemap.xsd with its extension wildcard read as "lax" (the urlset,
url, loc and lastmod are still checked by the real schema; the news elements by
test_sitemaps.py). Also: sitemaps answer conditional GETs."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.utils.http import http_date
from lxml import etree

from masthead.newsroom.tests import factories as f
from tests.validators import SITEMAP_XSD

pytestmark = [pytest.mark.django_db, pytest.mark.validators]


def schema(*, lax_extensions: bool = False) -> etree.XMLSchema:
    text = SITEMAP_XSD.read_bytes()
    if lax_extensions:
        text = text.replace(b'processContents="strict"', b'processContents="lax"')
    return etree.XMLSchema(etree.fromstring(text))


def validated(client, url: str, xsd: etree.XMLSchema) -> etree._Element:
    response = client.get(url, HTTP_HOST="localhost")
    assert response.status_code == 200, url
    document = etree.fromstring(response.content)
    assert xsd.validate(document), (url, [str(e) for e in xsd.error_log])
    return document


def test_page_story_and_news_sitemaps_are_valid_by_the_sitemaps_org_schema(client, network):
    f.make_article(network["world"], title="November", at=datetime(2026, 11, 3, 12, tzinfo=UTC))
    f.make_article(network["world"], title="Today", tags=["Harbour"])
    strict = schema()

    validated(client, "/sitemaps/pages.xml", strict)
    story_sitemap = validated(client, "/sitemaps/stories-2026-11.xml", strict)
    assert len(story_sitemap) == 1
    news = validated(client, "/sitemaps/news.xml", schema(lax_extensions=True))
    assert len(news) == 1
    # The strict schema refuses the news elements it has no declaration for: the lax reading
    # above is needed, not a way around an error of ours.
    assert not strict.validate(news)


def test_the_schema_refuses_a_sitemap_with_a_bad_lastmod():
    broken = etree.fromstring(
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>'
        b"<loc>http://localhost/a/</loc><lastmod>yesterday</lastmod></url></urlset>"
    )
    assert not schema().validate(broken)


@pytest.mark.parametrize(
    "url", ["/sitemap.xml", "/sitemaps/stories-2026-11.xml", "/sitemaps/news.xml"]
)
def test_sitemaps_answer_conditional_gets(client, network, url):
    story = f.make_article(network["world"], title="Now")
    if "2026-11" in url:
        story = f.make_article(network["world"], at=datetime(2026, 11, 3, 12, tzinfo=UTC))
    first = client.get(url, HTTP_HOST="localhost")
    assert first.status_code == 200
    assert first["Last-Modified"] == http_date(story.last_published_at.timestamp())
    for condition in (
        {"HTTP_IF_NONE_MATCH": first["ETag"]},
        {"HTTP_IF_MODIFIED_SINCE": first["Last-Modified"]},
    ):
        assert client.get(url, HTTP_HOST="localhost", **condition).status_code == 304
    # Sections and plain pages never published through Wagtail have no time: the ETag alone.
    pages = client.get("/sitemaps/pages.xml", HTTP_HOST="localhost")
    etag = {"HTTP_IF_NONE_MATCH": pages["ETag"]}
    assert client.get("/sitemaps/pages.xml", HTTP_HOST="localhost", **etag).status_code == 304
