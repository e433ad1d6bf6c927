"""Writes: importing a listing source (XMLTV or iCalendar) without duplicates.

Every import is a reconciliation under natural keys: a TV programme is its channel and start,
an event occurrence its UID and original start (RECURRENCE-ID). What the source still says is
inserted or updated, what it no longer says within the span it covers is removed (a cancelled
or moved event, a changed schedule). An older copy of an event (lower SEQUENCE) never
overwrites a newer one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from masthead.core import surrogate
from masthead.core.fetching import Fetcher, HttpFetcher, InputError
from masthead.core.purging import purge_after_commit
from masthead.listings.errors import ListingsError
from masthead.listings.ical import parse_calendar
from masthead.listings.models import Channel, Listing, ListingSource
from masthead.listings.xmltv import parse_xmltv

logger = logging.getLogger(__name__)

_UPDATED_FIELDS = [
    "channel",
    "place",
    "title",
    "subtitle",
    "description",
    "category",
    "location",
    "url",
    "starts_at",
    "ends_at",
    "all_day",
    "day",
    "sequence",
    "imported_at",
]


@dataclass
class ImportResult:
    source_id: int
    created: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    not_modified: bool = False
    skipped: list[str] = field(default_factory=list)
    error: str = ""

    def summary(self) -> str:
        if self.error:
            return f"failed: {self.error}"
        if self.not_modified:
            return "not modified since the last import"
        text = (
            f"{self.created} new, {self.updated} updated, {self.removed} removed, "
            f"{self.unchanged} unchanged"
        )
        if self.skipped:
            text += f"; skipped {len(self.skipped)}: " + "; ".join(self.skipped[:3])
        return text[:1000]


def window_days() -> int:
    return int(getattr(settings, "LISTINGS_WINDOW_DAYS", 60))


def file_root() -> Path:
    return Path(getattr(settings, "LISTINGS_FILE_ROOT", settings.BASE_DIR / "var" / "listings"))


def _read(source: ListingSource, fetcher: Fetcher) -> tuple[bytes | None, str, str]:
    """(content or None when not modified, etag, last_modified)."""
    max_bytes = int(getattr(settings, "LISTINGS_MAX_BYTES", 20 * 1024 * 1024))
    if source.url:
        try:
            result = fetcher.fetch(
                source.url,
                etag=source.etag,
                last_modified=source.last_modified,
                max_bytes=max_bytes,
            )
        except InputError as error:
            raise ListingsError(error.messages[0]) from None
        if result.not_modified:
            return None, source.etag, source.last_modified
        return result.content, result.etag, result.last_modified
    root = file_root().resolve()
    path = (root / source.file_path).resolve()
    # A file path typed in the admin must not reach outside the listings folder.
    if not path.is_relative_to(root):
        raise ListingsError(f"{source.file_path} is outside the listings folder ({root})")
    if not path.is_file():
        raise ListingsError(f"There is no file {path}")
    if path.stat().st_size > max_bytes:
        raise ListingsError(f"{path} is larger than the limit of {max_bytes} bytes")
    return path.read_bytes(), "", ""


def _zone(source: ListingSource):
    try:
        return ZoneInfo(source.place.time_zone) if source.place.time_zone else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def listing_source_import(
    *,
    source: ListingSource,
    fetcher: Fetcher | None = None,
    now: datetime | None = None,
) -> ImportResult:
    """Import one source now; failures are recorded on the source and returned, not raised."""
    now = now or timezone.now()
    fetcher = fetcher or HttpFetcher()
    result = ImportResult(source_id=source.pk)
    try:
        content, etag, last_modified = _read(source, fetcher)
        if content is None:
            result.not_modified = True
        else:
            with transaction.atomic():
                if source.kind == ListingSource.Kind.XMLTV:
                    _import_xmltv(source, content, now, result)
                else:
                    _import_ical(source, content, now, result)
                if result.created or result.updated or result.removed:
                    purge_after_commit([surrogate.listings()], reason="listings imported")
            source.etag, source.last_modified = etag, last_modified
    except ListingsError as error:
        result.error = error.reason
        logger.warning("listing source %s failed: %s", source.pk, error.reason)
    source.last_imported_at = now
    source.last_result = result.summary()
    source.last_error = result.error[:1000]
    source.schedule_next(now)
    source.save(
        update_fields=[
            "last_imported_at",
            "last_result",
            "last_error",
            "next_import_at",
            "etag",
            "last_modified",
        ]
    )
    return result


def listing_sources_import_due(
    *, fetcher: Fetcher | None = None, now: datetime | None = None
) -> list[ImportResult]:
    now = now or timezone.now()
    due = ListingSource.objects.filter(enabled=True).select_related("place")
    return [
        listing_source_import(source=source, fetcher=fetcher, now=now)
        for source in due
        if source.is_due(now)
    ]


def _reconcile(
    source: ListingSource,
    wanted: dict[str, Listing],
    existing: dict[str, Listing],
    result: ImportResult,
    *,
    stale_ids: list[int],
) -> None:
    creates, updates = [], []
    for key, row in wanted.items():
        stored = existing.get(key)
        if stored is None:
            creates.append(row)
            continue
        if row.sequence < stored.sequence:
            result.unchanged += 1  # an older copy of an event already updated
            continue
        if all(
            getattr(stored, f) == getattr(row, f) for f in _UPDATED_FIELDS if f != "imported_at"
        ):
            result.unchanged += 1
            continue
        row.pk = stored.pk
        updates.append(row)
    Listing.objects.bulk_create(creates, batch_size=500)
    Listing.objects.bulk_update(updates, _UPDATED_FIELDS, batch_size=500)
    if stale_ids:
        Listing.objects.filter(pk__in=stale_ids).delete()
    result.created += len(creates)
    result.updated += len(updates)
    result.removed += len(stale_ids)


def _import_xmltv(source: ListingSource, content: bytes, now: datetime, result) -> None:
    document = parse_xmltv(content, language=settings.LANGUAGE_CODE)
    result.skipped.extend(document.skipped)
    channels = {c.xmltv_id: c for c in Channel.objects.filter(source=source)}
    for parsed in document.channels:
        channel = channels.get(parsed.xmltv_id)
        if channel is None:
            channels[parsed.xmltv_id] = Channel.objects.create(
                source=source, xmltv_id=parsed.xmltv_id, name=parsed.name, place=source.place
            )
    wanted: dict[str, Listing] = {}
    for programme in document.programmes:
        channel = channels.get(programme.channel_id)
        if channel is None:
            result.skipped.append(f"{programme.title}: unknown channel {programme.channel_id}")
            continue
        key = f"{channel.xmltv_id}|{programme.starts_at:%Y%m%dT%H%M%SZ}"
        wanted[key] = Listing(
            source=source,
            kind=Listing.Kind.TV,
            key=key[:400],
            channel=channel,
            place_id=channel.place_id,
            title=programme.title,
            subtitle=programme.subtitle,
            description=programme.description,
            category=(channel.genre or (programme.categories[0] if programme.categories else ""))[
                :100
            ],
            starts_at=programme.starts_at,
            ends_at=programme.ends_at,
            imported_at=now,
        )
    existing = {row.key: row for row in Listing.objects.filter(source=source)}
    stale: list[int] = []
    if wanted:
        # A programme the guide no longer lists in the span it covers was moved or dropped.
        first = min(row.starts_at for row in wanted.values())
        last = max(row.starts_at for row in wanted.values())
        covered = {row.channel_id for row in wanted.values()}
        stale = [
            row.pk
            for key, row in existing.items()
            if key not in wanted and row.channel_id in covered and first <= row.starts_at <= last
        ]
    _reconcile(source, wanted, existing, result, stale_ids=stale)


def _import_ical(source: ListingSource, content: bytes, now: datetime, result) -> None:
    start = now - timedelta(days=1)
    end = now + timedelta(days=window_days())
    zone = _zone(source)
    document = parse_calendar(content, start=start, end=end, zone=zone)
    result.skipped.extend(document.skipped)
    wanted: dict[str, Listing] = {}
    for occurrence in document.occurrences:
        if occurrence.cancelled:
            continue  # STATUS:CANCELLED: not listed, and a stored copy is removed below
        wanted[occurrence.key] = Listing(
            source=source,
            kind=Listing.Kind.EVENT,
            key=occurrence.key,
            place_id=source.place_id,
            title=occurrence.title,
            description=occurrence.description,
            category=(occurrence.categories[0] if occurrence.categories else source.category)[:100],
            location=occurrence.location,
            url=occurrence.url if occurrence.url.startswith(("http://", "https://")) else "",
            starts_at=occurrence.starts_at,
            ends_at=occurrence.ends_at,
            all_day=occurrence.all_day,
            day=occurrence.day if occurrence.all_day else None,
            sequence=occurrence.sequence,
            imported_at=now,
        )
    existing = {
        row.key: row
        for row in Listing.objects.filter(source=source, starts_at__gte=start, starts_at__lt=end)
    }
    stale = [row.pk for key, row in existing.items() if key not in wanted]
    # Keys outside the window (an event moved into it) are still this source's rows.
    outside = set(wanted) - set(existing)
    if outside:
        existing.update(
            {row.key: row for row in Listing.objects.filter(source=source, key__in=outside)}
        )
    _reconcile(source, wanted, existing, result, stale_ids=stale)


def listings_expire(*, before: datetime | None = None) -> int:
    """Remove listings that ended more than LISTINGS_KEEP_DAYS ago."""
    keep = int(getattr(settings, "LISTINGS_KEEP_DAYS", 7))
    before = before or timezone.now() - timedelta(days=keep)
    deleted, _ = Listing.objects.filter(starts_at__lt=before).delete()
    return deleted


def channel_assign_place(*, channel: Channel, place_id: int) -> int:
    """Move a channel to another place, with the listings already imported for it."""
    with transaction.atomic():
        channel.place_id = place_id
        channel.save(update_fields=["place"])
        purge_after_commit([surrogate.listings()], reason="channel moved")
        return Listing.objects.filter(channel=channel).update(place_id=place_id)
