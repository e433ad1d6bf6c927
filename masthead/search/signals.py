"""Index upkeep where publishing happens: every way a story becomes reachable or stops being
reachable queues it for the index, written once when the transaction commits."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from taggit.models import Tag
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from masthead.core import surrogate
from masthead.core.purging import purge_after_commit
from masthead.core.sites import network_sites
from masthead.newsroom.models import Author, LiveUpdate, StoryPage, StoryTag
from masthead.newsroom.notices import stories_written
from masthead.search import services


def _on_publish_change(sender, instance, **kwargs) -> None:
    if isinstance(instance, StoryPage):
        services.index_after_commit(ids=[instance.pk])


def _on_live_update(sender, instance, **kwargs) -> None:
    # A live blog's posted, edited or deleted update changes what the blog is found by.
    services.index_after_commit(ids=[instance.page_id])


def _on_move(sender, instance, **kwargs) -> None:
    # A moved section takes its stories to another site or section.
    services.index_after_commit(paths=[instance.path])


def _on_restriction(sender, instance, **kwargs) -> None:
    page = Page.objects.filter(pk=instance.page_id).only("path").first()
    if page is not None:
        services.index_after_commit(paths=[page.path])


def _on_story_part(sender, instance, **kwargs) -> None:
    """A tag or place row of a story changed outside a publish (scripts, imports)."""
    story_id = getattr(instance, "content_object_id", None) or getattr(instance, "story_id", None)
    if story_id:
        services.index_after_commit(ids=[story_id])


def _on_name_change(sender, instance, created: bool = False, **kwargs) -> None:
    """A renamed tag, author or place: the stories that carry it show the new name."""
    if created:
        return
    from masthead.search.models import SearchFacet

    facet = {Tag: "tag", Author: "author"}.get(sender, "place")
    ids = SearchFacet.objects.filter(facet=facet, value=instance.pk).values_list(
        "document_id", flat=True
    )
    services.index_after_commit(ids=list(ids))


def _on_bulk_write(sender, ids, progress=None, purge=True, **kwargs) -> None:
    ids = list(ids)
    for start in range(0, len(ids), services.BATCH):
        batch = ids[start : start + services.BATCH]
        services.index_stories(ids=batch)
        if progress:
            progress(len(batch))
    if not purge:
        return
    # Stored search pages may list what changed, and pages showing those stories their new
    # state (a publish purges through newsroom's signals).
    keys = {surrogate.search(site.id) for site in network_sites()}
    purge_after_commit(keys | {surrogate.page(pk) for pk in ids}, reason="stories written")


def connect() -> None:
    from masthead.places.models import Place, StoryPlace

    for signal in (page_published, page_unpublished):
        signal.connect(_on_publish_change, dispatch_uid=f"search-{id(signal)}")
    post_page_move.connect(_on_move, dispatch_uid="search-move")
    post_save.connect(_on_live_update, sender=LiveUpdate, dispatch_uid="search-live-update")
    post_save.connect(_on_restriction, sender=PageViewRestriction, dispatch_uid="search-pvr-s")
    post_delete.connect(_on_restriction, sender=PageViewRestriction, dispatch_uid="search-pvr-d")
    for model in (StoryTag, StoryPlace):
        post_save.connect(_on_story_part, sender=model, dispatch_uid=f"search-part-s-{model}")
        post_delete.connect(_on_story_part, sender=model, dispatch_uid=f"search-part-d-{model}")
    for model in (Tag, Author, Place):
        post_save.connect(_on_name_change, sender=model, dispatch_uid=f"search-name-{model}")
    stories_written.connect(_on_bulk_write, dispatch_uid="search-bulk")
