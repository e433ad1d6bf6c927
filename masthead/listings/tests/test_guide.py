"""The listings page as a TV guide: a row per channel, what is on now and next marked, what
has ended folded away, a day switcher, and the page cached and purged by its key."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from masthead.listings import services
from masthead.listings.models import Channel, Listing, ListingSource

# Noon in Cape Town (UTC+2) on the day the tests call today.
NOON = datetime(2030, 5, 1, 10, 0, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOON)
    return NOON


@pytest.fixture
def guide(world):
    source = ListingSource.objects.create(
        name="Guide", kind="xmltv", file_path="guide.xml", place=world["western_cape"]
    )
    one = Channel.objects.create(
        source=source, xmltv_id="one", name="Channel One", place=world["western_cape"]
    )
    alpha = Channel.objects.create(
        source=source, xmltv_id="alpha", name="alpha tv", place=world["western_cape"]
    )

    def show(channel, title, start, minutes=None, category="Drama"):
        Listing.objects.create(
            source=source,
            kind="tv",
            key=f"{channel.xmltv_id}|{title}",
            channel=channel,
            place=world["western_cape"],
            title=title,
            category=category,
            starts_at=start,
            ends_at=start + timedelta(minutes=minutes) if minutes else None,
        )

    show(one, "Breakfast", NOON - timedelta(hours=4), 60)
    show(one, "Midday Drama", NOON - timedelta(minutes=30), 60)
    show(one, "Afternoon Film", NOON + timedelta(minutes=30), 90)
    show(one, "Evening News", NOON + timedelta(hours=6), 30, category="News")
    # No end given: it runs until the channel's next programme.
    show(alpha, "Open-ended Talk", NOON - timedelta(hours=1))
    show(alpha, "Quiz", NOON + timedelta(hours=1), 30)
    return source


def _rows(html: str) -> list[str]:
    return re.findall(r'class="guide__channel"[^>]*>([^<]+)<', html)


def _state_of(html: str, title: str) -> str:
    item = html[: html.index(f">{title}<")]
    return item[item.rindex('<li class="') :].split('"')[1]


def test_today_marks_what_is_on_now_and_next_on_each_channel(client, network, guide, clock):
    html = client.get("/listings/cape-town/2030-05-01/").content.decode()
    assert _rows(html) == ["alpha tv", "Channel One"]  # channels in name order, case aside
    assert "programme--now" in _state_of(html, "Midday Drama")
    assert "programme--now" in _state_of(html, "Open-ended Talk")
    assert "programme--next" in _state_of(html, "Afternoon Film")
    assert "programme--next" in _state_of(html, "Quiz")
    later = _state_of(html, "Evening News")
    assert "programme--now" not in later and "programme--next" not in later
    assert html.count(">On now<") == 2 and html.count(">Next<") == 2


def test_what_has_ended_today_is_folded_away_under_earlier(client, network, guide, clock):
    html = client.get("/listings/cape-town/2030-05-01/").content.decode()
    earlier = html[html.index('<details class="guide__earlier">') :]
    earlier = earlier[: earlier.index("</details>")]
    assert "Earlier today (1)" in earlier and "Breakfast" in earlier
    assert "Midday Drama" not in earlier


def test_another_day_marks_nothing_and_folds_nothing(client, network, guide, clock):
    for programme in Listing.objects.all():
        programme.starts_at += timedelta(days=1)
        if programme.ends_at:
            programme.ends_at += timedelta(days=1)
        programme.save()
    html = client.get("/listings/cape-town/2030-05-02/").content.decode()
    assert "Breakfast" in html and "Midday Drama" in html
    assert "On now" not in html and "<details" not in html


def test_day_switcher_names_today_and_tomorrow_and_marks_the_day_shown(
    client, network, guide, clock
):
    html = client.get("/listings/cape-town/2030-05-02/").content.decode()
    switcher = html[html.index('aria-label="Days"') :]
    switcher = switcher[: switcher.index("</nav>")]
    days = re.findall(r'href="/listings/cape-town/([\d-]+)/"', switcher)
    assert days == [f"2030-0{d}" for d in ("4-30", "5-01", "5-02", "5-03", "5-04", "5-05", "5-06")]
    assert '2030-05-01/">Today<' in switcher
    assert re.search(r'2030-05-02/" aria-current="date">', switcher)
    # A day far from today gets the days around it.
    far = client.get("/listings/cape-town/2030-06-20/").content.decode()
    assert 'href="/listings/cape-town/2030-06-17/"' in far
    assert 'href="/listings/cape-town/2030-06-23/"' in far
    assert ">Today<" not in far


def test_guide_query_budget_does_not_grow_with_channels(
    client, network, world, guide, clock, django_assert_max_num_queries
):
    for n in range(30):
        channel = Channel.objects.create(
            source=guide, xmltv_id=f"c{n}", name=f"Channel {n:02}", place=world["western_cape"]
        )
        Listing.objects.create(
            source=guide,
            kind="tv",
            key=f"c{n}|1",
            channel=channel,
            place=world["western_cape"],
            title=f"Show {n}",
            starts_at=NOON,
        )
    with django_assert_max_num_queries(20):
        response = client.get("/listings/cape-town/2030-05-01/")
    assert len(_rows(response.content.decode())) == 32


def test_the_guide_is_cached_under_the_listings_key_and_an_import_purges_it(
    client, network, world, guide, clock, settings, django_capture_on_commit_callbacks, tmp_path
):
    first = client.get("/listings/cape-town/2030-05-01/")
    assert "public" in first["Cache-Control"]
    assert "listings" in first["xkey"].split()
    assert client.get("/listings/cape-town/2030-05-01/")["X-Cache"] == "HIT"

    settings.LISTINGS_FILE_ROOT = tmp_path
    (tmp_path / "guide.xml").write_text(
        '<?xml version="1.0"?><tv><channel id="one"><display-name>Channel One</display-name>'
        '</channel><programme channel="one" start="20300501130000 +0000" '
        'stop="20300501140000 +0000"><title>Breaking Special</title></programme></tv>'
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = services.listing_source_import(source=guide)
    assert result.error == "" and result.created == 1
    again = client.get("/listings/cape-town/2030-05-01/")
    assert again.get("X-Cache") != "HIT"
    assert "Breaking Special" in again.content.decode()
