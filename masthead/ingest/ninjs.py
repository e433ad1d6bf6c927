"""IPTC ninjs (JSON) news items, versions 1.x and 2.x, text and picture items."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from masthead.ingest.errors import IngestError
from masthead.ingest.media import inline_picture_bytes, local_picture_bytes
from masthead.ingest.story import ParsedItem, Picture, WireStory, parse_each
from masthead.ingest.text import (
    clean_text,
    html_to_blocks,
    html_to_text,
    parse_timestamp,
    take_dateline,
    text_to_blocks,
)

_LEAD_PICTURE_NAMES = ("mainpic", "featuremedia", "main", "featureimage")


def _text(value: Any) -> str:
    return clean_text(value) if isinstance(value, str | int | float) else ""


def _role_value(entries: Any, *roles: str, default_first: bool = True) -> str:
    """The value with one of ``roles`` from a ninjs 2.x list ([{"role":…, "value":…}])."""
    if not isinstance(entries, list):
        return ""
    dicts = [e for e in entries if isinstance(e, dict)]
    for role in roles:
        for entry in dicts:
            if entry.get("role") == role and entry.get("value"):
                return str(entry["value"])
    if default_first:
        for entry in dicts:
            if entry.get("value") and entry.get("role") in (None, "", "main", "text"):
                return str(entry["value"])
    return ""


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
    if isinstance(renditions, dict):
        for name in ("original", "baseImage", "main", "viewImage"):
            if isinstance(renditions.get(name), dict):
                return renditions[name]
        renditions = list(renditions.values())
    if not isinstance(renditions, list):
        return {}
    found = [r for r in renditions if isinstance(r, dict) and r.get("href")]

    def width(r: dict) -> int:
        try:
            return int(r.get("width") or 0)
        except (TypeError, ValueError):
            return 0

    return max(found, key=width, default={})


def _picture(item: dict, *, base_dir: Path | None) -> Picture:
    caption = (
        _text(item.get("description_text"))
        or html_to_text(_text(item.get("description_xhtml")) or _text(item.get("description_html")))
        or clean_text(_role_value(item.get("descriptions"), "caption"))
        or (_text(item.get("headline")) if item.get("type") == "picture" else "")
    )
    photographers = [
        clean_text(a.get("name"))
        for a in item.get("authors", []) or []
        if isinstance(a, dict) and a.get("role") in ("photographer", None)
    ]
    photographer = (
        _text(item.get("by"))
        or _text(item.get("byline"))
        or next((p for p in photographers if p), "")
    )
    creditline = clean_text(
        _role_value(item.get("descriptions"), "creditline", default_first=False)
    )
    credit = " / ".join(p for p in (photographer, creditline) if p) or _text(
        item.get("copyrightholder")
    )
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
    if isinstance(associations, dict):
        pairs = [(str(k), v) for k, v in associations.items() if isinstance(v, dict)]
    elif isinstance(associations, list):
        pairs = [(str(v.get("name", "")), v) for v in associations if isinstance(v, dict)]
    else:
        return []
    pairs.sort(key=lambda pair: pair[0] not in _LEAD_PICTURE_NAMES)
    return [pair for pair in pairs if pair[1].get("type") in ("picture", "graphic", None)]


def _body(item: dict, headline: str) -> list:
    skip = {headline}
    for key in ("body_xhtml", "body_html"):
        if _text(item.get(key)):
            return html_to_blocks(item[key], skip=skip)
    bodies = item.get("bodies")
    if isinstance(bodies, list):
        ranked = sorted(
            (b for b in bodies if isinstance(b, dict) and isinstance(b.get("value"), str)),
            key=lambda b: "html" not in str(b.get("contenttype", "")),
        )
        for body in ranked:
            if "html" in str(body.get("contenttype", "")):
                blocks = html_to_blocks(body["value"], skip=skip)
            elif "xml" in str(body.get("contenttype", "")):
                continue  # agency-private XML (TT-NITF): the HTML body says the same
            else:
                blocks = text_to_blocks(body["value"], skip=skip)
            if blocks:
                return blocks
    if _text(item.get("body_text")):
        return text_to_blocks(item["body_text"], skip=skip)
    return []


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


def _item_story(item: Any, *, base_dir: Path | None) -> WireStory:
    if not isinstance(item, dict):
        raise IngestError("a ninjs item must be a JSON object")
    original_id = _text(item.get("uri")) or _text(item.get("guid"))
    if not original_id:
        raise IngestError("the ninjs item has neither uri nor guid")
    kind = _text(item.get("type")) or "text"
    headline = (
        _text(item.get("headline"))
        or clean_text(_role_value(item.get("headlines"), "main"))
        or _text(item.get("title"))
        or _text(item.get("slugline"))
    )
    if not headline:
        raise IngestError("the ninjs item has no headline")
    extra = item.get("extra") if isinstance(item.get("extra"), dict) else {}
    published_at = None
    for candidate in (item.get("firstcreated"), extra.get("original_published_at"),
                      item.get("versioncreated")):  # fmt: skip
        published_at = parse_timestamp(candidate)
        if published_at:
            break
    byline = _text(item.get("byline")) or _text(item.get("by"))
    authors = [
        clean_text(a.get("name")) for a in item.get("authors", []) or []
        if isinstance(a, dict) and a.get("role") not in ("photographer",)
    ]  # fmt: skip
    place_names = _names(item.get("place")) + _names(item.get("places"))
    keywords = [clean_text(k) for k in item.get("keywords", []) or [] if isinstance(k, str)]
    keywords += list(_names(item.get("person")) + _names(item.get("people"))
        + _names(item.get("organisation")) + _names(item.get("organisations")))  # fmt: skip
    picture = None
    if kind == "picture":
        picture = _picture(item, base_dir=base_dir)
        body = text_to_blocks(picture.caption)
        standfirst = ""
    else:
        body = _body(item, headline)
        standfirst = (
            _text(item.get("description_text"))
            or html_to_text(_text(item.get("description_html")))
            or clean_text(_role_value(item.get("descriptions"), "summary", "text"))
        )
        for _name, associated in _associations(item):
            picture = _picture(associated, base_dir=base_dir)
            break
    place, agency = take_dateline(body) if kind != "picture" else ("", "")
    body_start = " ".join(b.text for b in body[:2])
    if standfirst and body_start.startswith(standfirst.rstrip(".… ")[:80]):
        standfirst = ""  # a teaser that only repeats the opening words is no standfirst
    located = _text(item.get("located"))
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
        agency=agency or _text(item.get("copyrightholder")),
        picture=picture,
        keywords=[k for k in keywords if k and len(k) <= 100],
        places=place_names,
        language=_text(item.get("language"))[:10],
    )
