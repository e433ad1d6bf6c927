"""XMLTV documents into plain channel and programme records (no database here).

Parsed with defusedxml (no entity expansion, no external fetches). Times follow the DTD:
``YYYYMMDDhhmmss`` or any leading part of it, optionally followed by an offset (``+0100``)
or a zone abbreviation; without one the time is UTC.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from masthead.listings.errors import ListingsError

# Abbreviations seen in real XMLTV output; anything else unknown is refused with the reason.
_ZONES = {"UTC": 0, "GMT": 0, "Z": 0, "BST": 60, "CET": 60, "CEST": 120, "EST": -300, "EDT": -240}
_TIME = re.compile(r"^(\d{4,14})\s*(?:([+-]\d{4})|([A-Za-z]{1,5}))?$")


@dataclass(frozen=True)
class XmltvChannel:
    xmltv_id: str
    name: str
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class XmltvProgramme:
    channel_id: str
    starts_at: datetime
    ends_at: datetime | None
    title: str
    subtitle: str = ""
    description: str = ""
    categories: tuple[str, ...] = ()
    episode: str = ""


@dataclass
class XmltvDocument:
    channels: list[XmltvChannel] = field(default_factory=list)
    programmes: list[XmltvProgramme] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def parse_time(text: str) -> datetime:
    match = _TIME.match(text.strip())
    if not match:
        raise ListingsError(f"XMLTV time {text!r} is not YYYYMMDDhhmmss with an optional offset")
    digits, offset, zone = match.groups()
    if len(digits) % 2:
        raise ListingsError(f"XMLTV time {text!r} has an odd number of digits")
    # Missing trailing parts default to the start of the period ('200209' is 1 Sept 2002).
    padded = digits + "0101000000"[len(digits) - 4 :] if len(digits) < 14 else digits
    try:
        naive = datetime.strptime(padded, "%Y%m%d%H%M%S")  # noqa: DTZ007 - zone applied below
    except ValueError:
        raise ListingsError(f"XMLTV time {text!r} is not a real date") from None
    if offset:
        sign = -1 if offset[0] == "-" else 1
        minutes = sign * (int(offset[1:3]) * 60 + int(offset[3:5]))
    elif zone:
        if zone.upper() not in _ZONES:
            raise ListingsError(f"XMLTV time {text!r} has an unknown time zone {zone!r}")
        minutes = _ZONES[zone.upper()]
    else:
        minutes = 0  # the DTD: "if no explicit timezone is given, UTC is assumed"
    return naive.replace(tzinfo=timezone(timedelta(minutes=minutes))).astimezone(UTC)


def _text(node: Element | None) -> str:
    if node is None or node.text is None:
        return ""
    return " ".join(node.text.split())


def _pick(elements: list[Element], language: str) -> str:
    """The element in the reader's language, else one without a language, else the first."""
    if not elements:
        return ""
    wanted = language.split("-")[0].lower()
    for element in elements:
        if (element.get("lang") or "").split("-")[0].lower() == wanted and _text(element):
            return _text(element)
    for element in elements:
        if not element.get("lang") and _text(element):
            return _text(element)
    return next((_text(e) for e in elements if _text(e)), "")


def _categories(elements: list[Element], language: str) -> tuple[str, ...]:
    wanted = language.split("-")[0].lower()
    chosen = [e for e in elements if (e.get("lang") or "").split("-")[0].lower() == wanted]
    if not chosen:
        chosen = [e for e in elements if not e.get("lang")] or elements[:1]
    seen: dict[str, None] = {}
    for element in chosen:
        if _text(element):
            seen.setdefault(_text(element)[:100], None)
    return tuple(seen)


def parse_xmltv(content: bytes, *, language: str = "en") -> XmltvDocument:
    """Channels and programmes of one XMLTV document; a bad programme is skipped with the
    reason, a document that is not XMLTV raises ``ListingsError``."""
    try:
        root = ElementTree.fromstring(content.removeprefix(b"\xef\xbb\xbf"))
    except DefusedXmlException as error:
        raise ListingsError(f"The XMLTV file uses forbidden XML features: {error}") from None
    except ElementTree.ParseError as error:
        raise ListingsError(f"The XMLTV file is not well-formed XML: {error}") from None
    if root.tag != "tv":
        raise ListingsError(f"Not an XMLTV document: the root element is <{root.tag}>, not <tv>")
    document = XmltvDocument()
    for node in root.findall("channel"):
        xmltv_id = (node.get("id") or "").strip()
        names = tuple(n for n in (_text(e) for e in node.findall("display-name")) if n)
        if not xmltv_id:
            document.skipped.append("a channel without an id")
            continue
        name = _pick(node.findall("display-name"), language) or xmltv_id
        document.channels.append(XmltvChannel(xmltv_id=xmltv_id, name=name[:200], names=names))
    for node in root.findall("programme"):
        channel_id = (node.get("channel") or "").strip()
        try:
            starts_at = parse_time(node.get("start") or "")
            ends_at = parse_time(node.get("stop")) if node.get("stop") else None
        except ListingsError as error:
            document.skipped.append(f"programme on {channel_id or '?'}: {error.reason}")
            continue
        title = _pick(node.findall("title"), language)
        if not channel_id or not title:
            document.skipped.append(f"programme at {node.get('start')}: no channel or title")
            continue
        if ends_at is not None and ends_at <= starts_at:
            ends_at = None
        if ends_at is None and (length := node.find("length")) is not None:
            ends_at = _from_length(starts_at, length)
        document.programmes.append(
            XmltvProgramme(
                channel_id=channel_id,
                starts_at=starts_at,
                ends_at=ends_at,
                title=title[:300],
                subtitle=_pick(node.findall("sub-title"), language)[:300],
                description=_pick(node.findall("desc"), language),
                categories=_categories(node.findall("category"), language),
                episode=_text(node.find("episode-num[@system='onscreen']"))[:50],
            )
        )
    _fill_missing_ends(document.programmes)
    return document


def _from_length(starts_at: datetime, length: Element) -> datetime | None:
    units = {"seconds": 1, "minutes": 60, "hours": 3600}.get(length.get("units", ""), 0)
    try:
        amount = int(_text(length))
    except ValueError:
        return None
    return starts_at + timedelta(seconds=amount * units) if units and amount > 0 else None


def _fill_missing_ends(programmes: list[XmltvProgramme]) -> None:
    """A programme without a stop time runs until the next one on its channel starts."""
    by_channel: dict[str, list[int]] = {}
    for index, programme in enumerate(programmes):
        by_channel.setdefault(programme.channel_id, []).append(index)
    for indexes in by_channel.values():
        indexes.sort(key=lambda i: programmes[i].starts_at)
        for here, following in itertools.pairwise(indexes):
            current = programmes[here]
            if current.ends_at is None and programmes[following].starts_at > current.starts_at:
                programmes[here] = XmltvProgramme(
                    **{**current.__dict__, "ends_at": programmes[following].starts_at}
                )
