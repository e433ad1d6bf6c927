"""Which parser an input needs, decided from its bytes (the file name only breaks ties).

Every failure is an ``IngestError``; the batch that called goes on with the next input.
"""

from __future__ import annotations

import re
from pathlib import Path

from masthead.core.fetching import max_input_bytes
from masthead.ingest.decoding import as_utf8, decode_bytes
from masthead.ingest.errors import TooLargeError, UnknownFormatError
from masthead.ingest.feeds import parse_feed
from masthead.ingest.newsml import parse_newsml
from masthead.ingest.ninjs import parse_ninjs
from masthead.ingest.pages import extract_html, extract_text
from masthead.ingest.story import ParsedItem

FEED_MARKERS = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.I)
NEWSML_MARKERS = re.compile(
    rb"<([\w-]+:)?(newsItem|newsMessage|packageItem|conceptItem|knowledgeItem|planningItem"
    rb"|catalogItem|NewsML)[\s>]"
)
HTML_MARKERS = re.compile(rb"<(!doctype\s+html|html|head|body|article|div|p|h1)[\s>]", re.I)


def sniff(data: bytes, *, name: str = "", content_type: str = "") -> str:
    """One of "ninjs", "newsml-g2", "feed", "html", "text"; UnknownFormatError otherwise."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    suffix = Path(name).suffix.lower()
    if b"\x00" in data[:4096] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnknownFormatError("this is a binary file, not a feed, agency item or article")
    if head[:1] in (b"{", b"[") or suffix == ".json" or "json" in content_type:
        return "ninjs"
    if NEWSML_MARKERS.search(head):
        return "newsml-g2"
    if FEED_MARKERS.search(head) or any(t in content_type for t in ("rss", "atom")):
        return "feed"
    if HTML_MARKERS.search(head) or suffix in (".html", ".htm") or "html" in content_type:
        return "html"
    if head.startswith(b"<"):
        raise UnknownFormatError("XML that is neither RSS/Atom nor NewsML-G2")
    return "text"


def parse_input(
    data: bytes,
    *,
    name: str = "",
    content_type: str = "",
    base_url: str = "",
    base_dir: Path | None = None,
) -> list[ParsedItem]:
    """The items in one input (a file, an upload, a fetched document)."""
    limit = max_input_bytes()
    if len(data) > limit:
        raise TooLargeError(f"{len(data)} bytes is over the limit of {limit} bytes per input")
    data = as_utf8(data)
    kind = sniff(data, name=name, content_type=content_type)
    if kind == "ninjs":
        return parse_ninjs(data, base_dir=base_dir)
    if kind == "newsml-g2":
        return parse_newsml(data, base_dir=base_dir)
    if kind == "feed":
        return parse_feed(data, base_url=base_url, content_type=content_type)
    text = decode_bytes(data, content_type=content_type)
    if kind == "html":
        story = extract_html(text, url=base_url, base_dir=base_dir)
    else:
        story = extract_text(text, reference=base_url)
    return [ParsedItem(reference=story.original_id, story=story)]
