"""Importing sources: twice without duplicates, updates by SEQUENCE, cancellations, files."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command

from masthead.listings import services
from masthead.listings.models import Channel, Listing, ListingSource
from tests.shared_data import SHARED_DATA

pytestmark = pytest.mark.shared_data


@pytest.fixture(autouse=True)
def _files_from_shared_data(settings):
    settings.LISTINGS_FILE_ROOT = SHARED_DATA


def source(place, kind, path, **fields) -> ListingSource:
    return ListingSource.objects.create(name=path, kind=kind, file_path=path, place=place, **fields)


def test_xmltv_file_imports_twice_without_duplicates(world):
    tv = source(world["toronto"], "xmltv", "xmltv/jellyfin_schedulesdirect.xml")
    first = services.listing_source_import(source=tv)
    assert first.error == "" and first.created == 2
    assert Channel.objects.filter(source=tv).count() == 2
    second = services.listing_source_import(source=tv)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert Listing.objects.filter(source=tv).count() == 2
    listing = Listing.objects.get(title="Match Game")
    assert listing.place == world["toronto"]
    assert listing.category == "Series"
    assert listing.starts_at == datetime(2020, 7, 29, tzinfo=UTC)
    tv.refresh_from_db()
    assert tv.last_result.startswith("0 new, 0 updated") and tv.next_import_at is not None


def test_channel_moved_to_a_region_takes_its_listings(world):
    tv = source(world["toronto"], "xmltv", "xmltv/jellyfin_MultilanguageData.xml")
    services.listing_source_import(source=tv)
    channel = Channel.objects.get(source=tv)
    services.channel_assign_place(channel=channel, place_id=world["london"].pk)
    assert set(Listing.objects.values_list("place_id", flat=True)) == {world["london"].pk}
    # A re-import keeps the editor's choice.
    services.listing_source_import(source=tv)
    assert set(Listing.objects.values_list("place_id", flat=True)) == {world["london"].pk}


def test_ical_feed_imports_twice_without_duplicates(world):
    events = source(world["cottbus"], "ical", "icalendar/fablab_cottbus.ics", category="Makers")
    now = datetime(2018, 9, 15, tzinfo=UTC)
    first = services.listing_source_import(source=events, now=now)
    assert first.error == "" and first.created > 0
    count = Listing.objects.filter(source=events).count()
    second = services.listing_source_import(source=events, now=now)
    assert second.created == 0 and second.removed == 0
    assert Listing.objects.filter(source=events).count() == count == first.created
    keys = list(Listing.objects.filter(source=events).values_list("key", flat=True))
    assert len(keys) == len(set(keys))
    # The window: a day back, LISTINGS_WINDOW_DAYS ahead.
    assert all(
        now - timedelta(days=1) <= row.starts_at < now + timedelta(days=60)
        for row in Listing.objects.filter(source=events)
    )


def test_all_day_event_is_stored_with_its_local_day(world):
    events = source(world["cottbus"], "ical", "icalendar/fablab_cottbus.ics")
    services.listing_source_import(source=events, now=datetime(2018, 6, 1, tzinfo=UTC))
    closed = Listing.objects.get(title__startswith="Lab geschlossen", day="2018-06-09")
    assert closed.all_day
    # Midnight in Cottbus (UTC+2 in June).
    assert closed.starts_at == datetime(2018, 6, 8, 22, 0, tzinfo=UTC)


def test_malformed_event_is_reported_and_the_rest_imports(world):
    events = source(world["cottbus"], "ical", "icalendar/google_allday_rrule_exdate_malformed.ics")
    result = services.listing_source_import(source=events, now=datetime(2008, 3, 1, tzinfo=UTC))
    assert result.created == 20
    assert len(result.skipped) == 1
    events.refresh_from_db()
    assert "skipped 1" in events.last_result


def _calendar(*events: str) -> bytes:
    body = "".join(events)
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n" + body + "END:VCALENDAR\r\n"
    ).encode()


def _event(uid: str, summary: str, *, sequence: int = 0, status: str = "CONFIRMED") -> str:
    return (
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:{summary}\r\nSEQUENCE:{sequence}\r\n"
        f"STATUS:{status}\r\nDTSTART:20300105T180000Z\r\nDTEND:20300105T200000Z\r\n"
        "CATEGORIES:Music,Outdoor\r\nEND:VEVENT\r\n"
    )


@pytest.fixture
def feed_file(tmp_path, settings):
    settings.LISTINGS_FILE_ROOT = tmp_path
    path = tmp_path / "feed.ics"

    def write(*events: str) -> str:
        path.write_bytes(_calendar(*events))
        return "feed.ics"

    return write


def test_updates_by_sequence_and_cancellation_removes(world, feed_file):
    now = datetime(2030, 1, 1, tzinfo=UTC)
    events = source(world["cape_town"], "ical", feed_file(_event("a@x", "Concert")))
    services.listing_source_import(source=events, now=now)
    assert Listing.objects.get().title == "Concert"
    assert Listing.objects.get().category == "Music"

    feed_file(_event("a@x", "Concert (new venue)", sequence=2))
    assert services.listing_source_import(source=events, now=now).updated == 1
    assert Listing.objects.get().title == "Concert (new venue)"

    # An older copy of the event (lower SEQUENCE) does not undo the update.
    feed_file(_event("a@x", "Concert", sequence=1))
    services.listing_source_import(source=events, now=now)
    assert Listing.objects.get().title == "Concert (new venue)"

    feed_file(_event("a@x", "Concert (new venue)", sequence=3, status="CANCELLED"))
    assert services.listing_source_import(source=events, now=now).removed == 1
    assert not Listing.objects.exists()


def test_event_gone_from_the_feed_is_removed_and_others_stay(world, feed_file):
    now = datetime(2030, 1, 1, tzinfo=UTC)
    events = source(world["cape_town"], "ical", feed_file(_event("a@x", "A"), _event("b@x", "B")))
    services.listing_source_import(source=events, now=now)
    feed_file(_event("b@x", "B"))
    services.listing_source_import(source=events, now=now)
    assert list(Listing.objects.values_list("title", flat=True)) == ["B"]


def test_file_outside_the_listings_folder_is_refused(world):
    sneaky = source(world["cape_town"], "ical", "../../etc/passwd")
    result = services.listing_source_import(source=sneaky)
    assert "outside the listings folder" in result.error
    sneaky.refresh_from_db()
    assert "outside" in sneaky.last_error


def test_not_an_xmltv_file_is_recorded_as_the_sources_error(world):
    wrong = source(world["cape_town"], "xmltv", "icalendar/fablab_cottbus.ics")
    result = services.listing_source_import(source=wrong)
    assert "not well-formed" in result.error
    assert not Listing.objects.exists()


def test_command_imports_only_due_sources(world):
    tv = source(world["toronto"], "xmltv", "xmltv/jellyfin_schedulesdirect.xml")
    call_command("listings_import", verbosity=0)
    assert Listing.objects.filter(source=tv).count() == 2
    tv.refresh_from_db()
    imported_at = tv.last_imported_at
    call_command("listings_import", verbosity=0)  # not due again for every_minutes
    tv.refresh_from_db()
    assert tv.last_imported_at == imported_at


def test_url_source_is_fetched_over_http_and_not_modified_is_respected(world, settings):
    """Through ingest's one HTTP door (a real server on loopback): the second import sends
    the ETag back, gets 304 and changes nothing."""
    from masthead.ingest.tests.test_fetching import FileServer

    settings.INGEST_ALLOW_PRIVATE_HOSTS = True
    with FileServer(SHARED_DATA / "xmltv") as server:
        tv = ListingSource.objects.create(
            name="Guide",
            kind="xmltv",
            url=f"{server.url}/jellyfin_schedulesdirect.xml",
            place=world["toronto"],
        )
        first = services.listing_source_import(source=tv)
        second = services.listing_source_import(source=tv)
    assert first.created == 2
    assert second.not_modified
    assert server.requests[1]["If-None-Match"] == tv.etag
    assert Listing.objects.count() == 2


def test_private_addresses_are_refused_by_default(world):
    tv = ListingSource.objects.create(
        name="Inside", kind="xmltv", url="http://127.0.0.1:9/guide.xml", place=world["toronto"]
    )
    result = services.listing_source_import(source=tv)
    assert "private address" in result.error
