"""IPTC NewsML-G2 news items (text and picture), bare or inside a newsMessage.

Parsed with defusedxml: no DTDs, no entity expansion, no external references (XXE).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from masthead.ingest.errors import EmptyInputError, IngestError
from masthead.ingest.media import inline_picture_bytes, local_picture_bytes
from masthead.ingest.story import Block, ParsedItem, Picture, WireStory, parse_each
from masthead.ingest.text import (
    clean_text,
    element_to_blocks,
    parse_timestamp,
    take_dateline,
    text_to_blocks,
)

NAR = "{http://iptc.org/std/nar/2006-10-01/}"


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _find(element: ET.Element | None, path: str) -> ET.Element | None:
    if element is None:
        return None
    return element.find("/".join(f"{NAR}{part}" for part in path.split("/")))


def _findall(element: ET.Element | None, path: str) -> list[ET.Element]:
    if element is None:
        return []
    return element.findall("/".join(f"{NAR}{part}" for part in path.split("/")))


def _text(element: ET.Element | None) -> str:
    return clean_text("".join(element.itertext())) if element is not None else ""


def _name(element: ET.Element | None) -> str:
    """A concept's display name: its <name>, else its literal, else the code after the scheme."""
    if element is None:
        return ""
    name = _text(_find(element, "name"))
    if name:
        return name
    if element.get("literal"):
        return clean_text(element.get("literal"))
    qcode = element.get("qcode", "")
    return qcode.split(":", 1)[-1] if ":" in qcode else ""


def _description(meta: ET.Element | None, *roles: str) -> str:
    for description in _findall(meta, "description"):
        role = description.get("role", "")
        if any(role.endswith(r) for r in roles):
            return _text(description)
    return ""


def _byline(meta: ET.Element | None) -> list[str]:
    by = _text(_find(meta, "by"))
    if by:
        return [by]
    names = []
    for creator in _findall(meta, "creator"):
        name = _name(creator)
        # Agencies put log-in ids ("degenhardt.sandra") in creator: only real names are bylines.
        if (
            name
            and " " in name
            and "." not in name
            and "photographer" not in creator.get("role", "")
        ):
            names.append(name)
    return names


def _body(content_set: ET.Element | None, headline: str) -> list[Block]:
    for inline in _findall(content_set, "inlineXML"):
        blocks = element_to_blocks(inline, skip={headline})
        if blocks:
            return blocks
    for inline in _findall(content_set, "inlineData"):
        blocks = text_to_blocks(inline.text or "", skip={headline})
        if blocks:
            return blocks
    return []


def _picture(item: ET.Element, meta: ET.Element | None, *, base_dir: Path | None) -> Picture:
    renditions = [
        r for r in _findall(item, "contentSet/remoteContent")
        if r.get("contenttype", "image/").startswith("image/")
        and (r.get("href") or r.get("residref"))
    ]  # fmt: skip

    def size(r: ET.Element) -> int:
        try:
            return int(r.get("width") or r.get("height") or r.get("size") or 0)
        except ValueError:
            return 0

    best = max(renditions, key=size, default=None)
    href = (best.get("href") or best.get("residref") or "") if best is not None else ""
    photographer = next(
        (_name(c) for c in _findall(meta, "creator") if "photographer" in c.get("role", "")), ""
    ) or _text(_find(meta, "by"))
    creditline = _text(_find(meta, "creditline"))
    picture = Picture(
        caption=_description(meta, "caption") or _description(meta, "summary"),
        credit=" / ".join(dict.fromkeys(p for p in (photographer, creditline) if p)),
        photographer=photographer,
        agency=creditline,
        url=href,
        usage_terms=_text(_find(item, "rightsInfo/usageTerms")),
    )
    inline = _find(item, "contentSet/inlineData")
    if inline is not None and inline.get("encoding") == "base64" and inline.text:
        picture.data = inline_picture_bytes(
            f"data:{inline.get('contenttype', 'image/jpeg')};base64,{inline.text.strip()}"
        )
    if picture.data is None:
        found = local_picture_bytes(href, base_dir=base_dir)
        if found:
            picture.data, picture.filename = found
    return picture


def _item_story(item: ET.Element, *, base_dir: Path | None) -> WireStory:
    guid = clean_text(item.get("guid"))
    if not guid:
        raise IngestError("the newsItem has no guid")
    item_meta = _find(item, "itemMeta")
    meta = _find(item, "contentMeta")
    item_class = (_find(item_meta, "itemClass").get("qcode", "") if _find(item_meta, "itemClass")
                  is not None else "")  # fmt: skip
    is_picture = item_class.endswith(("picture", "graphic"))
    if not (is_picture or item_class.endswith("text") or not item_class):
        kind = item_class.rsplit(":", 1)[-1]
        raise IngestError(
            f"a NewsML-G2 {kind} news item ({item_class}): {kind} is not imported; "
            "only text and picture items become stories"
        )
    headline = _text(_find(meta, "headline")) or _text(_find(item_meta, "title"))
    if not headline:
        raise IngestError("the newsItem has no headline")
    published_at = None
    for path, parent in (("contentCreated", meta), ("firstCreated", item_meta),
                         ("versionCreated", item_meta)):  # fmt: skip
        published_at = parse_timestamp(_text(_find(parent, path)))
        if published_at:
            break
    provider = _find(item_meta, "provider")
    agency = _name(provider)
    picture = None
    if is_picture:
        picture = _picture(item, meta, base_dir=base_dir)
        body = text_to_blocks(picture.caption)
        standfirst = ""
    else:
        body = _body(_find(item, "contentSet"), headline)
        standfirst = _description(meta, "summary", "abstract")
    place, dateline_agency = take_dateline(body) if not is_picture else ("", "")
    located = _find(meta, "located")
    dateline_text = _text(_find(meta, "dateline"))
    if not place:
        place = _name(located) or (
            dateline_text if dateline_text and not any(c.isdigit() for c in dateline_text) else ""
        )
    places = [_name(s) for s in _findall(meta, "subject") if s.get("type", "").endswith("geoArea")]
    if located is not None:
        places += [_name(located)] + [_name(b) for b in _findall(located, "broader")]
    keywords = [_text(k) for k in _findall(meta, "keyword")]
    return WireStory(
        format="newsml-g2",
        original_id=guid,
        headline=headline,
        standfirst=standfirst[:400],
        body=body,
        published_at=published_at,
        dateline=place,
        byline=_byline(meta) if not is_picture else [],
        agency=agency or dateline_agency,
        picture=picture,
        keywords=[k for k in keywords if k and len(k) <= 100],
        places=[p for p in dict.fromkeys(places) if p],
        language=_language(item, meta),
    )


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _language(item: ET.Element, meta: ET.Element | None) -> str:
    """The content's language: contentMeta <language tag>, else the content's own xml:lang,
    else the item's (which may only describe its metadata)."""
    for language in _findall(meta, "language"):
        if language.get("tag"):
            return clean_text(language.get("tag"))[:35]
    contents = [*_findall(item, "contentSet/inlineXML"), *_findall(item, "contentSet/inlineData")]
    for content in contents:
        if content.get(XML_LANG):
            return clean_text(content.get(XML_LANG))[:35]
    return clean_text(item.get(XML_LANG))[:35]


# The other kinds of G2 item, in an editor's words: none of them is a story.
OTHER_ITEMS = {
    "packageItem": "a package item (a list of other items, not a story): import the news "
    "items it names",
    "conceptItem": "a concept item (a description of a person, place or subject from the "
    "agency's vocabulary, not a story)",
    "knowledgeItem": "a knowledge item (a set of the agency's concepts, not a story)",
    "planningItem": "a planning item (the agency's planned coverage, not a story)",
    "catalogItem": "a catalog item (the agency's code lists, not a story)",
}
ITEM_TAGS = {f"{NAR}newsItem", *(f"{NAR}{tag}" for tag in OTHER_ITEMS)}


def parse_newsml(data: bytes, *, base_dir: Path | None = None) -> list[ParsedItem]:
    """Each item of a NewsML-G2 document; broken XML fails the file, a bad item itself."""
    try:
        root = SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise IngestError(f"refused unsafe XML ({type(error).__name__})") from None
    except (ET.ParseError, ValueError, LookupError) as error:
        # LookupError: an unknown encoding in the XML declaration (found by hypothesis).
        raise IngestError(f"broken XML: {error}") from None
    if root.tag in ITEM_TAGS:
        items = [root]
    elif root.tag == f"{NAR}newsMessage":
        items = [i for i in _findall(root, "itemSet/*") if i.tag in ITEM_TAGS]
        if not items:
            raise EmptyInputError("a NewsML-G2 newsMessage with no items: nothing to import")
    elif _local(root.tag) == "NewsML":
        raise IngestError(
            "NewsML 1.x, IPTC's older format, is not imported: ask the agency for NewsML-G2"
        )
    else:
        raise IngestError(f"not a NewsML-G2 news item (root element <{_local(root.tag)}>)")
    return parse_each(
        items, label="item", convert=lambda item: _any_item_story(item, base_dir=base_dir)
    )


def _any_item_story(item: ET.Element, *, base_dir: Path | None) -> WireStory:
    kind = _local(item.tag)
    if kind in OTHER_ITEMS:
        guid = clean_text(item.get("guid"))
        named = f" {guid}" if guid else ""
        raise IngestError(f"NewsML-G2{named} is {OTHER_ITEMS[kind]}")
    return _item_story(item, base_dir=base_dir)
