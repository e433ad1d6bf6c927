"""RSS and Atom feeds (feedparser) into stories, one result per entry."""

from __future__ import annotations

import calendar
import hashlib
from datetime import UTC, datetime
from urllib.parse import urljoin

import feedparser
from lxml import html as lxml_html

from masthead.ingest.decoding import declared_encoding
from masthead.ingest.errors import EmptyInputError, IngestError
from masthead.ingest.story import ParsedItem, Picture, WireStory
from masthead.ingest.text import (
    clean_text,
    html_to_blocks,
    html_to_text,
    parse_timestamp,
    take_dateline,
)


def _time(entry: dict) -> datetime | None:
    present = set(entry.keys())  # .get() on a missing "updated_parsed" warns in feedparser 6
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry[key] if key in present else None
        if parsed:
            return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    # feedparser rejects dates with non-English names ("Seg, 24 Set 2018"); we read those.
    for key in ("published", "updated", "created"):
        found = parse_timestamp(entry.get(key))
        if found:
            return found
    return None


def _picture(entry: dict, summary_html: str, base: str) -> Picture | None:
    try:
        return _first_picture(entry, summary_html, base)
    except ValueError:  # an address urllib cannot read ("http://[x": Invalid IPv6 URL)
        return None


def _first_picture(entry: dict, summary_html: str, base: str) -> Picture | None:
    credits = [clean_text(c.get("content")) for c in entry.get("media_credit", []) or []]
    credit = next((c for c in credits if c), "")
    caption = clean_text(entry.get("media_description") or entry.get("media_title") or "")
    images = [
        m for m in entry.get("media_content", []) or []
        if m.get("url") and (m.get("medium", "image") == "image")
        and not str(m.get("type", "image/")).startswith(("video", "audio"))
    ]  # fmt: skip
    if images:
        best = max(
            images,
            key=lambda m: int(m.get("width") or 0) if str(m.get("width") or "").isdigit() else 0,
        )
        return Picture(url=urljoin(base, best["url"]), caption=caption, credit=credit)
    for enclosure in entry.get("enclosures", []) or []:
        if str(enclosure.get("type", "")).startswith("image/") and enclosure.get("href"):
            return Picture(url=urljoin(base, enclosure["href"]), caption=caption, credit=credit)
    thumbnails = entry.get("media_thumbnail") or []
    if thumbnails and thumbnails[0].get("url"):
        return Picture(url=urljoin(base, thumbnails[0]["url"]), caption=caption, credit=credit)
    if summary_html and "<img" in summary_html:
        try:
            image = lxml_html.fragment_fromstring(summary_html, create_parent="div").find(".//img")
        except (ValueError, lxml_html.etree.ParserError):
            image = None
        if image is not None and image.get("src"):
            return Picture(
                url=urljoin(base, image.get("src")), alt=clean_text(image.get("alt")), credit=credit
            )
    return None


def _entry_story(entry: dict, *, kind: str, base: str, language: str) -> WireStory:
    headline = html_to_text(entry.get("title", ""))
    if not headline:
        raise IngestError("the entry has no title")
    link = entry.get("link") or ""
    url = urljoin(base, link) if link else ""
    original_id = clean_text(entry.get("id")) or url
    if not original_id:
        original_id = "sha256:" + hashlib.sha256(headline.encode()).hexdigest()[:32]
    summary = entry.get("summary", "") or ""
    contents = [c.get("value", "") for c in entry.get("content", []) or [] if c.get("value")]
    body_html = max(contents, key=len) if contents else summary
    blocks = html_to_blocks(body_html, skip={headline})
    standfirst = ""
    if contents and summary and html_to_text(summary) != html_to_text(body_html):
        standfirst = html_to_text(summary)
    elif (
        not contents
        and len(blocks) > 1
        and blocks[0].kind == "paragraph"
        and len(blocks[0].text) <= 300
    ):
        # An RSS description usually opens with the teaser paragraph: that is the standfirst.
        standfirst = blocks.pop(0).text
    place, agency = take_dateline(blocks)
    byline = [clean_text(a.get("name")) for a in entry.get("authors", []) or [] if a.get("name")]
    keywords = [clean_text(t.get("term")) for t in entry.get("tags", []) or [] if t.get("term")]
    return WireStory(
        format=kind,
        original_id=original_id,
        url=url,
        headline=headline,
        standfirst=standfirst[:400],
        body=blocks,
        published_at=_time(entry),
        dateline=place,
        byline=[b for b in byline if b],
        agency=agency,
        picture=_picture(entry, summary, base),
        keywords=[k for k in keywords if k and len(k) <= 100],
        language=_entry_language(entry) or language,
    )


def _entry_language(entry: dict) -> str:
    """An entry's own xml:lang (Atom), which feedparser puts on each text it read."""
    for detail in (*(entry.get("content") or []), entry.get("summary_detail"),
                   entry.get("title_detail")):  # fmt: skip
        if isinstance(detail, dict) and detail.get("language"):
            return clean_text(detail["language"])[:35]
    return ""


def parse_feed(data: bytes, *, base_url: str = "", content_type: str = "") -> list[ParsedItem]:
    """Every entry of an RSS/Atom document; a broken entry is one failed item, not the batch."""
    declared_encoding(data, content_type=content_type)  # an unknown encoding is reported
    headers = {"content-type": content_type or "application/xml"}
    if base_url:
        headers["content-location"] = base_url
    try:
        parsed = feedparser.parse(data, response_headers=headers, sanitize_html=True)
    except Exception as error:  # noqa: BLE001
        # feedparser itself fails on some malformed input (AttributeError, TypeError in its
        # media:width handling, found by hypothesis): that is an unreadable feed, not a crash.
        raise IngestError(f"not a readable RSS or Atom feed ({type(error).__name__})") from None
    if not parsed.entries:
        version = parsed.get("version") or ""
        if version and not parsed.get("bozo"):
            # A readable channel that lists nothing (yet): that is no failure.
            kind = "an Atom feed" if version.startswith("atom") else "an RSS feed"
            raise EmptyInputError(f"{kind} with no items: nothing to import")
        problem = parsed.get("bozo_exception")
        detail = f": {problem}" if problem else ""
        raise IngestError(f"not a readable RSS or Atom feed{detail}")
    kind = "atom" if str(parsed.get("version", "")).startswith("atom") else "rss"
    feed = parsed.get("feed", {})
    # Relative entry links resolve against the feed's own alternate link, then where it came from.
    try:
        base = urljoin(base_url, feed.get("link", "")) if feed.get("link") else base_url
    except ValueError:  # an address urllib cannot read ("http://[x": Invalid IPv6 URL)
        base = base_url
    language = clean_text(feed.get("language"))[:35]
    items = []
    for number, entry in enumerate(parsed.entries, start=1):
        reference = f"entry {number}"
        try:
            story = _entry_story(entry, kind=kind, base=base, language=language)
        except IngestError as error:
            items.append(ParsedItem(reference=reference, error=error))
        except ValueError as error:
            # urllib refuses some addresses a feed may carry ("http://[x": Invalid IPv6 URL):
            # that entry is unreadable, the rest of the feed is not.
            unreadable = IngestError(f"bad address: {error}")
            items.append(ParsedItem(reference=reference, error=unreadable))
        else:
            items.append(ParsedItem(reference=f"{reference}: {story.original_id}", story=story))
    return items
