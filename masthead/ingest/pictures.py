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
    r"credit|copyright|photographer|contributor|photo-?source|image-?source|rights|imgcredit|bildquelle|"
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


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _length(text: str) -> int:
    """Length as Latin letters: a Chinese, Japanese or Korean character says as much as a
    word, so a 50-character paragraph in those scripts is as long as a 200-letter one."""
    return len(text) + 3 * len(_CJK.findall(text))


def _in_junk_place(
    image: etree._Element, root: etree._Element, story: etree._Element | None = None
) -> bool:
    for ancestor in image.iterancestors():
        if ancestor is root:
            return False
        if story is not None and ancestor in story.iterancestors():
            return False  # a box around the story's own text is the page's frame, whatever its name
        if ancestor.get("itemprop") in ("associatedMedia", "image"):
            continue  # the page says this is the story's picture, in whatever box it sits
        if ancestor.tag == "header" and ancestor.find(".//h1") is not None:
            continue  # the story's own header: headline and lead picture, not the site's
        if _LEAD_PLACE.search(_classes(ancestor)):
            continue  # "article-header", "related lead": the story's lead media box
        if ancestor.tag in ("nav", "footer", "aside", "header") or _JUNK_PLACE.search(
            _classes(ancestor)
        ):
            # A box set among the story's paragraphs before them, its picture linking nowhere,
            # is the story's picture whatever the box is called ("related-media").
            return not (
                story is not None
                and ancestor.getparent() is story.getparent()
                and next(image.iterancestors("a"), None) is None
            )
    return False


_LEAD_PLACE = re.compile(
    r"(^|[\s_-])(article|story|entry|post)-?(header|media|image|photo)([\s_-]|$)"
    r"|(lead|featured|hero)([\s_-]|$)",
    re.I,
)


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
        (p for p in root.iter("p") if _length(clean_text(p.text_content())) > 150), None
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
        if _in_junk_place(element, root if inside_root else doc, first_paragraph):
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


def _innermost(elements: list[etree._Element]) -> etree._Element | None:
    """The deepest of the marked elements: a box classed "captionCredit" around a caption and
    a credit of their own is neither."""
    for element in elements:
        if not any(other is not element and element in other.iterancestors() for other in elements):
            return element
    return None


def _picture_box(image: etree._Element) -> etree._Element | None:
    """The small box the picture sits in with a line of text of its own, where pages print a
    caption with no class that says so ("<div><img></div><div>Caption</div>")."""
    for level, ancestor in enumerate(image.iterancestors()):
        if level > 3:
            break
        text = clean_text(ancestor.text_content())
        if not text or ancestor.tag == "a":
            continue  # the link around the picture ("[+] Enlarge") is not its box
        images = [i for i in ancestor.iter("img") if image_source(i)]
        # Two long paragraphs are the story's, not one picture's caption.
        paragraphs = [p for p in ancestor.iter("p") if _length(clean_text(p.text_content())) > 150]
        if len(text) > 500 or len(images) > 1 or len(paragraphs) > 1:
            return None
        return ancestor
    return None


def _box_caption(box: etree._Element, image: etree._Element) -> tuple[str, str]:
    """Caption and credit of a picture box: its text after the picture ("[+] Enlarge" on the
    picture's link is not caption), a <cite> in it the credit."""
    holder = image
    while holder.getparent() is not None and holder.getparent() is not box:
        holder = holder.getparent()
    parts: list[str] = []
    credit = ""
    after = False
    for child in box:
        if child is holder:
            after = True
            parts.append(child.tail or "")
            continue
        if not after or not isinstance(child.tag, str):
            continue
        if _JUNK_PLACE.search(_classes(child)) or child.find(".//input") is not None:
            continue  # a sharing or sign-up box beside the picture
        cite = next((c for c in child.iter("cite") if clean_text(c.text_content())), None)
        if cite is not None and not credit:
            credit = clean_text(cite.text_content())
        for node in child.iter():
            if not isinstance(node.tag, str):
                continue
            skipped = (
                node is cite
                or _hidden(node)
                or (node.tag == "a" and _TOGGLE.match(clean_text(node.text_content())))
            )
            if not skipped and not any(a is cite or _hidden(a) for a in node.iterancestors()):
                parts.append(node.text or "")
            if node is not child:
                parts.append(node.tail or "")
        parts.append(child.tail or "")
    text = clean_text(" ".join(parts))
    # Caption boxes that fold a long caption away print "… more" and "less" as links.
    text = clean_text(re.sub(r"\s*…\s*", " ", text))
    return text.strip(" -–—"), credit


def _reads_as_caption(box: etree._Element, caption: str, *, credited: bool) -> bool:
    """A box's line is a caption when it says something of the picture: a few words, not a
    row of links ("Get Alerts Sign Up digg reddit") nor a label ("Account", "East Coast quake")."""
    from masthead.ingest.pages import is_furniture

    linked = sum(len(clean_text(a.text_content())) for a in box.iter("a"))
    return (
        (len(caption.split()) >= 5 or (credited and bool(caption)))
        and linked < 0.5 * max(1, len(clean_text(box.text_content())))
        and not is_furniture(caption)
    )


_TOGGLE = re.compile(r"^(more|less|plus|moins|más|menos|mehr|weniger)$", re.I)


def picture_caption(image: etree._Element) -> tuple[str, str]:
    """(caption, credit) printed with the picture: a <figcaption> or caption box, a credit
    element, or a credit written into the caption ("… (Photo: Kiichiro Sato, AP)"); the
    caption and credit a <figure> carries as data-caption/data-credit; else the text of the
    small box the picture sits in."""
    from masthead.ingest.pages import split_credit

    container = _caption_container(image)
    if container is None:
        box = _picture_box(image)
        if box is None:
            return "", ""
        caption, credit = _box_caption(box, image)
        if not credit:
            caption, credit = split_credit(caption)
        if not _reads_as_caption(box, caption, credited=bool(credit)):
            return "", ""
        credit = strip_credit_label(credit)
        # "Jeff Chiu, File - FILE - In this photo … (AP Photo/Jeff Chiu, File)": the credit's
        # name printed again before the caption.
        name = credit.rsplit("/", 1)[-1].strip()
        if name and caption.startswith(name) and re.match(r"\s[-–—]\s", caption[len(name) :]):
            caption = caption[len(name) :].strip(" -–—")
        return caption, credit
    marked = [e for e in container.iter() if isinstance(e.tag, str) and e is not container]
    credit_element = _innermost(
        [e for e in marked if _CREDIT_CLASS.search(_classes(e)) and not _hidden(e)
         and clean_text(e.text_content())]
    )  # fmt: skip
    credit = clean_text(credit_element.text_content()) if credit_element is not None else ""
    caption_element = container.find(".//figcaption")
    if caption_element is None:
        caption_element = _innermost(
            [e for e in marked if _CAPTION_CLASS.search(_classes(e))
             and clean_text(e.text_content()) and e is not credit_element]
        )  # fmt: skip
    caption = ""
    if caption_element is not None:
        caption = clean_text(caption_element.text_content())
        if credit and credit in caption and caption != credit:
            caption = clean_text(caption.replace(credit, " "))
        elif caption == credit:
            caption = ""
    for holder in (container, image):
        caption = caption or clean_text(holder.get("data-caption"))
        credit = credit or clean_text(holder.get("data-credit"))
    if not caption and caption_element is None and credit_element is not None:
        # A credit marked as such and the caption in a box of no class: the rest of the text.
        boxed, _cite = _box_caption(container, image)
        boxed = clean_text(boxed.replace(credit, " ", 1)) if boxed.startswith(credit) else boxed
        if _reads_as_caption(container, boxed, credited=True):
            caption = boxed
    caption, written = split_credit(caption)
    return caption, strip_credit_label(credit or written)


_CREDIT_LABEL = re.compile(
    r"^\(?\s*(?:photo(?:graph)?s?|picture|pic|image|credits?|foto|bild|crédits?\sphoto|"
    r"cr[ée]dito|photo\scredit)(?:\sby)?\s*[:：]?\s*",
    re.I,
)


_VIEWER_CONTROL = re.compile(r"\s+(?:close|enlarge|expand|hide|zoom)$", re.I)
_COMPLETE_CREDIT = re.compile(r"(?:\bphoto|images|/[\w .-]{2,30}|\b(?:ap|afp|reuters|epa))$", re.I)


def strip_credit_label(credit: str) -> str:
    """ "Kiichiro Sato, AP" from "(Photo: Kiichiro Sato, AP)"; "Ozan Kose/AFP" from "Photo: …"."""
    credit = clean_text(credit).strip()
    if credit.startswith("(") and credit.endswith(")"):
        credit = credit[1:-1].strip()
    credit = _CREDIT_LABEL.sub("", credit).strip(" |-–—")
    # A picture viewer's control read with the credit ("AP Photo Close"): no one's name
    # when it follows a complete credit (an agency, "Photo", "… Images", "Name/Agency").
    control = _VIEWER_CONTROL.search(credit)
    if control and _COMPLETE_CREDIT.search(credit[: control.start()]):
        credit = credit[: control.start()]
    return credit.strip("()").strip()
