"""Writes: issuing, reporting, reviewing, editing and expiring traffic alerts.

Every action records who and when. A change that readers can see (an alert published,
edited, withdrawn or expired) purges the page cache after the commit, so the ribbon and the
traffic pages show it within seconds (the fragment's shared-cache life is PROXY_CACHE_SECONDS).
"""

from __future__ import annotations

import html
from datetime import datetime, timedelta

import nh3
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from masthead.accounts.services import access_member_can_post
from masthead.core import surrogate
from masthead.core.purging import purge_after_commit
from masthead.places.models import Place
from masthead.traffic.models import Alert


class TrafficError(ValidationError):
    """An alert that cannot be issued, reported or reviewed; the message says why."""


class TrafficPermissionError(PermissionDenied):
    pass


def _plain(text: str, *, limit: int) -> str:
    # Reader and editor text is shown as text: strip any markup, collapse whitespace. nh3
    # answers HTML (an "&" comes back as "&amp;"); the templates escape on output, so the
    # stored text is unescaped, or readers would see "&amp;" and "&gt;".
    cleaned = html.unescape(nh3.clean(text or "", tags=set(), attributes={}))
    return " ".join(cleaned.split())[:limit]


def _purge_after_commit() -> None:
    purge_after_commit([surrogate.traffic()], reason="traffic alert changed")


def _check_times(starts_at: datetime, expected_end: datetime) -> None:
    if timezone.is_naive(starts_at) or timezone.is_naive(expected_end):
        raise TrafficError("Times must carry a time zone.")
    if expected_end <= starts_at:
        raise TrafficError("The expected end must be after the start.")


def alert_issue(
    *,
    by,
    road: str,
    place: Place,
    kind: str,
    severity: str,
    expected_end: datetime,
    starts_at: datetime | None = None,
    description: str = "",
    source: str = Alert.Source.NEWSROOM,
    external_id: str | None = None,
    external_url: str = "",
    direction: str = "",
) -> Alert:
    """The newsroom (or a feed) publishes an alert at once."""
    now = timezone.now()
    starts_at = starts_at or now
    _check_times(starts_at, expected_end)
    alert = Alert(
        road=_plain(road, limit=200),
        direction=direction,
        place=place,
        kind=kind,
        severity=severity,
        description=_plain(description, limit=2000),
        starts_at=starts_at,
        expected_end=expected_end,
        source=source,
        status=Alert.Status.PUBLISHED,
        created_by=by,
        created_at=now,
        updated_by=by,
        updated_at=now,
        reviewed_by=by,
        reviewed_at=now if by is not None else None,
        external_id=external_id,
        external_url=external_url,
    )
    alert.full_clean()
    with transaction.atomic():
        alert.save()
        _purge_after_commit()
    return alert


def alert_report(
    *,
    reporter,
    road: str,
    place: Place,
    kind: str,
    description: str = "",
    severity: str = Alert.Severity.MODERATE,
    expected_end: datetime | None = None,
    direction: str = "",
) -> Alert:
    """A signed-in reader reports an alert; it waits for an editor (status pending)."""
    if reporter is None:
        raise TrafficPermissionError("Sign in to report traffic.")
    # Signed in, account open, not suspended: the same rule as every reader-posting feature.
    access_member_can_post(user=reporter)
    now = timezone.now()
    hours = int(getattr(settings, "TRAFFIC_REPORT_DEFAULT_HOURS", 2))
    expected_end = expected_end or now + timedelta(hours=hours)
    _check_times(now, expected_end)
    if expected_end > now + timedelta(days=7):
        raise TrafficError("A reader report can last a week at most.")
    alert = Alert(
        road=_plain(road, limit=200),
        direction=direction,
        place=place,
        kind=kind,
        severity=severity,
        description=_plain(description, limit=2000),
        starts_at=now,
        expected_end=expected_end,
        source=Alert.Source.READER,
        status=Alert.Status.PENDING,
        reporter=reporter,
        created_by=reporter,
        created_at=now,
        updated_by=reporter,
        updated_at=now,
    )
    if not alert.road:
        raise TrafficError("Say which road.")
    alert.full_clean()
    alert.save()
    return alert


def _can_review(user) -> bool:
    return user is not None and user.is_active and user.has_perm("traffic.review_alert")


def _record_review(alert: Alert, *, status: str, by, at, note: str) -> None:
    """An editor's decision on an alert, with who made it, when and the note they gave."""
    alert.status = status
    alert.reviewed_by, alert.reviewed_at = by, at
    alert.updated_by, alert.updated_at = by, at
    alert.review_note = _plain(note, limit=300)
    alert.save(
        update_fields=[
            "status",
            "reviewed_by",
            "reviewed_at",
            "updated_by",
            "updated_at",
            "review_note",
        ]
    )


def alert_approve(*, alert: Alert, by, note: str = "") -> Alert:
    if not _can_review(by):
        raise TrafficPermissionError("You may not review traffic alerts.")
    if alert.status != Alert.Status.PENDING:
        raise TrafficError(f"This alert is {alert.get_status_display().lower()}, not pending.")
    now = timezone.now()
    if alert.expected_end <= now:
        raise TrafficError("This report has already expired.")
    with transaction.atomic():
        _record_review(alert, status=Alert.Status.PUBLISHED, by=by, at=now, note=note)
        _purge_after_commit()
    return alert


def alert_reject(*, alert: Alert, by, note: str = "") -> Alert:
    if not _can_review(by):
        raise TrafficPermissionError("You may not review traffic alerts.")
    if alert.status == Alert.Status.REJECTED:
        raise TrafficError("This alert is already rejected.")
    was_public = alert.status == Alert.Status.PUBLISHED
    now = timezone.now()
    with transaction.atomic():
        _record_review(alert, status=Alert.Status.REJECTED, by=by, at=now, note=note)
        if was_public:
            _purge_after_commit()
    return alert


EDITABLE = (
    "road",
    "direction",
    "place",
    "kind",
    "severity",
    "description",
    "starts_at",
    "expected_end",
)


def alert_update(*, alert: Alert, by, **changes) -> Alert:
    """An editor corrects an alert (the admin's edit form)."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TrafficError(f"These fields cannot be changed here: {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        if name in ("road", "description"):
            value = _plain(value, limit=200 if name == "road" else 2000)
        setattr(alert, name, value)
    _check_times(alert.starts_at, alert.expected_end)
    alert.updated_by, alert.updated_at = by, timezone.now()
    alert.full_clean()
    with transaction.atomic():
        alert.save(update_fields=[*changes, "updated_by", "updated_at"])
        if alert.status == Alert.Status.PUBLISHED:
            _purge_after_commit()
    return alert


def alerts_expire(*, now: datetime | None = None) -> int:
    """Mark published and pending alerts past their expected end as expired (the queries
    already hide them; this keeps the admin's lists and the review queue tidy)."""
    now = now or timezone.now()
    count = Alert.objects.filter(
        status__in=[Alert.Status.PUBLISHED, Alert.Status.PENDING], expected_end__lte=now
    ).update(status=Alert.Status.EXPIRED, updated_at=now)
    if count:
        purge_after_commit([surrogate.traffic()], reason="traffic alerts expired")
    return count


def alerts_import_open511(
    *,
    content: bytes,
    fallback_place: Place | None = None,
    now: datetime | None = None,
) -> dict[str, int]:
    """Alerts from an Open511 event list (source "feed"), updated in place on every import
    (keyed by the feed's event id). Each event goes to the nearest catalogue town to its
    point, else ``fallback_place``. An open-ended event is given TRAFFIC_FEED_OPEN_HOURS."""
    from zoneinfo import ZoneInfo

    from masthead.places.selectors import place_nearest
    from masthead.traffic.open511 import parse_open511

    now = now or timezone.now()
    zone = (
        ZoneInfo(fallback_place.time_zone) if fallback_place and fallback_place.time_zone else None
    )
    events, skipped = parse_open511(content, zone=zone or timezone.get_current_timezone())
    open_hours = int(getattr(settings, "TRAFFIC_FEED_OPEN_HOURS", 24))
    counts = {"created": 0, "updated": 0, "skipped": len(skipped)}
    with transaction.atomic():
        for event in events:
            place = None
            if event.latitude is not None and event.longitude is not None:
                place = place_nearest(latitude=event.latitude, longitude=event.longitude)
            place = place or fallback_place
            if place is None:
                counts["skipped"] += 1
                continue
            end = event.ends_at or event.starts_at + timedelta(hours=open_hours)
            if end <= event.starts_at:
                end = event.starts_at + timedelta(hours=1)
            visible = event.active and end > now
            values = {
                "road": _plain(event.road, limit=200),
                "direction": event.direction,
                "place": place,
                "kind": event.kind,
                "severity": event.severity,
                "description": _plain(event.headline, limit=2000),
                "starts_at": event.starts_at,
                "expected_end": end,
                "source": Alert.Source.FEED,
                "status": Alert.Status.PUBLISHED if visible else Alert.Status.EXPIRED,
                "external_url": event.url if event.url.startswith("https://") else "",
                "updated_at": now,
            }
            _, created = Alert.objects.update_or_create(
                external_id=event.external_id,
                defaults=values,
                create_defaults={**values, "created_at": now},
            )
            counts["created" if created else "updated"] += 1
        _purge_after_commit()
    return counts
