"""What a page tells search engines and social networks about itself: schema.org JSON-LD
(NewsArticle, with ImageGallery and VideoObject for galleries and videos), OpenGraph and
Twitter card values. Built from what the page's context already loaded, so it adds no query.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

from masthead.core.sites import NetworkSite
from masthead.distribution.selectors import site_path
from masthead.newsroom.models import Author, GalleryPage, NewsImage, StoryPage, VideoPage
from masthead.newsroom.selectors import BODY_SPEC, LEAD_SPEC

# Inside <script>, "</script>" or "<!--" in a headline would end or confuse the element;
# JSON allows every character escaped, so these never appear raw.
_SCRIPT_SAFE = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def json_ld(data: dict) -> SafeString:
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_SCRIPT_SAFE))  # noqa: S308 - escaped for <script> above


@dataclass(frozen=True)
class Picture:
    url: str
    width: int
    height: int
    alt: str = ""
    caption: str = ""
    credit: str = ""

    def as_schema(self) -> dict:
        data: dict = {
            "@type": "ImageObject",
            "url": self.url,
            "width": self.width,
            "height": self.height,
        }
        if self.caption:
            data["caption"] = self.caption
        if self.credit:
            data["creditText"] = self.credit
        return data


@dataclass
class PageMetadata:
    """Everything the head needs; ``json_ld`` is empty for pages that are not stories."""

    site_name: str
    url: str
    title: str
    description: str
    og_type: str = "website"
    locale: str = ""
    picture: Picture | None = None
    published: datetime | None = None
    modified: datetime | None = None
    section: str = ""
    tags: list[str] = field(default_factory=list)
    author_urls: list[str] = field(default_factory=list)
    json_ld: list[SafeString] = field(default_factory=list)


def _absolute(url: str, site: NetworkSite) -> str:
    return url if url.startswith(("http://", "https://")) else site.root_url + url


def _picture(
    image: NewsImage | None, spec: str, site: NetworkSite, *, alt: str = "", caption: str = ""
) -> Picture | None:
    if image is None or not image.is_publishable:
        return None
    # The same rendition the page shows, so it is already loaded (or made once, for both).
    rendition = image.get_rendition(spec)
    return Picture(
        url=_absolute(rendition.url, site),
        width=rendition.width,
        height=rendition.height,
        alt=alt,
        caption=caption,
        credit=image.credit,
    )


def _iso_duration(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + f"{secs}S"


def page_url(page, site: NetworkSite) -> str:
    return site.root_url + site_path(site, page.url_path)


def locale_code() -> str:
    """OpenGraph wants language_TERRITORY ("en_GB")."""
    language, _, territory = settings.LANGUAGE_CODE.partition("-")
    return f"{language}_{territory.upper()}" if territory else language


def story_metadata(
    *,
    story: StoryPage,
    site: NetworkSite,
    authors: list[Author],
    tags: list[str],
    section_title: str,
    gallery_photos: list | None = None,
) -> PageMetadata:
    url = page_url(story, site)
    description = story.search_description or story.standfirst
    picture = _picture(
        story.lead_image,
        LEAD_SPEC,
        site,
        alt=story.lead_image_alt_text,
        caption=story.lead_image_caption,
    )
    publisher = {"@type": "Organization", "name": site.name, "url": site.root_url + "/"}
    bylines: list[dict] = [
        {"@type": "Person", "name": a.name, "url": f"{site.root_url}/authors/{a.slug}/"}
        for a in authors
    ]
    if story.agency is not None:
        agency = {"@type": "Organization", "name": story.agency.name}
        if story.agency.url:
            agency["url"] = story.agency.url
        bylines.append(agency)
    article: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.title,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": story.first_published_at,
        "dateModified": story.last_published_at or story.first_published_at,
        "publisher": publisher,
        "inLanguage": settings.LANGUAGE_CODE,
        "isAccessibleForFree": True,
    }
    if description:
        article["description"] = description
    if bylines:
        article["author"] = bylines
    if section_title:
        article["articleSection"] = section_title
    if tags:
        article["keywords"] = tags
    if story.dateline:
        article["locationCreated"] = {"@type": "Place", "name": story.dateline}
    images = [picture] if picture else []
    if isinstance(story, GalleryPage) and gallery_photos:
        article["mainEntityOfPage"] = {"@type": "ImageGallery", "@id": url}
        images += [
            p
            for p in (
                _picture(photo.image, BODY_SPEC, site, alt=photo.alt, caption=photo.caption)
                for photo in gallery_photos
            )
            if p is not None
        ]
    if images:
        article["image"] = [p.as_schema() for p in images]
    documents = [json_ld(article)]
    if isinstance(story, VideoPage):
        documents.append(json_ld(_video_object(story, site, description, picture)))
    return PageMetadata(
        site_name=site.name,
        url=url,
        title=story.seo_title or story.title,
        description=description,
        og_type="article",
        locale=locale_code(),
        picture=picture or (images[0] if images else None),
        published=story.first_published_at,
        modified=story.last_published_at or story.first_published_at,
        section=section_title,
        tags=tags,
        author_urls=[b["url"] for b in bylines if b["@type"] == "Person"],
        json_ld=documents,
    )


def _video_object(
    video: VideoPage, site: NetworkSite, description: str, lead: Picture | None
) -> dict:
    poster = _picture(video.poster, BODY_SPEC, site) or lead
    data: dict = {
        "@context": "https://schema.org",
        "@type": "VideoObject",
        "name": video.title,
        "description": description or video.title,
        "uploadDate": video.first_published_at,
        "url": page_url(video, site),
    }
    if poster is not None:
        data["thumbnailUrl"] = [poster.url]
    if video.video_file_id and video.video_file is not None:
        data["contentUrl"] = _absolute(video.video_file.url, site)
    elif video.video_url:
        data["embedUrl"] = video.video_url
    if video.duration_seconds:
        data["duration"] = _iso_duration(video.duration_seconds)
    if video.transcript:
        data["transcript"] = video.transcript
    return data


def plain_metadata(*, site: NetworkSite, url: str, title: str, description: str) -> PageMetadata:
    return PageMetadata(
        site_name=site.name, url=url, title=title, description=description, locale=locale_code()
    )


def front_page_metadata(*, site: NetworkSite, description: str) -> PageMetadata:
    """The front page names the site and its publisher for search engines."""
    meta = plain_metadata(
        site=site, url=site.root_url + "/", title=site.name, description=description
    )
    meta.json_ld = [
        json_ld(
            {
                "@context": "https://schema.org",
                "@type": "WebSite",
                "name": site.name,
                "url": site.root_url + "/",
                "inLanguage": settings.LANGUAGE_CODE,
                "publisher": {"@type": "NewsMediaOrganization", "name": site.name},
            }
        )
    ]
    return meta
