"""Raw article pages — saved HTML or pasted plain text, site furniture and all — into stories.

HTML: trafilatura finds the body; we add what it leaves out (the full time stamp, the lead
picture's caption and credit, the dateline, the standfirst, visible tag lists) and drop the
furniture it lets through. Plain text: the same fields from the lines a browser copies.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime, tzinfo
from pathlib import Path

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from masthead.ingest.errors import IngestError
from masthead.ingest.media import inline_picture_bytes, local_picture_bytes
from masthead.ingest.pictures import lead_picture, strip_credit_label
from masthead.ingest.story import Block, Picture, WireStory
from masthead.ingest.text import (
    ZONE_PATTERN,
    clean_text,
    element_to_blocks,
    in_zone,
    inline_html,
    parse_timestamp,
    split_dateline,
    take_dateline,
    text_to_blocks,
    zone_of,
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
      | there\sare\snew\sstories | click\s(here\s)?to\b | send\sus\syour | follow\sus\b
      | (©|copyright|\(c\))\s | all\srights\sreserved | back\sto\stop | menu$ | search$ | home$
      | the\susername\smust | traffic\salerts | weather\b.*°
      | (video|watch|listen|photos?|gallery|slideshow|more|see\salso|read\smore|related|also)\s?:\s
      | \(?(more|read\smore|see\salso|related|photos?|video)\s?:.*\)?$
      | see\s(the\s)?(time'?s\s)?(pictures|photos|cartoons|video)\b
      | (please\s)?follow\s.{2,40}\son\s(twitter|facebook) | .{2,40}\s[>›]$
      | questions\?\s | loading\b | posted\sby\s?: | hace\s\d+\s(minutos?|horas?|d[ií]as?)$
      | hace\suna\s(hora|d[ií]a)$ | \d+\s(minutes?|hours?|days?)\sago$ | print$ | e-?mail\sthis
      | [_*=~#-]{3,}$ | (text\ssize|font\ssize|a\sa\sa)\b | story\shighlights$ | advertisement:?$
      | publicidad$ | anzeige$ | publicité$ | further\sreading$ | careers$ | briefings$
      | .*\b(please\s)?(share|send)\s(us\s)?your\s(videos?|photos?|pictures?|stories|story)\b
      | (skip\sto\s)?main\scontent$ | -+\s?by\s | このニュースをシェア$ | 分享$
      | subscribe\b | suscr[ií]bete\b | abonnez-vous\b | abonnieren\b | abbonati\b
      | you\sare\slogged\sin | view\s(the\s)?author | what'?s\sthis\?$
      | \[\+\]\s?enlarge | enlarge$ | like$ | \d+$ | via\s[\w.-]+$ | follow\s@\w+
      | e-?mail\s[A-ZÀ-Þ][\w'’-]+(\s[A-ZÀ-Þ][\w'’-]+){0,2}$ | submit\syour\s(question|comment)
      | (a|à)\slire\saussi\b | suivez-nous\b
      | devenez\sfan\b | l'auteur$ | about\sthe\sauthor$
      | .*\bcomments\spowered\sby\b | (original\s)?print\sheadline\s?:
      | (view|post|read|add|see|show|hide)\b[\w/ ]{0,12}\bcomments?$
      | [A-ZÀ-Þ]\w*(-\w+){2,}$
    )""",
    re.I | re.X,
)
# "IN TEXAS: Family of Ebola patient quarantined": a promoted headline under a label in
# capitals (a sentence under such a label ends like one: "FACTS: The rule says …").
_PROMO = re.compile(r"^[A-ZÀ-Þ0-9][A-ZÀ-Þ0-9 '’&.-]{1,30}:\s+[^.!?]{5,140}[^.!?\"”»)]$")
# Furniture that only ever comes after the story: what follows it is no longer the story.
_STORY_END = re.compile(
    r"""^(
        join\sthe\s(conversation|discussion|debate) | \d+\s(comments?|responses?|replies)$
      | comments?$ | leave\sa\s(comment|reply) | (most\s(read|popular|shared|viewed))
      | related(\sstories|\sarticles|\scontent|\scoverage)?:?$ | (read|see)\salso\b
      | more\sfrom\b | more\sstories | trending | traffic\salerts | you\smight\salso\slike
      | recommended(\sfor\syou)?$ | (©|copyright|\(c\))\s | .*all\srights\sreserved
      | visitor\scomments | add\syour\scomment | comentar(ios)?$ | normas\sde\suso | commenter$
      | ajouter\sun\scommentaire | reader\scomments | \d+\scomments?\s» | load\scomments
      | more\sin\s | latest\snews | related\s(topics|items) | more\s[\w-]+\sfrom\b
      | (keywords|tags|topics)$ | \(end\)$ | .*\bcomments\spowered\sby\b
    )""",
    re.I | re.X,
)
_TAG_LINE = re.compile(
    r"^(read\smore\son|more\son|tags?|topics?|filed\sunder|related\stopics|keywords)\s*[:：]\s*(.+)$",
    re.I | re.X,
)
_CREDIT = re.compile(
    r"""(?P<credit>
        (?i:\(?(?<![^\W\d_])(?:photo(?:graph)?|picture|pic|image|credit|foto|bild|cr[ée]dits?\sphoto)s?
           (?:\sby)?\s*[:：]\s*[^()]{2,80}\)?)
      | (?i:\(photo\s[^():]{2,60}\))
      | \((?:AP|AFP|Reuters|EPA)\s?Photo/[^()]{2,60}\)
      | (?i:\((?:photo\sby\s)?[^()]{2,60}/(?:afp|ap|reuters|getty\simages|epa|dpa|pa|anadolu)
           [^()]*\))
      | (?i:\((?:afp|ap|reuters|epa|dpa)\s(?:photo|picture)\))
      | \((?:The\s)?Associated\sPress\)
      | (?:AFP|AP|REUTERS|EPA)/[\w .'-]{2,40}
      | [\w.'-]+(?:\s[\w.'-]+){0,4}(?:\s?/\s?[\w.'-]+(?:\s[\w.'-]+){0,3})*\s?[/—–]\s?
        (?:AFP|AP|Reuters|REUTERS|Getty\sImages|GETTY\sIMAGES|EPA|dpa|PA|Getty)
        (?:\s(?:via\s)?Getty\sImages)?
      | (?<=\s/\s)[A-ZÀ-Þ][A-ZÀ-Þ .'-]{2,40}
      | (?<=\|\s)(?:AP|AFP|Reuters|Getty\sImages)(?:\sPhoto)?
      | (?<=\s\|\s)[A-ZÀ-Þ][\w.'-]+(?:\s[A-ZÀ-Þ][\w.'-]+){0,2}
    )\s*\.?\s*$""",
    re.X,
)
# "By Ayla Demir", also with the time after a bar: "By Ayla Demir | 1 March 2016 10:20 GMT".
_BYLINE = re.compile(r"^(?:by|von|par|por|di)\s+(?P<name>[^\n|]{3,80}?)(?:\s+[|·]\s+.*)?$", re.I)
# Month names as pages print them, in English, Spanish, French, German, Italian and
# Portuguese, full and abbreviated ("Sep.", "sept.", "févr.", "März").
_MONTH_NAMES: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan enero ene janvier janv januar jän gennaio gen janeiro",
        "february feb febrero février févr fevrier fevr februar febbraio fevereiro fev",
        "march mar marzo mars märz maerz mär marzo março",
        "april apr abril abr avril avr aprile",
        "may mayo mai maggio maio mag",
        "june jun junio juin juni giugno junho giu",
        "july jul julio juillet juil juli luglio julho lug",
        "august aug agosto ago août aout",
        "september sept sep septiembre setiembre set septembre settembre setembro",
        "october oct octubre octobre oktober okt ottobre outubro ott out",
        "november nov noviembre novembre novembro",
        "december dec diciembre dic décembre déc decembre dezember dez dicembre dezembro",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTH_NAMES.setdefault(_name, _number)
# Arabic pages name a month twice, the Levantine name and the one taken from the Latin
# ("آب/اغسطس", August): either name alone, or both with a slash, is read.
for _number, _names in enumerate(
    (
        "كانون_الثاني يناير",
        "شباط فبراير",
        "آذار اذار مارس",
        "نيسان أبريل ابريل",
        "أيار ايار مايو",
        "حزيران يونيو يونيه",
        "تموز يوليو يوليه",
        "آب اب أغسطس اغسطس",
        "أيلول ايلول سبتمبر",
        "تشرين_الأول تشرين_الاول أكتوبر اكتوبر",
        "تشرين_الثاني نوفمبر",
        "كانون_الأول كانون_الاول ديسمبر",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTH_NAMES.setdefault(_name.replace("_", " "), _number)
_MONTHS = "|".join(sorted(_MONTH_NAMES, key=len, reverse=True))
_CLOCK = (
    r"(?P<hour>\d{1,2})[:.h](?P<minute>\d\d)(?::\d\d)?\s*(?P<ampm>[ap]\.?(?:m\.?)?(?![a-z]))?"
    rf"(?:\s*(?:uhr|h|hrs)\b)?\s*\(?(?P<zone>{ZONE_PATTERN})?"
)
_DATE_DMY = (
    rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th|er|º|\.)?\s+(?:de\s+)?(?P<month>{_MONTHS})(?![^\W\d_])(?:/[^\W\d_]+)?\.?[,،]?\s+"
    rf"(?:de\s+)?(?P<year>\d{{4}})(?!\d)"
)
_DATE_MDY = (
    rf"(?<![^\W\d_])(?P<month2>{_MONTHS})(?![^\W\d_])\.?\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
    rf"(?P<year2>\d{{4}})"
)
_DATE_NUM = (
    r"(?<![\d/.])(?P<nday>\d{1,2})\s?(?P<sep>[/.-])\s?(?P<nmonth>\d{1,2})\s?[/.-]\s?"
    r"(?P<nyear>\d{4}|\d{2})(?![\d/.])"
)
# Chinese and Japanese pages: "2012年12月10日", "2018年6月18日 10:01".
_CJK_DATE = r"(?P<cyear>\d{4})\s*年\s*(?P<cmonth>\d{1,2})\s*月\s*(?P<cday>\d{1,2})\s*日"
_ISO_DATE = r"(?P<iyear>\d{4})-(?P<imonth>\d\d)-(?P<iday>\d\d)(?:[T ]|\b)"
_DATE = re.compile(rf"{_DATE_DMY}|{_DATE_MDY}|{_CJK_DATE}|{_ISO_DATE}|{_DATE_NUM}", re.I)
# Zones that mark an American page, whose numeric dates put the month first ("10/5/11").
# "November 28, 2013 -- Updated 0203 GMT": a clock of four figures, only with its zone.
_MILITARY_CLOCK = re.compile(
    r"(?:(?:last\s)?updated:?\s)?(?P<hour>[01]\d|2[0-3])(?P<minute>[0-5]\d)\s?(?P<zone>GMT|UTC)\b",
    re.I,
)
_GLUED_MONTH = re.compile(
    r"(?<=[A-Z]{2})(?=(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*\.?\s\d)"
)
_US_ZONES = {"et", "est", "edt", "ct", "cst", "cdt", "mt", "mst", "mdt", "pt", "pst", "pdt"}
_CLOCK_RE = re.compile(_CLOCK, re.I)


# How to write to the reporter, under the story: "Jemele Hill can be reached at …", "Questions?
# Comments? Email us at …", "You can send him an e-mail", an address alone ("kokobj@yna.co.kr").
_CONTACT = re.compile(
    r"""\b(can\sbe\s(reached|contacted)\sat | (e-?mail|write\sto|contact)\sus\b
      | you\scan\s(send|e-?mail|reach|contact|follow)\s(him|her|them|me|us)\b
      | you\scan\ssubmit\s(it|them|yours?)\b)
      | [\w.+-]+@[\w-]+\.[\w.]+""",
    re.I | re.X,
)


# A note on the writer under the story: "Ann Lee is the business reporter for the Herald.
# You can send her an e-mail …".
_ABOUT_WRITER = re.compile(
    r"^[A-ZÀ-Þ][\w.'’-]+(?:\s[A-ZÀ-Þ][\w.'’-]+){1,3}\sis\s(?:a|an|the|our)\s.{0,60}?"
    r"\b(?:reporter|correspondent|editor|writer|columnist|journalist|contributor)\b"
)
# What a page says about its readers' comments: "The views expressed below are the
# readers' own", and in Arabic "[the views below] do not express the opinion of …", "so that
# we need not review comments before they are published".
_COMMENT_POLICY = re.compile(
    r"\b(views|opinions|comments)\s(expressed\s)?(below|here)\b"
    r"|لا\sتعبر\sعن\sرأي|مراجعة\sالتعليقات|التعليقات\sقبل\sنشرها",
    re.I,
)
# A note on the writer closing the story, with no way to reach them: "Ann Lee has been a
# reporter here since 2004 …", "Anne Leroy est journaliste indépendante …".
_WRITER_NOTE = re.compile(
    r"^(?:[A-ZÀ-Þ][\w.'’-]+\s){1,6}(?:is|has\sbeen|est|es|ist)\s(?:(?:a|an|the|our|un|une)\s)?"
    r".{0,60}?\b(?:reporter|correspondent|editor|writer|columnist|journalist|journaliste"
    r"|periodista|blogger|blogueuse|blogueur|contributor)\b"
)
# A writer's job title left on a line of its own under the byline ("Executive News Editor").
_JOB_TITLE = re.compile(
    r"^[\w&.' -]{0,40}\b(?:editor|correspondent|reporter|writer|columnist|producer"
    r"|contributor)s?$",
    re.I,
)
# Calls to action that end an advertising line ("… Early Bird Rates Expire … Learn More").
_CALL_TO_ACTION = re.compile(
    r"\b(?:learn\smore|find\sout\smore|buy\stickets|register\snow|book\snow|sign\sup\snow)$",
    re.I,
)


def is_furniture(line: str) -> bool:
    line = clean_text(line).strip("\ufeff\u200b")
    if not line:
        return True
    if _FURNITURE.match(line) or _PROMO.match(line):
        return True
    if len(line) < 300 and _CONTACT.search(line):
        return True
    if len(line) < 500 and _ABOUT_WRITER.match(line) and _CONTACT.search(line):
        return True
    if len(line) < 60 and _JOB_TITLE.match(line):
        return True
    if len(line) < 400 and _COMMENT_POLICY.search(line):
        return True
    if _CALL_TO_ACTION.search(line):
        return True
    # A row of menu items: "Home | News | World | Sport", "Multimedia · User Galleries · …";
    # not a line quoting in guillemets ("Ayrault «assume» et «revendique» sa méthode").
    separators = r"\s*[|·•/]\s*|\t" if "«" in line else r"\s*[|·•»/]\s*|\t"
    parts = [p for p in re.split(separators, line) if p]
    return len(parts) >= 3 and all(len(p.split()) <= 3 for p in parts) and not _TAG_LINE.match(line)


def timestamp_in(text: str, *, default_zone: tzinfo | None = None) -> datetime | None:
    """The first date (with the time written next to it, if any) in ``text``, in the zone
    printed with it ("10:20 CET"), else ``default_zone``, else UTC."""
    # "BUSINESSNOV 7, 2023": a section's label run into the date in capitals.
    text = _GLUED_MONTH.sub(" ", text or "")
    match = _DATE.search(text)
    if not match:
        return None
    g = {k: v for k, v in match.groupdict().items() if v}
    if "iyear" in g:
        year, month, day = int(g["iyear"]), int(g["imonth"]), int(g["iday"])
    elif "cyear" in g:
        year, month, day = int(g["cyear"]), int(g["cmonth"]), int(g["cday"])
    elif "nyear" in g:
        year, first, second = int(g["nyear"]), int(g["nday"]), int(g["nmonth"])
        year += 2000 if year < 70 else (1900 if year < 100 else 0)
        zone_after = _CLOCK_RE.search(text[match.end() : match.end() + 30])
        american = bool(zone_after and (zone_after.group("zone") or "").lower() in _US_ZONES)
        # 18/11/2011 and 11/18/2011 say which is the month; 5/10/11 needs the page's habit.
        month_first = second > 12 or (first <= 12 and g["sep"] == "/" and american)
        month, day = (first, second) if month_first else (second, first)
    else:
        year = int(g.get("year") or g.get("year2") or 0)
        month = _MONTH_NAMES.get((g.get("month") or g.get("month2") or "").lower(), 0)
        day = int(g.get("day") or g.get("day2") or 0)
    # The clock is written just after the date ("1 March 2016 10:20 GMT") or before it
    # ("Updated 10:20 GMT, Tuesday 1 March 2016").
    tail = re.sub(
        r"^[\s,،\-–—|]*(?:at|à|um|a las|alle|om|kl\.?|,|آخر تحديث)?[\s,،\-–—|]*",
        "",
        text[match.end() :],
    )
    after = _CLOCK_RE.match(tail) or _MILITARY_CLOCK.match(tail)
    before = None
    if after is None:
        before = next(
            iter(_CLOCK_RE.finditer(text[max(0, match.start() - 40) : match.start()])), None
        )
    clock = (after or before).groupdict() if (after or before) else {}
    hour, minute = int(clock.get("hour") or 0), int(clock.get("minute") or 0)
    ampm = (clock.get("ampm") or "").lower().replace(".", "")[:1]
    if ampm == "p" and hour < 12:
        hour += 12
    if ampm == "a" and hour == 12:
        hour = 0
    zone = zone_of(clock.get("zone") or "") or default_zone
    try:
        return in_zone(datetime(year, month, day, hour, minute), zone)  # noqa: DTZ001
    except ValueError:
        return None


def split_credit(text: str) -> tuple[str, str]:
    """("Police at the scene.", "Photo: Ozan Kose/AFP") from a caption with its credit."""
    text = clean_text(text)
    match = _CREDIT.search(text)
    if not match:
        return text, ""
    start = match.start()
    credit = match.group("credit").strip().strip("()").strip()
    # "…Lost Hills, California.David McNew—Getty Images": the credit starts after the
    # sentence the caption ends with, even when no space was printed between them.
    glued = re.search(r"[a-z)][.!?](?=[A-ZÀ-Þ][^.]*$)", credit)
    if glued:
        start += glued.end()
        credit = credit[glued.end() :]
    caption = text[:start].strip(" -–—|/")
    # "… la hija del Rey. 27-06-2012 | Efe": the date the picture was filed is no caption.
    caption = re.sub(r"(?<=[.!?])\s+\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$", "", caption)
    # "Jeff Chiu, File - FILE - In this … (AP Photo/Jeff Chiu, File)": the photographer's
    # name set again before the caption is the credit's, not the caption's.
    lead = re.match(r"^(?P<name>[^-–—]{3,40}?)\s[-–—]\s", caption)
    if lead and len(caption) > lead.end() and lead.group("name") in credit:
        caption = caption[lead.end() :]
    return caption, credit


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
        key = (
            meta.get("property") or meta.get("name") or meta.get("itemprop")
            or meta.get("http-equiv") or ""
        ).lower()  # fmt: skip
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


def _site_less(title: str) -> str:
    """ "Headline" from "Headline | Site", "Headline » Section » Site" or "Headline - Site"."""
    if not title:
        return ""
    if re.search(r"\s[|»·•]\s", title):
        return clean_text(re.split(r"\s+[|»·•]\s+", title)[0])
    return clean_text(re.split(r"\s+[–—:-]\s+(?=[^–—:-]*$)", title)[0])


def _similar(a: str, b: str) -> bool:
    a, b = clean_text(a).casefold(), clean_text(b).casefold()
    return bool(a and b) and (a == b or (min(len(a), len(b)) > 15 and (a in b or b in a)))


def _headline(doc: lxml_html.HtmlElement, root: etree._Element, ld: dict, meta: dict) -> str:
    """The page's <h1> that names the story (a site's own name in an <h1> is not it): the one
    its metadata title agrees with, else the first <h1> of the story, else the metadata's."""
    named = [
        clean_text(v)
        for v in (
            ld.get("headline"),
            *meta.get("og:title", []),
            *meta.get("twitter:title", []),
            doc.findtext(".//title"),
        )
        if isinstance(v, str) and clean_text(v)
    ]
    h1s = [clean_text(h.text_content()) for scope in (root, doc) for h in scope.iter("h1")]
    h1s = [h for h in dict.fromkeys(h1s) if len(h.split()) >= 2 or len(h) >= 8]
    site_names = {clean_text(v).casefold() for v in meta.get("og:site_name", [])}
    site_names |= {
        clean_text(t[len(_site_less(t)) :]).strip(" |–—:-").casefold()
        for t in named
        if _site_less(t) != t
    }
    site_names.discard("")
    for title in named:
        for candidate in (title, _site_less(title)):
            for h1 in h1s:
                if clean_text(h1).casefold() == candidate.casefold():
                    return h1
                if _similar(h1, candidate):
                    rest = h1[len(candidate) :].strip(" |–—:-").casefold()
                    if (
                        h1.casefold().startswith(candidate.casefold())
                        and rest
                        and any(rest in name or name in rest for name in site_names)
                    ):
                        return candidate  # "Headline" and the site's name run together
                    return h1
    if h1s and not named:
        return h1s[0]
    for h1 in h1s:
        if h1.casefold() not in site_names and not any(
            h1.casefold() in t.casefold() and len(h1) < len(t) / 2 for t in named
        ):
            return h1
    return _site_less(named[0]) if named else ""


_PRINTED_ZONE = re.compile(
    rf"\d[:.h]\d\d\s*(?:[ap]\.?m\.?)?\s*(?:uhr\s*)?\(?({ZONE_PATTERN})", re.I
)


def _printed_zone(root: etree._Element) -> tzinfo | None:
    """The zone the page prints after its time stamp ("10:20 CET"): a machine-readable time
    without an offset is in it, not in UTC."""
    for element in root.iter():
        if element.tag == "time" or re.search(
            r"date|time|published|posted|timestamp", _classes(element), re.I
        ):
            match = _PRINTED_ZONE.search(clean_text(element.text_content())[:200])
            if match:
                return zone_of(match.group(1))
    return None


_UPDATED = re.compile(
    r"updated|last\smodified|mis\sà\sjour|actualizad|aktualisiert|aggiornat|atualizad|edited",
    re.I,
)
_PUBLISHED_WORDS = re.compile(
    r"published|posted|first\sposted|publié|publicad|veröffentlicht|pubblicat", re.I
)
_TIME_CLASSES = re.compile(r"date|time|published|posted|timestamp|byline|dateline|meta", re.I)


_PUBLISHED_META = re.compile(
    r"publish|pub_?date|date_?original|original_?date|created|issued|^date$|\.date$", re.I
)


def _machine_times(root: etree._Element, ld: dict, meta: dict) -> list[str]:
    values = [ld.get("datePublished"), *meta.get("article:published_time", [])]
    values += [
        value
        for key, found in meta.items()
        if _PUBLISHED_META.search(key) and not re.search(r"modif|updat|expir", key)
        for value in found
    ]
    values += [
        t.get("datetime") or t.get("content")
        for t in root.iter()
        if isinstance(t.tag, str)
        and (t.get("itemprop") == "datePublished" or t.get("pubdate") is not None)
    ]
    return [v for v in values if isinstance(v, str) and v.strip()]


def _visible_times(
    lines: list[etree._Element], zone: tzinfo | None
) -> list[tuple[datetime, bool, bool]]:
    """(time, says "published", says "updated") of the time stamps printed near the top."""
    found = []
    for element in lines:
        text = clean_text(element.text_content())
        if len(text) > 200:
            continue
        when = None
        if element.tag == "time" and element.get("datetime"):
            when = parse_timestamp(element.get("datetime"), default_zone=zone)
        if when is None and _is_sentence_with_a_date(text):
            continue  # "signed into law on August 14, 1935": the story's, not its time stamp
        when = when or timestamp_in(text, default_zone=zone)
        if when is None:
            continue
        context = text
        parent = element.getparent()
        if parent is not None and len(clean_text(parent.text_content())) < 200:
            context = clean_text(parent.text_content())
        label = context[: max(0, context.find(text)) + 40] if text in context else text
        found.append((when, bool(_PUBLISHED_WORDS.search(label)), bool(_UPDATED.search(label))))
    return found


def _is_sentence_with_a_date(text: str) -> bool:
    """A date told in a sentence: more than six words around a date with no clock."""
    match = _DATE.search(text)
    if match is None or _CLOCK_RE.search(text):
        return False
    rest = (text[: match.start()] + " " + text[match.end() :]).split()
    return len(rest) > 6 and not _PUBLISHED_WORDS.search(text) and not _UPDATED.search(text)


def _date_in_a_sentence(line: str) -> bool:
    """A story highlight telling a date ("… signed into law on August 14, 1935"), not a
    byline row with its fields between bars ("Name | Place | 08/01/2014")."""
    return _is_sentence_with_a_date(line) and "|" not in line


def _has_clock(value: str) -> bool:
    return bool(re.search(r"\d[:h.]\d\d", value))


def _published(
    root: etree._Element, ld: dict, meta: dict, *, top: list[etree._Element] | None = None
) -> datetime | None:
    """When the story was first published: what its markup says, with the clock the page prints
    when the markup gives only a date; a printed "published" before an "updated"."""
    zone = _printed_zone(root)
    lines = top if top is not None else _short_lines(root)
    visible = _visible_times(list(root.iter("time")) + [e for e in lines if e.tag != "time"], zone)
    shown = [v for v in visible if v[1]] or [v for v in visible if not v[2]] or visible
    for value in _machine_times(root, ld, meta):
        found = parse_timestamp(value, default_zone=zone) or timestamp_in(value)
        if found is None:
            continue
        if not _has_clock(value):
            # A date alone: the printed time stamp of that day (or the night before it, when
            # the date is UTC's) gives the clock.
            same_day = [
                v[0] for v in shown
                if abs((v[0].date() - found.date()).days) <= 1 and (v[0].hour or v[0].minute)
            ]  # fmt: skip
            return same_day[0] if same_day else found
        printed = next((v[0] for v in shown if v[0].hour or v[0].minute), None)
        if printed is not None and abs((printed - found).total_seconds()) > 3600:
            same_clock = (printed.hour, printed.minute) == (found.hour, found.minute)
            # By the headline "10/ 5/11 09:19 PM ET", in the metadata another time: the reader's
            # time stamp is the printed one; but the same clock printed with no zone (read as
            # UTC) is the metadata's time, whose offset is the one to keep.
            if not (same_clock and not printed.utcoffset()):
                return printed
        return found
    if shown:
        with_clock = [v[0] for v in shown if v[0].hour or v[0].minute]
        return (with_clock or [shown[0][0]])[0]
    for element in root.iter():
        if isinstance(element.tag, str) and _TIME_CLASSES.search(_classes(element)):
            text = clean_text(element.text_content())
            if len(text) <= 200:
                found = timestamp_in(text, default_zone=zone)
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


_LINE_TAGS = {
    "p", "span", "div", "small", "address", "li", "time", "abbr", "em", "strong", "b", "h2",
    "h3", "h4", "h5", "h6", "a", "td", "dd", "font", "cite", "header", "i", "q",
}  # fmt: skip


def _top_lines(doc: etree._Element, headline: str, *, before: int = 8) -> list[etree._Element]:
    """The short text elements around the headline: a few before it (some sites print the
    time above the headline) and those after it until the story's first long paragraph."""
    # Only the page being read: an entry left from an earlier page kept its whole tree alive
    # and, once that tree was freed, answered for a new document given the same id().
    _AFTER_HEADLINE.clear()
    leaves: list[etree._Element] = []
    headline_at = None
    # The heading that reads exactly as the headline, else the <h1> like it: a site's logo may
    # be an <h1> with the headline run into the site's name above an <h3> of the story's own.
    wanted = headline.casefold()
    headings = doc.iter("h1", "h2", "h3")
    anchor = next((h for h in headings if clean_text(h.text_content()).casefold() == wanted), None)
    if anchor is None:
        anchor = next(
            (h for h in doc.iter("h1") if _similar(clean_text(h.text_content()), headline)), None
        )
    for element in doc.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "noscript"):
            continue
        if element is anchor and headline_at is None:
            headline_at = len(leaves)
            continue
        if element.tag not in _LINE_TAGS:
            continue
        text = clean_text(element.text_content())
        if headline_at is not None and element.tag == "p" and len(text) > 200:
            break
        if (
            text
            and len(text) <= 200
            and not any(
                isinstance(c.tag, str) and c.tag in ("p", "div", "li", "ul") for c in element
            )
        ):
            leaves.append(element)
        if headline_at is not None and len(leaves) - headline_at > 80:
            break
    if headline_at is None:
        return []
    start = max(0, headline_at - before)
    _AFTER_HEADLINE[id(doc)] = leaves[headline_at:]
    return leaves[start:]


# The lines after the headline of the page being read (keyed by the document's id): set by
# _top_lines, taken by _standfirst, so it never holds more than the one page.
_AFTER_HEADLINE: dict[int, list[etree._Element]] = {}


def _lead_figure(
    doc: etree._Element, root: etree._Element, meta: dict, *, url: str, base_dir: Path | None
) -> Picture | None:
    """The lead picture (pictures.lead_picture) with its bytes when they came with the page."""
    found = lead_picture(doc, root, meta, url=url)
    if found is None:
        return None
    caption, credit = found.caption, strip_credit_label(found.credit)
    if not credit and _credit_line(clean_text(caption)):
        # A caption box holding only a credit ("(Ann Lee Photography)") gives no caption.
        caption, credit = "", _credit_line(clean_text(caption))
    picture = Picture(caption=caption, credit=credit, alt=found.alt)
    data = inline_picture_bytes(found.url) if found.url.startswith("data:") else None
    if data is not None:
        picture.data = data
    else:
        picture.url = found.url
        local = local_picture_bytes(found.url, base_dir=base_dir)
        if local:
            picture.data, picture.filename = local
    return picture


def _inside(element: etree._Element, tags: tuple[str, ...], pattern: re.Pattern) -> bool:
    return any(
        isinstance(a.tag, str) and (a.tag in tags or pattern.search(_classes(a)))
        for a in element.iterancestors()
    )


_NOT_STANDFIRST_PLACE = re.compile(
    r"caption|cutline|credit|photo|image|media|figure|byline|author", re.I
)


def _standfirst(
    doc: etree._Element, root: etree._Element, meta: dict, headline: str,
    *, caption: str = "",
) -> tuple[str, etree._Element | None]:  # fmt: skip
    """The sentence or two under the headline: an element the page marks as such (dek,
    standfirst, summary…) or a subheading-sized line right under it, near the headline; else
    the page's description, when the page also shows it there."""
    after = _AFTER_HEADLINE.pop(id(doc), None) or _short_lines(root)
    near = after[:25]

    def usable(element: etree._Element, text: str) -> bool:
        return (
            25 <= len(text) <= 400
            and clean_text(text).casefold() not in (headline.casefold(), caption.casefold())
            and not _BY.match(text)
            and not is_furniture(text)
            and not (timestamp_in(text) and len(text) < 80)
            and element.tag != "a"
            and not _inside(element, ("figure", "figcaption", "a"), _NOT_STANDFIRST_PLACE)
        )

    for element in near:
        text = clean_text(element.text_content())
        if _STANDFIRST_CLASSES.search(_classes(element)) and usable(element, text):
            return text, element
    for element in near[:6]:
        text = clean_text(element.text_content())
        if element.tag in ("h2", "h3") and usable(element, text):
            return text, element
        children = list(element)
        if (
            element.tag == "p"
            and len(children) == 1
            and children[0].tag in ("em", "i", "strong", "b")
            and not clean_text(element.text)
            and not clean_text(children[0].tail)
            and usable(element, text)
        ):
            return text, element
    # The description counts only where the page shows it as a line of its own: shown as a
    # paragraph, it is the story's first paragraph (a lede the page reused), not a standfirst.
    shown = " ".join(clean_text(e.text_content()) for e in near if e.tag != "p").casefold()
    for key in ("description", "og:description", "twitter:description"):
        for value in meta.get(key, []):
            if 25 <= len(value) <= 400 and clean_text(value).casefold()[:60] in shown:
                return value, None
    return "", None


_BY = re.compile(
    r"^(?:[-–—]+\s*)?(?:by|von|par|por|di|door|av|de|written\sby)\b\s*:?\s*(?P<name>.+)$", re.I
)
_WEEKDAYS = (
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|lunes|martes|miércoles|jueves|"
    r"viernes|sábado|domingo|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
)
# Where a byline's names end: a bar, a date or time, a handle, "posted on", an e-mail address.
_BYLINE_END = re.compile(
    rf"\s*(?:[|•·]|\s-\s|@|\d|\b(?:{_WEEKDAYS})\b|\b(?:{_MONTHS})\.?\s+\d|\b(?:posted|published|updated|on|le|el|am|"
    rf"last\supdated|mis\sà\sjour|actualizado)\b\s*(?:\d|{_MONTHS}|:|$)|\S+@\S+)",
    re.I,
)
_BYLINE_MARK = re.compile(
    r"(^|[\s_-])(byline|by-?line|author|authors|writer|reporter|contributor|autor|auteur)"
    r"([\s_-]|$)",
    re.I,
)


_BREAKS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "dd", "dt",
    "section", "header", "footer", "address", "figure", "figcaption", "table", "blockquote",
}  # fmt: skip


def line_text(element: etree._Element) -> list[str]:
    """The element's text as the lines a browser shows: block elements and <br> break lines
    ("Patti Domm" and "CNBC Executive News Editor" are two lines, not "Patti DommCNBC")."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        breaks = isinstance(node.tag, str) and node.tag in _BREAKS and node is not element
        if breaks:
            parts.append("\n")
        if isinstance(node.tag, str) and node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
        if breaks:
            parts.append("\n")
        if node is not element and node.tail:
            parts.append(node.tail)

    walk(element)
    return [line for line in (clean_text(x) for x in "".join(parts).split("\n")) if line]


def byline_text(text: str) -> str:
    """The names of a printed byline: "Doug Stanglin, USA TODAY" from "Doug Stanglin, USA
    TODAY 8:42 a.m. EDT October 3, 2014"; "Seth Fiegerman" from "By Seth Fiegerman2014-01-26"."""
    text = clean_text(text)
    match = _BY.match(text)
    if match:
        text = match.group("name")
    end = _BYLINE_END.search(text)
    if end and end.start() > 0:
        text = text[: end.start()]
    # "Michael Russell Follow @handle": the follow button after the name is no name.
    text = re.sub(r"\s+follow(\s+@\w+)?$", "", text, flags=re.I)
    return text.strip(" ,;:-–—")


def _people(text: str) -> list[str]:
    from masthead.ingest.bylines import byline_people

    return byline_people(byline_text(text))


def _byline(
    root: etree._Element, ld: dict, meta: dict, *, top: list[etree._Element] | None = None
) -> list[str]:
    """The people who wrote the story: the page's byline near the headline (an element marked
    as one, or a line starting "By"), else one at the end ("-- By Michael Russell"), else the
    metadata's author. A byline naming only an organisation ("CNN Wire") gives way to one
    naming a person."""
    lines = top if top is not None else _short_lines(root)
    candidates: list[str] = []
    for element in lines:
        if any(
            isinstance(a.tag, str)
            and re.search(r"(^|[\s-])(comments?|related|sidebar|rail)([\s-]|$)", _classes(a), re.I)
            for a in element.iterancestors()
        ):
            continue
        shown = line_text(element) or [""]
        text = shown[0]
        if re.fullmatch(r"(?:by|par|von|por|de|door)\s*:?", text, re.I) and len(shown) > 1:
            text = f"{text} {shown[1]}"
        marked = element.get("rel") == "author" or _BYLINE_MARK.search(
            f"{_classes(element)} {element.get('itemprop', '')}"
        )
        if marked or _BY.match(text):
            parent = element.getparent()
            if parent is not None and len(clean_text(parent.text_content())) <= 200:
                whole = (line_text(parent) or [""])[0]
                if _BY.match(whole) and text in whole:
                    text = whole  # "Par <a>A</a>, <a>B</a>": every name of the line
            candidates.append(text)
    ending = [clean_text(p.text_content()) for p in list(root.iter("p", "div", "span"))[-60:]]
    candidates += [t for t in ending if len(t) < 120 and re.match(r"^[-–—]+\s*by\b", t, re.I)]
    candidates += [
        n for n in _ld_names(ld.get("author")) + meta.get("author", []) + meta.get(
            "article:author", [])
        if n and not n.startswith("http")
    ]  # fmt: skip
    for text in candidates:
        people = _people(text)
        if people:
            return people
    return []


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


_JUNK_TAGS = ("nav", "footer", "aside", "form", "figure", "figcaption", "iframe", "button",
              "select", "textarea", "noscript", "svg", "template")  # fmt: skip
_JUNK_CLASS = re.compile(
    r"(^|[\s_-])(comments?|disqus|respond|replies|related|recommend(ed|ations)?|promo(tion)?s?|"
    r"share|sharing|social|newsletter|subscribe|sign-?up|sidebar|rail|most-?(popular|read)|"
    r"trending|outbrain|taboola|advert(isement)?s?|ads?|adslot|ad-?container|banner|"
    r"breadcrumbs?|highlights|caption|cutline|credit|gallery|video|tools|toolbar|tags|topics|"
    r"author-?bio|bio|more-?from|read-?more|see-?also|also-?read|inline-?promo|"
    r"storytopbar|story-?tools|widget|modal|popup|overlay)([\s_-]|$)",
    re.I,
)


_TEXT_OVER_PICTURE = re.compile(r"(^|[\s_-])overlay([\s_-]|$)", re.I)


def story_markup(doc: lxml_html.HtmlElement) -> str:
    """The page without what is never the story, for trafilatura: navigation, asides,
    pictures and captions (read apart), comments, related and promoted links, sharing and
    advertising boxes, and elements hidden by their style. A box holding most of the page's
    text is kept whatever its class says (some sites wrap the story in "article-tools")."""
    copy = lxml_html.document_fromstring(lxml_html.tostring(doc, encoding="unicode"))
    total = max(1, len(clean_text(copy.text_content())))
    # The box holding most of the page's paragraph text holds the story, whatever its class:
    # it and the boxes around it are kept. Not the box of the longest paragraph: that may be a
    # reader's long comment.
    text_in: dict[etree._Element, int] = {}
    for paragraph in copy.iter("p"):
        parent = paragraph.getparent()
        if parent is not None:
            text_in[parent] = text_in.get(parent, 0) + len(clean_text(paragraph.text_content()))
    densest = max(text_in, key=lambda box: text_in[box]) if text_in else None
    # The elements are held in a list: lxml makes a new proxy object for an element each time
    # one is asked for, so the id() of one no longer referenced may be reused by another.
    kept = [densest, *densest.iterancestors()] if densest is not None else []
    frame = densest.getparent() if densest is not None else None
    if frame is not None:
        # Paragraphs set over a picture ("image_overlay"), a box beside the story's own in
        # the story's frame: the story's, however the box is named.
        for box in frame:
            if (
                isinstance(box.tag, str)
                and box is not densest
                and _TEXT_OVER_PICTURE.search(box.get("class", ""))
            ):
                prose = [p for p in box.iter("p") if len(p.text_content().split()) >= 20]
                if len(prose) >= 2:
                    kept += [box, *box.iter()]
                    # trafilatura drops a box named "overlay" as a pop-up: the name goes.
                    for named in (box, *box.iter()):
                        if _TEXT_OVER_PICTURE.search(named.get("class", "")):
                            named.set("class", "")
    story = {id(e) for e in kept}
    for element in list(copy.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        if id(element) in story:
            continue
        style = (element.get("style") or "").replace(" ", "").lower()
        junk = (
            element.tag in _JUNK_TAGS
            or "display:none" in style
            or _JUNK_CLASS.search(f"{element.get('class', '')} {element.get('id', '')}")
        )
        if (
            junk
            and element.tag not in ("html", "body")
            and (len(clean_text(element.text_content())) < 0.4 * total)
        ):
            element.drop_tree()
    _drop_titled_boxes(copy, story)
    _drop_teaser_cards(copy, story)
    if densest is not None and text_in[densest] >= 0.6 * sum(text_in.values()):
        # The story's box holds most of the page's paragraphs: paragraphs far outside it (not
        # within the box around it) are teasers and rails, wherever trafilatura would put them.
        frame = densest.getparent() if densest.getparent() is not None else densest
        for paragraph in list(copy.iter("p")):
            if frame not in paragraph.iterancestors() and paragraph.getparent() is not None:
                paragraph.drop_tree()
    for paragraph in list(copy.iter("p")):
        links = paragraph.findall(".//a[@href]")
        text = clean_text(paragraph.text_content())
        if (
            len(links) == 1
            and text
            and clean_text(links[0].text_content()) == text
            and id(paragraph) not in story
        ):
            paragraph.drop_tree()  # a paragraph that is only a link: a promoted headline
    return lxml_html.tostring(copy, encoding="unicode")


def _drop_teaser_cards(doc: etree._Element, story: set[int]) -> None:
    """Take out the cards that promote other pages: a small box (under 400 characters of
    text) holding a picture that links away and a linked title, with at most a date and a
    one-line blurb beside them. The lead picture has been read from the page already."""
    for box in list(doc.iter("div", "li", "article", "section")):
        if id(box) in story or box.getparent() is None:
            continue
        links = box.findall(".//a[@href]")
        picture_link = any(a.find(".//img") is not None for a in links)
        titled = any(clean_text(a.text_content()) for a in links)
        if picture_link and titled and len(clean_text(box.text_content())) < 400:
            box.drop_tree()


# The titles of boxes set inside a story that are not the story: its highlights, a rail.
_BOX_TITLE = re.compile(
    r"^(story\shighlights|highlights|key\spoints|in\sbrief|part\sof\scomplete\scoverage(\son)?"
    r"|related(\s\w+)?|more\son\sthis(\sstory)?|most\s(read|popular|shared|viewed)"
    r"|(read|see)\salso|you\smight\salso\slike|recommended(\sfor\syou)?)\s*:?$",
    re.I,
)


def _drop_titled_boxes(doc: etree._Element, story: set[int]) -> None:
    """Drop a small box headed by such a title, with what it lists ("STORY HIGHLIGHTS" and
    three bullet points above the first paragraph)."""
    for title in list(doc.iter("b", "strong", "h2", "h3", "h4", "h5", "div", "span", "p")):
        if title.getparent() is None or len(title) > 2:
            continue
        text = clean_text(title.text_content())
        if not text or not _BOX_TITLE.match(text):
            continue
        box = title
        while box.getparent() is not None and clean_text(box.getparent().text_content()) == text:
            box = box.getparent()
        box = box.getparent()
        if (
            box is not None
            and box.tag not in ("html", "body")
            and id(box) not in story
            and len(clean_text(box.text_content())) < 1500
            and box.getparent() is not None
        ):
            box.drop_tree()


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
    # trafilatura indents a paragraph made only of inline elements ("<strong>a</strong>
    # <strong>nd automobiles</strong>" becomes three <hi> on lines of their own); that
    # indentation is no space the page printed, and read as one it splits a word in two.
    for element in main.iter():
        if element.text and not element.text.strip() and "\n" in element.text:
            element.text = None
        if element.tail and not element.tail.strip() and "\n" in element.tail:
            element.tail = None
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
        and len(element) >= 1
        # a bold line may be set as several bold runs ("<b>... </b><b>a</b><b>nd cars</b>")
        and all(child.tag == "hi" and "b" in child.get("rend", "") for child in element)
        and not clean_text(element.text)
        and not any(clean_text(child.tail) for child in element)
        and len(text) <= 90
        and (
            not text.endswith((".", "!", "?"))
            or text.endswith(("...", "…"))
            or _short_question(text)
        )
    ):
        blocks.append(Block("subheading", text))
    elif element.tag in ("p", "quote"):
        blocks.append(Block("paragraph", text, inline_html(_tei_inline(element)) or text))
    elif element.tag == "list":
        for item in element.iter("item"):
            item_text = clean_text("".join(item.itertext()))
            if item_text and item_text.casefold() not in skip:
                blocks.append(Block("paragraph", item_text, inline_html(item_text)))


def _short_question(text: str) -> bool:
    """ "At what price change?" set in bold on its own is a subheading; an interviewer's
    question ("And how did he respond to you calling him out on that?") is a sentence."""
    return text.endswith("?") and len(text.split()) <= 6


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
            if block.kind != "paragraph":
                continue
            if block.text.startswith(following[:40]):
                blocks.insert(index, Block("subheading", text))
                have.add(text.casefold())
                break
            rest = block.text[len(text) :].strip()
            if block.text.startswith(text) and rest.startswith(following[:40]):
                # "<p><b>Subheading</b><br>The paragraph…</p>": one block, split in two.
                bold = re.match(r"\s*<b>.*?</b>\s*", block.html, re.S)
                html = block.html[bold.end() :] if bold else inline_html(rest)
                blocks[index : index + 1] = [
                    Block("subheading", text),
                    Block("paragraph", rest, html or rest),
                ]
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


def _real_subheadings(blocks: list[Block]) -> list[Block]:
    """Without the "subheadings" that only introduce what follows ("Wrap Up:", "… les questions
    suivantes:") and share buttons: the page's furniture, not the story's; nor a heading above
    the first paragraph, which is the page's deck or kicker, not a break inside the story."""
    first = next((i for i, b in enumerate(blocks) if b.kind == "paragraph"), len(blocks))
    return [
        b
        for i, b in enumerate(blocks)
        if b.kind != "subheading"
        or not (is_furniture(b.text) or b.text.rstrip().endswith((":", "：")) or i < first)
    ]


def is_story_end(line: str) -> bool:
    return bool(_STORY_END.match(clean_text(line)))


# A rail of other stories ("MOST POPULAR", "RELATED TOPICS", "See also: …") that pages set
# inside a long story as well as after it; comments and the copyright line only ever end it.
_RAIL = re.compile(
    r"""^((most\s(read|popular|shared|viewed)) | related(\s\w+)?:?$ | (read|see)\salso\b
      | more\sfrom\b | more\sstories | trending | you\smight\salso\slike | recommended
      | latest\snews | more\sin\s | more\s[\w-]+\sfrom\b)""",
    re.I | re.X,
)


def _story_resumes(lines: list[str], at: int, *, within: int = 20) -> int | None:
    """Where the story goes on after a rail that begins at ``at``: the first of two
    paragraphs in a row within ``within`` lines, before any line that only ends a story."""
    if not _RAIL.match(lines[at]):
        return None
    for j in range(at + 1, min(len(lines) - 1, at + within)):
        if is_story_end(lines[j]) and not _RAIL.match(lines[j]):
            return None
        if _is_prose(lines[j]) and _is_prose(lines[j + 1]):
            return j
    return None


def _clean_body(blocks: list[Block], *, drop: set[str], tags: list[str]) -> list[Block]:
    drop = {d.casefold() for d in drop if d}
    bare_drop = {_bare(d) for d in drop if len(d) > 8}
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
        if _bare(folded) in bare_drop:
            continue  # the caption and credit again, set between dashes ("- Caption. AFP -")
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
    # A trailing heading is a rail's title ("More from World"), not the story's; a last line
    # ending in a colon introduces what the page embeds ("READ the full remarks:").
    while kept and (
        kept[-1].kind == "subheading"
        or kept[-1].text.rstrip().endswith(":")
        or _WRITER_NOTE.match(kept[-1].text)
    ):
        kept.pop()
    return kept


def _bare(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


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
    # What a reader never sees is no text of the page: scripts (a "document.write" of a date),
    # styles and templates.
    for element in list(doc.iter("script", "style", "template", "noscript")):
        element.drop_tree()
    root = _story_root(doc)
    headline = _headline(doc, root, ld, meta)
    if not headline:
        raise IngestError("no headline found on the page")
    top = _top_lines(doc, headline)
    published_at = _published(root, ld, meta, top=top or None) or _published(doc, {}, {})
    picture = _lead_figure(doc, root, meta, url=url, base_dir=base_dir)
    standfirst, _standfirst_element = _standfirst(
        doc, root, meta, headline, caption=picture.caption if picture else ""
    )
    byline = _byline(root, ld, meta, top=top or None)
    tags = _tags(doc, ld, meta)
    dateline_element = next((e for e in root.iter() if _DATELINE_CLASSES.search(_classes(e))), None)
    dateline = clean_text(dateline_element.text_content()) if dateline_element is not None else ""
    drop = {headline, standfirst, *byline, *(f"By {b}" for b in byline)}
    if picture:
        drop |= {picture.caption, picture.credit, f"{picture.caption} {picture.credit}".strip()}
    blocks = _trafilatura_blocks(story_markup(doc), {d.casefold() for d in drop if d})
    if not blocks:
        blocks = element_to_blocks(root, skip=drop)
    blocks = _clean_body(blocks, drop=drop, tags=tags)
    _restore_subheadings(root, blocks, {d.casefold() for d in drop if d})
    # A subheading split off the paragraph it opened ("Search for jobs" + "Click to search
    # …") can leave that paragraph furniture; then the heading closes the story: both go.
    blocks = [b for b in blocks if not (b.kind == "paragraph" and is_furniture(b.text))]
    while blocks and blocks[-1].kind == "subheading":
        blocks.pop()
    blocks = _real_subheadings(blocks)
    if not byline:
        notes = (clean_text(e.text_content()) for e in doc.iter("p", "div", "span", "section"))
        byline = noted_writer([n for n in notes if n], body={b.text for b in blocks})
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
        language=_page_language(doc, ld, meta),
    )


def _page_language(doc: lxml_html.HtmlElement, ld: dict, meta: dict) -> str:
    """<html lang>, else the article's inLanguage, og:locale or Content-Language."""
    for value in (doc.get("lang"), doc.get("xml:lang"), ld.get("inLanguage"),
                  *meta.get("og:locale", []), *meta.get("content-language", []),
                  *meta.get("language", [])):  # fmt: skip
        if isinstance(value, str) and clean_text(value):
            return clean_text(value)[:35]
    return ""


# --- Plain text ---------------------------------------------------------------------------------


# The control a gallery prints under a caption it can fold away.
_CAPTION_MARK = re.compile(r"^(hide|show|close)\s+caption$", re.I)


def _caption_like(line: str, headline: str) -> bool:
    """A line that may be a picture's caption: a few words, no byline, headline or furniture."""
    return (
        bool(line)
        and _word_count(line) >= 4
        and len(line) < 400
        and line != headline
        and not _BY.match(line)
        and not is_furniture(line)
        and not _TAG_LINE.match(line)
        and not (timestamp_in(line) and len(line) < 80)
    )


# Chinese characters and Japanese kana: scripts written with no spaces between words.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def _word_count(line: str) -> float:
    """Words in a line; Chinese and Japanese put no spaces between words, so there two
    characters count as one word (a 24-character sentence is a dozen words)."""
    cjk = len(_UNSPACED.findall(line))
    if not cjk:
        return len(line.split())
    return len(_UNSPACED.sub(" ", line).split()) + cjk / 2


_INITIALISM_END = re.compile(r"\b(?:[A-Z]\.){2,}$")
# A line that is only a date: a picture's filing date, a list's date.
_DATE_ONLY = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}$")
# A credit printed as a line of its own, in the words sites use when no agency's name or
# "Photo:" marks it: "| Efe", "(Ann Lee Photography)", "Courtesy G4".
_CREDIT_LINE = re.compile(
    r"""^(?:\|\s*(?P<barred>[A-ZÀ-Þ][\w.'’-]+(?:\s[A-ZÀ-Þ][\w.'’-]+){0,2})
      | \((?P<studio>[^()]{2,50}\s(?:Photography|Photos?|Images|Pictures))\)
      | (?P<courtesy>Courtesy\s(?:of\s)?[^.]{2,40})
      | (?P<agency>AP|AFP|Reuters|REUTERS|EPA|Getty\sImages|(?:The\s)?Associated\sPress))$""",
    re.X,
)


_ENDS = (".", "!", "?", '"', "”", "»", "…", ")", "。", "」", "！", "？")
_PICTURE_CONTROL = re.compile(r"^(?:\[\+\]\s?)?(?:enlarge|expand|zoom)$", re.I)
# A credit run into the caption after it: "Name Name/Agency" and the agency's words in
# capitals or "Images", up to the caption's first capital.
_LEADING_CREDIT = re.compile(
    r"^(?P<credit>[A-ZÀ-Þ][\w.'’-]+(?:\s[A-ZÀ-Þ][\w.'’-]+){0,3}/[A-ZÀ-Þ][\w.'’-]*?"
    r"(?:\s(?:[A-Z]{2,}|Images))*)(?=\s[A-ZÀ-Þ]|[A-ZÀ-Þ][a-z'’])"
)
_COPYRIGHT_END = re.compile(r"\s*(?:\(c\)|©)\s?[\w/ .-]{2,40}$", re.I)
# "— ANN LEE, a harbour pilot, after the vote": who said the quote a pull-quote box shows.
_QUOTE_ATTRIBUTION = re.compile(r"^[—–-]\s?[A-ZÀ-Þ][A-ZÀ-Þ.'’ -]{3,40},\s")
# A person's name as pages print it: two or three capitalised words.
_NAME_ALONE = re.compile(r"^[A-ZÀ-Þ][a-zà-ÿ'’-]+(?:\s[A-ZÀ-Þ][a-zà-ÿ'’-]+){1,2}$")
_NAMED = re.compile(r"^[A-ZÀ-Þ][a-zà-ÿ'’-]+\s[A-ZÀ-Þ][a-zà-ÿ'’-]+\s")
_AGENCY_CREDIT = re.compile(r"\b(AP|AFP|Reuters|REUTERS|EPA|Getty\sImages|Associated\sPress)$")


def _updated_after_date(line: str) -> bool:
    mark, date = _UPDATED.search(line), _DATE.search(line)
    return bool(mark and date and date.start() < mark.start())


def _credit_only(line: str) -> bool:
    """``line`` is a picture's credit and nothing else."""
    caption, credit = split_credit(line)
    return bool((credit and not caption) or _credit_line(line))


def _credit_line(line: str) -> str:
    """The credit, when ``line`` is nothing but a credit in one of those forms."""
    match = _CREDIT_LINE.match(line)
    return next((g for g in match.groups() if g), "") if match else ""


def _candidate_headline(line: str, *, anchored: bool = False) -> bool:
    """A line that may be the headline. ``anchored``: a byline or time stamp follows it, so
    a label in capitals before a colon ("GOLDMAN: 4 Key Points …") is the headline's own,
    not a promoted story's."""
    words = _word_count(line)
    return (
        2 <= words <= 30
        and 10 <= len(line) + len(_UNSPACED.findall(line)) <= 200
        # a sentence's end is none, an initialism's full stop may be ("… With U.S.")
        and (
            not line.endswith((".", ":", "!", "”", '"', ",")) or bool(_INITIALISM_END.search(line))
        )
        and not (is_furniture(line) and not (anchored and _PROMO.match(line)))
        and not is_story_end(line)
        and not (timestamp_in(line) and len(line) < 80)
        and not _BY.match(line)
        # "National Desk By National Desk": a name set twice around "By" is a byline
        and not re.fullmatch(r"(?P<name>.{3,60}?)\s+by\s+(?P=name)", line, re.I)
        and not _TAG_LINE.match(line)
        and not split_credit(line)[1]
        # counts and clocks are no headline ("718 Comments"), a year may be ("2012 map …")
        # a quotation in guillemets is no menu's "»" ("Ayrault «assume» sa méthode")
        and not re.search(
            r"(?<!\d)(?!(?:19|20)\d\d(?!\d))\d{3,}|[|»]|\.{3}|…$", re.sub(r"«[^»]*»", "", line)
        )
        and line[:1].upper() == line[:1]
    )


# How a picture's caption opens and a paragraph never does: AP's "FILE - In this March 2,
# 2011 file photo, …", "In this photo taken …", and a caption dated before a colon ("Apr. 8:
# The president signs …"; under a picture's credit only, since a timeline's items open so too).
_FILE_PHOTO = re.compile(r"^(?:FILE\s?[-–—]\s|In\sthis\s.{0,40}?\b(?:photo|picture|image)\b)")
_DATED_CAPTION = re.compile(rf"^(?:{_MONTHS})\.?\s\d{{1,2}}(?:,\s\d{{4}})?:\s", re.I)


def _captions_a_picture(line: str, above: str = "") -> bool:
    """``line`` is a picture's caption by the way it opens (``above``: the line over it)."""
    if _FILE_PHOTO.match(line):
        return True
    return bool(above and _DATED_CAPTION.match(line) and _credit_only(above))


def _is_prose(line: str) -> bool:
    """A paragraph: a dozen words or more ending like a sentence (a long headline does not),
    before any agency's copyright mark closing it ("… 述べた。(c)AFP/Aminu ABUBAKAR")."""
    line = _COPYRIGHT_END.sub("", line)
    return (
        _word_count(line) >= 12
        and line.rstrip().endswith((".", "!", "?", '"', "”", "»", "…", ")", "»", "。", "」"))
        and not is_furniture(line)
        and not _PROMO.match(line)
        and not _DATED_ITEM.match(line)
        and not _FILE_PHOTO.match(line)
    )


# "07/01/2014 El juez imputa de nuevo a la Infanta …": an item of a dated list of other
# stories; a paragraph does not open with a date in figures.
_DATED_ITEM = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\s")


def _introduces(line: str) -> bool:
    return _word_count(line) >= 8 and line.endswith((":", "：")) and not is_furniture(line)


def _story_start(lines: list[str]) -> int | None:
    """Index of the first body line: a datelined paragraph before the first run of two
    paragraphs (or among its first lines: a standfirst and a caption read as paragraphs too), else
    that run. A datelined paragraph far below is a teaser of another story, and a paragraph
    printed again further down is a share box's preview of the story, not its start."""
    seen_later = {line: index for index, line in enumerate(lines)}
    # A paragraph and a sentence introducing a list ("… data points include:") are a run too.
    run = next((i for i in range(len(lines) - 1)
                if _is_prose(lines[i]) and (_is_prose(lines[i + 1]) or _introduces(lines[i + 1]))),
               None)  # fmt: skip
    # A caption under its picture's credit right over the story ("AP" / "Apr. 8: The
    # president signs …"): the story starts under it.
    if (
        run is not None
        and run + 2 < len(lines)
        and _captions_a_picture(lines[run], lines[run - 1] if run else "")
        and _is_prose(lines[run + 1])
    ):
        run += 1
    for index, line in enumerate(lines[: run + 6 if run is not None else len(lines)]):
        if _is_prose(line) and split_dateline(line)[0] and seen_later[line] == index:
            return index
    if run is not None:
        return run
    # A story of one paragraph: the first paragraph under a headline its byline or time
    # stamp follows.
    for index, line in enumerate(lines[:-1]):
        if _candidate_headline(line, anchored=True) and _is_anchor(lines[index + 1]):
            return next((j for j in range(index + 2, min(len(lines), index + 40))
                         if _is_prose(lines[j])), None)  # fmt: skip
    return None


def _story_lines(lines: list[str], start: int) -> list[str]:
    """The story's lines from its first paragraph: furniture lines dropped, a box of four or
    more short lines (a menu, a rail of other stories) skipped, and the story over when such a
    box is not followed by two paragraphs, or at a line only the end of a story has."""
    kept: list[str] = []
    i, n = start, len(lines)
    while i < n:
        line = lines[i]
        if is_story_end(line) and (resume := _story_resumes(lines, i)) is not None:
            i = resume
            continue
        if is_story_end(line) or _TAG_LINE.match(line):
            break
        if is_furniture(line) or _PROMO.match(line):
            i += 1
            continue
        if _is_prose(line):
            kept.append(line)
            i += 1
            continue
        j = i
        while (
            j < n
            and not _is_prose(lines[j])
            and not is_story_end(lines[j])
            and not _TAG_LINE.match(lines[j])
        ):
            j += 1
        run = [x for x in lines[i:j] if not is_furniture(x) and not _PROMO.match(x)]
        # Four short lines that are each a sentence are a list the story gives, not a menu
        # or a rail of headlines (which end in no full stop).
        listed = all(_word_count(x) >= 5 and x.endswith((".", "!", "?", ".'", '."', ".”"))
                     for x in lines[i:j])  # fmt: skip
        if j - i >= 4 and not listed:
            if not (j + 1 < n and _is_prose(lines[j]) and _is_prose(lines[j + 1])):
                break
        else:
            kept += [x for x in run if not re.search(r"…$|\.\.\.$|full story|»$", x, re.I)]
        i = j
    return kept


def _is_anchor(line: str) -> bool:
    """A byline or a time stamp line: what sits right under (or over) a headline."""
    if len(line) > 160:
        return False
    if _BY.match(line) and _people(line):
        return True
    when = timestamp_in(line)
    return bool(when) and len(line) < 100


def _headline_at(lines: list[str], start: int) -> int | None:
    """The line that heads the story: a headline-like line the byline or time stamp follows
    (or, on some sites, precedes), not an item of a menu of short lines."""
    window = range(max(0, start - 45), start)
    anchors = {i for i in window if _is_anchor(lines[i])}
    best: tuple[float, int] | None = None
    candidates: set[int] = set()
    for i in window:
        line = lines[i]
        anchored = _anchor_follows(lines, i, start, anchors)
        if i in anchors or not _candidate_headline(line, anchored=anchored):
            continue
        if _credit_only(lines[i + 1]):
            continue  # a line over a credit ("Image: SixThirty") is the picture's caption
        candidates.add(i)
        score = 0.0
        if anchored:
            score += 4
            # a byline says whose story it is more surely than a date, which fact boxes
            # ("Release Date 2014-06-26") and lists of other stories print too
            if any(_BY.match(lines[j]) and _people(lines[j]) for j in range(i + 1, i + 4)):
                score += 1
        if any(j in anchors for j in (i - 1, i - 2)):
            score += 2
        words = _word_count(line)
        if 5 <= words <= 20:
            score += 2
        neighbours = [lines[j] for j in (i - 1, i + 1) if 0 <= j < len(lines)]
        if all(len(n.split()) < 4 and not _is_anchor(n) for n in neighbours) and not (
            anchored and words >= 5
        ):
            score -= 3  # an item of a menu (a long line a byline follows is no menu's)
        score -= (start - i) / 30
        if best is None or score > best[0]:
            best = (score, i)
    if best is not None and best[0] > 0:
        top = best[1]
        # Between a headline and its byline a site may print a breadcrumb ("Home ECONOMIE
        # Conjoncture") or the writer's name alone: a longer line right above is the headline.
        # A long question under a shorter line is the deck: the line above is the headline.
        words, above = _word_count(lines[top]), _word_count(lines[top - 1])
        deck = words >= 10 and lines[top].endswith("?") and above < words
        if top - 1 in candidates and ((words < 5 and above > words) or deck):
            top -= 1
        return top
    return next((i for i in range(start - 1, max(-1, start - 10), -1)
                 if _candidate_headline(lines[i]) and not _credit_only(lines[i + 1])),
                None)  # fmt: skip


def _anchor_follows(lines: list[str], at: int, start: int, anchors: set[int]) -> bool:
    """A byline or time stamp within four lines under ``at``, not counting the share
    buttons, counts and the picture's caption and credit a page may set in between."""
    counted = 0
    for j in range(at + 1, start):
        if j in anchors:
            return True
        line = lines[j]
        if is_furniture(line) or _credit_only(line) or _credit_only(lines[j + 1]):
            continue
        counted += 1
        if counted >= 4:
            return False
    return False


# A text folded by a "more"/"less" control copies as both halves around the control's
# words: "… in San Francisco. Apple …more Inc. on Wednesday said … less".
_FOLD = re.compile(r"\s*(?:…|\.\.\.)\s?more\s+(?P<rest>.+?)\s+less$")


def _unfolded(line: str) -> str:
    match = _FOLD.search(line)
    return f"{line[: match.start()]} {match.group('rest')}" if match else line


def _shared_byline(line: str) -> tuple[list[str], str]:
    """The writers of a byline shared with a slash and printed with no "By", and the place
    they wrote from when the gazetteer knows the words before the date: ("María R.
    Sahuquillo", "Emilio de Benito"), "Madrid" from "María R. Sahuquillo / Emilio de Benito
    Madrid 27 OCT 2012 - 12:14 CET"."""
    from masthead.ingest.places import default_gazetteer

    date = _DATE.search(line)
    names = line[: date.start()].strip(" ,|-–—") if date else ""
    if not names or " / " not in names or len(names) > 120 or _BY.match(line):
        return [], ""
    words, place = names.split(), ""
    for size in (3, 2, 1):
        if len(words) > size and default_gazetteer().lookup(" ".join(words[-size:])):
            place, words = " ".join(words[-size:]), words[:-size]
            break
    people: list[str] = []
    for part in " ".join(words).split(" / "):
        people += [p for p in _people(part) if p not in people]
    return people, place


def noted_writer(lines: list[str], *, body: set[str]) -> list[str]:
    """The writer a note after the story names ("Ann Lee is a freelance reporter …", "Anne
    Leroy est journaliste …"): the byline of a page that prints none by the headline. A line
    of the story itself ("… is a reporter who was arrested") names someone else."""
    for line in lines:
        if line in body or not (_WRITER_NOTE.match(line) or _ABOUT_WRITER.match(line)):
            continue
        named = re.match(r"^(?:[A-ZÀ-Þ][\w.'’-]+\s){1,6}", line)
        words = named.group(0).split() if named else []
        words = [w for w in words if w not in ("is", "has", "est", "es", "ist")]
        half = len(words) // 2
        if len(words) % 2 == 0 and words[:half] == words[half:]:
            words = words[:half]  # "Ann Lee Ann Lee is …": an author box's title and its note
        people = _people(" ".join(words))
        if people:
            return people
    return []


def extract_text(text: str, *, reference: str = "") -> WireStory:
    """A story from plain text copied out of an article page in a browser."""
    lines = [clean_text(line) for line in (text or "").replace("\r", "\n").split("\n")]
    lines = [_unfolded(line) for line in lines if line]
    if not lines:
        raise IngestError("the text is empty")
    start = _story_start(lines)
    if start is None:
        raise IngestError("no story found: paste the story's headline and paragraphs")
    # The headline heads the lines the byline, time stamp, standfirst and picture caption sit
    # in, in any order, above the first paragraph.
    top = _headline_at(lines, start)
    if top is None:
        raise IngestError("no headline found: paste the story from its headline onwards")
    headline = lines[top]
    byline: list[str] = []
    tags: list[str] = []
    picture: Picture | None = None
    standfirst = ""
    # The time stamp: one marked "published" first, never one marked "updated" when another
    # is printed; some sites print it just above the headline.
    # A caption's date ("… le 27 octobre 2012 à Toulouse (Photo AFP)") is the picture's.
    printed = [
        (timestamp_in(x), x)
        for x in lines[max(0, top - 2) : start]
        if len(x) < 120 and x != headline and not split_credit(x)[1] and not _date_in_a_sentence(x)
    ]
    printed = [(w, x) for w, x in printed if w is not None]
    labelled = [w for w, x in printed if _PUBLISHED_WORDS.search(x)]
    # "27 octobre 2012 à 18:27 (Mis à jour: 19:56)": the time before the update's mark is
    # the publication's.
    plain = [w for w, x in printed if not _UPDATED.search(x) or _updated_after_date(x)]
    published_at = next(iter(labelled or plain or [w for w, _ in printed]), None)
    previous = ""
    filed_from = ""
    seen: list[str] = []
    short_run, in_head = 0, True
    anchor_after = max((i for i in range(top + 1, start) if _is_anchor(lines[i])), default=top)
    for index, line in enumerate(lines[top + 1 : start], top + 1):
        above, previous = previous, line
        # A caption's filing date may stand between it and its credit ("27-06-2012").
        captioned = next((x for x in reversed(seen) if not _DATE_ONLY.match(x)), "")
        seen.append(line)
        # A box of four or more short lines (share buttons, a menu) ends the headline's
        # block: a sentence after it is a caption or a teaser, not the standfirst.
        short_run = short_run + 1 if _word_count(line) < 4 and not _is_anchor(line) else 0
        # (Unless a byline or time stamp still follows: the box was the page's tools.)
        in_head = (in_head and short_run < 4) or index < anchor_after
        if _captions_a_picture(line, above) and (picture is None or not picture.caption):
            picture = Picture(caption=line, credit=picture.credit if picture else "")
            continue
        if _CAPTION_MARK.match(line) and picture is None and above:
            # "HIDE CAPTION" under a gallery's picture: the line above it is the caption.
            picture = Picture(caption=above)
            standfirst = "" if standfirst == above else standfirst
            continue
        when = timestamp_in(line) if len(line) < 160 and not _date_in_a_sentence(line) else None
        if _BY.match(line) and _people(line) and not byline:
            byline = _people(line)
            published_at = published_at or when
        elif not byline and (shared := _shared_byline(line))[0]:
            # "Ann Lee / Per Berg Oslo 5 Jan 2026 - 10:20 CET": writers, place and time.
            byline, filed_from = shared
            published_at = published_at or when
        elif not byline and len(line) < 60 and _JOB_TITLE.match(line) and _NAMED.match(line):
            # "Andrea Stone Senior Washington Correspondent": a name over its job title.
            byline = _people(line)
        elif (
            not byline
            and _NAME_ALONE.match(line)
            and not is_furniture(line)
            and any(_is_anchor(x) and not _BY.match(x) for x in lines[index - 1 : index + 2])
        ):
            # A name alone beside the time stamp ("Alexia Tsotsis" / "posted on …").
            byline = _people(line)
        elif (
            when
            and len(line) < 120
            and (published_at is None or not byline)
            and not split_credit(line)[1]
        ):
            # "Doug Stanglin, USA TODAY 8:42 a.m. EDT …" under a time stamp already read above
            # the headline: still the byline.
            published_at = published_at or when
            if not byline and re.match(r"^[^\d|]{3,60}[|,]", line) and _people(line):
                byline = _people(line)  # "Joe Weisenthal | Sep. 21, 2011, 3:03 PM"
        elif (split_credit(line)[1] or _credit_line(line)) and picture is None:
            caption, credit = split_credit(line)
            # Words like "Courtesy G4" are weaker evidence than an agency's name: the line
            # above must read as a caption, not as a menu item ("add to Business Exchange").
            wordy = _word_count(captioned) >= (4 if credit else 6)
            if not credit:
                caption, credit = "", _credit_line(line)
            if not caption and wordy and _caption_like(captioned, headline):
                # A credit on a line of its own under the caption ("Win McNamee / Getty Images").
                caption = captioned
                standfirst = "" if standfirst == captioned else standfirst
            # "| FoxNews.com" after a time stamp is the story's source unless it credits a
            # caption; "Archive | Contact" is two links, no caption of one word and a credit.
            if caption and _word_count(caption) < 2:
                continue
            if caption or not line.startswith("|"):
                picture = Picture(caption=caption, credit=strip_credit_label(credit))
        elif (
            in_head
            and not standfirst
            and _word_count(line) >= 8
            # "From Goldman on the announcement:" introduces the story; it stands first in none
            and not line.endswith((":", "："))
            and not _TAG_LINE.match(line)
            and not is_furniture(line)
            and not _PROMO.match(line)
        ):
            standfirst = line
        elif (
            not in_head
            and picture is None
            and index == start - 1
            and line.endswith(_ENDS)
            and 4 <= _word_count(line) < 30
            and _caption_like(line, headline)
        ):
            # A sentence shorter than a paragraph after the page's tools, right over the first
            # paragraph, with no byline or time stamp after the tools: the lead picture's
            # caption (its picture copies as nothing).
            picture = Picture(caption=line)
    body_lines = _story_lines(lines, start)
    for line in lines[start:]:
        tag_match = _TAG_LINE.match(line)
        if tag_match:
            tags += split_tags(tag_match.group(2))
            break
    # The line under a picture's "[+] Enlarge" control is its credit and caption.
    under_control = {
        lines[i + 1] for i in range(len(lines) - 1) if _PICTURE_CONTROL.match(lines[i])
    }
    kept: list[str] = []
    taken = -1
    for index, line in enumerate(body_lines):
        if index == taken:
            continue
        leading = _LEADING_CREDIT.match(line) if line in under_control else None
        if leading:
            # "Cliff Welch/Icon SMI Ann Lee denies …": the credit printed before the caption.
            if picture is None:
                picture = Picture(
                    caption=line[leading.end() :].strip(), credit=leading.group("credit")
                )
            continue
        if _captions_a_picture(line, body_lines[index - 1] if index else ""):
            if picture is None or not picture.caption:
                picture = Picture(caption=line, credit=picture.credit if picture else "")
            continue
        if _CAPTION_MARK.match(line):
            if picture is None and kept and _caption_like(kept[-1], headline):
                picture = Picture(caption=kept.pop())
            continue
        if (
            len(line) < 400
            and (_credit_only(line) or split_credit(line)[1])
            # "… と指摘している。(c)AFP/Aminu ABUBAKAR": the agency's copyright closing the
            # story's last paragraph, not a picture's credit
            and not (_COPYRIGHT_END.search(line) and _is_prose(_COPYRIGHT_END.sub("", line)))
        ):
            # A picture's caption and credit in the story (or printed after it): the first
            # picture's is the lead picture's.
            if picture is None:
                caption, credit = split_credit(line)
                if not credit:
                    caption, credit = "", _credit_line(line)
                if line.startswith("|"):
                    continue  # a source after a bar, with no caption beside it
                # Only an agency's credit is sure enough to take the line under it.
                after = body_lines[index + 1 : index + 3] if _AGENCY_CREDIT.search(credit) else []
                if (
                    not caption
                    and kept
                    and len(kept[-1]) < 200
                    and _caption_like(kept[-1], headline)
                ):
                    caption = kept.pop()  # a short line above a credit of its own: its caption
                elif (
                    not caption
                    and kept
                    and len(after) == 2
                    and len(after[0]) < 300
                    and _caption_like(after[0], headline)
                    and _is_prose(after[1])
                ):
                    # No caption above (a paragraph of the story is): the credit is printed
                    # over the picture and the caption under it. (Over the story's first
                    # line, that line is as likely its first paragraph: not taken.)
                    caption, taken = after[0], index + 1
                picture = Picture(caption=caption, credit=strip_credit_label(credit))
            elif (
                not split_credit(line)[0]
                and kept
                and len(kept[-1]) < 200
                and _caption_like(kept[-1], headline)
            ):
                kept.pop()  # another picture's caption, over its credit
            continue
        if picture is not None and picture.caption and line == picture.caption:
            continue  # the caption again
        if line in (headline, standfirst) or (byline and _BY.match(line) and _people(line)):
            continue
        if _QUOTE_ATTRIBUTION.match(line):
            # A pull quote and who said it, set in a box beside the story.
            if kept and kept[-1].startswith(('"', "“", "«")):
                kept.pop()
            continue
        kept.append(line)
    body_lines = kept
    if not tags:
        following = next((m for m in map(_TAG_LINE.match, lines[start:]) if m), None)
        tags = split_tags(following.group(2)) if following else []
    if not byline:
        ending = [x for x in lines[start:] if re.match(r"^[-–—]+\s*by\b", x, re.I)]
        byline = _people(ending[0]) if ending else []
    # A label of three words or fewer ending in a colon ("Wrap Up:") introduces a box, and a
    # note on the writer closes the story: neither is a paragraph of it.
    blocks = [
        b
        for b in _real_subheadings(text_to_blocks("\n".join(body_lines)))
        if not (b.text.endswith((":", "：")) and _word_count(b.text) <= 3)
    ]
    # A last line of three words or fewer that ends no sentence ("Reader Conversations") is
    # the title of a box after the story, set as text.
    while blocks and (
        blocks[-1].kind == "subheading"
        or _WRITER_NOTE.match(blocks[-1].text)
        or (_word_count(blocks[-1].text) <= 3 and not blocks[-1].text.endswith(_ENDS))
    ):
        blocks.pop()
    if not byline:
        byline = noted_writer(lines[start:], body={b.text for b in blocks})
    place, agency = take_dateline(blocks)
    place = place or filed_from
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
