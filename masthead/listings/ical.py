"""iCalendar feeds into plain event occurrences within a window (no database here).

``icalendar`` reads the feed and its VTIMEZONEs (including non-Olson TZIDs from Exchange);
``recurring-ical-events`` expands RRULE/RDATE/EXDATE and applies moved instances
(RECURRENCE-ID). Each event (UID) is expanded on its own, so one malformed event is skipped
with the reason while the rest of the feed imports. Floating times are read in the feed's
place's time zone; all-day events keep their date.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

import icalendar
import recurring_ical_events

from masthead.listings.errors import ListingsError

# An event that claims to repeat more often than this in the window is cut off there.
MAX_OCCURRENCES_PER_EVENT = 500
# An escaped separator or one followed by spaces inside an RRULE value.
_RULE_SEPARATOR = re.compile(r"\\?([;,])\s*")


@dataclass(frozen=True)
class EventOccurrence:
    uid: str
    key: str  # UID + the occurrence's original start: stable across re-imports
    title: str
    starts_at: datetime
    ends_at: datetime | None
    all_day: bool
    day: date  # the local date the occurrence starts on
    sequence: int = 0
    cancelled: bool = False
    description: str = ""
    location: str = ""
    url: str = ""
    categories: tuple[str, ...] = ()


@dataclass
class CalendarDocument:
    occurrences: list[EventOccurrence] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0] if value else ""
    return " ".join(str(value).split())


def _categories(component) -> tuple[str, ...]:
    raw = component.get("CATEGORIES")
    if raw is None:
        return ()
    groups = raw if isinstance(raw, list) else [raw]
    names: dict[str, None] = {}
    for group in groups:
        for name in getattr(group, "cats", [group]):
            text = _text(name)
            if text:
                names.setdefault(text[:100], None)
    return tuple(names)


def _aware(value: datetime | date, zone: tzinfo) -> tuple[datetime, bool]:
    """(an aware datetime, whether it was an all-day date)."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=zone)), False
    return datetime.combine(value, time.min, tzinfo=zone), True


def _uid(component) -> str:
    uid = _text(component.get("UID"))
    if uid:
        return uid[:255]
    # Feeds without UIDs (seen in Exchange invitations): the title and first start stand in,
    # which stays stable as long as the feed does not change them.
    seed = "|".join(
        [
            _text(component.get("SUMMARY")),
            _text(component.get("DESCRIPTION")),
            component.get("DTSTART").to_ical().decode(),
        ]
    )
    return "generated-" + hashlib.sha256(seed.encode()).hexdigest()[:32]


def _repaired(content: bytes) -> bytes:
    """Fix what real feeds get wrong and the RFC forbids, before the strict parser reads them:
    content lines without a colon (dropped) and spaces inside RRULE parts (Exchange writes
    ``BYDAY=MO, TU``)."""
    text = content.decode("utf-8", errors="replace").removeprefix("\ufeff")
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    lines = []
    for line in unfolded.splitlines():
        if not line.strip() or ":" not in line:
            continue
        name = line.split(":", 1)[0].split(";", 1)[0].upper()
        if name in ("RRULE", "EXRULE"):
            head, value = line.split(":", 1)
            line = head + ":" + _RULE_SEPARATOR.sub(r"\1", value).replace(" ", "")
        lines.append(line)
    return ("\r\n".join(lines) + "\r\n").encode()


def parse_calendar(
    content: bytes, *, start: datetime, end: datetime, zone: tzinfo = UTC
) -> CalendarDocument:
    """Every occurrence of every event starting in ``[start, end)``."""
    try:
        calendar = icalendar.Calendar.from_ical(_repaired(content))
    except (ValueError, IndexError) as error:
        raise ListingsError(f"The iCalendar feed cannot be read: {error}") from None
    if calendar.name != "VCALENDAR":
        raise ListingsError(f"Not an iCalendar feed: it starts with {calendar.name}")
    document = CalendarDocument()
    zones = list(calendar.walk("VTIMEZONE"))
    groups: dict[str, list] = {}
    for event in calendar.walk("VEVENT"):
        if event.get("DTSTART") is None:
            document.skipped.append(f"{_text(event.get('SUMMARY')) or 'an event'}: no start")
            continue
        try:
            groups.setdefault(_uid(event), []).append(event)
        except (ValueError, AttributeError) as error:
            document.skipped.append(f"{_text(event.get('SUMMARY'))}: {error}")
    for uid, events in groups.items():
        try:
            document.occurrences.extend(_expand(uid, events, zones, start, end, zone))
        except Exception as error:  # noqa: BLE001 - any library error skips only this event
            title = _text(events[0].get("SUMMARY")) or uid
            document.skipped.append(f"{title}: {type(error).__name__}: {error}"[:300])
    return document


def _expand(uid, events, zones, start, end, zone) -> list[EventOccurrence]:
    single = icalendar.Calendar()
    single.add("PRODID", "-//Masthead//listings//EN")
    single.add("VERSION", "2.0")
    for component in [*zones, *events]:
        single.add_component(component)
    # Cancelled instances must come back from the expansion so they can remove a stored copy.
    query = recurring_ical_events.of(single, skip_bad_series=False)
    found = []
    for count, occurrence in enumerate(query.between(start, end)):
        if count >= MAX_OCCURRENCES_PER_EVENT:
            break
        found.append(_occurrence(uid, occurrence, zone))
    return found


def _occurrence(uid: str, component, zone: tzinfo) -> EventOccurrence:
    dtstart = component.get("DTSTART").dt
    starts_at, all_day = _aware(dtstart, zone)
    ends_at = None
    if component.get("DTEND") is not None:
        ends_at = _aware(component.get("DTEND").dt, zone)[0]
    elif component.get("DURATION") is not None:
        ends_at = starts_at + component.get("DURATION").dt
    elif all_day:
        ends_at = starts_at + timedelta(days=1)
    if ends_at is not None and ends_at <= starts_at:
        ends_at = None
    recurrence = component.get("RECURRENCE-ID")
    original = recurrence.dt if recurrence is not None else dtstart
    original_at = _aware(original, zone)[0].astimezone(UTC)
    key = f"{uid}|{original_at:%Y%m%dT%H%M%SZ}"
    day = dtstart if all_day else starts_at.astimezone(zone).date()
    sequence = component.get("SEQUENCE")
    return EventOccurrence(
        uid=uid,
        key=key[:400],
        title=(_text(component.get("SUMMARY")) or "Untitled event")[:300],
        starts_at=starts_at.astimezone(UTC),
        ends_at=ends_at.astimezone(UTC) if ends_at else None,
        all_day=all_day,
        day=day,
        sequence=int(sequence) if sequence is not None else 0,
        cancelled=_text(component.get("STATUS")).upper() == "CANCELLED",
        description=_text(component.get("DESCRIPTION"))[:5000],
        location=_text(component.get("LOCATION"))[:300],
        url=_text(component.get("URL"))[:500],
        categories=_categories(component),
    )
