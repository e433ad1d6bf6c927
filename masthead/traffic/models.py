"""Traffic alerts: what is wrong on which road, where, until when, and who said so."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class AlertQuerySet(models.QuerySet):
    def active(self, *, now=None) -> AlertQuerySet:
        """Published and under way: an alert past its expected end leaves on its own."""
        now = now or timezone.now()
        return self.filter(status=Alert.Status.PUBLISHED, starts_at__lte=now, expected_end__gt=now)

    def severe(self) -> AlertQuerySet:
        return self.filter(severity=Alert.Severity.SEVERE)

    def pending(self) -> AlertQuerySet:
        return self.filter(status=Alert.Status.PENDING)

    def for_places(self, place_ids: list[int]) -> AlertQuerySet:
        return self.filter(place_id__in=place_ids)


class Alert(models.Model):
    class Kind(models.TextChoices):
        CRASH = "crash", "Crash"
        ROADWORKS = "roadworks", "Roadworks"
        CLOSURE = "closure", "Road closed"
        CONGESTION = "congestion", "Congestion"
        WEATHER = "weather", "Weather"

    class Severity(models.TextChoices):
        MINOR = "minor", "Minor"
        MODERATE = "moderate", "Moderate"
        SEVERE = "severe", "Severe"

    class Direction(models.TextChoices):
        # Blank: not said (a reader's report, or a feed event with no direction).
        BOTH = "both", "Both directions"
        NORTHBOUND = "northbound", "Northbound"
        SOUTHBOUND = "southbound", "Southbound"
        EASTBOUND = "eastbound", "Eastbound"
        WESTBOUND = "westbound", "Westbound"

    class Source(models.TextChoices):
        NEWSROOM = "newsroom", "Newsroom"
        READER = "reader", "Reader report"
        FEED = "feed", "Traffic feed"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending review"
        PUBLISHED = "published", "Published"
        REJECTED = "rejected", "Rejected"
        EXPIRED = "expired", "Expired"

    road = models.CharField(max_length=200)
    direction = models.CharField(max_length=10, choices=Direction.choices, blank=True)
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    severity = models.CharField(max_length=10, choices=Severity.choices, default="moderate")
    description = models.TextField(blank=True, max_length=2000)
    starts_at = models.DateTimeField(default=timezone.now)
    expected_end = models.DateTimeField()
    source = models.CharField(max_length=10, choices=Source.choices, default="newsroom")
    status = models.CharField(max_length=10, choices=Status.choices, default="pending")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="traffic_reports",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    review_note = models.CharField(max_length=300, blank=True)
    # A feed's own identifier ("open511:example.jurisdiction/1681"): re-imports update, not copy.
    external_id = models.CharField(max_length=200, null=True, blank=True, unique=True)
    external_url = models.URLField(blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = "traffic alert"
        ordering = ["-starts_at", "-id"]
        indexes = [
            # The ribbon and the traffic page: published alerts of a few places ending later.
            models.Index(fields=["status", "place", "expected_end"], name="alert_active_by_place"),
            models.Index(fields=["status", "created_at"], name="alert_review_queue"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expected_end__gt=models.F("starts_at")), name="alert_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["crash", "roadworks", "closure", "congestion", "weather"]),
                name="alert_kind_known",
            ),
            models.CheckConstraint(
                condition=Q(severity__in=["minor", "moderate", "severe"]),
                name="alert_severity_known",
            ),
            models.CheckConstraint(
                condition=Q(
                    direction__in=["", "both", "northbound", "southbound", "eastbound", "westbound"]
                ),
                name="alert_direction_known",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "published", "rejected", "expired"]),
                name="alert_status_known",
            ),
        ]
        permissions = [("review_alert", "Can approve or reject reader-reported alerts")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.road} ({self.get_severity_display()})"

    def time_zone_seen_from(self, place=None) -> str:
        """The zone this alert's times are told in: its place's, or, for a region or country
        (the places catalogue gives them no zone), the zone of the place being read."""
        return self.place.time_zone or (getattr(place, "time_zone", "") or "")

    @property
    def is_active(self) -> bool:
        now = timezone.now()
        return self.status == self.Status.PUBLISHED and self.starts_at <= now < self.expected_end
