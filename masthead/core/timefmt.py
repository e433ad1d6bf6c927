"""Times as machines read them: ISO 8601 that is also a valid HTML ``<time datetime>``, and
times shown in a named zone with that zone's label."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, tzinfo

from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_3


def machine_datetime(value: datetime | date | None) -> str:
    """``2026-11-25T14:03:38+02:00``: whole seconds, because HTML allows at most three digits
    of a second's fraction and Python's ``isoformat()`` (Django's ``date:"c"``) writes six."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()


def shown_datetime(value: datetime, zone: tzinfo, *, long_month: bool = False) -> tuple[str, str]:
    """The ``<time datetime>`` value (``machine_datetime``) and "14 Mar 2026, 12:30" (with
    ``long_month``: "14 March 2026, 12:30") in ``zone``, without Django's date formatter: lists
    of teasers and search results write dozens, and two formatter runs each were a third of a
    teaser's cost. Month names are Django's, translated."""
    shown = value.astimezone(zone)
    month = str(MONTHS[shown.month]) if long_month else str(MONTHS_3[shown.month]).title()
    return machine_datetime(shown), f"{shown.day} {month} {shown.year:04d}, {shown:%H:%M}"


def zone_for(name: str) -> tzinfo:
    """The zone called ``name``; the default (``TIME_ZONE``) when it is empty or unknown."""
    if name:
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
    return timezone.get_default_timezone()


def zone_label(value: datetime) -> str:
    """The zone's abbreviation at that moment ("SAST", "BST"), or "UTC+3" where the zone has
    none (tzdata writes "+03" for those)."""
    name = value.tzname() or ""
    if name and name[0] not in "+-":
        return name
    offset = value.utcoffset()
    if offset is None:
        return ""
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "") if minutes else "UTC"


def local_time(value: datetime, zone_name: str, pattern: str = "%a %-d %b, %H:%M") -> str:
    """``value`` where it happens, labelled with that zone: "Tue 5 Nov, 14:30 SAST"."""
    shown = value.astimezone(zone_for(zone_name))
    return f"{shown.strftime(pattern)} {zone_label(shown)}"
