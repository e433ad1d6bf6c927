"""XMLTV and iCalendar parsing on the real files in ../shared/data (no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from masthead.listings.errors import ListingsError
from masthead.listings.ical import parse_calendar
from masthead.listings.xmltv import parse_time, parse_xmltv
from tests.shared_data import SHARED_DATA

pytestmark = pytest.mark.shared_data
XMLTV = SHARED_DATA / "xmltv"
ICAL = SHARED_DATA / "icalendar"
WIDE = {"start": datetime(2000, 1, 1, tzinfo=UTC), "end": datetime(2030, 1, 1, tzinfo=UTC)}


def test_xmltv_times_with_offset_abbreviation_or_nothing_are_utc_instants():
    assert parse_time("20200729000000 +0200") == datetime(2020, 7, 28, 22, tzinfo=UTC)
    assert parse_time("200007281733 BST") == datetime(2000, 7, 28, 16, 33, tzinfo=UTC)
    # The DTD: no zone means UTC; a leading part means the start of that period.
    assert parse_time("200006031633") == datetime(2000, 6, 3, 16, 33, tzinfo=UTC)
    assert parse_time("200209") == datetime(2002, 9, 1, tzinfo=UTC)
    with pytest.raises(ListingsError, match="unknown time zone"):
        parse_time("20200101000000 XYZ")
    with pytest.raises(ListingsError):
        parse_time("yesterday")


def test_schedules_direct_file_with_a_byte_order_mark_gives_channels_and_programmes():
    document = parse_xmltv((XMLTV / "jellyfin_schedulesdirect.xml").read_bytes())
    assert [c.xmltv_id for c in document.channels] == [
        "EPG123.10108.schedulesdirect.org",
        "EPG123.10091.schedulesdirect.org",
    ]
    assert document.channels[0].name == "CFTO"
    assert "CTV Toronto" in document.channels[0].names
    first = document.programmes[0]
    assert first.title == "Match Game"
    assert first.starts_at == datetime(2020, 7, 29, 0, 0, tzinfo=UTC)
    assert first.ends_at == datetime(2020, 7, 29, 1, 0, tzinfo=UTC)
    assert first.categories == ("Series", "Game Show")
    assert document.skipped == []


def test_latin1_file_with_several_languages_picks_the_site_language():
    document = parse_xmltv((XMLTV / "jellyfin_MultilanguageData.xml").read_bytes(), language="en")
    assert document.programmes[0].title == "Homes Under the Hammer - English"
    assert document.programmes[0].categories == ("Property - English",)
    spanish = parse_xmltv((XMLTV / "jellyfin_MultilanguageData.xml").read_bytes(), language="es")
    assert spanish.programmes[0].title == "Homes Under the Hammer - Spanish"
    # No title in the language asked for: the first without one (lang="" counts as none).
    french = parse_xmltv((XMLTV / "jellyfin_MultilanguageData.xml").read_bytes(), language="fr")
    assert french.programmes[0].title == "Homes Under the Hammer - Empty Language"


def test_programme_without_stop_uses_its_length_and_a_doctype_is_accepted():
    document = parse_xmltv((XMLTV / "xmltv-project_t-data_test.xml").read_bytes())
    (programme,) = document.programmes
    assert programme.channel_id == "3sat.de"
    assert programme.starts_at == datetime(2000, 6, 3, 16, 33, tzinfo=UTC)
    assert programme.ends_at == datetime(2000, 6, 3, 17, 33, tzinfo=UTC)  # <length> 60 minutes


def test_entity_expansion_and_non_xmltv_documents_are_refused():
    bomb = b'<?xml version="1.0"?><!DOCTYPE tv [<!ENTITY a "aaaa">]><tv>&a;</tv>'
    with pytest.raises(ListingsError, match="forbidden"):
        parse_xmltv(bomb)
    with pytest.raises(ListingsError, match="root element"):
        parse_xmltv(b"<rss></rss>")
    with pytest.raises(ListingsError, match="well-formed"):
        parse_xmltv(b"<tv><channel></tv>")


def test_weekly_rrule_with_tzid_expands_in_the_events_zone():
    document = parse_calendar(
        (ICAL / "google_weekly_tzid_x_location.ics").read_bytes(),
        start=datetime(2016, 10, 31, tzinfo=UTC),
        end=datetime(2016, 11, 7, tzinfo=UTC),
    )
    starts = [o.starts_at for o in document.occurrences]
    assert len(starts) == 5  # Monday to Friday
    # 14:00 in Zurich, which is UTC+1 after the clocks went back on 30 October.
    assert starts[0] == datetime(2016, 10, 31, 13, 0, tzinfo=UTC)
    assert len({o.key for o in document.occurrences}) == 5


def test_moved_instance_replaces_the_regular_occurrence_under_the_same_key():
    document = parse_calendar(
        (ICAL / "google_monthly_with_moved_instance.ics").read_bytes(),
        start=datetime(2021, 11, 1, tzinfo=UTC),
        end=datetime(2022, 2, 1, tzinfo=UTC),
    )
    by_key = {o.key.split("|")[1]: o for o in document.occurrences}
    # The last Friday of December was moved to the 17th; its key keeps the original date.
    assert by_key["20211231T203000Z"].starts_at.date() == date(2021, 12, 17)
    assert not any(o.starts_at.date() == date(2021, 12, 31) for o in document.occurrences)


def test_exchange_feed_with_a_non_olson_zone_and_spaces_in_byday_is_read():
    document = parse_calendar(
        (ICAL / "exchange_nonolson_tzid_daily_rrule.ics").read_bytes(), **WIDE
    )
    assert document.skipped == []
    assert len(document.occurrences) == 14  # weekdays until 22 July 2015
    # 10:00 in "GMT +0100 (Standard) / GMT +0200 (Daylight)" in July is 08:00 UTC.
    assert {o.starts_at.time().hour for o in document.occurrences} == {8}
    assert all(o.uid.startswith("generated-") for o in document.occurrences)  # it has no UID


def test_all_day_events_keep_their_date_and_a_malformed_event_is_skipped_alone():
    document = parse_calendar(
        (ICAL / "google_allday_rrule_exdate_malformed.ics").read_bytes(),
        zone=ZoneInfo("Europe/Berlin"),
        **WIDE,
    )
    assert len(document.skipped) == 1 and "EXDATE" in document.skipped[0]
    days = [o.day for o in document.occurrences]
    assert len(days) == 20  # 3 to 23 March 2008, less the EXDATE
    assert date(2008, 3, 11) not in days
    assert all(o.all_day for o in document.occurrences)
    # Midnight in the feed's place, not in UTC.
    assert document.occurrences[0].starts_at == datetime(2008, 3, 2, 23, 0, tzinfo=UTC)


def test_a_stray_line_without_a_colon_does_not_lose_the_feed():
    document = parse_calendar((ICAL / "broken_stray_line.ics").read_bytes(), **WIDE)
    assert [o.title for o in document.occurrences] == ["Broken Eevnt"]


def test_fablab_feed_has_all_day_events_and_a_monthly_rule():
    document = parse_calendar(
        (ICAL / "fablab_cottbus.ics").read_bytes(), zone=ZoneInfo("Europe/Berlin"), **WIDE
    )
    assert document.skipped == []
    assert any(o.all_day for o in document.occurrences)
    assert len({o.key for o in document.occurrences}) == len(document.occurrences)


def test_not_a_calendar_is_refused():
    with pytest.raises(ListingsError):
        parse_calendar(b"hello", **WIDE)
