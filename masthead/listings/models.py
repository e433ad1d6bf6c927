"""Listings: where they come from (sources), TV channels and the place each serves, and the
programmes and events themselves, each under a natural key so re-imports never duplicate."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel


class ListingSource(models.Model):
    class Kind(models.TextChoices):
        XMLTV = "xmltv", "TV listings (XMLTV)"
        ICAL = "ical", "Events (iCalendar feed)"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    url = models.URLField(
        blank=True, max_length=1000, help_text="Where the feed is fetched from (http or https)."
    )
    file_path = models.CharField(
        max_length=1000,
        blank=True,
        help_text="Or a file on the server, under LISTINGS_FILE_ROOT.",
    )
    place = models.ForeignKey(
        "places.Place",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Events: where they happen. TV: the place new channels serve until you "
        "change a channel's place.",
    )
    category = models.CharField(
        max_length=100, blank=True, help_text="Category for events that name none."
    )
    every_minutes = models.PositiveIntegerField(
        default=360, help_text="How often the source is imported again."
    )
    enabled = models.BooleanField(default=True)
    last_imported_at = models.DateTimeField(null=True, blank=True, editable=False)
    next_import_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_result = models.CharField(max_length=1000, blank=True, editable=False)
    last_error = models.CharField(max_length=1000, blank=True, editable=False)
    etag = models.CharField(max_length=300, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        MultiFieldPanel([FieldPanel("url"), FieldPanel("file_path")], heading="Where from"),
        FieldRowPanel([FieldPanel("place"), FieldPanel("category")]),
        FieldRowPanel([FieldPanel("every_minutes"), FieldPanel("enabled")]),
    ]

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["xmltv", "ical"]), name="listing_source_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if bool(self.url) == bool(self.file_path):
            raise ValidationError("Give either an address or a file path, not both or neither.")

    def is_due(self, now=None) -> bool:
        now = now or timezone.now()
        return self.enabled and (self.next_import_at is None or self.next_import_at <= now)

    def schedule_next(self, now) -> None:
        self.next_import_at = now + timedelta(minutes=max(5, self.every_minutes))


class Channel(models.Model):
    """A TV channel of an XMLTV source and the place (region) whose readers see it."""

    source = models.ForeignKey(ListingSource, on_delete=models.CASCADE, related_name="channels")
    xmltv_id = models.CharField(max_length=200)
    name = models.CharField(max_length=200)
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="+")
    genre = models.CharField(
        max_length=100, blank=True, help_text="Used as the category of its programmes."
    )
    shown = models.BooleanField(default=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("place"), FieldPanel("genre")]),
        FieldPanel("shown"),
    ]

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "xmltv_id"], name="channel_once_per_source")
        ]

    def __str__(self) -> str:
        return self.name


class Listing(models.Model):
    """One TV programme or one occurrence of an event."""

    class Kind(models.TextChoices):
        TV = "tv", "TV"
        EVENT = "event", "Event"

    source = models.ForeignKey(ListingSource, on_delete=models.CASCADE, related_name="listings")
    kind = models.CharField(max_length=5, choices=Kind.choices)
    # XMLTV: channel id + start; iCalendar: UID + the occurrence's original start.
    key = models.CharField(max_length=400)
    channel = models.ForeignKey(
        Channel, null=True, blank=True, on_delete=models.CASCADE, related_name="listings"
    )
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=300)
    subtitle = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    category = models.CharField(max_length=100, blank=True)
    location = models.CharField(max_length=300, blank=True)
    url = models.URLField(blank=True, max_length=500)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    all_day = models.BooleanField(default=False)
    # The local date an all-day event falls on (its start in UTC may be the day before).
    day = models.DateField(null=True, blank=True)
    sequence = models.IntegerField(default=0)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "key"], name="listing_once_per_source"),
            models.CheckConstraint(condition=Q(kind__in=["tv", "event"]), name="listing_kind"),
        ]
        indexes = [
            # The listings page and "on next": a place's listings by start time.
            models.Index(fields=["place", "starts_at", "id"], name="listing_by_place_start"),
            models.Index(fields=["place", "day"], name="listing_all_day_by_place"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d %H:%M})"
