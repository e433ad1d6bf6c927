"""Reads on contributions: a reader's own list and status page, the review queue, open
call-outs and what a member's public profile shows."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from wagtail.models import Site

from masthead.contributions.models import (
    CallOutPage,
    CommunityStoryPage,
    Contribution,
    UserGalleryPage,
)
from masthead.core import ids
from masthead.newsroom.models import SectionPage

PAGE_SIZE = 50


def contributions_for_owner(*, user: AbstractBaseUser) -> QuerySet[Contribution]:
    return (
        Contribution.objects.filter(contributor=user)
        .select_related("site", "page", "callout")
        .order_by("-id")
    )


def contribution_get_for_owner(*, user: AbstractBaseUser, reference: str) -> Contribution:
    """Another reader's contribution is a 404, the same as one that does not exist."""
    contribution = (
        Contribution.objects.filter(reference=reference, contributor_id=user.pk)
        .select_related("site", "page", "callout", "section", "place")
        .prefetch_related("photos")
        .first()
    )
    if contribution is None:
        raise Http404("No contribution of yours has that reference.")
    return contribution


@dataclass(frozen=True)
class QueueFilters:
    site_id: int | None = None
    kind: str = ""
    status: str = ""
    section_id: int | None = None
    place_id: int | None = None
    callout_id: int | None = None
    before: int | None = None


QUEUE_DEFAULT_STATUSES = (
    Contribution.Status.SUBMITTED,
    Contribution.Status.IN_REVIEW,
)


def review_queue(*, filters: QueueFilters) -> list[Contribution]:
    """What editors decide on, newest first, keyed by id; answers to a call-out come
    together under it (the template groups them)."""
    qs = Contribution.objects.exclude(status=Contribution.Status.DRAFT)
    if filters.status:
        qs = qs.filter(status=filters.status)
    else:
        qs = qs.filter(status__in=QUEUE_DEFAULT_STATUSES)
    if filters.site_id:
        qs = qs.filter(site_id=filters.site_id)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.section_id:
        qs = qs.filter(section_id=filters.section_id)
    if filters.place_id:
        qs = qs.filter(place_id=filters.place_id)
    if filters.callout_id:
        qs = qs.filter(callout_id=filters.callout_id)
    if filters.before:
        qs = qs.filter(id__lt=filters.before)
    rows = list(
        qs.select_related("contributor", "site", "section", "place", "callout").order_by("-id")[
            :PAGE_SIZE
        ]
    )
    # Stable grouping: call-out answers first, under their call-out, then the rest.
    rows.sort(key=lambda c: (c.callout_id is None, c.callout.title if c.callout else "", -c.id))
    return rows


def contribution_get_for_review(*, pk: int) -> Contribution:
    contribution = (
        Contribution.objects.filter(pk=pk)
        .select_related("contributor", "site", "section", "place", "callout", "page")
        .prefetch_related("photos", "decisions__actor")
        .first()
    )
    if contribution is None:
        raise Http404("No such contribution.")
    return contribution


def callouts_open(*, site: Site) -> list[CallOutPage]:
    root = site.root_page
    return list(
        CallOutPage.objects.live()
        .descendant_of(root)
        .filter(deadline__gt=timezone.now())
        .select_related("place")
        .order_by("deadline")[:20]
    )


def callout_get_open(*, site: Site, pk: int | str | None) -> CallOutPage | None:
    pk = ids.parse(pk)
    if pk is None:
        return None
    callout = CallOutPage.objects.live().descendant_of(site.root_page).filter(pk=pk).first()
    return callout if callout is not None and callout.is_open else None


def sections_for_site(*, site: Site) -> QuerySet[SectionPage]:
    return SectionPage.objects.live().descendant_of(site.root_page).order_by("path")


def published_contributions_for_profile(*, user: AbstractBaseUser, limit: int = 10) -> dict:
    """Public facts only: live pages credited to the member (the profile is cached)."""
    stories = list(
        CommunityStoryPage.objects.live()
        .filter(contributor=user)
        .order_by("-first_published_at")[:limit]
    )
    galleries = list(
        UserGalleryPage.objects.live()
        .filter(contributor=user)
        .order_by("-first_published_at")[:limit]
    )
    return {"community_stories": stories, "user_galleries": galleries}


def user_gallery_photos(*, page: UserGalleryPage) -> list:
    """The photos with their pictures and every rendition in two queries, however many."""
    photos = list(page.photos.select_related("image").order_by("sort_order", "id"))
    prefetch_related_objects([p.image for p in photos], "renditions")
    return photos


def personal_data(user: AbstractBaseUser) -> list[dict]:
    return [
        {
            "reference": c.reference,
            "kind": c.kind,
            "status": c.status,
            "title": c.title,
            "body": c.body,
            "where": c.place_text,
            "licence": c.licence,
            "created_at": c.created_at.isoformat(),
            "submitted_at": c.submitted_at.isoformat() if c.submitted_at else None,
            "editor_note": c.editor_note,
            "decline_reason": c.decline_reason,
            "photos": [{"caption": p.caption, "where": p.place_text} for p in c.photos.all()],
        }
        for c in Contribution.objects.filter(contributor=user).prefetch_related("photos")
    ]
