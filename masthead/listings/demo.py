"""Demo network step: a generated TV guide (XMLTV) and event feed (iCalendar) for the demo
places, written under LISTINGS_FILE_ROOT and imported through the same services as real ones."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from xml.sax.saxutils import escape, quoteattr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from masthead.listings import services
from masthead.listings.models import ListingSource
from masthead.places.models import Place

# A day's schedule in the channel's own hours: (first hour, genre, titles, minutes each).
# A real guide's shows belong to their slot (no morning briefing at four in the afternoon).
DAYPARTS = {
    "masthead-one.demo": [
        (0, "Documentary", ["Wild Coast", "Cities Rebuilt", "Under the Karoo"], 60),
        (6, "News", ["Morning Briefing"], 180),
        (9, "Documentary", ["Wild Coast", "Cities Rebuilt", "Under the Karoo"], 60),
        (12, "News", ["Newsroom Live"], 60),
        (13, "Drama", ["Harbour Lights", "The Long Road"], 60),
        (17, "Documentary", ["Cities Rebuilt", "Under the Karoo"], 30),
        (19, "News", ["The Evening Bulletin"], 60),
        (20, "Drama", ["Harbour Lights", "The Long Road", "Mountain Station"], 90),
        (23, "News", ["Newsroom Live"], 60),
    ],
    "masthead-sport.demo": [
        (0, "Sport", ["The Rugby Hour", "Cricket Tonight"], 60),
        (6, "Sport", ["Sport Breakfast"], 180),
        (9, "Sport", ["Match Day", "The Rugby Hour"], 90),
        (18, "Sport", ["Cricket Tonight"], 60),
        (19, "Sport", ["Match Day"], 120),
        (21, "Sport", ["The Rugby Hour", "Cricket Tonight"], 60),
    ],
}
EVENTS = [
    ("Farmers' market", "Markets"),
    ("Jazz on the square", "Music"),
    ("Open studio evening", "Art"),
    ("Community clean-up", "Community"),
    ("Library story hour", "Family"),
]


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%d%H%M%S +0000")


def _daypart(channel_id: str, hour: int) -> tuple[str, list[str], int]:
    slots = DAYPARTS[channel_id]
    _, genre, titles, minutes = next(slot for slot in reversed(slots) if slot[0] <= hour)
    return genre, titles, minutes


def _xmltv(channels: list[tuple[str, str]], rng, start: datetime, zone: ZoneInfo) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<tv generator-info-name="masthead demo">']
    for channel_id, name in channels:
        lines.append(
            f"<channel id={quoteattr(channel_id)}>"
            f"<display-name>{escape(name)}</display-name></channel>"
        )
    for channel_id, _ in channels:
        moment = start
        last = ""
        while moment < start + timedelta(days=3):
            local = moment.astimezone(zone)
            genre, titles, minutes = _daypart(channel_id, local.hour)
            # A show ends at the next slot's start at the latest, so the slots stay in place.
            next_slot = min((h for h, *_ in DAYPARTS[channel_id] if h > local.hour), default=24)
            room = (next_slot - local.hour) * 60 - local.minute
            length = timedelta(minutes=min(minutes, room))
            # A channel does not show the same programme twice in a row.
            title = rng.choice([t for t in titles if t != last] or titles)
            last = title
            lines.append(
                f'<programme start="{_stamp(moment)}" stop="{_stamp(moment + length)}" '
                f"channel={quoteattr(channel_id)}><title>{escape(title)}</title>"
                f"<desc>{escape(title)}: a {genre.lower()} programme.</desc>"
                f"<category>{escape(genre)}</category></programme>"
            )
            moment += length
    lines.append("</tv>")
    return "\n".join(lines)


def _ical(place: Place, rng, today) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Masthead//demo//EN"]
    for index, (title, category) in enumerate(EVENTS):
        day = today + timedelta(days=rng.randint(0, 6))
        hour = rng.choice([10, 12, 17, 19])
        lines += [
            "BEGIN:VEVENT",
            f"UID:demo-{place.slug}-{index}@masthead",
            f"SUMMARY:{title}, {place.name}",
            f"CATEGORIES:{category}",
            f"LOCATION:{place.name}",
            f"DTSTART:{datetime.combine(day, time(hour)).strftime('%Y%m%dT%H%M%S')}",
            f"DURATION:PT{rng.choice([1, 2, 3])}H",
        ]
        if index == 0:
            lines.append("RRULE:FREQ=WEEKLY;COUNT=8")  # every week for two months
        lines.append("END:VEVENT")
    lines += [
        "BEGIN:VEVENT",
        f"UID:demo-{place.slug}-festival@masthead",
        f"SUMMARY:{place.name} heritage festival",
        "CATEGORIES:Festivals",
        f"DTSTART;VALUE=DATE:{(today + timedelta(days=2)).strftime('%Y%m%d')}",
        f"DTEND;VALUE=DATE:{(today + timedelta(days=4)).strftime('%Y%m%d')}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"


def build_listings(*, homes, rng, console) -> None:
    root = services.file_root()
    root.mkdir(parents=True, exist_ok=True)
    slugs = ["cape-town", "durban", "johannesburg"]
    places = {
        p.slug: p for p in Place.objects.filter(slug__in=slugs).select_related("parent__parent")
    }
    if not places:
        console.print("Listings: no demo places; skipped")
        return
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    first = places.get("cape-town") or next(iter(places.values()))
    country = first.parent.parent if first.parent and first.parent.parent else first
    channels = [("masthead-one.demo", "Masthead One"), ("masthead-sport.demo", "Masthead Sport TV")]
    guide = root / "demo-tv.xml"
    zone = ZoneInfo(first.time_zone or country.time_zone or settings.TIME_ZONE)
    # The guide starts on a whole local hour, so every slot starts where the schedule says.
    start = (now - timedelta(hours=2)).astimezone(zone).replace(minute=0)
    guide.write_text(_xmltv(channels, rng, start, zone), encoding="utf-8")
    sources = [
        ListingSource.objects.create(
            name="Demo TV guide", kind="xmltv", file_path=guide.name, place=country
        )
    ]
    for place in places.values():
        feed = root / f"demo-events-{place.slug}.ics"
        feed.write_text(_ical(place, rng, now.date()), encoding="utf-8")
        sources.append(
            ListingSource.objects.create(
                name=f"What's on in {place.name}",
                kind="ical",
                file_path=feed.name,
                place=place,
                category="Events",
            )
        )
    created = sum(services.listing_source_import(source=source).created for source in sources)
    console.print(f"Listings: {created} programmes and events from {len(sources)} sources")
