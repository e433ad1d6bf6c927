"""The site's feeds read by real feed readers over HTTP from a live server, as subscribers read
them (the stories of the site, a section and a tag, the corrections record, a place's traffic
alerts and a live blog's updates): newsboat (its `-x reload` into its own cache database),
rsstail (a one-shot tail) and @extractus/feed-extractor (a maintained JavaScript feed library,
tests/validators). Each reader must see the items we published, with their titles, links,
dates and, where the reader reads them, the picture's enclosure and the bylines. feedparser
reads the same feeds in masthead/distribution/tests/test_feeds.py and
test_feed_readers_revalidate.py.

What each reader can read: newsboat and rsstail read RSS and Atom (neither reads JSON Feed:
newsboat 2.21 has no JSON parser, rsstail is built on libmrss, an RSS/Atom library);
feed-extractor reads all three. The site serves no per-author feed and no podcast: the only
enclosures are the stories' pictures, which feed-extractor (and feedparser) must see; newsboat
stores only audio and video enclosures (an image/jpeg one is dropped, an audio/mpeg one in the
same place kept: tried by hand with newsboat 2.21) and rsstail prints none."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from django.utils import timezone

from masthead.newsroom.models import LiveUpdate, NewsImage, StoryNote
from masthead.newsroom.tests import factories as f
from masthead.newsroom.tests.test_story_notes import add_note
from masthead.traffic.tests.factories import make_alert, make_world
from tests.validators import READ_FEED

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Every feed a site serves, by channel: its stories, a section's, a tag's (RSS, Atom and JSON
# Feed), its corrections record (RSS and Atom), a place's traffic alerts (RSS, Atom and JSON
# Feed) and a live blog's updates (Atom).
FEEDS = {
    "site": ("/feeds/{kind}/", ("rss", "atom", "json")),
    "section": ("/news/world/feed/{kind}/", ("rss", "atom", "json")),
    "tag": ("/tags/transport/feed/{kind}/", ("rss", "atom", "json")),
    "corrections": ("/corrections/feed/{kind}/", ("rss", "atom")),
    "traffic": ("/traffic/cape-town/feed/{kind}/", ("rss", "atom", "json")),
    "live blog": ("/liveblog/{blog}/feed/", ("atom",)),
}
XML_KINDS = ("rss", "atom")


@dataclass(frozen=True)
class Published:
    """An item as we put it in the feed: what every reader must give back."""

    title: str
    link: str
    published: datetime
    enclosure: tuple[str, str, str] | None  # url, type, length
    authors: tuple[str, ...]
    updated: datetime  # Atom's <updated>: the last publish (a correction moves it)


def _second(moment: datetime) -> datetime:
    # Feeds print whole seconds (RFC 822 in RSS); a reader cannot give back more.
    return moment.astimezone(UTC).replace(microsecond=0)


@dataclass(frozen=True)
class Expected:
    blog: int  # the live blog's id, in its feed's address
    channels: dict[str, list[Published]]

    def __getitem__(self, channel: str) -> list[Published]:
        return self.channels[channel]


@pytest.fixture
def published(network, live_server) -> Expected:
    """Two stories and a correction; per channel, the items its feeds must carry, newest first."""
    now = timezone.now()
    author = f.make_author("Ada Arden")
    agency = f.make_agency("AFP", "Agence France-Presse")
    image = f.make_image(photographer="Cem Kaya", agency="AFP")
    NewsImage.objects.filter(pk=image.pk).update(file_size=1234)
    image.refresh_from_db()
    bridge = f.make_article(
        network["world"],
        title="Bridge reopens after repairs",
        standfirst="Traffic flows again.",
        tags=["Ankara", "Transport"],
        agency=agency,
        lead_image=image,
        lead_image_caption="The bridge at dawn",
        live=False,
    )
    bridge.authors.add(author)
    bridge = f.publish(bridge, at=now - timedelta(hours=2))
    noted_at = now - timedelta(minutes=30)
    bridge = add_note(bridge, kind="correction", text="It opened in 2021.", at=noted_at)
    note = StoryNote.objects.get(page=bridge)
    # A live blog with two updates, and a traffic alert in Cape Town.
    blog = f.make_live_blog(network["world"], title="Live: the storm")
    f.add_live_updates_in_bulk(blog, count=2)
    updates = list(LiveUpdate.objects.filter(page=blog).order_by("-posted_at"))
    for update, headline in zip(updates, ("Wind reaches the coast", "Storm warning"), strict=True):
        LiveUpdate.objects.filter(pk=update.pk).update(headline=headline)
        update.headline = headline
    alert = make_alert(make_world()["cape_town"], starts_at=now - timedelta(minutes=45))
    ferry = f.make_article(
        network["news_section"],
        title="Ferry strike ends",
        standfirst="Crossings resume on Monday.",
        tags=["Transport"],
        at=now - timedelta(hours=1),
    )
    # The site's own addresses (its root URL), whichever port the live server listens on.
    enclosure = (f"http://localhost{image.file.url}", "image/jpeg", "1234")
    items = {
        # The live blog is a story of its section too, published just now.
        "blog": Published(
            blog.title,
            blog.full_url,
            _second(blog.first_published_at),
            None,
            (),
            _second(blog.last_published_at),
        ),
        "bridge": Published(
            bridge.title,
            bridge.full_url,
            _second(bridge.first_published_at),
            enclosure,
            ("Ada Arden", "Agence France-Presse"),
            _second(bridge.last_published_at),
        ),
        "ferry": Published(
            ferry.title,
            ferry.full_url,
            _second(ferry.first_published_at),
            None,
            (),
            _second(ferry.last_published_at),
        ),
    }
    return Expected(
        blog.id,
        {
            "site": [items["blog"], items["ferry"], items["bridge"]],
            "section": [items["blog"], items["bridge"]],
            "tag": [items["ferry"], items["bridge"]],
            "corrections": [
                Published(
                    f"Correction: {bridge.title}",
                    f"{bridge.full_url}#note-{note.pk}",
                    _second(noted_at),
                    None,
                    (),
                    _second(noted_at),
                )
            ],
            "traffic": [
                Published(
                    f"Crash: N1 ({alert.place.name})",
                    f"http://localhost/traffic/cape-town/#alert-{alert.pk}",
                    _second(alert.starts_at),
                    None,
                    (),
                    _second(alert.updated_at),
                )
            ],
            "live blog": [
                Published(
                    u.headline,
                    f"{blog.full_url}#{u.anchor}",
                    _second(u.posted_at),
                    None,
                    (u.author_name,),
                    _second(u.posted_at),
                )
                for u in updates
            ],
        },
    )


# ---- the readers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Seen:
    """An item as a reader gave it back. None: the reader does not report that field."""

    title: str
    link: str
    published: datetime
    enclosure: tuple[str, str, str] | None = None
    authors: tuple[str, ...] | None = None


def read_with_feed_extractor(url: str) -> list[Seen]:
    result = subprocess.run(
        ["node", str(READ_FEED), url], capture_output=True, text=True, timeout=60, check=True
    )
    seen = []
    for entry in json.loads(result.stdout)["entries"]:
        (enclosure,) = entry["enclosures"] or [None]
        if entry["image"]:  # JSON Feed: the picture is the item's image, with no size or type
            enclosure = {"url": entry["image"], "type": None, "length": None}
        seen.append(
            Seen(
                entry["title"],
                entry["link"],
                _second(datetime.fromisoformat(entry["published"])),
                enclosure and (enclosure["url"], enclosure["type"], enclosure["length"]),
                tuple(entry["authors"]),
            )
        )
    return seen


def read_with_rsstail(url: str) -> list[Seen]:
    # One shot (-1), with each item's link (-l) and date (-p), in rsstail's labelled lines.
    result = subprocess.run(
        ["rsstail", "-1", "-l", "-p", "-u", url],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    seen = []
    for block in result.stdout.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.strip().splitlines())
        # rsstail prints Atom dates with a wrong weekday ("Sun, 07 Dec 2026" for a Monday):
        # parsedate_to_datetime reads the date and ignores the weekday name, as we do here.
        seen.append(
            Seen(
                fields["Title"], fields["Link"], _second(parsedate_to_datetime(fields["Pub.date"]))
            )
        )
    return seen


def read_with_newsboat(url: str, home: Path) -> list[Seen]:
    # A reload with a cache of its own per feed: newsboat keys items by guid across feeds, and
    # the RSS and Atom feeds of one channel carry the same guids.
    home.mkdir()
    (home / "urls").write_text(url + "\n")
    (home / "config").write_text("")
    cache = home / "cache.db"
    subprocess.run(
        ["newsboat", "-x", "reload", "-u", home / "urls", "-c", cache, "-C", home / "config"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={**os.environ, "HOME": str(home)},
    )
    with sqlite3.connect(cache) as db:
        rows = db.execute(
            "SELECT title, url, pubDate, author FROM rss_item WHERE feedurl = ?"
            " ORDER BY pubDate DESC",
            (url,),
        ).fetchall()
    return [
        Seen(
            title,
            link,
            datetime.fromtimestamp(stamp, UTC),
            # newsboat keeps an item's authors as one string, joined with ", ".
            authors=tuple(name for name in author.split(", ") if name),
        )
        for title, link, stamp, author in rows
    ]


# ---- what each reader must see -------------------------------------------------------------


def _basics(items) -> list[tuple[str, str, datetime]]:
    return [(i.title, i.link, i.published) for i in items]


def _basics_by_update(items: list[Published]) -> list[tuple[str, str, datetime]]:
    return [(i.title, i.link, i.updated) for i in items]


def _feeds(live_server, published: Expected, kinds) -> list[tuple[str, str, str]]:
    """(channel, kind, URL) of every feed the site serves in one of these formats."""
    return [
        (channel, kind, live_server.url + path.format(kind=kind, blog=published.blog))
        for channel, (path, served) in FEEDS.items()
        for kind in kinds
        if kind in served
    ]


@pytest.mark.validators
def test_feed_extractor_reads_every_feed_in_every_format(published, live_server):
    for channel, kind, url in _feeds(live_server, published, (*XML_KINDS, "json")):
        seen = read_with_feed_extractor(url)
        expected = published[channel]
        # feed-extractor dates an Atom entry by its <updated> before its <published>
        # (parseAtomFeed.js), so a corrected story reads as of its last publish there.
        dated = _basics_by_update if kind == "atom" else _basics
        # It also "purifies" every link, dropping the fragment: a correction's link to its note
        # (story#note-<id>) reaches the story, not the note.
        expected_basics = [(t, link.split("#")[0], d) for t, link, d in dated(expected)]
        assert _basics(seen) == expected_basics, (channel, kind)
        assert [s.authors for s in seen] == [e.authors for e in expected], (channel, kind)
        if kind == "json":
            # JSON Feed's item image: the picture's address, without its size or type.
            assert [s.enclosure and s.enclosure[0] for s in seen] == [
                e.enclosure and e.enclosure[0] for e in expected
            ], (channel, kind)
        else:
            assert [s.enclosure for s in seen] == [e.enclosure for e in expected], (channel, kind)


@pytest.mark.validators("rsstail")
def test_rsstail_reads_every_rss_and_atom_feed(published, live_server):
    for channel, kind, url in _feeds(live_server, published, XML_KINDS):
        assert _basics(read_with_rsstail(url)) == _basics(published[channel]), (channel, kind)


@pytest.mark.validators("newsboat")
def test_newsboat_reads_every_rss_and_atom_feed(published, live_server, tmp_path):
    for channel, kind, url in _feeds(live_server, published, XML_KINDS):
        seen = read_with_newsboat(url, tmp_path / f"{channel}-{kind}")
        expected = published[channel]
        assert _basics(seen) == _basics(expected), (channel, kind)
        if kind == "atom":
            assert [s.authors for s in seen] == [e.authors for e in expected], (channel, kind)
        else:
            # RSS: newsboat keeps one dc:creator of several (the last); feedparser and
            # feed-extractor read them all. Each item still names someone who signed it.
            assert [s.authors for s in seen] == [e.authors[-1:] for e in expected], (channel, kind)
