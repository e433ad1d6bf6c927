"""Text helpers shared by the parsers: HTML to body blocks, datelines and time stamps."""

from __future__ import annotations

import html as htmllib
import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

import nh3
from lxml import etree
from lxml import html as lxml_html

from masthead.ingest.story import Block

_SPACE = re.compile(r"\s+")
_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "li", "pre", "hl1", "hl2"}
_HEADING_TAGS = {"h2", "h3", "h4", "h5", "h6", "hl2"}
_DROP_TAGS = ["script", "style", "figure", "figcaption", "nav", "aside", "iframe", "noscript",
              "form", "button", "svg", "template", "object", "embed", "header",
              "footer"]  # fmt: skip
_INLINE_TAGS = {"a", "b", "i", "br"}
_LINK_SCHEMES = {"http", "https", "mailto"}
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):", re.I)
_FIRST_SEGMENT = re.compile(r"[^/?#]*")
# (and the full-width marks Chinese and Japanese end sentences with)
_TERMINAL = (".", "!", "?", ":", ";", "…", '"', "”", "»", "'", "’", ")",
             "。", "！", "？", "」", "）")  # fmt: skip


def clean_text(value: object) -> str:
    """One line of plain text: entities decoded (twice-escaped wire text too), spaces folded."""
    if value is None:
        return ""
    text = str(value)
    if "&" in text:
        text = htmllib.unescape(text)
    return _SPACE.sub(" ", text).strip()


def html_to_text(markup: str) -> str:
    if not markup or "<" not in markup:
        return clean_text(markup)
    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return clean_text(markup)
    return clean_text(root.text_content())


def harmless_href(value: str) -> bool:
    """The rule for a link we keep: an allowed scheme (http, https, mailto), or a clean relative
    reference, one with no colon before its first ``/``, ``?`` or ``#`` (RFC 3986's
    path-noscheme), so no browser can read a scheme into it. nh3 on its own keeps anything its
    URL parser cannot read as absolute, such as ``:<script``."""
    value = value.strip()
    scheme = _SCHEME.match(value)
    if scheme:
        return scheme.group(1).lower() in _LINK_SCHEMES
    return ":" not in _FIRST_SEGMENT.match(value).group(0)


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if (tag, attribute) == ("a", "href") and not harmless_href(value):
        return None
    return value


def inline_html(markup: str) -> str:
    """Paragraph HTML an editor may keep: links, bold, italic, in Wagtail's own tag names.
    A link whose href breaks ``harmless_href`` keeps its text and loses the href."""
    markup = re.sub(r"<(/?)strong\b", r"<\1b", markup, flags=re.I)
    markup = re.sub(r"<(/?)em\b", r"<\1i", markup, flags=re.I)
    # Some tags scope what they hold: a link inside <object> may sit inside another link.
    # Once the <object> is dropped, the next parse splits the nested links differently, so
    # what we store would change if cleaned again. Clean until it stops changing (two passes
    # for every case found; the bound only guards against a parser that never settles).
    safe = _clean_inline(markup)
    for _ in range(4):
        again = _clean_inline(safe)
        if again == safe:
            break
        safe = again
    return safe


def _clean_inline(markup: str) -> str:
    safe = nh3.clean(
        markup,
        tags=_INLINE_TAGS,
        attributes={"a": {"href"}},
        url_schemes=_LINK_SCHEMES,
        link_rel=None,
        attribute_filter=_keep_attribute,
    )
    return _SPACE.sub(" ", safe).strip()


def paragraph(text: str) -> Block:
    text = clean_text(text)
    return Block("paragraph", text, htmllib.escape(text, quote=False))


def _looks_like_subheading(text: str) -> bool:
    # A short question standing alone between paragraphs ("At what price change?") heads
    # what follows; quoted, it is someone speaking.
    question = text.endswith("?") and len(text.split()) <= 6 and not text.startswith(('"', "“"))
    return (
        0 < len(text) <= 90
        and (question or not text.endswith(_TERMINAL))
        and len(text.split()) <= 12
    )


def _element_inner_html(element: etree._Element) -> str:
    parts = [htmllib.escape(element.text or "", quote=False)]
    for child in element:
        if isinstance(child, etree._Element):
            parts.append(etree.tostring(child, encoding="unicode", method="html", with_tail=True))
        else:  # an ElementTree element from the XML parsers
            parts.append(_stdlib_tostring(child))
    return "".join(parts)


def _stdlib_tostring(element: object) -> str:
    import xml.etree.ElementTree as ET

    return ET.tostring(element, encoding="unicode", method="html")


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _has_block_inside(element: etree._Element) -> bool:
    return any(_local(inner.tag) in _BLOCK_TAGS for inner in list(element.iter())[1:])


def element_to_blocks(root: etree._Element, *, skip: set[str] | None = None) -> list[Block]:
    """Blocks from the block elements under ``root`` (HTML, XHTML or NITF, any namespace;
    lxml or ElementTree elements alike)."""
    skip = {s.casefold() for s in (skip or set()) if s}
    blocks: list[Block] = []

    def walk(element: etree._Element) -> None:
        tag = _local(element.tag)
        if tag in _DROP_TAGS:
            return
        # The innermost block holds the text: a blockquote of paragraphs is read paragraph by
        # paragraph.
        if tag not in _BLOCK_TAGS or _has_block_inside(element):
            for child in element:
                walk(child)
            return
        block = _block(element, tag, skip)
        if block is not None:
            blocks.append(block)

    walk(root)
    return blocks


def _block(element: etree._Element, tag: str, skip: set[str]) -> Block | None:
    text = clean_text("".join(element.itertext()))
    if not text or text.casefold() in skip or tag in ("h1", "hl1"):
        return None
    if tag in _HEADING_TAGS:
        return Block("subheading", text)
    children = list(element)
    if (
        len(children) == 1
        and _local(children[0].tag) in {"b", "strong"}
        and not clean_text(element.text)
        and not clean_text(children[0].tail)
        and _looks_like_subheading(text)
    ):
        return Block("subheading", text)
    if tag == "pre":
        return paragraph(text)
    inner = inline_html(_element_inner_html(element))
    return Block("paragraph", text, inner or htmllib.escape(text, quote=False))


_NOT_XML_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def html_to_blocks(markup: str, *, skip: set[str] | None = None) -> list[Block]:
    """Body blocks of an HTML fragment or document; loose text split on <br> and newlines."""
    if not markup or not markup.strip():
        return []
    if "<" not in markup:
        return text_to_blocks(htmllib.unescape(markup))
    # lxml parses control characters into the tree but refuses them when drop_tree() moves
    # a tail (ValueError): they are never text, so they go before parsing.
    markup = _NOT_XML_TEXT.sub("", markup)
    try:
        if re.match(r"\s*(<!doctype|<html)", markup, re.I):
            root = lxml_html.document_fromstring(markup)
        else:
            root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return text_to_blocks(html_to_text(markup))
    for element in list(root.iter(*_DROP_TAGS, "img")):
        parent = element.getparent()
        if parent is not None:
            element.drop_tree()
    blocks = element_to_blocks(root, skip=skip)
    if blocks:
        return blocks
    for br in list(root.iter("br")):
        br.tail = "\n" + (br.tail or "")
    return text_to_blocks("".join(root.itertext()), skip=skip)


def text_to_blocks(text: str, *, skip: set[str] | None = None) -> list[Block]:
    """Paragraphs split on blank lines (or lines when there are none); short untermin-
    ated lines between paragraphs become subheadings."""
    skip = {s.casefold() for s in (skip or set()) if s}
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    chunks = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.split("\n")
    lines = [clean_text(chunk) for chunk in chunks]
    lines = [line for line in lines if line and line.casefold() not in skip]
    blocks: list[Block] = []
    for index, line in enumerate(lines):
        between = 0 < index < len(lines) - 1
        if between and _looks_like_subheading(line) and not lines[index + 1][:1].islower():
            blocks.append(Block("subheading", line))
        else:
            blocks.append(paragraph(line))
    return blocks


# --- Datelines --------------------------------------------------------------------------------

_UPPER = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ"
_DATELINE = re.compile(
    rf"""^(?P<place>[{_UPPER}][{_UPPER}.'’ -]{{1,40}}?)
         (?:,\s*(?P<region>[\w.'’ -]{{2,30}}?))?
         \s*(?:\((?P<agency>[\w.&/ -]{{1,24}})\))?
         \s*(?:(?:--|—)\s*|(?:–|-|:)\s+)(?P<rest>\S.*)$""",
    re.X | re.S,
)
# Scripts with no capitals (Arabic, Hebrew, …) tell a dateline by the agency in brackets after
# the place and its region: "دمشق، سوريا (CNN) -- …".
_UNCASED_DATELINE = re.compile(
    r"""^(?P<place>[^\W\dA-Za-z_][^\d(),،:.]{1,30}?)
         (?:\s*[,،]\s*(?P<region>[^\d(),،:.]{2,30}?))?
         \s*\((?P<agency>[\w.&/ -]{1,24})\)
         \s*(?:--|—|–|-|:)\s+(?P<rest>\S.*)$""",
    re.X | re.S,
)
_TITLED_DATELINE = re.compile(
    r"""^(?P<place>[A-Z][\w.'’-]+(?:\s[A-Z][\w.'’-]+){0,3})
         (?:,\s*(?P<region>[\w.'’ -]{2,30}?))?
         \s*\((?P<agency>[\w.&/ -]{1,24})\)
         \s*(?:--|—|–|-|:)\s+(?P<rest>\S.*)$""",
    re.X | re.S,
)


# Wire slugs that look like a dateline ("FILE - In this photo…") but name no place.
_NOT_PLACES = {"file", "update", "updated", "breaking", "exclusive", "corrected", "urgent",
               "analysis", "advisory", "editors", "note", "flash", "bulletin", "photo"}  # fmt: skip


def split_dateline(text: str) -> tuple[str, str, str]:
    """("Grosseto", "AP", rest) from "GROSSETO, Italy (AP) -- rest"; ("", "", text) if none."""
    for pattern in (_DATELINE, _TITLED_DATELINE, _UNCASED_DATELINE):
        match = pattern.match(text)
        if (
            match
            and len(match.group("place").split()) <= 4
            and match.group("place").strip().casefold() not in _NOT_PLACES
        ):
            place = match.group("place").strip()
            if place.isupper():
                place = place.title()
            return place, (match.group("agency") or "").strip(), match.group("rest").strip()
    return "", "", text


def take_dateline(blocks: list[Block]) -> tuple[str, str]:
    """Move a dateline off the first paragraph; returns (place, agency). A short line before
    it that is no sentence ("CNN", a credit left over) is not the first paragraph."""
    for block in blocks[:3]:
        if block.kind != "paragraph":
            continue
        if len(block.text.split()) < 6 and not block.text.rstrip().endswith((".", "!", "?")):
            continue
        place, agency, rest = split_dateline(block.text)
        if not place:
            return "", ""
        block.text = rest
        block.html = _strip_prefix_html(block.html, rest)
        return place, agency
    return "", ""


def _strip_prefix_html(markup: str, rest: str) -> str:
    head = rest[:24]
    position = markup.find(htmllib.escape(head, quote=False))
    if position < 0:
        return htmllib.escape(rest, quote=False)
    return markup[position:]


# --- Time stamps ------------------------------------------------------------------------------

_FOREIGN_NAMES = {
    # Portuguese, Spanish, French, German, Italian day and month abbreviations → English.
    "seg": "Mon", "ter": "Tue", "qua": "Wed", "qui": "Thu", "sex": "Fri", "sáb": "Sat",
    "sab": "Sat", "dom": "Sun", "lun": "Mon", "mar": "Tue", "mié": "Wed", "mie": "Wed",
    "jue": "Thu", "vie": "Fri", "mer": "Wed", "jeu": "Thu", "ven": "Fri", "sam": "Sat",
    "mo": "Mon", "di": "Tue", "mi": "Wed", "do": "Thu", "fr": "Fri", "sa": "Sat", "so": "Sun",
    "fev": "Feb", "abr": "Apr", "mai": "May", "ago": "Aug", "set": "Sep", "out": "Oct",
    "dez": "Dec", "ene": "Jan", "dic": "Dec", "janv": "Jan", "févr": "Feb", "avr": "Apr",
    "juil": "Jul", "sept": "Sep", "déc": "Dec", "mär": "Mar", "okt": "Oct", "gen": "Jan",
    "feb": "Feb", "giu": "Jun", "lug": "Jul", "ott": "Oct",
}  # fmt: skip


# Zone abbreviations newsrooms print after a time: a fixed offset, or, for a region's clock
# whatever the season ("ET", "UK time"), that region's zone. Ambiguous ones ("IST": India,
# Ireland or Israel; "AST") are left out rather than guessed.
ZONE_ABBREVIATIONS: dict[str, str] = {
    "gmt": "+00:00", "utc": "+00:00", "ut": "+00:00", "wet": "+00:00", "west": "+01:00",
    "bst": "+01:00", "cet": "+01:00", "mez": "+01:00", "cest": "+02:00", "mesz": "+02:00",
    "eet": "+02:00", "eest": "+03:00", "msk": "+03:00", "est": "-05:00", "edt": "-04:00",
    "cst": "-06:00", "cdt": "-05:00", "mst": "-07:00", "mdt": "-06:00", "pst": "-08:00",
    "pdt": "-07:00", "akst": "-09:00", "akdt": "-08:00", "hst": "-10:00", "jst": "+09:00",
    "kst": "+09:00", "hkt": "+08:00", "sgt": "+08:00", "awst": "+08:00", "acst": "+09:30",
    "acdt": "+10:30", "aest": "+10:00", "aedt": "+11:00", "nzst": "+12:00", "nzdt": "+13:00",
    "sast": "+02:00", "wat": "+01:00", "cat": "+02:00", "eat": "+03:00", "pkt": "+05:00",
    "et": "America/New_York", "pt": "America/Los_Angeles", "ct": "America/Chicago",
    "mt": "America/Denver", "uk time": "Europe/London",
}  # fmt: skip
_ZONE_WORDS = sorted(
    (re.escape(z).replace("\\ ", r"\s") for z in ZONE_ABBREVIATIONS), key=len, reverse=True
)
ZONE_PATTERN = (
    r"(?:(?:GMT|UTC)\s?[+-]\s?\d{1,2}(?::?\d\d)?|[+-]\d\d:?\d\d|"
    + "|".join(_ZONE_WORDS)
    + r")(?![\w:])"
)
_TRAILING_ZONE = re.compile(rf"^(?P<time>.*?\d)\s*(?:\(\s*)?(?P<zone>{ZONE_PATTERN})\)?\s*$", re.I)


def zone_of(written: str) -> tzinfo | None:
    """The tzinfo a printed zone names: "CET", "cest", "GMT+1", "+0100", "ET"."""
    text = clean_text(written).lower()
    if not text:
        return None
    named = ZONE_ABBREVIATIONS.get(text)
    if named and "/" in named:
        return ZoneInfo(named)
    offset = named or re.sub(r"^(?:gmt|utc)\s?", "", text).replace(" ", "")
    match = re.fullmatch(r"([+-])(\d{1,2}):?(\d\d)?", offset)
    if not match:
        return None
    sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3) or 0)
    if hours > 14 or minutes >= 60:
        return None
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if sign == "-" else delta)


def in_zone(value: datetime, zone: tzinfo | None) -> datetime:
    """``value`` as printed in ``zone`` (a naive time), or as it is if it knew its zone."""
    if value.tzinfo is not None:
        return value
    return value.replace(tzinfo=zone or UTC)


_ENGLISH_NAMES = {
    *["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    *["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def parse_timestamp(value: object, *, default_zone: tzinfo | None = None) -> datetime | None:
    """An aware datetime from ISO 8601 or RFC 822 (English or common European names), with
    a printed zone honoured ("…10:20 CET"); a time with no zone is in ``default_zone`` (UTC)."""
    text = clean_text(value)
    if not text or len(text) > 64:
        return None
    trailing = _TRAILING_ZONE.match(text)
    if trailing and not re.search(r"[+-]\d\d:?\d\d$|Z$", text):
        zone = zone_of(trailing.group("zone"))
        if zone is not None:
            found = parse_timestamp(trailing.group("time"), default_zone=zone)
            if found is not None:
                return found
    iso = text.replace(" ", "T", 1) if re.match(r"\d{4}-\d\d-\d\d \d", text) else text
    iso = re.sub(r"Z$", "+00:00", iso)
    iso = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", iso)
    try:
        return in_zone(datetime.fromisoformat(iso), default_zone)
    except ValueError:
        pass
    words = re.split(r"(\W+)", text)
    # English names stay: "Mar" is March here, not Spanish "martes".
    translated = "".join(
        word if word.title() in _ENGLISH_NAMES else _FOREIGN_NAMES.get(word.casefold(), word)
        for word in words
    )
    try:
        parsed = parsedate_to_datetime(translated)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return in_zone(parsed, default_zone)
