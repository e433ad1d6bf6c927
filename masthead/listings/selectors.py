"""Reads: a place's listings for a day (by category, paged by key) and what is on next.

A reader's place sees the listings of the places that contain it (a region's TV channels,
a country's) and of the places within it (events in its suburbs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db.models import Q
from django.utils import timezone

from masthead.listings.models import Listing
from masthead.places.models import Place
from masthead.places.selectors import place_ids_within, place_lineage

# A day of a region's TV fits one page; the key pagination is there for the rare longer day.
PAGE_SIZE = 200


@dataclass
class ListingPage:
    items: list[Listing]
    next_cursor: str  # "" on the last page
    categories: list[str]


def place_zone(place: Place):
    try:
        return ZoneInfo(place.time_zone) if place.time_zone else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def listing_place_ids(*, place: Place) -> list[int]:
    return sorted({p.pk for p in place_lineage(place=place)} | set(place_ids_within(place=place)))


def _shown(place_ids: list[int]):
    # Programmes of a channel the editors hid stay stored but are not listed.
    return (
        Listing.objects.filter(place_id__in=place_ids)
        .filter(Q(channel__isnull=True) | Q(channel__shown=True))
        .select_related("channel")
    )


def encode_cursor(listing: Listing) -> str:
    micro = int(listing.starts_at.timestamp() * 1_000_000)
    return f"{micro}-{listing.pk}"


def decode_cursor(cursor: str) -> tuple[datetime, int] | None:
    try:
        micro, pk = cursor.split("-", 1)
        return datetime.fromtimestamp(int(micro) / 1_000_000, tz=UTC), int(pk)
    except (ValueError, OverflowError, OSError):
        return None


def listings_for_day(
    *,
    place: Place,
    day: date,
    category: str = "",
    after: str = "",
    limit: int = PAGE_SIZE,
) -> ListingPage:
    """The place's listings starting on ``day`` (its local date), all-day events first."""
    zone = place_zone(place)
    start = datetime.combine(day, time.min, tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
    place_ids = listing_place_ids(place=place)
    on_day = _shown(place_ids).filter(
        Q(all_day=False, starts_at__gte=start, starts_at__lt=end) | Q(all_day=True, day=day)
    )
    categories = sorted(
        {c for c in on_day.order_by().values_list("category", flat=True).distinct() if c}
    )
    rows = on_day.filter(category=category) if category else on_day
    cursor = decode_cursor(after) if after else None
    if cursor is not None:
        at, pk = cursor
        rows = rows.filter(Q(starts_at__gt=at) | Q(starts_at=at, id__gt=pk))
    items = list(rows.order_by("starts_at", "id")[: limit + 1])
    next_cursor = encode_cursor(items[limit - 1]) if len(items) > limit else ""
    return ListingPage(items=items[:limit], next_cursor=next_cursor, categories=categories)


def listings_next(*, place: Place, now: datetime | None = None, limit: int = 6) -> list[Listing]:
    """What is on now and next: running or starting soonest (all-day events of today too)."""
    now = now or timezone.now()
    today = now.astimezone(place_zone(place)).date()
    return list(
        _shown(listing_place_ids(place=place))
        .filter(
            Q(all_day=False, ends_at__gt=now)
            | Q(all_day=False, ends_at__isnull=True, starts_at__gte=now - timedelta(hours=1))
            | Q(all_day=True, day__gte=today)
        )
        .order_by("starts_at", "id")[:limit]
    )


@dataclass
class GuideEntry:
    listing: Listing
    state: str = ""  # "now" (running at the time given), "next" (the row's next) or ""


@dataclass
class GuideRow:
    """One channel's programmes on the page (or, with no channel, the place's events)."""

    name: str
    entries: list[GuideEntry] = field(default_factory=list)
    # Today: the programmes that have ended, folded away so what is on now leads the row.
    earlier: list[GuideEntry] = field(default_factory=list)


def listings_guide(*, items: list[Listing], now: datetime | None) -> list[GuideRow]:
    """Arrange a page of listings as a TV guide reads: a row per channel in channel order,
    programmes by time, what is running now and what comes next on each marked, what has
    ended set apart. Events (no channel) come last, as one row. ``now`` None (a day other
    than today) marks nothing. Works on rows already loaded: no query."""
    by_channel: dict[int, GuideRow] = {}
    events = GuideRow(name="Events")
    for item in items:
        channel = item.channel
        if channel is None:
            events.entries.append(GuideEntry(item))
            continue
        row = by_channel.get(channel.pk)
        if row is None:
            row = by_channel[channel.pk] = GuideRow(name=channel.name)
        row.entries.append(GuideEntry(item))
    rows = sorted(by_channel.values(), key=lambda row: row.name.casefold())
    if events.entries:
        rows.append(events)
    if now is not None:
        for row in rows:
            _mark_now_and_next(row, now)
    return rows


def _mark_now_and_next(row: GuideRow, now: datetime) -> None:
    timed = [entry for entry in row.entries if not entry.listing.all_day]
    for entry, following in zip(timed, [*timed[1:], None], strict=True):
        item = entry.listing
        if item.starts_at > now:
            entry.state = "next"
            break
        # Without an end, a programme runs until the channel's next one starts.
        end = item.ends_at or (following.listing.starts_at if following else None)
        if end is None or now < end:
            entry.state = "now"
        else:
            row.earlier.append(entry)
    ended = {id(entry) for entry in row.earlier}
    row.entries = [entry for entry in row.entries if id(entry) not in ended]
