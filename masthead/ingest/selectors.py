"""Reads for the ingest log and the sources screen."""

from __future__ import annotations

from django.db.models import QuerySet

from masthead.ingest.models import IngestedItem, IngestLogEntry
from masthead.newsroom.models import SectionPage


def log_entry_list(*, outcome: str = "", limit: int = 200) -> QuerySet[IngestLogEntry]:
    entries = IngestLogEntry.objects.select_related("source", "item", "item__page", "user")
    if outcome:
        entries = entries.filter(outcome=outcome)
    return entries.order_by("-created_at", "-id")[:limit]


def items_awaiting_editor() -> QuerySet[IngestedItem]:
    return (
        IngestedItem.objects.filter(status=IngestedItem.Status.UPDATE_AVAILABLE)
        .select_related("page", "source")
        .order_by("-updated_at")
    )


def section_get(*, ref: str) -> SectionPage:
    """A section by id or by its path on a site ("/news/world/"); DoesNotExist otherwise."""
    if ref.isdigit():
        return SectionPage.objects.get(pk=int(ref))
    path = "/" + ref.strip("/") + "/"
    matches = [s for s in SectionPage.objects.all() if s.url_path.endswith(path)]
    if len(matches) != 1:
        raise SectionPage.DoesNotExist(
            f"{len(matches)} sections match {ref!r}; give the section's id instead"
        )
    return matches[0]
