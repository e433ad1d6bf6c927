"""What a page tells search engines and social networks about itself: schema.org JSON-LD
(NewsArticle, with ImageGallery and VideoObject for galleries and videos), OpenGraph and
Twitter card values. Built from what the page's context already loaded, so it adds no query.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page

from masthead.core.languages import og_locale, site_language
from masthead.core.sites import NetworkSite
from masthead.newsroom.models import Author, LiveBlogPage, NewsImage, StoryPage, VideoPage
from masthead.newsroom.reading.listings import sections_by_path
from masthead.newsroom.reading.teasers import BODY_SPEC, LEAD_SPEC

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
    return site.url_of(page.url_path)


LOGO_WIDTH, LOGO_HEIGHT = 600, 60


def publisher(site: NetworkSite, *, kind: str = "Organization") -> dict:
    """The site as publisher, with the logo search engines require for a NewsArticle (the
    site's name drawn at 600x60: distribution.views.logo_png)."""
    return {
        "@type": kind,
        "name": site.name,
        "url": site.root_url + "/",
        "logo": {
            "@type": "ImageObject",
            "url": f"{site.root_url}/logo.png",
            "width": LOGO_WIDTH,
            "height": LOGO_HEIGHT,
        },
    }


def breadcrumbs(site: NetworkSite, trail: list[tuple[str, str]]) -> SafeString:
    """``BreadcrumbList``: the front page, then each (name, URL) down to the page itself."""
    items = [(site.name, site.root_url + "/"), *trail]
    return json_ld(
        {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": n, "name": name, "item": url}
                for n, (name, url) in enumerate(items, 1)
            ],
        }
    )


def page_trail(page, site: NetworkSite) -> list[tuple[str, str]]:
    """(title, URL) of the sections above ``page`` and of the page. Stories and sections sit
    under live sections, read from the per-process copy every page already keeps (no query);
    anything else above the page (a draft section in a preview, another kind of page) is
    read from the tree in one query."""
    step = Page.steplen
    paths = [page.path[:end] for end in range(len(site.root_path) + step, len(page.path), step)]
    if not page.path.startswith(site.root_path):
        paths = []  # not under this site's front page: no sections of this site above it
    known = sections_by_path()
    if all(path in known for path in paths):
        ancestors = [(known[path].title, known[path].url_path) for path in paths]
    else:
        ancestors = list(
            Page.objects.ancestor_of(page)
            .filter(path__startswith=site.root_path, depth__gt=len(site.root_path) // step)
            .order_by("depth")
            .values_list("title", "url_path")
        )
    return [(title, site.url_of(path)) for title, path in ancestors] + [
        (page.title, page_url(page, site))
    ]


def _contributor(story: StoryPage, site: NetworkSite) -> dict | None:
    """A reader credited for a contribution (community story, user gallery), as a Person with
    their profile: any kind of story with a ``contributor`` has one."""
    user = getattr(story, "contributor", None)
    name = getattr(story, "contributor_name", "") or (user.public_name if user else "")
    if not name:
        return None
    person: dict = {"@type": "Person", "name": name}
    if user is not None and user.is_active:
        person["url"] = f"{site.root_url}/u/{user.username}/"
    return person


def locale_code(language: str = "") -> str:
    """OpenGraph wants language_TERRITORY ("en_GB"): the story's language, else the site's."""
    return og_locale(language or site_language())


def story_metadata(
    *,
    story: StoryPage,
    site: NetworkSite,
    authors: list[Author],
    tags: list[str],
    section_title: str,
    gallery_photos: list | None = None,
    trail: list[tuple[str, str]] | None = None,
    notes: list | None = None,
) -> PageMetadata:
    url = page_url(story, site)
    notes = notes or []
    description = story.search_description or story.standfirst
    picture = _picture(
        story.lead_image,
        LEAD_SPEC,
        site,
        alt=story.lead_image_alt_text,
        caption=story.lead_image_caption,
    )
    bylines: list[dict] = [
        {"@type": "Person", "name": a.name, "url": f"{site.root_url}/authors/{a.slug}/"}
        for a in authors
    ]
    if story.agency is not None:
        agency = {"@type": "Organization", "name": story.agency.name}
        if story.agency.url:
            agency["url"] = story.agency.url
        bylines.append(agency)
    if (reader := _contributor(story, site)) is not None:
        bylines.append(reader)
    modified = _modified(story, notes)
    article: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.title,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": story.first_published_at,
        "dateModified": modified,
        "publisher": publisher(site),
        "inLanguage": story.language_tag,
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
    corrections = [
        {
            "@type": "CorrectionComment",
            "text": note.text,
            "datePublished": note.noted_at,
            # A preview's new note has no id yet, so no anchor to point at.
            **({"url": f"{url}#note-{note.pk}"} if note.pk else {}),
        }
        for note in notes
        if note.is_correction
    ]
    if corrections:
        article["correction"] = corrections
    if story.dateline:
        article["locationCreated"] = {"@type": "Place", "name": story.dateline}
    images = [picture] if picture else []
    if gallery_photos:  # a newsroom gallery or a reader's user gallery
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
    if trail is not None:
        documents.append(breadcrumbs(site, trail))
    if isinstance(story, VideoPage):
        documents.append(json_ld(_video_object(story, site, description, picture)))
    return PageMetadata(
        site_name=site.name,
        url=url,
        title=story.seo_title or story.title,
        description=description,
        og_type="article",
        locale=locale_code(story.language_tag),
        picture=picture or (images[0] if images else None),
        published=story.first_published_at,
        modified=modified,
        section=section_title,
        tags=tags,
        author_urls=[b["url"] for b in bylines if b["@type"] == "Person" and "url" in b],
        json_ld=documents,
    )


def _modified(story: StoryPage, notes: list) -> datetime | None:
    """When the story last changed for its readers: its last publish, or a note's time if an
    editor dated a correction or update later than that."""
    moments = [story.last_published_at or story.first_published_at]
    moments += [note.noted_at for note in notes]
    known = [m for m in moments if m is not None]
    return max(known) if known else None


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


def plain_metadata(
    *,
    site: NetworkSite,
    url: str,
    title: str,
    description: str,
    trail: list[tuple[str, str]] | None = None,
) -> PageMetadata:
    meta = PageMetadata(
        site_name=site.name, url=url, title=title, description=description, locale=locale_code()
    )
    if trail:
        meta.json_ld = [breadcrumbs(site, trail)]
    return meta


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
                "inLanguage": site_language(),
                "publisher": publisher(site, kind="NewsMediaOrganization"),
            }
        )
    ]
    return meta


def live_blog_posting(*, blog: LiveBlogPage, site: NetworkSite, updates: list) -> SafeString:
    """A live blog as ``LiveBlogPosting``: when coverage started and (once ended) ended, and
    the updates the page shows as ``liveBlogUpdate`` postings, each at its own anchor."""
    url = page_url(blog, site)
    posting: dict = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "@id": url,
        "url": url,
        "headline": blog.title,
        "coverageStartTime": blog.first_published_at,
        "datePublished": blog.first_published_at,
        "dateModified": blog.last_update_at or blog.last_published_at or blog.first_published_at,
        "publisher": publisher(site),
        "inLanguage": blog.language_tag,
        "liveBlogUpdate": [
            {
                "@type": "BlogPosting",
                "@id": f"{url}#{update.anchor}",
                "url": f"{url}#{update.anchor}",
                "headline": update.headline or _excerpt(update.body),
                "datePublished": update.posted_at,
                **({"dateModified": update.edited_at} if update.edited_at else {}),
                **(
                    {"author": {"@type": "Person", "name": update.author_name}}
                    if update.author_name
                    else {}
                ),
                "articleBody": _plain(update.body),
            }
            for update in updates
        ],
    }
    if blog.standfirst:
        posting["description"] = blog.standfirst
    if not blog.is_live and blog.ended_at:
        posting["coverageEndTime"] = blog.ended_at
    return json_ld(posting)


def _plain(markup) -> str:
    from django.utils.html import strip_tags

    return " ".join(strip_tags(str(markup or "")).split())


def _excerpt(markup, words: int = 14) -> str:
    text = _plain(markup).split()
    return " ".join(text[:words]) + ("…" if len(text) > words else "")
