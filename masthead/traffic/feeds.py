"""RSS, Atom and JSON feeds of a region's active traffic alerts (Django syndication, as the
story feeds in masthead.distribution.feeds, sharing masthead.core.feeds)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.http import http_date

from masthead.core import surrogate
from masthead.core.feeds import JSON_FEED, SEPARATOR
from masthead.core.pagecache import cacheable
from masthead.core.sites import NetworkSite, site_for_request
from masthead.core.timefmt import local_time
from masthead.places.components import resolve_place
from masthead.places.models import Place
from masthead.traffic import selectors
from masthead.traffic.models import Alert
from masthead.traffic.views import ALERT_SECONDS


@dataclass
class Region:
    site: NetworkSite
    place: Place
    alerts: list[Alert]

    @property
    def link(self) -> str:
        return f"{self.site.root_url}/traffic/{self.place.slug}/"


def _summary(alert: Alert, seen_from: Place) -> str:
    until = local_time(alert.expected_end, alert.time_zone_seen_from(seen_from), "%d %b %H:%M")
    text = f"{alert.get_severity_display()} {alert.get_kind_display().lower()} on {alert.road}"
    text += f", {alert.place.name}, expected to last until {until}."
    return f"{text} {alert.description}".strip()


class AlertFeed(Feed):
    feed_type = Rss201rev2Feed

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        region = self.get_object(request, *args, **kwargs)
        feedgen = self.get_feed(region, request)
        response = HttpResponse(feedgen.writeString("utf-8"), content_type=feedgen.content_type)
        response.headers["Last-Modified"] = http_date(feedgen.latest_post_date().timestamp())
        return cacheable(response, seconds=ALERT_SECONDS, keys=(surrogate.traffic(),))

    def get_object(self, request: HttpRequest, slug: str) -> Region:
        site = site_for_request(request)
        if site is None:
            raise Http404("No site is configured for this host.")
        place = resolve_place(request, slug)
        return Region(site=site, place=place, alerts=selectors.alerts_feed(place=place))

    def title(self, obj: Region) -> str:
        return f"Traffic alerts: {obj.place.name}{SEPARATOR}{obj.site.name}"

    def description(self, obj: Region) -> str:
        return f"Traffic alerts in and around {obj.place.name}"

    def link(self, obj: Region) -> str:
        return obj.link

    def feed_url(self, obj: Region) -> str:
        kind = "atom" if issubclass(self.feed_type, Atom1Feed) else "rss"
        return f"{obj.link}feed/{kind}/"

    def author_name(self, obj: Region) -> str:
        return obj.site.name

    def items(self, obj: Region) -> list[Alert]:
        self._region = obj
        return obj.alerts

    def item_title(self, item: Alert) -> str:
        return f"{item.get_kind_display()}: {item.road} ({item.place.name})"

    def item_description(self, item: Alert) -> str:
        return escape(_summary(item, self._region.place))

    def item_link(self, item: Alert) -> str:
        return f"{self._region.site.root_url}/traffic/{item.place.slug}/#alert-{item.pk}"

    def item_guid(self, item: Alert) -> str:
        return f"{self._region.site.root_url}/traffic/alerts/{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Alert):
        return item.starts_at

    def item_updateddate(self, item: Alert):
        return item.updated_at

    def item_categories(self, item: Alert) -> list[str]:
        return [item.get_kind_display(), item.get_severity_display()]


class AlertAtomFeed(AlertFeed):
    feed_type = Atom1Feed
    subtitle = AlertFeed.description


def json_feed(request: HttpRequest, slug: str) -> HttpResponse:
    feed = AlertFeed()
    region = feed.get_object(request, slug)
    items = [
        {
            "id": feed.item_guid(alert),
            "url": feed.item_link(alert),
            "title": feed.item_title(alert),
            "content_text": _summary(alert, region.place),
            "date_published": alert.starts_at,
            "date_modified": alert.updated_at,
            "tags": feed.item_categories(alert),
            "_traffic": {
                "road": alert.road,
                "place": alert.place.slug,
                "kind": alert.kind,
                "severity": alert.severity,
                "starts_at": alert.starts_at,
                "expected_end": alert.expected_end,
                "source": alert.source,
            },
        }
        for alert in feed.items(region)
    ]
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title(region),
        "home_page_url": region.link,
        "feed_url": f"{region.link}feed/json/",
        "description": feed.description(region),
        "language": settings.LANGUAGE_CODE,
        "items": items,
    }
    response = JsonResponse(
        document, json_dumps_params={"ensure_ascii": False}, content_type=JSON_FEED
    )
    return cacheable(response, seconds=ALERT_SECONDS, keys=(surrogate.traffic(),))


def feed(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    if kind == "json":
        return json_feed(request, slug)
    return (AlertAtomFeed() if kind == "atom" else AlertFeed())(request, slug)
