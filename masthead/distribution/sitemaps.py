"""Sitemap XML: the index, the chunks it names, and the Google News sitemap.

Written with Django's streaming XML generator rather than templates: a chunk holds up to
10,000 URLs and the generator escapes every value.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from io import StringIO

from django.conf import settings
from django.utils.xmlutils import SimplerXMLGenerator

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


def w3c(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def news_language() -> str:
    """Google News wants an ISO 639 code ("en"), with zh-cn/zh-tw the only regional forms."""
    code = settings.LANGUAGE_CODE.lower()
    return code if code in ("zh-cn", "zh-tw") else code.split("-")[0]


def _document(write) -> str:
    out = StringIO()
    xml = SimplerXMLGenerator(out, "utf-8")
    xml.startDocument()
    write(xml)
    xml.endDocument()
    return out.getvalue()


def sitemap_index(entries: Iterable[tuple[str, datetime | None]]) -> str:
    def write(xml: SimplerXMLGenerator) -> None:
        xml.startElement("sitemapindex", {"xmlns": SITEMAP_NS})
        for loc, lastmod in entries:
            xml.startElement("sitemap", {})
            xml.addQuickElement("loc", loc)
            if lastmod is not None:
                xml.addQuickElement("lastmod", w3c(lastmod))
            xml.endElement("sitemap")
        xml.endElement("sitemapindex")

    return _document(write)


def urlset(entries: Iterable[tuple[str, datetime | None]]) -> str:
    def write(xml: SimplerXMLGenerator) -> None:
        xml.startElement("urlset", {"xmlns": SITEMAP_NS})
        for loc, lastmod in entries:
            xml.startElement("url", {})
            xml.addQuickElement("loc", loc)
            if lastmod is not None:
                xml.addQuickElement("lastmod", w3c(lastmod))
            xml.endElement("url")
        xml.endElement("urlset")

    return _document(write)


def news_urlset(*, publication: str, entries: Iterable[tuple[str, str, datetime]]) -> str:
    language = news_language()

    def write(xml: SimplerXMLGenerator) -> None:
        xml.startElement("urlset", {"xmlns": SITEMAP_NS, "xmlns:news": NEWS_NS})
        for loc, title, published in entries:
            xml.startElement("url", {})
            xml.addQuickElement("loc", loc)
            xml.startElement("news:news", {})
            xml.startElement("news:publication", {})
            xml.addQuickElement("news:name", publication)
            xml.addQuickElement("news:language", language)
            xml.endElement("news:publication")
            xml.addQuickElement("news:publication_date", w3c(published))
            xml.addQuickElement("news:title", title)
            xml.endElement("news:news")
            xml.endElement("url")
        xml.endElement("urlset")

    return _document(write)
