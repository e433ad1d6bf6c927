"""Where wire copy comes from (sources) and what became of each item (provenance and log).

Newsroom models stay untouched: an import's provenance lives here, pointing at the draft.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


def folder_roots() -> list[Path]:
    """Where watched folders may be: an editor cannot point a source at /etc or at home
    directories and read what is there into drafts."""
    roots = getattr(settings, "INGEST_FOLDER_ROOTS", None) or [Path(settings.VAR_DIR) / "ingest"]
    return [Path(root).resolve() for root in roots]


def folder_is_allowed(folder: str) -> bool:
    path = Path(folder).resolve()
    return any(path.is_relative_to(root) for root in folder_roots())


class IngestSourceQuerySet(models.QuerySet):
    def due(self, *, now=None) -> IngestSourceQuerySet:
        now = now or timezone.now()
        return self.filter(enabled=True).filter(
            models.Q(next_poll_at__isnull=True) | models.Q(next_poll_at__lte=now)
        )


class IngestSource(models.Model):
    """A feed polled on a schedule, or a folder watched for agency files."""

    class Kind(models.TextChoices):
        FEED = "feed", "RSS/Atom feed"
        FOLDER = "folder", "Watched folder (ninjs, NewsML-G2, feeds, pages)"

    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FEED)
    url = models.URLField(max_length=1000, blank=True, help_text="The feed's address.")
    folder = models.CharField(
        max_length=500, blank=True, help_text="A folder on the server that agency files land in."
    )
    section = models.ForeignKey(
        "newsroom.SectionPage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Drafts are created in this section (and so in its site).",
    )
    agency = models.ForeignKey(
        "newsroom.Agency",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Credited on every story from this source unless the item names its own.",
    )
    poll_interval_minutes = models.PositiveIntegerField(default=15)
    fetch_pictures = models.BooleanField(
        default=False,
        help_text="Download lead pictures that items link to (size-limited).",
    )
    enabled = models.BooleanField(default=True)
    # Conditional requests: what the server said last time, sent back so it can answer 304.
    etag = models.CharField(max_length=255, blank=True)
    last_modified = models.CharField(max_length=64, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    next_poll_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_status = models.CharField(max_length=255, blank=True)

    objects = IngestSourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(poll_interval_minutes__gte=1),
                name="ingest_source_interval_positive",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == self.Kind.FEED and not self.url:
            raise ValidationError({"url": "A feed source needs the feed's address."})
        if self.kind == self.Kind.FOLDER and not self.folder:
            raise ValidationError({"folder": "A folder source needs a folder."})
        if self.kind == self.Kind.FOLDER and not folder_is_allowed(self.folder):
            roots = ", ".join(str(r) for r in folder_roots())
            raise ValidationError({"folder": f"Watched folders must be inside: {roots}."})

    @property
    def poll_interval(self) -> timedelta:
        return timedelta(minutes=self.poll_interval_minutes)


class IngestedItem(models.Model):
    """One original item (by its id) and the draft it became: re-imports find it here."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft created"
        UPDATED = "updated", "Draft updated"
        UPDATE_AVAILABLE = "update_available", "Update available (published or edited)"
        APPLIED = "applied", "Update applied as a draft revision"

    key = models.CharField(max_length=80, unique=True, editable=False)
    original_id = models.TextField()
    original_url = models.URLField(max_length=2000, blank=True)
    format = models.CharField(max_length=20)
    source = models.ForeignKey(
        IngestSource, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    origin = models.CharField(max_length=1000, help_text="The file, address or upload it came in.")
    content_hash = models.CharField(max_length=64)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    original_published_at = models.DateTimeField(
        null=True, blank=True, help_text="The time stamp the item carried."
    )
    page = models.ForeignKey(
        "newsroom.ArticlePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The revision this app last wrote: a later one on a draft is an editor's work.
    revision_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    suggested_tags = models.JSONField(default=list, blank=True)
    picture_url = models.URLField(max_length=2000, blank=True)
    picture_credit = models.CharField(max_length=255, blank=True)
    # The newer version of a published story, kept until an editor applies it.
    pending_update = models.JSONField(null=True, blank=True)
    imported_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.original_id

    @staticmethod
    def key_for(original_id: str) -> str:
        return hashlib.sha256(original_id.strip().encode()).hexdigest()


class IngestLogEntry(models.Model):
    """Every item that came in: from where, and what became of it or why it failed."""

    class Outcome(models.TextChoices):
        CREATED = "created", "Draft created"
        UPDATED = "updated", "Draft updated"
        UNCHANGED = "unchanged", "Unchanged"
        UPDATE_AVAILABLE = "update_available", "Update available"
        APPLIED = "applied", "Update applied"
        NOT_MODIFIED = "not_modified", "Feed not modified"
        EMPTY = "empty", "Nothing to import"
        FAILED = "failed", "Failed"

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    origin = models.CharField(max_length=1000)
    reference = models.CharField(max_length=1000, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    message = models.TextField(blank=True)
    source = models.ForeignKey(
        IngestSource, null=True, blank=True, on_delete=models.SET_NULL, related_name="log_entries"
    )
    item = models.ForeignKey(
        IngestedItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="log_entries"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "ingest log entries"
        indexes = [models.Index(fields=["outcome", "-created_at"], name="ingest_log_outcome_time")]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.reference or self.origin}"
