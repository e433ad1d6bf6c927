"""Raw article pages — saved HTML or pasted plain text, site furniture and all — into stories.

HTML: trafilatura finds the body; we add what it leaves out (the full time stamp, the lead
picture's caption and credit, the dateline, the standfirst, visible tag lists) and drop the
furniture it lets through. Plain text: the same fields from the lines a browser copies.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime
from pathlib import Path
from urllib.parse import urljoin

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from masthead.ingest.errors import IngestError
from masthead.ingest.media import inline_picture_bytes, local_picture_bytes
from masthead.ingest.story import Block, Picture, WireStory
from masthead.ingest.text import (
    clean_text,
    element_to_blocks,
    inline_html,
    parse_timestamp,
    split_dateline,
    take_dateline,
    text_to_blocks,
)

# --- Furniture ----------------------------------------------------------------------------------

# Lines of site furniture that extractors let through: sign-in and profile prompts, location
# settings, comment policies, cookie notices, sharing, "read more" rails, newsletter boxes.
_FURNITURE = re.compile(
    r"""^(
        (log|sign)\s?(in|up|out)\b | register\b | create\s(a\s)?profile | my\s(profile|account)
      | log\s?in\swith | connect\swith\s(facebook|google)
      | location\ssettings | select\sa\slocation | change\s(your\s)?location | set\syour\slocation
      | join\sthe\s(conversation|discussion|debate) | comments?(\spolicy|\sare\sclosed)?\b
      | contributions\sof\s\d+ | editorial\sdiscretion | (read|view|see)\s(our\s)?comments?\spolicy
      | (we|this\ssite)\suses?\scookies | cookie | accept(\sall)?(\scookies)?$
      | manage\s(cookies|preferences)
      | share(\sthis)?(\s(story|article|on))? | (tweet|email|print|whatsapp|facebook|twitter)$
      | (read|see)\s(more|also)\b(?!\son:) | related(\sstories|\sarticles|\scontent)?:?$
      | (most\s(read|popular|shared|viewed)) | more\sfrom\b | more\sstories | trending\b
      | (sign\sup|subscribe)\b.*newsletter | newsletter | .*\bin\syour\sinbox\b
      | advertisement | skip\sto\b
      | there\sare\snew\sstories | click\shere\sto | send\sus\syour | follow\sus\b
      | (©|copyright|\(c\))\s | all\srights\sreserved | back\sto\stop | menu$ | search$ | home$
      | the\susername\smust | traffic\salerts | weather\b.*°
    )""",
    re.I | re.X,
)
# Furniture that only ever comes after the story: what follows it is no longer the story.
_STORY_END = re.compile(
    r"""^(
        join\sthe\s(conversation|discussion|debate) | \d+\s(comments?|responses?|replies)$
      | comments?$ | leave\sa\s(comment|reply) | (most\s(read|popular|shared|viewed))
      | related(\sstories|\sarticles|\scontent|\scoverage)?:?$ | (read|see)\salso\b
      | more\sfrom\b | more\sstories | trending | traffic\salerts | you\smight\salso\slike
      | recommended(\sfor\syou)?$ | (©|copyright|\(c\))\s | all\srights\sreserved
    )""",
    re.I | re.X,
)
_TAG_LINE = re.compile(
    r"^(read\smore\son|more\son|tags?|topics?|filed\sunder|related\stopics|keywords)\s*[:：]\s*(.+)$",
    re.I | re.X,
)
_CREDIT = re.compile(
    r"""(?P<credit>
        \(?(?:photo(?:graph)?|picture|pic|image|credit|foto|bild)s?(?:\sby)?\s*[:：]\s*[^()]{2,80}\)?
      | \((?:photo\sby\s)?[^()]{2,60}/(?:afp|ap|reuters|getty\simages|epa|dpa|pa|anadolu)[^()]*\)
      | \((?:afp|ap|reuters|epa|dpa)\s(?:photo|picture)\)
      | (?:AFP|AP|REUTERS|EPA)/[\w .'-]{2,40}
      | [\w .'-]{2,40}/(?:AFP|AP|Reuters|REUTERS|Getty\sImages|EPA|dpa|PA)
        (?:\s(?:via\s)?Getty\sImages)?
    )\s*\.?\s*$""",
    re.I | re.X,
)
# "By Ayla Demir", also with the time after a bar: "By Ayla Demir | 1 March 2016 10:20 GMT".
_BYLINE = re.compile(r"^(?:by|von|par|por|di)\s+(?P<name>[^\n|]{3,80}?)(?:\s+[|·]\s+.*)?$", re.I)
_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_CLOCK = (
    r"(?P<hour>\d{1,2})[:.](?P<minute>\d\d)\s*(?P<ampm>[ap]\.?m\.?)?"
    r"\s*(?P<zone>GMT|UTC|BST|CET|CEST|EST|EDT|PST|PDT|[+-]\d\d:?\d\d)?"
)
_DATE_DMY = rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTHS})\.?,?\s+(?P<year>\d{{4}})"
_DATE_MDY = (
    rf"(?P<month2>{_MONTHS})\.?\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year2>\d{{4}})"
)
_DATE_NUM = r"(?P<nday>\d{1,2})[/.](?P<nmonth>\d{1,2})[/.](?P<nyear>\d{4})"
_DATE = re.compile(rf"{_DATE_DMY}|{_DATE_MDY}|{_DATE_NUM}", re.I)
_CLOCK_RE = re.compile(_CLOCK, re.I)
_ZONES = {"gmt": "+00:00", "utc": "+00:00", "bst": "+01:00", "cet": "+01:00", "cest": "+02:00",
          "est": "-05:00", "edt": "-04:00", "pst": "-08:00", "pdt": "-07:00"}  # fmt: skip
_MONTH_NUMBERS = {
    month: number
    for number, month in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}


def is_furniture(line: str) -> bool:
    line = clean_text(line)
    if not line:
        return True
    if _FURNITURE.match(line):
        return True
    # A row of menu items: "Home | News | World | Sport", "Multimedia · User Galleries · …".
    parts = [p for p in re.split(r"\s*[|·•»/]\s*|\t", line) if p]
    return len(parts) >= 3 and all(len(p.split()) <= 3 for p in parts) and not _TAG_LINE.match(line)


def timestamp_in(text: str) -> datetime | None:
    """The first date (with the time written next to it, if any) in ``text``, made aware."""
    text = text or ""
    match = _DATE.search(text)
    if not match:
        return None
    g = {k: v for k, v in match.groupdict().items() if v}
    if "nyear" in g:
        year, month, day = int(g["nyear"]), int(g["nmonth"]), int(g["nday"])
    else:
        year = int(g.get("year") or g.get("year2") or 0)
        month = _MONTH_NUMBERS.get((g.get("month") or g.get("month2") or "")[:3].lower(), 0)
        day = int(g.get("day") or g.get("day2") or 0)
    # The clock is written just after the date ("1 March 2016 10:20 GMT") or before it
    # ("Updated 10:20 GMT, Tuesday 1 March 2016").
    after = _CLOCK_RE.match(text[match.end() :].lstrip(" ,-–—|at\u00a0"))
    before = None
    if after is None:
        before = next(
            iter(_CLOCK_RE.finditer(text[max(0, match.start() - 40) : match.start()])), None
        )
    clock = (after or before).groupdict() if (after or before) else {}
    hour, minute = int(clock.get("hour") or 0), int(clock.get("minute") or 0)
    ampm = (clock.get("ampm") or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    if ampm == "am" and hour == 12:
        hour = 0
    zone = clock.get("zone") or ""
    offset = _ZONES.get(zone.lower(), zone if zone[:1] in ("+", "-") else "+00:00")
    if len(offset) == 5:
        offset = offset[:3] + ":" + offset[3:]
    try:
        return datetime.fromisoformat(
            f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}{offset}"
        )
    except ValueError:
        return None


def split_credit(text: str) -> tuple[str, str]:
    """("Police at the scene.", "Photo: Ozan Kose/AFP") from a caption with its credit."""
    text = clean_text(text)
    match = _CREDIT.search(text)
    if not match:
        return text, ""
    credit = match.group("credit").strip().strip("()").strip()
    return text[: match.start()].strip(" -–—|"), credit


def _credit_without_label(credit: str) -> str:
    """ "Ozan Kose/AFP" from "Photo: Ozan Kose/AFP"."""
    return re.sub(
        r"^(photo(graph)?|picture|image|credit)s?(\sby)?\s*[:：]\s*", "", credit, flags=re.I
    )


def split_tags(value: str) -> list[str]:
    parts = re.split(r"\s*[|,;·•]\s*", clean_text(value))
    return [p for p in (clean_text(p) for p in parts) if p and len(p) <= 60]


# --- HTML ---------------------------------------------------------------------------------------

_CLASS = "contains(concat(' ', normalize-space(@class), ' '), ' {0} ')"
_STANDFIRST_CLASSES = re.compile(
    r"(^|[\s_-])(standfirst|lede|lead|intro|summary|dek|deck|subtitle|subhead(line)?|strapline|"
    r"teaser|excerpt|description|kicker-text|article-?summary)([\s_-]|$)",
    re.I,
)
_CREDIT_CLASSES = re.compile(r"credit|copyright|photographer|source|byline|author|rights", re.I)
_BYLINE_CLASSES = re.compile(r"(^|[\s_-])(byline|author|writer|reporter)([\s_-]|$)", re.I)
_TAG_CLASSES = re.compile(
    r"(^|[\s_-])(tags?|keywords|topics|read-?more-?on|subjects)([\s_-]|$)", re.I
)
_DATELINE_CLASSES = re.compile(r"(^|[\s_-])(dateline|location|place)([\s_-]|$)", re.I)


def _meta(doc: lxml_html.HtmlElement) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for meta in doc.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key and meta.get("content"):
            found.setdefault(key, []).append(clean_text(meta.get("content")))
    return found


def _json_ld(doc: lxml_html.HtmlElement) -> dict:
    for script in doc.iter("script"):
        if "ld+json" not in (script.get("type") or "") or not script.text:
            continue
        try:
            data = json.loads(script.text[:200_000])
        except ValueError:
            continue
        candidates = (
            data
            if isinstance(data, list)
            else data.get("@graph", [data])
            if isinstance(data, dict)
            else []
        )
        for candidate in candidates:
            if isinstance(candidate, dict) and "Article" in str(candidate.get("@type", "")):
                return candidate
    return {}


def _ld_names(value: object) -> list[str]:
    if isinstance(value, dict):
        value = [value]
    if isinstance(value, str):
        return [clean_text(value)]
    if isinstance(value, list):
        return [clean_text(v.get("name") if isinstance(v, dict) else v) for v in value if v]
    return []


def _story_root(doc: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """The element that holds the story: <article>, else <main>, else the body."""
    for xpath in ("//article", "//*[@itemprop='articleBody']/..", "//main", "//*[@role='main']"):
        found = doc.xpath(xpath)
        if found:
            return max(found, key=lambda e: len(e.text_content()))
    return doc.find("body") if doc.find("body") is not None else doc


def _classes(element: etree._Element) -> str:
    return f"{element.get('class', '')} {element.get('id', '')} {element.get('itemprop', '')}"


def _headline(doc: lxml_html.HtmlElement, root: etree._Element, ld: dict, meta: dict) -> str:
    for scope in (root, doc):
        for h1 in scope.iter("h1"):
            text = clean_text(h1.text_content())
            if len(text.split()) >= 2:
                return text
    for candidate in (
        ld.get("headline"),
        *(meta.get("og:title", [])),
        *(meta.get("twitter:title", [])),
    ):
        if clean_text(candidate):
            return clean_text(candidate)
    title = doc.findtext(".//title") or ""
    return clean_text(re.split(r"\s[|–—-]\s", title)[0])


def _published(root: etree._Element, ld: dict, meta: dict) -> datetime | None:
    for value in (ld.get("datePublished"), *meta.get("article:published_time", []),
                  *meta.get("datepublished", []), *meta.get("date", [])):  # fmt: skip
        found = parse_timestamp(value)
        if found:
            return found
    for time in root.iter("time"):
        found = parse_timestamp(time.get("datetime")) or timestamp_in(time.text_content())
        if found:
            return found
    for element in root.iter():
        if re.search(r"date|time|published|posted|timestamp", _classes(element), re.I):
            found = timestamp_in(element.text_content())
            if found:
                return found
    # No marked-up time: a short line near the top that is mostly a date ("By X | 1 May 2016").
    for element in _short_lines(root):
        found = timestamp_in(clean_text(element.text_content()))
        if found:
            return found
    return None


def _short_lines(root: etree._Element, *, limit: int = 120) -> list[etree._Element]:
    """Leaf-ish text elements of up to ``limit`` characters before the first long paragraph."""
    lines = []
    for element in root.iter("p", "span", "div", "small", "address", "li"):
        text = clean_text(element.text_content())
        if len(text) > 200 and element.tag == "p":
            break  # the body has begun
        if text and len(text) <= limit and not any(c.tag in ("p", "div") for c in element):
            lines.append(element)
    return lines


def _lead_figure(root: etree._Element, *, url: str, base_dir: Path | None) -> Picture | None:
    figure = next(iter(root.iter("figure")), None)
    image = figure.find(".//img") if figure is not None else next(iter(root.iter("img")), None)
    if figure is None and image is None:
        return None
    caption_text, credit = "", ""
    container = figure
    if container is None and image is not None:
        # No <figure>: the caption sits beside the picture in a container of its own.
        container = image.getparent()
        for _ in range(2):
            if container is not None and not any(
                re.search("caption", _classes(e), re.I) for e in container.iter()
            ):
                container = container.getparent()
        if container is not None and len(container.text_content()) > 1000:
            container = None
    if container is not None:
        for element in container.iter():
            if element is not container and _CREDIT_CLASSES.search(_classes(element)):
                credit = clean_text(element.text_content())
                element.drop_tree()
                break
        caption_element = container.find(".//figcaption")
        if caption_element is None:
            caption_element = next(
                (e for e in container.iter() if re.search("caption", _classes(e), re.I)), None
            )
        caption_text = (
            clean_text(caption_element.text_content()) if caption_element is not None else ""
        )
    if not credit:
        caption_text, credit = split_credit(caption_text)
    credit = re.sub(
        r"^(photo(graph)?|picture|image|credit)s?(\sby)?\s*[:：]\s*", "", credit, flags=re.I
    )
    picture = Picture(caption=caption_text, credit=credit)
    if image is not None:
        src = image.get("src") or image.get("data-src") or ""
        picture.alt = clean_text(image.get("alt"))
        data = inline_picture_bytes(src) if src.startswith("data:") else None
        if data is not None:
            picture.data = data
        else:
            picture.url = urljoin(url, src) if url else src
            found = local_picture_bytes(src, base_dir=base_dir)
            if found:
                picture.data, picture.filename = found
    if not (picture.caption or picture.credit or picture.url or picture.data):
        return None
    return picture


def _standfirst(
    root: etree._Element, meta: dict, headline: str
) -> tuple[str, etree._Element | None]:
    for element in root.iter("p", "div", "h2", "span"):
        if _STANDFIRST_CLASSES.search(_classes(element)):
            text = clean_text(element.text_content())
            if 20 <= len(text) <= 400 and text != headline:
                return text, element
    # An unmarked standfirst is often the first paragraph set wholly in italics or bold.
    h1 = next(iter(root.iter("h1")), None)
    for element in h1.itersiblings() if h1 is not None else ():
        if element.tag != "p":
            continue
        children = list(element)
        text = clean_text(element.text_content())
        if (
            len(children) == 1
            and children[0].tag in ("em", "i", "strong", "b")
            and not clean_text(element.text)
            and not clean_text(children[0].tail)
            and 20 <= len(text) <= 400
        ):
            return text, element
        break
    for key in ("description", "og:description"):
        for value in meta.get(key, []):
            if 20 <= len(value) <= 400:
                return value, None
    return "", None


def _byline(root: etree._Element, ld: dict, meta: dict) -> list[str]:
    for element in root.iter():
        if re.search("comment", _classes(element), re.I):
            continue
        if element.get("rel") == "author" or _BYLINE_CLASSES.search(_classes(element)):
            if any(re.search("comment", _classes(a), re.I) for a in element.iterancestors()):
                continue  # a reader's name on a comment is no byline
            text = clean_text(element.text_content())
            text = re.sub(r"^(by|von|par|por)\s+", "", text, flags=re.I)
            # "Jonas Berg, AFP": the agency is credited apart.
            text = re.sub(r",\s*(AFP|AP|Reuters|REUTERS|EPA|dpa|PA|Anadolu)$", "", text)
            if 3 <= len(text) <= 80 and not timestamp_in(text):
                return [text]
    for element in _short_lines(root):
        match = _BYLINE.match(clean_text(element.text_content()))
        if match:
            return [
                re.sub(r",\s*(AFP|AP|Reuters|REUTERS|EPA|dpa|PA)$", "", match.group("name")).strip()
            ]
    names = _ld_names(ld.get("author")) or meta.get("author", []) or meta.get("article:author", [])
    return [n for n in names if n and not n.startswith("http")][:3]


def _tags(doc: lxml_html.HtmlElement, ld: dict, meta: dict) -> list[str]:
    tags: list[str] = [
        clean_text(link.text_content())
        for link in doc.iter("a")
        if "tag" in (link.get("rel") or "").split()
    ]
    for element in doc.iter():
        if not isinstance(element.tag, str) or element.tag in ("html", "body", "article", "main"):
            continue
        text = clean_text(element.text_content()) if len(element) < 40 else ""
        match = _TAG_LINE.match(text) if text and len(text) < 400 else None
        if match or _TAG_CLASSES.search(_classes(element)):
            links = [clean_text(a.text_content()) for a in element.iter("a")]
            tags += links if links else split_tags(match.group(2) if match else "")
    keywords = ld.get("keywords")
    if isinstance(keywords, str):
        tags += split_tags(keywords)
    elif isinstance(keywords, list):
        tags += [clean_text(k) for k in keywords if isinstance(k, str)]
    for key in ("article:tag", "news_keywords", "keywords"):
        for value in meta.get(key, []):
            tags += split_tags(value)
    seen: dict[str, str] = {}
    for tag in tags:
        if tag and len(tag) <= 60 and tag.casefold() not in seen and not is_furniture(tag):
            seen[tag.casefold()] = tag
    return list(seen.values())


def _trafilatura_blocks(markup: str, skip: set[str]) -> list[Block]:
    xml = trafilatura.extract(
        markup,
        output_format="xml",
        include_formatting=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        favor_recall=True,
    )
    if not xml:
        return []
    try:
        main = etree.fromstring(
            xml.encode(), etree.XMLParser(resolve_entities=False, no_network=True)
        )
    except etree.XMLSyntaxError:
        return []
    main = main.find("main") if main.find("main") is not None else main
    blocks: list[Block] = []

    def walk(container: etree._Element) -> None:
        for element in container:
            if element.tag == "div":
                walk(element)  # trafilatura keeps some of the page's grouping
            else:
                _tei_block(element, skip, blocks)

    walk(main)
    return blocks


def _tei_block(element: etree._Element, skip: set[str], blocks: list[Block]) -> None:
    text = clean_text("".join(element.itertext()))
    if not text or text.casefold() in skip:
        return
    if element.tag == "head":
        if element.get("rend", "h2") != "h1":
            blocks.append(Block("subheading", text))
    elif (
        element.tag == "p"
        and len(element) == 1
        and element[0].tag == "hi"
        and "b" in element[0].get("rend", "")
        and not clean_text(element.text)
        and not clean_text(element[0].tail)
        and len(text) <= 90
        and not text.endswith((".", "!", "?"))
    ):
        blocks.append(Block("subheading", text))
    elif element.tag in ("p", "quote"):
        blocks.append(Block("paragraph", text, inline_html(_tei_inline(element)) or text))
    elif element.tag == "list":
        for item in element.iter("item"):
            item_text = clean_text("".join(item.itertext()))
            if item_text and item_text.casefold() not in skip:
                blocks.append(Block("paragraph", item_text, inline_html(item_text)))


def _standalone(element: etree._Element) -> bool:
    """A <b>/<strong> that is a line of its own (between <br>s or blocks), not inline emphasis."""
    previous, following = element.getprevious(), element.getnext()
    parent = element.getparent()
    before_blank = (
        previous is None and not clean_text(parent.text if parent is not None else "")
    ) or (previous is not None and previous.tag == "br" and not clean_text(previous.tail))
    after_blank = not clean_text(element.tail) and (following is None or following.tag == "br")
    return before_blank and after_blank


def _restore_subheadings(root: etree._Element, blocks: list[Block], skip: set[str]) -> None:
    """Put back subheadings trafilatura dropped: before the paragraph that follows them."""
    have = {b.text.casefold() for b in blocks}
    texts = root.xpath(".//text()")
    for element in root.iter("h2", "h3", "h4", "h5", "h6", "b", "strong"):
        text = clean_text(element.text_content())
        if (
            not text
            or text.casefold() in have
            or text.casefold() in skip
            or len(text) > 90
            or text.endswith((".", "!", "?", ":"))
            or is_furniture(text)
            or is_story_end(text)
            or any(
                a.tag in ("figure", "aside", "nav", "header", "footer", "a", "li")
                for a in element.iterancestors()
            )
        ):
            continue
        if element.tag in ("b", "strong") and not _standalone(element):
            continue
        following = _text_after(element, texts)
        if len(following) < 20:
            continue
        for index, block in enumerate(blocks):
            if block.kind == "paragraph" and block.text.startswith(following[:40]):
                blocks.insert(index, Block("subheading", text))
                have.add(text.casefold())
                break


def _text_after(element: etree._Element, texts: list) -> str:
    inside = False
    for text in texts:
        owner = text.getparent()
        within = owner is element or element in owner.iterancestors()
        if within and not (text.is_tail and owner is element):
            inside = True
            continue
        if inside and clean_text(text):
            return clean_text(text)
    return ""


def _tei_inline(element: etree._Element) -> str:
    """trafilatura's <hi rend="#b"> and <hi rend="#i"> back to <b> and <i>."""
    import html as htmllib

    parts = [htmllib.escape(element.text or "", quote=False)]
    for child in element:
        text = htmllib.escape("".join(child.itertext()), quote=False)
        rend = child.get("rend", "")
        if child.tag == "hi" and "b" in rend:
            parts.append(f"<b>{text}</b>")
        elif child.tag == "hi" and "i" in rend:
            parts.append(f"<i>{text}</i>")
        else:
            parts.append(text)
        parts.append(htmllib.escape(child.tail or "", quote=False))
    return "".join(parts)


def is_story_end(line: str) -> bool:
    return bool(_STORY_END.match(clean_text(line)))


def _clean_body(blocks: list[Block], *, drop: set[str], tags: list[str]) -> list[Block]:
    drop = {d.casefold() for d in drop if d}
    kept: list[Block] = []
    for block in blocks:
        text = block.text
        folded = text.casefold()
        if kept and (is_story_end(text) or _TAG_LINE.match(text)):
            break
        if folded in drop or is_furniture(text) or _TAG_LINE.match(text):
            continue
        if any(len(d) > 20 and folded.startswith(d) and len(folded) - len(d) < 80 for d in drop):
            continue  # the caption again, with its credit in another form
        if (
            tags
            and split_tags(text)
            and {t.casefold() for t in split_tags(text)} <= {t.casefold() for t in tags}
        ):
            continue
        if block.kind == "paragraph" and (_BYLINE.match(text) and len(text) < 60):
            continue
        if (
            block.kind == "paragraph"
            and len(text) < 80
            and timestamp_in(text)
            and len(text.split()) < 10
        ):
            continue
        kept.append(block)
    while kept and kept[-1].kind == "subheading":
        kept.pop()  # a trailing heading is a rail's title ("More from World"), not the story's
    return kept


def extract_html(markup: str, *, url: str = "", base_dir: Path | None = None) -> WireStory:
    """A story from the HTML of an article page as a browser saved it."""
    if not markup or not markup.strip():
        raise IngestError("the page is empty")
    try:
        doc = lxml_html.document_fromstring(markup)
    except (etree.ParserError, ValueError) as error:
        raise IngestError(f"not a readable HTML page: {error}") from None
    meta = _meta(doc)
    ld = _json_ld(doc)
    root = _story_root(doc)
    headline = _headline(doc, root, ld, meta)
    if not headline:
        raise IngestError("no headline found on the page")
    published_at = _published(root, ld, meta) or _published(doc, {}, {})
    picture = _lead_figure(root, url=url, base_dir=base_dir)
    standfirst, _standfirst_element = _standfirst(root, meta, headline)
    byline = _byline(root, ld, meta)
    tags = _tags(doc, ld, meta)
    dateline_element = next((e for e in root.iter() if _DATELINE_CLASSES.search(_classes(e))), None)
    dateline = clean_text(dateline_element.text_content()) if dateline_element is not None else ""
    drop = {headline, standfirst, *byline, *(f"By {b}" for b in byline)}
    if picture:
        drop |= {picture.caption, picture.credit, f"{picture.caption} {picture.credit}".strip()}
    blocks = _trafilatura_blocks(markup, {d.casefold() for d in drop if d})
    if not blocks:
        blocks = element_to_blocks(root, skip=drop)
    blocks = _clean_body(blocks, drop=drop, tags=tags)
    _restore_subheadings(root, blocks, {d.casefold() for d in drop if d})
    place, agency = take_dateline(blocks)
    if standfirst and blocks and blocks[0].text == standfirst:
        blocks.pop(0)
    original_id = (meta.get("og:url") or [""])[0] or url
    if not original_id:
        original_id = (
            "sha256:" + hashlib.sha256(f"{headline}|{published_at}".encode()).hexdigest()[:32]
        )
    return WireStory(
        format="html",
        original_id=original_id,
        url=url or (meta.get("og:url") or [""])[0],
        headline=headline,
        standfirst=standfirst[:400],
        body=blocks,
        published_at=published_at,
        dateline=place or (split_dateline(dateline + " - x")[0] if dateline else ""),
        byline=byline,
        agency=agency,
        picture=picture,
        keywords=tags,
        language=(doc.get("lang") or "")[:10],
    )


# --- Plain text ---------------------------------------------------------------------------------


def _candidate_headline(line: str) -> bool:
    words = line.split()
    return (
        3 <= len(words) <= 30
        and len(line) <= 200
        and not line.endswith((".", ":", "?", "!", "”", '"'))
        and not is_furniture(line)
        and not is_story_end(line)
        and not timestamp_in(line)
        and not _BYLINE.match(line)
        and not _TAG_LINE.match(line)
        and not split_credit(line)[1]
    )


def _is_prose(line: str) -> bool:
    """A paragraph: a dozen words or more ending like a sentence (a long headline does not)."""
    return (
        len(line.split()) >= 12
        and line.rstrip().endswith((".", "!", "?", '"', "”", "»", "…", ")"))
        and not is_furniture(line)
    )


def _story_start(lines: list[str]) -> int | None:
    """Index of the first body line: a datelined paragraph, else the first run of prose."""
    for index, line in enumerate(lines):
        if _is_prose(line) and split_dateline(line)[0]:
            return index
    for index in range(len(lines) - 1):
        if _is_prose(lines[index]) and _is_prose(lines[index + 1]):
            return index
    return None


def extract_text(text: str, *, reference: str = "") -> WireStory:
    """A story from plain text copied out of an article page in a browser."""
    lines = [clean_text(line) for line in (text or "").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        raise IngestError("the text is empty")
    start = _story_start(lines)
    if start is None:
        raise IngestError("no story found: paste the story's headline and paragraphs")
    # The headline is the nearest headline-like line above the first paragraph; between them
    # sit the standfirst, byline, time stamp and picture caption, in any order.
    top = next((i for i in range(start - 1, max(-1, start - 10), -1)
                if _candidate_headline(lines[i])), None)  # fmt: skip
    if top is None:
        raise IngestError("no headline found: paste the story from its headline onwards")
    headline = lines[top]
    published_at = None
    byline: list[str] = []
    tags: list[str] = []
    picture: Picture | None = None
    standfirst = ""
    for line in lines[top + 1 : start]:
        if _BYLINE.match(line) and not byline and timestamp_in(line) and len(line) < 160:
            # "by Peter Vance 13 September 2016 09:22 GMT": byline and time stamp on one line.
            published_at = published_at or timestamp_in(line)
            name = _BYLINE.match(line).group("name")
            byline = [
                re.split(r"\s[|·,]\s|\s(?=\d)|\s(?=(?:on|at|updated|published)\b)", name)[0].strip()
            ]
        elif published_at is None and timestamp_in(line) and len(line) < 120:
            published_at = timestamp_in(line)
        elif _BYLINE.match(line) and not byline:
            name = _BYLINE.match(line).group("name")
            name = re.sub(r",\s*(AFP|AP|Reuters|REUTERS|EPA|dpa|PA|Anadolu)$", "", name)
            byline = [re.split(r"\s[|·]\s|\s(?=\d)", name)[0].strip()]
        elif split_credit(line)[1] and picture is None:
            caption, credit = split_credit(line)
            credit = re.sub(
                r"^(photo(graph)?|picture|image|credit)s?(\sby)?\s*[:：]\s*", "", credit, flags=re.I
            )
            picture = Picture(caption=caption, credit=credit)
        elif not standfirst and len(line.split()) >= 6 and not is_furniture(line):
            standfirst = line
    body_lines: list[str] = []
    for line in lines[start:]:
        tag_match = _TAG_LINE.match(line)
        if tag_match:
            tags += split_tags(tag_match.group(2))
            break
        if is_story_end(line):
            break
        if is_furniture(line):
            continue
        if picture is None and len(line) < 400 and split_credit(line)[1]:
            # The picture's caption and credit, printed after the story on some sites.
            caption, credit = split_credit(line)
            picture = Picture(caption=caption, credit=_credit_without_label(credit))
            continue
        body_lines.append(line)
    if not tags:
        following = next((m for m in map(_TAG_LINE.match, lines[start:]) if m), None)
        tags = split_tags(following.group(2)) if following else []
    blocks = text_to_blocks("\n".join(body_lines))
    while blocks and blocks[-1].kind == "subheading":
        blocks.pop()
    place, agency = take_dateline(blocks)
    digest = hashlib.sha256(f"{headline}|{published_at}".encode()).hexdigest()[:32]
    return WireStory(
        format="text",
        original_id=reference or f"sha256:{digest}",
        headline=headline,
        standfirst=standfirst[:400],
        body=blocks,
        published_at=published_at,
        dateline=place,
        byline=byline,
        agency=agency,
        picture=picture,
        keywords=tags,
    )
