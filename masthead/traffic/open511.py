"""Open511 JSON event lists into plain alert records (no database here).

Open511 v1: ``{"meta": {...}, "events": [{id, status, event_type, severity, headline,
schedule.intervals ["start/end"], roads[{name, direction, from}], geography (GeoJSON)}]}``.
Interval times without an offset are the jurisdiction's local time; an open interval
(``"2012-04-16T09:07/"``) has no end.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, tzinfo

from masthead.traffic.services import TrafficError

KINDS = {
    "INCIDENT": "crash",
    "CONSTRUCTION": "roadworks",
    "SPECIAL_EVENT": "congestion",
    "WEATHER_CONDITION": "weather",
    "ROAD_CONDITION": "closure",
}
# Open511's road directions; a diagonal or unknown one stays with the road's name.
DIRECTIONS = {
    "N": "northbound",
    "S": "southbound",
    "E": "eastbound",
    "W": "westbound",
    "BOTH": "both",
}
SEVERITIES = {"MINOR": "minor", "MODERATE": "moderate", "MAJOR": "severe", "UNKNOWN": "moderate"}


@dataclass(frozen=True)
class FeedEvent:
    external_id: str
    active: bool
    kind: str
    severity: str
    road: str
    headline: str
    starts_at: datetime
    ends_at: datetime | None
    latitude: float | None
    longitude: float | None
    url: str = ""
    direction: str = ""


def _time(text: str, zone: tzinfo) -> datetime:
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=zone)


def _point(geography: dict | None) -> tuple[float | None, float | None]:
    if not isinstance(geography, dict):
        return None, None
    coordinates = geography.get("coordinates")
    if geography.get("type") == "Point" and isinstance(coordinates, list) and len(coordinates) >= 2:
        return float(coordinates[1]), float(coordinates[0])
    if geography.get("type") == "LineString" and coordinates:
        first = coordinates[0]
        return float(first[1]), float(first[0])
    return None, None


def parse_open511(content: bytes, *, zone: tzinfo) -> tuple[list[FeedEvent], list[str]]:
    """(events, reasons for the events skipped); a document that is not Open511 raises."""
    try:
        document = json.loads(content)
    except (ValueError, UnicodeDecodeError) as error:
        raise TrafficError(f"The Open511 feed is not JSON: {error}") from None
    if not isinstance(document, dict) or not isinstance(document.get("events"), list):
        raise TrafficError("Not an Open511 event list: no 'events' array.")
    events, skipped = [], []
    for raw in document["events"]:
        try:
            intervals = (raw.get("schedule") or {}).get("intervals") or []
            start_text, _, end_text = (intervals[0] if intervals else "").partition("/")
            if not start_text:
                raise ValueError("no schedule")
            roads = raw.get("roads") or []
            road = roads[0].get("name", "") if roads else ""
            said = str(roads[0].get("direction") or "").upper() if roads else ""
            direction = DIRECTIONS.get(said, "")
            if said and not direction and said != "NONE":
                road = f"{road} {said}"
            latitude, longitude = _point(raw.get("geography"))
            events.append(
                FeedEvent(
                    external_id=f"open511:{raw['id']}"[:200],
                    active=raw.get("status", "ACTIVE") == "ACTIVE",
                    kind=KINDS.get(raw.get("event_type", ""), "congestion"),
                    severity=SEVERITIES.get(raw.get("severity", ""), "moderate"),
                    road=(road or raw.get("headline", "") or "Unnamed road")[:200],
                    direction=direction,
                    headline=str(raw.get("headline", ""))[:500],
                    starts_at=_time(start_text, zone),
                    ends_at=_time(end_text, zone) if end_text else None,
                    latitude=latitude,
                    longitude=longitude,
                    url=str(raw.get("url", ""))[:200],
                )
            )
        except (KeyError, ValueError, TypeError, AttributeError, IndexError) as error:
            skipped.append(f"event {raw.get('id', '?') if isinstance(raw, dict) else '?'}: {error}")
    return events, skipped
