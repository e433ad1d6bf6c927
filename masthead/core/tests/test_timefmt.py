"""Machine-readable times are valid HTML (no six-digit fractions), and times shown in a place's
zone carry that zone's label."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest

from masthead.core.timefmt import machine_datetime, zone_for, zone_label
from masthead.newsroom.tests import factories as f

# HTML's "valid global date and time string" (and its "valid date string"): a fraction of a
# second has one to three digits; the zone is Z or an offset.
HTML_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2}))?$"
)


class _Times(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.values: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "time":
            self.values.append(dict(attrs).get("datetime") or "")


def time_values(html: str) -> list[str]:
    parser = _Times()
    parser.feed(html)
    return parser.values


def test_a_moment_with_microseconds_is_written_in_whole_seconds():
    moment = datetime(2026, 11, 25, 14, 3, 38, 194352, tzinfo=UTC)

    assert machine_datetime(moment) == "2026-11-25T14:03:38+00:00"
    assert machine_datetime(moment.astimezone(ZoneInfo("Africa/Johannesburg"))) == (
        "2026-11-25T16:03:38+02:00"
    )
    assert machine_datetime(date(2026, 11, 25)) == "2026-11-25"
    assert machine_datetime(None) == ""
    assert HTML_DATETIME.match(machine_datetime(moment))
    assert not HTML_DATETIME.match(moment.isoformat())  # what date:"c" wrote


def test_zone_labels_are_the_zones_own_abbreviations_or_an_offset():
    winter = datetime(2026, 1, 15, 12, tzinfo=UTC)
    summer = datetime(2026, 7, 15, 12, tzinfo=UTC)

    assert zone_label(winter.astimezone(ZoneInfo("Europe/London"))) == "GMT"
    assert zone_label(summer.astimezone(ZoneInfo("Europe/London"))) == "BST"
    assert zone_label(winter.astimezone(ZoneInfo("Africa/Johannesburg"))) == "SAST"
    # tzdata has no letters for Istanbul or Kathmandu: an offset instead.
    assert zone_label(winter.astimezone(ZoneInfo("Europe/Istanbul"))) == "UTC+3"
    assert zone_label(winter.astimezone(ZoneInfo("Asia/Kathmandu"))) == "UTC+5:45"
    assert zone_label(winter) == "UTC"
    assert zone_for("Not/A_Zone") == zone_for("")


@pytest.mark.django_db
def test_pages_of_a_story_published_through_wagtail_have_valid_html_times(client, network):
    story = f.make_article(network["world"], title="Harbour reopens", tags=["Harbour"])
    assert story.first_published_at.microsecond  # published "now", fractions and all

    for url in ("/", network["world"].url, story.url, "/tags/harbour/"):
        response = client.get(url, HTTP_HOST="localhost")
        assert response.status_code == 200, url
        values = time_values(response.content.decode())
        assert values, url
        assert all(HTML_DATETIME.match(v) for v in values), (url, values)
