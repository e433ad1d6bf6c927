"""IPTC ninjs (JSON) news items, versions 1.x, 2.x and 3.x, text and picture items.

The three versions name the same things three ways: 1.x ``headline``/``body_xhtml``/``byline``,
2.x ``headlines[]``/``bodies[]``/``by`` in lower case (``versioncreated``, ``contenttype``),
3.x the 2.x names in camelCase (``versionCreated``, ``copyrightHolder``, ``contentType``).
Keys are read case-folded, so 3.x reads as 2.x; what differs is handled by name. Items that
are no story (video, audio, event, planning, component) and items the agency withheld or
cancelled are refused with what they are.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from masthead.ingest.errors import IngestError
from masthead.ingest.media import inline_picture_bytes, local_picture_bytes
from masthead.ingest.story import Block, ParsedItem, Picture, WireStory, parse_each
from masthead.ingest.text import (
    clean_text,
    element_to_blocks,
    html_to_blocks,
    html_to_text,
    parse_timestamp,
    take_dateline,
    text_to_blocks,
)

_LEAD_PICTURE_NAMES = ("mainpic", "featuremedia", "main", "featureimage", "leadimage")
STORY_TYPES = {"text", "composite"}
PICTURE_TYPES = {"picture", "graphic"}
# What each refused kind is, in an editor's words.
_NOT_STORIES = {
    "video": "a video item: video is not imported (add the video to a story in the admin)",
    "audio": "an audio item: audio is not imported",
    "event": "an event item (a diary entry, not a story): events are not imported",
    "planning": "a planning item (planned coverage, not a story): planning is not imported",
    "component": "a component item (a part of another item, not a story on its own)",
}
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>\s*", re.I)


def _text(value: Any) -> str:
    # A JSON true/false is no text (bool is an int in Python: it would read "True").
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return ""
    return clean_text(value)


def _string(value: Any) -> str | None:
    """A field that must hold markup or text as given: a non-empty string, or nothing."""
    return value if isinstance(value, str) and value.strip() else None


def _folded(value: Any) -> Any:
    """The item with every key in lower case: 3.x ``versionCreated`` reads as 2.x's."""
    if isinstance(value, dict):
        return {str(k).lower(): _folded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_folded(v) for v in value]
    return value


def ninjs_version(item: dict) -> str:
    """ "1", "2" or "3": from the item's ``standard`` (or 1.x ``$standard``), else its keys."""
    for key in ("standard", "$standard"):
        declared = item.get(key)
        if isinstance(declared, dict) and _text(declared.get("version"))[:1] in ("1", "2", "3"):
            return _text(declared["version"])[:1]
    if _camel_case(item):
        return "3"  # only 3.x has camelCase names
    if any(k in item for k in ("headlines", "bodies", "descriptions", "by", "altids")):
        return "2"
    return "1"


def _camel_case(value: Any, depth: int = 0) -> bool:
    if depth > 4:
        return False
    if isinstance(value, dict):
        return any(k != k.lower() or _camel_case(v, depth + 1) for k, v in value.items()
                   if k not in ("extra", "associations"))  # fmt: skip
    if isinstance(value, list):
        return any(_camel_case(v, depth + 1) for v in value[:20])
    return False


def _entries(value: Any) -> list[dict]:
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


def _role_value(entries: Any, *roles: str, default_first: bool = True) -> str:
    """The value with one of ``roles`` from a 2.x/3.x list ([{"role": …, "value": …}]),
    as plain text whatever its content type."""
    dicts = _entries(entries)
    for role in roles:
        for entry in dicts:
            if entry.get("role") == role and entry.get("value"):
                return _plain(entry)
    if default_first:
        for entry in dicts:
            if entry.get("value") and entry.get("role") in (None, "", "main", "text"):
                return _plain(entry)
    return ""


def _plain(entry: dict) -> str:
    value = str(entry.get("value") or "")
    return html_to_text(value) if "<" in value else clean_text(value)


def _names(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    names = []
    for entry in value:
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            names.append(clean_text(entry["name"]))
        elif isinstance(entry, str):
            names.append(clean_text(entry))
    return [n for n in names if n and len(n) <= 100]


def _best_rendition(renditions: Any) -> dict:
    if isinstance(renditions, dict):  # 1.x: renditions by name
        for name in ("original", "baseimage", "main", "viewimage"):
            if isinstance(renditions.get(name), dict):
                return renditions[name]
        renditions = list(renditions.values())
    images = [
        r for r in _entries(renditions)
        if r.get("href") and not str(r.get("contenttype") or r.get("mimetype") or "image/")
        .startswith(("video/", "audio/"))
    ]  # fmt: skip

    def width(r: dict) -> int:
        try:
            return int(r.get("width") or 0)
        except (TypeError, ValueError):
            return 0

    return max(images, key=width, default={})


def _picture(item: dict, *, base_dir: Path | None) -> Picture:
    caption = (
        _text(item.get("description_text"))
        or html_to_text(_text(item.get("description_xhtml")) or _text(item.get("description_html")))
        or _role_value(item.get("descriptions"), "caption")
        or (_headline(item) if item.get("type") in PICTURE_TYPES else "")
    )
    photographers = [
        clean_text(a.get("name"))
        for a in _entries(item.get("authors"))
        if a.get("role") in ("photographer", None)
    ]
    photographer = (
        _text(item.get("by"))
        or _text(item.get("byline"))
        or next((p for p in photographers if p), "")
    )
    creditline = _role_value(item.get("descriptions"), "creditline", default_first=False)
    # Who sells the picture: the credit line, else the copyright holder (SIPA's pictures
    # name only the photo agency in ``by`` and SIPA USA as copyrightHolder).
    holder = creditline or _text(item.get("copyrightholder"))
    if holder and holder.casefold() in photographer.casefold():
        holder = ""  # "Karl Melander/TT" already credits TT
    credit = " / ".join(p for p in (photographer, holder) if p)
    rendition = _best_rendition(item.get("renditions"))
    href = _text(rendition.get("href")) or _text(item.get("guid"))
    picture = Picture(
        caption=caption,
        credit=credit,
        photographer=photographer,
        agency=creditline or _text(item.get("copyrightholder")),
        url=href,
        usage_terms=_text(item.get("usageterms")),
    )
    data = inline_picture_bytes(href) if href.startswith("data:") else None
    if data is not None:
        picture.data, picture.url = data, ""
    else:
        found = local_picture_bytes(href, base_dir=base_dir)
        if found:
            picture.data, picture.filename = found
    return picture


def _associations(item: dict) -> list[tuple[str, dict]]:
    associations = item.get("associations")
    if isinstance(associations, dict):  # 1.x: by name
        pairs = [(str(k), v) for k, v in associations.items() if isinstance(v, dict)]
    else:  # 2.x and 3.x: a list of items with a name
        pairs = [(str(v.get("name", "")), v) for v in _entries(associations)]
    pairs.sort(key=lambda pair: pair[0].lower() not in _LEAD_PICTURE_NAMES)
    return [pair for pair in pairs if pair[1].get("type") in (*PICTURE_TYPES, None)]


# --- Bodies -------------------------------------------------------------------------------------


def _body_kind(content_type: str, role: str, value: str) -> str:
    """ "html", "nitf", "text" or "xml" (agency-private XML such as TT-NITF)."""
    content_type, role = content_type.lower(), role.lower()
    if "nitf" in content_type or role == "nitf":
        return "nitf" if "ttnitf" not in content_type + role else "xml"
    if "html" in content_type or role in ("html", "xhtml", "html5", "richhtml5", "richtext"):
        return "html"
    if "xml" in content_type:
        return "nitf" if "<nitf" in value[:500].lower() else "xml"
    if content_type.startswith("text/plain"):
        return "text"
    # No content type: what the value looks like.
    head = _XML_DECLARATION.sub("", value[:500]).lstrip().lower()
    if head.startswith("<nitf"):
        return "nitf"
    return "html" if head.startswith("<") else "text"


def _nitf_blocks(value: str, skip: set[str]) -> list[Block]:
    """NITF's <body.content> (with its <hl2> subheadings), read with defusedxml."""
    try:
        root = SafeET.fromstring(
            _XML_DECLARATION.sub("", value).encode(),
            forbid_dtd=True,
            forbid_entities=True,
            forbid_external=True,
        )
    except (DefusedXmlException, ET.ParseError, ValueError):
        return []
    content = next((e for e in root.iter() if str(e.tag).endswith("body.content")), root)
    return element_to_blocks(content, skip=skip)


def _body_blocks(kind: str, value: str, skip: set[str]) -> list[Block]:
    if kind == "html":
        return html_to_blocks(_XML_DECLARATION.sub("", value), skip=skip)
    if kind == "nitf":
        return _nitf_blocks(value, skip)
    if kind == "xml":
        return _nitf_blocks(value, skip)  # whatever paragraphs it has, if nothing else did
    return text_to_blocks(value, skip=skip)


def _body(item: dict, headline: str) -> list[Block]:
    skip = {headline}
    candidates: list[tuple[str, str]] = [
        ("html", item[key]) for key in ("body_xhtml", "body_html") if _string(item.get(key))
    ]  # 1.x
    candidates += [
        ("html" if "<" in str(value) else "text", value)
        for key, value in item.items()
        if key.startswith("body_") and key not in ("body_xhtml", "body_html", "body_text")
        and isinstance(value, str) and value.strip()
    ]  # fmt: skip
    for body in _entries(item.get("bodies")):  # 2.x and 3.x
        value = body.get("value")
        if isinstance(value, str) and value.strip():
            kind = _body_kind(_text(body.get("contenttype")), _text(body.get("role")), value)
            candidates.append((kind, value))
    if _string(item.get("body_text")):
        candidates.append(("text", item["body_text"]))
    preference = {"html": 0, "nitf": 1, "text": 2, "xml": 3}
    for kind, value in sorted(candidates, key=lambda c: preference[c[0]]):
        blocks = _body_blocks(kind, value, skip)
        if blocks:
            return blocks
    return []


# --- Items --------------------------------------------------------------------------------------


def _headline(item: dict) -> str:
    # 1.5 and later 1.x name headlines "headline_<role>" ("headline_main").
    patterned = [item[k] for k in sorted(item, key=lambda k: k != "headline_main")
                 if k.startswith("headline_") and isinstance(item[k], str)]  # fmt: skip
    return (
        _text(item.get("headline"))
        or next((html_to_text(h) for h in patterned if h.strip()), "")
        or _role_value(item.get("headlines"), "main")
        or _text(item.get("title"))
        or _text(item.get("slugline"))
    )


def _kind(item: dict) -> str:
    declared = _text(item.get("type")).lower()
    if declared:
        return declared
    if item.get("eventdetails"):
        return "event"
    if item.get("plannedcoverage"):
        return "planning"
    return "text"


def parse_ninjs(data: bytes, *, base_dir: Path | None = None) -> list[ParsedItem]:
    """One ninjs item (an object) or a list of them; each becomes a result."""
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as error:
        raise IngestError(f"not valid JSON: {error}") from None
    items = document if isinstance(document, list) else [document]
    return parse_each(
        items, label="item", convert=lambda item: _item_story(item, base_dir=base_dir)
    )


def _item_story(raw: Any, *, base_dir: Path | None) -> WireStory:
    if not isinstance(raw, dict):
        raise IngestError("a ninjs item must be a JSON object")
    version = ninjs_version(raw)
    item = _folded(raw)
    original_id = _text(item.get("uri")) or _text(item.get("guid"))
    if not original_id:
        raise IngestError("the ninjs item has neither uri nor guid")
    kind = _kind(item)
    if kind not in STORY_TYPES | PICTURE_TYPES:
        what = _NOT_STORIES.get(kind, f"an item of type {kind!r}, which is not imported")
        raise IngestError(f"ninjs {version}.x {what}; only text and picture items become stories")
    status = _text(item.get("pubstatus")).lower()
    if status in ("withheld", "canceled", "cancelled"):
        raise IngestError(f"the agency has {status} this item (pubStatus {status}): not imported")
    headline = _headline(item)
    if not headline:
        raise IngestError("the ninjs item has no headline")
    extra = item.get("extra") if isinstance(item.get("extra"), dict) else {}
    published_at = None
    for candidate in (item.get("firstcreated"), item.get("contentcreated"),
                      extra.get("original_published_at"), item.get("versioncreated")):  # fmt: skip
        published_at = parse_timestamp(candidate)
        if published_at:
            break
    byline = _text(item.get("byline")) or _text(item.get("by"))
    authors = [
        clean_text(a.get("name")) for a in _entries(item.get("authors"))
        if a.get("role") not in ("photographer",)
    ]  # fmt: skip
    place_names = _names(item.get("place")) + _names(item.get("places"))
    raw_keywords = item.get("keywords")
    keywords = [clean_text(k) for k in raw_keywords if isinstance(k, str)] if isinstance(
        raw_keywords, list) else []  # fmt: skip
    keywords += list(_names(item.get("person")) + _names(item.get("people"))
        + _names(item.get("organisation")) + _names(item.get("organisations")))  # fmt: skip
    picture = None
    if kind in PICTURE_TYPES:
        picture = _picture(item, base_dir=base_dir)
        body = text_to_blocks(picture.caption)
        standfirst = ""
    else:
        body = _body(item, headline)
        standfirst = (
            _text(item.get("description_text"))
            or html_to_text(_text(item.get("description_html")))
            or _role_value(item.get("descriptions"), "summary", "text", "lead", "abstract")
        )
        if not body and standfirst:
            body, standfirst = text_to_blocks(standfirst), ""  # a brief: its text is all
        if not body:
            raise IngestError(f"the ninjs {kind} item has no body text to import")
        for _name, associated in _associations(item):
            picture = _picture(associated, base_dir=base_dir)
            break
    place, agency = take_dateline(body) if kind not in PICTURE_TYPES else ("", "")
    body_start = " ".join(b.text for b in body[:2])
    if standfirst and body_start.startswith(standfirst.rstrip(".… ")[:80]):
        standfirst = ""  # a teaser that only repeats the opening words is no standfirst
    located = _text(item.get("located"))
    sources = [
        clean_text(s.get("name")) for s in _entries(item.get("infosources")) if s.get("name")
    ]
    return WireStory(
        format="ninjs",
        original_id=original_id,
        url=original_id if original_id.startswith(("http://", "https://")) else "",
        headline=headline,
        standfirst=standfirst[:400],
        body=body,
        published_at=published_at,
        dateline=place or (located.split(",")[0].strip() if located else ""),
        byline=[byline] if byline else [a for a in authors if a],
        # A picture item's credit line names who sells it; AP's infoSources name who
        # supplied AP (DHA), not the agency an editor credits.
        agency=agency
        or _text(item.get("copyrightholder"))
        or (picture.agency if picture and kind in PICTURE_TYPES else "")
        or next(iter(sources), ""),
        picture=picture,
        keywords=[k for k in keywords if k and len(k) <= 100],
        places=place_names,
        language=_text(item.get("language"))[:35],
    )
