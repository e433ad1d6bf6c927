"""Listings day pages (by category, key-paginated) and the on-next fragment, with budgets."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from masthead.listings.models import Channel, Listing, ListingSource
from masthead.listings.selectors import PAGE_SIZE


@pytest.fixture
def tv(world):
    source = ListingSource.objects.create(
        name="Guide", kind="xmltv", file_path="guide.xml", place=world["western_cape"]
    )
    channel = Channel.objects.create(
        source=source, xmltv_id="one", name="Channel One", place=world["western_cape"]
    )
    return source, channel


def _programmes(world, tv, count: int, *, day: date, category: str = "Drama") -> None:
    source, channel = tv
    start = datetime(day.year, day.month, day.day, 6, 0, tzinfo=UTC)  # 08:00 in Cape Town
    Listing.objects.bulk_create(
        [
            Listing(
                source=source,
                kind="tv",
                key=f"one|{n}",
                channel=channel,
                place=world["western_cape"],
                title=f"Show {n}",
                category=category if n % 2 else "News",
                starts_at=start + timedelta(minutes=n),
                ends_at=start + timedelta(minutes=n + 1),
            )
            for n in range(count)
        ]
    )


@pytest.mark.parametrize("count", [10, 200])
def test_day_page_query_budget_does_not_grow(
    client, network, world, tv, count, django_assert_max_num_queries
):
    _programmes(world, tv, count, day=date(2030, 5, 1))
    with django_assert_max_num_queries(20):
        response = client.get("/listings/cape-town/2030-05-01/")
    assert response.status_code == 200
    assert response.content.count(b'class="listing ') == min(count, PAGE_SIZE)


@pytest.mark.parametrize("count", [10, 200])
def test_fragment_query_budget_does_not_grow(
    client, world, tv, count, django_assert_max_num_queries
):
    _programmes(world, tv, count, day=timezone.now().date() + timedelta(days=1))
    # place, lineage and places within (two per level), listings.
    with django_assert_max_num_queries(7):
        response = client.get("/fragments/listings/cape-town/")
    assert response.status_code == 200
    assert response.content.count(b'class="listing ') == 4  # a compact card
    assert b"/listings/cape-town/" in response.content
    assert "public" in response["Cache-Control"]


def test_a_region_channel_serves_its_cities_and_not_other_regions(client, network, world, tv):
    _programmes(world, tv, 3, day=date(2030, 5, 1))
    assert b"Show 0" in client.get("/listings/stellenbosch/2030-05-01/").content
    assert b"Show 0" not in client.get("/listings/durban/2030-05-01/").content


def test_category_filter_and_key_pagination(client, network, world, tv):
    _programmes(world, tv, PAGE_SIZE * 2 + 5, day=date(2030, 5, 1))
    drama = client.get("/listings/cape-town/2030-05-01/?category=Drama")
    assert drama.content.count(b'class="listing ') == PAGE_SIZE
    assert b"Show 1<" in drama.content and b"Show 0<" not in drama.content
    assert b'href="?category=News"' in drama.content  # the other category to choose
    seen: list[bytes] = []
    url = "/listings/cape-town/2030-05-01/"
    for _ in range(5):
        page = client.get(url)
        seen += [line for line in page.content.split(b"\n") if b'class="listing__title"' in line]
        marker = b'rel="next" href="'
        if marker not in page.content:
            break
        url = "/listings/cape-town/2030-05-01/" + page.content.split(marker)[1].split(b'"')[
            0
        ].decode().replace("&amp;", "&")
    assert len(seen) == PAGE_SIZE * 2 + 5
    assert len(set(seen)) == len(seen)  # no programme twice across pages


def test_days_are_the_places_local_days(client, network, world, tv):
    source, channel = tv
    # 23:30 UTC on 30 April is 01:30 on 1 May in Cape Town.
    Listing.objects.create(
        source=source,
        kind="tv",
        key="late",
        channel=channel,
        place=world["western_cape"],
        title="Late film",
        starts_at=datetime(2030, 4, 30, 23, 30, tzinfo=UTC),
    )
    assert b"Late film" in client.get("/listings/cape-town/2030-05-01/").content
    assert b"Late film" not in client.get("/listings/cape-town/2030-04-30/").content


def test_all_day_event_is_listed_on_its_day(client, network, world):
    source = ListingSource.objects.create(
        name="Events", kind="ical", file_path="x.ics", place=world["cape_town"]
    )
    Listing.objects.create(
        source=source,
        kind="event",
        key="fest|1",
        place=world["cape_town"],
        title="Harbour festival",
        all_day=True,
        day=date(2030, 5, 2),
        starts_at=datetime(2030, 5, 1, 22, 0, tzinfo=UTC),
    )
    page = client.get("/listings/cape-town/2030-05-02/")
    assert b"Harbour festival" in page.content and b"All day" in page.content
    assert b"Harbour festival" not in client.get("/listings/cape-town/2030-05-01/").content


def test_hidden_channel_and_bad_requests(client, network, world, tv):
    _programmes(world, tv, 2, day=date(2030, 5, 1))
    Channel.objects.update(shown=False)
    assert b"Show 0" not in client.get("/listings/cape-town/2030-05-01/").content
    assert client.get("/listings/cape-town/2030-13-01/").status_code == 404
    assert client.get("/listings/atlantis/2030-05-01/").status_code == 404
    today = client.get("/listings/cape-town/")
    assert today.status_code == 302 and today["Location"].startswith("/listings/cape-town/20")
