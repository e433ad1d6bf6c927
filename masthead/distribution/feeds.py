"""RSS 2.0, Atom and JSON feeds of a site, a section or a tag (Django's syndication framework).

Each item carries its headline, link, a stable guid, publication and update times, every
byline (staff authors and the agency), the standfirst, the tags as categories and the lead
picture (Media RSS ``media:content`` plus an enclosure). Pictures past their licence expiry
are left out, as on the pages.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass, field

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape
from django.utils.http import http_date
from taggit.models import Tag

from masthead.core import surrogate
from masthead.core.feeds import JSON_FEED, SEPARATOR
from masthead.core.languages import language_tag, site_language
from masthead.core.pagecache import cacheable
from masthead.core.sites import NetworkSite, site_for_request
from masthead.distribution import selectors
from masthead.newsroom.models import NewsImage, SectionPage, StoryPage
from masthead.newsroom.reading.listings import NoteRow, notes_for_site
from masthead.newsroom.reading.teasers import LEAD_SPEC

MEDIA_NS = "http://search.yahoo.com/mrss/"
DC_NS = "http://purl.org/dc/elements/1.1/"
# The corrections feed carries its newest notes (a reader's feed keeps older ones).
CORRECTIONS_IN_FEED = 50


@dataclass(frozen=True)
class Byline:
    name: str
    url: str = ""


@dataclass(frozen=True)
class Picture:
    url: str
    width: int
    height: int
    mime_type: str
    caption: str = ""
    credit: str = ""


@dataclass(frozen=True)
class ItemExtras:
    bylines: list[Byline] = field(default_factory=list)
    picture: Picture | None = None
    language: str = ""


def _other_language(feed: dict, item: dict) -> str:
    """The item's language when it is not the feed's (a German agency story in an English
    feed); "" when they agree, so items repeat nothing the channel already says."""
    extras: ItemExtras = item["extras"]
    if extras.language and extras.language.lower() != language_tag(feed["language"]).lower():
        return extras.language
    return ""


def _media_elements(handler, picture: Picture | None) -> None:
    if picture is None:
        return
    handler.startElement(
        "media:content",
        {
            "url": picture.url,
            "medium": "image",
            "type": picture.mime_type,
            "width": str(picture.width),
            "height": str(picture.height),
        },
    )
    if picture.caption:
        handler.addQuickElement("media:description", picture.caption, {"type": "plain"})
    if picture.credit:
        handler.addQuickElement("media:credit", picture.credit)
    handler.endElement("media:content")


class NewsRssFeed(Rss201rev2Feed):
    """RSS 2.0 with one ``dc:creator`` per byline and Media RSS pictures."""

    def rss_attributes(self) -> dict[str, str]:
        return {**super().rss_attributes(), "xmlns:media": MEDIA_NS, "xmlns:dc": DC_NS}

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        extras: ItemExtras = item["extras"]
        for byline in extras.bylines:
            handler.addQuickElement("dc:creator", byline.name)
        language = _other_language(self.feed, item)
        if language:
            handler.addQuickElement("dc:language", language)
        _media_elements(handler, extras.picture)


class NewsAtomFeed(Atom1Feed):
    """Atom with one ``author`` per byline (with its page) and Media RSS pictures."""

    def root_attributes(self) -> dict[str, str]:
        return {**super().root_attributes(), "xmlns:media": MEDIA_NS}

    def item_attributes(self, item) -> dict[str, str]:
        language = _other_language(self.feed, item)
        return {**super().item_attributes(item), **({"xml:lang": language} if language else {})}

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        extras: ItemExtras = item["extras"]
        for byline in extras.bylines:
            handler.startElement("author", {})
            handler.addQuickElement("name", byline.name)
            if byline.url:
                handler.addQuickElement("uri", byline.url)
            handler.endElement("author")
        _media_elements(handler, extras.picture)


@dataclass
class Channel:
    """What one feed is about: the site, and the section or tag that narrows it."""

    site: NetworkSite
    title: str
    description: str
    path: str
    stories: list[StoryPage]

    @property
    def link(self) -> str:
        return self.site.root_url + self.path


def _picture(image: NewsImage | None, caption: str, root_url: str) -> Picture | None:
    if image is None or not image.is_publishable:
        return None
    stored = next(
        (r for r in getattr(image, "prefetched_renditions", []) if r.filter_spec == LEAD_SPEC),
        None,
    )
    # A feed never draws a rendition while a reader waits: the stored 1200-wide copy when the
    # story page has made it, otherwise the original file.
    source = stored if stored is not None else image
    url = source.file.url
    if not url.startswith(("http://", "https://")):
        url = root_url + url
    return Picture(
        url=url,
        width=source.width,
        height=source.height,
        mime_type=mimetypes.guess_type(source.file.name)[0] or "image/jpeg",
        caption=caption,
        credit=image.credit,
    )


class StoryFeed(Feed):
    """The newest stories of a channel; subclasses say how the channel is found."""

    feed_type = NewsRssFeed

    @property
    def language(self) -> str:  # Django's Feed reads an attribute
        return site_language()

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # Django's version writes the XML into the response piece by piece (thousands of
        # small writes); one string is quicker, and the response is marked cacheable.
        channel = self.get_object(request, *args, **kwargs)
        feedgen = self.get_feed(channel, request)
        response = HttpResponse(feedgen.writeString("utf-8"), content_type=feedgen.content_type)
        response.headers["Last-Modified"] = http_date(feedgen.latest_post_date().timestamp())
        return cacheable(response, keys=(surrogate.feed(channel.site.id),), exact=True)

    def get_object(self, request: HttpRequest, *args, **kwargs) -> Channel:  # pragma: no cover
        raise NotImplementedError

    def _site(self, request: HttpRequest) -> NetworkSite:
        site = site_for_request(request)
        if site is None:
            raise Http404("No site is configured for this host.")
        return site

    def title(self, obj: Channel) -> str:
        return obj.title

    def description(self, obj: Channel) -> str:
        return obj.description

    def link(self, obj: Channel) -> str:
        return obj.link

    def feed_url(self, obj: Channel) -> str:
        kind = "atom" if issubclass(self.feed_type, Atom1Feed) else "rss"
        return f"{obj.link}feed/{kind}/" if obj.path != "/" else f"{obj.link}feeds/{kind}/"

    def author_name(self, obj: Channel) -> str:
        # Atom needs an author for every entry; the site stands in where a story has no byline.
        return obj.site.name

    def feed_copyright(self, obj: Channel) -> str:
        return f"© {obj.site.name}"

    def items(self, obj: Channel) -> list[StoryPage]:
        # A feed object serves one request (see views.py), so it may remember its channel.
        self._channel = obj
        return obj.stories

    def item_title(self, item: StoryPage) -> str:
        return item.title

    def item_description(self, item: StoryPage) -> str | None:
        # RSS descriptions and Atom summaries are HTML; the summary is plain text. None (no
        # summary element) rather than an empty one when a story has nothing to say.
        return escape(item.feed_summary) if item.feed_summary else None

    def item_link(self, item: StoryPage) -> str:
        return self._channel.site.url_of(item.url_path)

    def item_guid(self, item: StoryPage) -> str:
        # Stays the same when a story is retitled or moved to another section.
        return f"urn:uuid:{item.translation_key}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: StoryPage):
        return item.first_published_at

    def item_updateddate(self, item: StoryPage):
        return item.last_published_at or item.first_published_at

    def item_categories(self, item: StoryPage) -> list[str]:
        return item.feed_tags

    def item_enclosures(self, item: StoryPage) -> list[Enclosure]:
        image = item.lead_image
        if image is None or not image.is_publishable or not image.file_size:
            return []
        url = image.file.url
        if not url.startswith(("http://", "https://")):
            url = self._channel.site.root_url + url
        mime_type = mimetypes.guess_type(image.file.name)[0] or "image/jpeg"
        return [Enclosure(url, str(image.file_size), mime_type)]

    def item_extra_kwargs(self, item: StoryPage) -> dict:
        site = self._channel.site
        bylines = [
            Byline(author.name, f"{site.root_url}/authors/{author.slug}/")
            for author in item.feed_authors
        ]
        if item.agency is not None:
            bylines.append(Byline(item.agency.name, item.agency.url))
        return {
            "extras": ItemExtras(
                bylines=bylines,
                picture=_picture(item.lead_image, item.lead_image_caption, site.root_url),
                language=item.language_tag,
            )
        }


class SiteFeed(StoryFeed):
    def get_object(self, request: HttpRequest, *args, **kwargs) -> Channel:
        site = self._site(request)
        return Channel(
            site=site,
            title=site.name,
            description=f"The latest stories from {site.name}",
            path="/",
            stories=selectors.feed_stories(selectors.public_stories(root_path=site.root_path)),
        )


class SectionFeed(StoryFeed):
    def get_object(self, request: HttpRequest, *args, section: SectionPage, **kwargs) -> Channel:
        site = self._site(request)
        return Channel(
            site=site,
            title=f"{section.title}{SEPARATOR}{site.name}",
            description=section.intro or f"The latest {section.title} stories from {site.name}",
            path=site.path_of(section.url_path),
            stories=selectors.feed_stories(selectors.public_stories(root_path=section.path)),
        )


class TagFeed(StoryFeed):
    def get_object(self, request: HttpRequest, *args, tag: Tag, **kwargs) -> Channel:
        site = self._site(request)
        stories = selectors.public_stories(root_path=site.root_path).filter(tagged_items__tag=tag)
        return Channel(
            site=site,
            title=f"{tag.name}{SEPARATOR}{site.name}",
            description=f"Stories about {tag.name} from {site.name}",
            path=f"/tags/{tag.slug}/",
            stories=selectors.feed_stories(stories),
        )


class SiteAtomFeed(SiteFeed):
    feed_type = NewsAtomFeed
    subtitle = SiteFeed.description


class SectionAtomFeed(SectionFeed):
    feed_type = NewsAtomFeed
    subtitle = SectionFeed.description


class TagAtomFeed(TagFeed):
    feed_type = NewsAtomFeed
    subtitle = TagFeed.description


def json_feed(feed: StoryFeed, request: HttpRequest, **kwargs) -> HttpResponse:
    """The same channel as JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
    channel = feed.get_object(request, **kwargs)
    items = []
    for story in feed.items(channel):
        extras: ItemExtras = feed.item_extra_kwargs(story)["extras"]
        item: dict = {
            "id": feed.item_guid(story),
            "url": feed.item_link(story),
            "title": story.title,
            "content_text": story.feed_summary or story.title,
            "date_published": story.first_published_at,
            "date_modified": feed.item_updateddate(story),
            "tags": feed.item_categories(story),
            "language": extras.language,
        }
        if story.feed_summary:
            item["summary"] = story.feed_summary
        if extras.bylines:
            item["authors"] = [
                {"name": b.name, **({"url": b.url} if b.url else {})} for b in extras.bylines
            ]
        if extras.picture is not None:
            item["image"] = extras.picture.url
        items.append(item)
    link = channel.link
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": channel.title,
        "home_page_url": link,
        "feed_url": f"{link}feed/json/" if channel.path != "/" else f"{link}feeds/json/",
        "description": channel.description,
        "language": site_language(),
        "authors": [{"name": channel.site.name, "url": channel.site.root_url + "/"}],
        "items": items,
    }
    response = JsonResponse(
        document, json_dumps_params={"ensure_ascii": False}, content_type=JSON_FEED
    )
    updated = [feed.item_updateddate(story) for story in channel.stories]
    if updated:
        response["Last-Modified"] = http_date(max(updated).timestamp())
    return cacheable(response, keys=(surrogate.feed(channel.site.id),), exact=True)


FEEDS: dict[str, dict[str, type[StoryFeed]]] = {
    "site": {"rss": SiteFeed, "atom": SiteAtomFeed},
    "section": {"rss": SectionFeed, "atom": SectionAtomFeed},
    "tag": {"rss": TagFeed, "atom": TagAtomFeed},
}


class CorrectionsFeed(Feed):
    """A site's corrections record as a feed: each correction or update, newest first,
    linking to the story it concerns. Purged with the record (``corrections-<site>``)."""

    feed_type = Rss201rev2Feed
    item_guid_is_permalink = False

    @property
    def language(self) -> str:  # Django's Feed reads an attribute
        return site_language()

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        site = site_for_request(request)
        if site is None:
            raise Http404("No site is configured for this host.")
        self._site = site
        feedgen = self.get_feed(site, request)
        response = HttpResponse(feedgen.writeString("utf-8"), content_type=feedgen.content_type)
        response.headers["Last-Modified"] = http_date(feedgen.latest_post_date().timestamp())
        return cacheable(response, keys=(surrogate.corrections(site.id),), exact=True)

    def title(self, obj: NetworkSite) -> str:
        return f"Corrections and updates{SEPARATOR}{obj.name}"

    def description(self, obj: NetworkSite) -> str:
        return f"What {obj.name} corrected or added to its stories after publishing them"

    subtitle = description

    def link(self, obj: NetworkSite) -> str:
        return f"{obj.root_url}/corrections/"

    def feed_url(self, obj: NetworkSite) -> str:
        kind = "atom" if issubclass(self.feed_type, Atom1Feed) else "rss"
        return f"{obj.root_url}/corrections/feed/{kind}/"

    def author_name(self, obj: NetworkSite) -> str:
        return obj.name

    def items(self, obj: NetworkSite) -> list[NoteRow]:
        return notes_for_site(root_path=obj.root_path, size=CORRECTIONS_IN_FEED).items

    def item_title(self, item: NoteRow) -> str:
        return f"{item.kind_label}: {item.story_title}"

    def item_description(self, item: NoteRow) -> str:
        return escape(item.text)

    def item_link(self, item: NoteRow) -> str:
        return f"{self._site.url_of(item.story_url_path)}#note-{item.id}"

    def item_guid(self, item: NoteRow) -> str:
        return f"{self._site.root_url}/corrections/#note-{item.id}"

    def item_pubdate(self, item: NoteRow):
        return item.noted_at

    def item_updateddate(self, item: NoteRow):
        return item.noted_at

    def item_categories(self, item: NoteRow) -> list[str]:
        return [item.kind_label]


class CorrectionsAtomFeed(CorrectionsFeed):
    feed_type = Atom1Feed


CORRECTIONS_FEEDS: dict[str, type[CorrectionsFeed]] = {
    "rss": CorrectionsFeed,
    "atom": CorrectionsAtomFeed,
}
