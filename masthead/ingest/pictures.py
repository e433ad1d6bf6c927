"""The lead picture of a saved article page, with its caption and credit.

A page holds dozens of images: the story's picture, logos, icons, teaser thumbnails,
advertising, and tracking pixels (1x1 GIFs, often the first image of the page). The lead
picture is chosen by what the page says about it (its OpenGraph image, a <figure> or a caption
beside it, its place before the story) and tracking and furniture images are never chosen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree

from masthead.ingest.text import clean_text

# Images that are never a story's picture: trackers and counters, spacers and placeholders,
# advertising, logos, icons and portraits of the writer.
_JUNK_SOURCE = re.compile(
    r"""(pixel|spacer|blank\.|transparent|1x1|clear\.gif|tracking|tracker|beacon|/b/ss/|/p\?
      |scorecardresearch|imrworldwide|doubleclick|2o7\.net|/ads?/|adserver|smartadserver|atwola
      |banners?\.|/banner|advert|analytics|stats\.|/stat\?|/count|facebook\.com/tr|geo\.yahoo
      |bizographics|/mugs?/|gravatar|share[-_]|social|flag[-_s]|/authors?/|profile_images
      |graph\.facebook\.com|widget|promo
      |(?<![a-z0-9])(logo|icon|sprite|button|badge|avatar|headshot|emoji|loading|loader
        |placeholder|preload|rating|arrow|bullet)s?(?![a-z]))""",
    re.I | re.X,
)
_JUNK_PLACE = re.compile(
    r"(^|[\s_-])(nav|navigation|menu|header|masthead|footer|sidebar|rail|related|recommend|"
    r"promo|teaser|most-?popular|trending|outbrain|taboola|comment|comments|author|bio|avatar|"
    r"logo|social|share|sharing|advert|ad|ads|adslot|sponsor|newsletter|subscribe|widget|"
    r"breadcrumb|toolbar|tools|more-?from|latest|headlines|crosspromo)([\s_-]|$)",
    re.I,
)
_CAPTION_CLASS = re.compile(
    r"caption|cutline|legend|photo-?desc|image-?desc|img-?desc|photo-?text|bildtext|leyenda|"
    r"wp-caption-text",
    re.I,
)
_CREDIT_CLASS = re.compile(
    r"credit|copyright|photographer|photo-?source|image-?source|rights|imgcredit|bildquelle|"
    r"fotograf",
    re.I,
)
_LAZY_ATTRIBUTES = ("data-original", "data-src", "data-lazy-src", "data-image", "data-url",
                    "data-hi-res-src", "data-full-src")  # fmt: skip


@dataclass
class FoundPicture:
    url: str
    alt: str = ""
    caption: str = ""
    credit: str = ""


def _classes(element: etree._Element) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}"


def picture_name(url: str) -> str:
    path = unquote(urlsplit(url.strip()).path)
    return path.rstrip("/").rsplit("/", 1)[-1]


_SIZE_WORDS = {
    "small", "large", "big", "thumb", "thumbnail", "standard", "cinema", "square", "mini",
    "medium", "normal", "full", "original", "hero", "story", "top", "main", "wide", "xl", "jpg",
}  # fmt: skip


def _stem(name: str) -> str:
    """ "fbappicon1" from "fbappicon1_1020.0_cinema_1200.0.jpg": renditions of one picture
    share the start of their name, sizes and styles follow it."""
    stem = re.sub(r"\.[a-z0-9]{2,5}$", "", name.lower())
    tokens = re.split(r"[_.-]", stem)
    while len(tokens) > 1 and (
        re.fullmatch(r"\d{1,4}|\d+x\d+|[wh]\d+|x\d+", tokens[-1]) or tokens[-1] in _SIZE_WORDS
    ):
        tokens.pop()
    return "_".join(tokens)


def image_source(image: etree._Element) -> str:
    """Where the picture is: the lazy-loading attribute when ``src`` is a placeholder."""
    src = (image.get("src") or "").strip()
    placeholder = not src or src.startswith("data:") or _JUNK_SOURCE.search(src)
    if placeholder:
        for attribute in _LAZY_ATTRIBUTES:
            if (image.get(attribute) or "").strip():
                return image.get(attribute).strip()
        srcset = image.get("data-srcset") or image.get("srcset") or ""
        if srcset:
            return srcset.split(",")[-1].strip().split(" ")[0]
    return src


def _number(value: str | None) -> int | None:
    match = re.match(r"\s*(\d+)", value or "")
    return int(match.group(1)) if match else None


def is_junk_image(image: etree._Element, src: str) -> bool:
    """Trackers (1x1, however written), spacers, icons, logos and advertising."""
    width, height = _number(image.get("width")), _number(image.get("height"))
    if (width is not None and width <= 2) or (height is not None and height <= 2):
        return True
    if src.startswith("data:") and len(src) < 400:
        return True  # an inline placeholder GIF
    if _JUNK_SOURCE.search(src) or _JUNK_SOURCE.search(image.get("alt") or ""):
        return True
    if src.lower().split("?")[0].endswith(".gif") and (width or 0) < 300:
        return True
    return bool(width and height and max(width, height) < 120)


def _in_junk_place(image: etree._Element, root: etree._Element) -> bool:
    for ancestor in image.iterancestors():
        if ancestor is root:
            return False
        if ancestor.tag == "header" and ancestor.find(".//h1") is not None:
            continue  # the story's own header: headline and lead picture, not the site's
        if ancestor.tag in ("nav", "footer", "aside", "header") or _JUNK_PLACE.search(
            _classes(ancestor)
        ):
            return True
    return False


def _caption_container(image: etree._Element) -> etree._Element | None:
    """The <figure> or the small box around the picture that holds its caption or credit."""
    for level, ancestor in enumerate(image.iterancestors()):
        if ancestor.tag == "figure":
            return ancestor
        if level > 3 or len(clean_text(ancestor.text_content())) > 1500:
            break
        if any(
            e is not image and (_CAPTION_CLASS.search(_classes(e)) or _CREDIT_CLASS.search(
                _classes(e)) or e.tag == "figcaption")
            for e in ancestor.iter()
            if isinstance(e.tag, str)
        ):  # fmt: skip
            return ancestor
    # Pages wrap the picture in several layers of <picture>, <span> and <div> inside its figure.
    for level, ancestor in enumerate(image.iterancestors()):
        if level > 7 or len(clean_text(ancestor.text_content())) > 1500:
            break
        if ancestor.tag == "figure":
            return ancestor
    return None


def _hidden(element: etree._Element) -> bool:
    style = (element.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or element.get("hidden") is not None


def lead_picture(
    doc: etree._Element, root: etree._Element, meta: dict[str, list[str]], *, url: str = ""
) -> FoundPicture | None:
    """The story's picture, its caption and credit; None when the page shows none."""
    shared = [
        v for key in ("og:image", "twitter:image", "twitter:image:src") for v in meta.get(key, [])
    ]
    shared_stems = {_stem(picture_name(v)) for v in shared if v}
    first_paragraph = next(
        (p for p in root.iter("p") if len(clean_text(p.text_content())) > 150), None
    )
    before_story = True
    best: tuple[int, int, etree._Element, str] | None = None
    for order, element in enumerate(doc.iter("img", "p")):
        if element is first_paragraph:
            before_story = False
        if element.tag != "img":
            continue
        src = image_source(element)
        if not src or is_junk_image(element, src):
            continue
        inside_root = element is root or root in element.iterancestors()
        if _in_junk_place(element, root if inside_root else doc):
            continue
        score = 0
        if _stem(picture_name(src)) in shared_stems:
            score += 50
        if _caption_container(element) is not None:
            score += 20
        if inside_root:
            score += 15
        if before_story:
            score += 10
        width = _number(element.get("width"))
        if width and width >= 400:
            score += 10
        link = next(element.iterancestors("a"), None)
        if link is not None and _stem(picture_name(link.get("href") or "")) != _stem(
            picture_name(src)
        ):
            score -= 15  # a teaser linking to another story
        if score > 0 and (best is None or score > best[0]):
            best = (score, -order, element, src)
    if best is None:
        og = next((v for v in shared if v and not _JUNK_SOURCE.search(v)), "")
        return FoundPicture(url=urljoin(url, og) if url else og) if og else None
    _score, _order, image, src = best
    picture = FoundPicture(url=urljoin(url, src) if url else src, alt=clean_text(image.get("alt")))
    picture.caption, picture.credit = picture_caption(image)
    return picture


def picture_caption(image: etree._Element) -> tuple[str, str]:
    """(caption, credit) printed with the picture: a <figcaption> or caption box, a credit
    element, or a credit written into the caption ("… (Photo: Kiichiro Sato, AP)")."""
    container = _caption_container(image)
    if container is None:
        return "", ""
    credit_element = next(
        (e for e in container.iter() if isinstance(e.tag, str) and e is not container
         and _CREDIT_CLASS.search(_classes(e)) and not _hidden(e)), None,
    )  # fmt: skip
    credit = clean_text(credit_element.text_content()) if credit_element is not None else ""
    caption_element = container.find(".//figcaption")
    if caption_element is None:
        caption_element = next(
            (e for e in container.iter() if isinstance(e.tag, str) and e is not container
             and _CAPTION_CLASS.search(_classes(e))), None,
        )  # fmt: skip
    caption = ""
    if caption_element is not None:
        caption = clean_text(caption_element.text_content())
        if credit and credit in caption and caption != credit:
            caption = clean_text(caption.replace(credit, " "))
        elif caption == credit:
            caption = ""
    from masthead.ingest.pages import split_credit

    caption, written = split_credit(caption)
    return caption, strip_credit_label(credit or written)


_CREDIT_LABEL = re.compile(
    r"^\(?\s*(?:photo(?:graph)?s?|picture|pic|image|credits?|foto|bild|crédits?\sphoto|"
    r"cr[ée]dito|photo\scredit)(?:\sby)?\s*[:：]?\s*",
    re.I,
)


def strip_credit_label(credit: str) -> str:
    """ "Kiichiro Sato, AP" from "(Photo: Kiichiro Sato, AP)"; "Ozan Kose/AFP" from "Photo: …"."""
    credit = clean_text(credit).strip()
    if credit.startswith("(") and credit.endswith(")"):
        credit = credit[1:-1].strip()
    credit = _CREDIT_LABEL.sub("", credit).strip(" |-–—")
    return credit.strip("()").strip()
