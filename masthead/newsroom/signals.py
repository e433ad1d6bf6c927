"""Cache purges by surrogate key: a change purges exactly the stored pages that show what
changed and the listings that should now show it (``invalidation.py``), after commit
(``masthead.core.purging``). No write path purges everything: only ``manage.py purge_cache
--all`` does (or ``MASTHEAD_PURGE=all``, kept for comparison)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from masthead.core import surrogate
from masthead.core.purging import purge_after_commit
from masthead.core.sites import forget_network_sites
from masthead.newsroom import invalidation
from masthead.newsroom.models import Agency, Author, NewsImage, StoryNote, StoryTag


@receiver(page_published)
@receiver(page_unpublished)
def purge_on_page_change(sender, instance, signal=None, **kwargs) -> None:
    keys = invalidation.page_keys(instance, leaving=signal is page_unpublished)
    purge_after_commit(keys, reason=f"page {instance.pk} changed")


@receiver(post_page_move)
def purge_on_page_move(sender, instance, **kwargs) -> None:
    if instance.live:
        purge_after_commit(invalidation.moved_keys(instance), reason=f"page {instance.pk} moved")


@receiver(post_delete)
def purge_on_page_delete(sender, instance, **kwargs) -> None:
    # Every model of a page's chain sends this; the base Page's row is enough.
    if type(instance) is Page and instance.live:
        keys = invalidation.page_keys(instance, leaving=True)
        purge_after_commit(keys, reason=f"page {instance.pk} deleted")


# What Wagtail saves on its own while serving (a rendition's first use reads the file's size
# and hash): nothing a reader sees.
_UNSEEN_PICTURE_FIELDS = frozenset({"file_size", "file_hash"})


@receiver(post_save, sender=NewsImage)
@receiver(post_delete, sender=NewsImage)
def purge_on_picture_change(sender, instance, update_fields=None, **kwargs) -> None:
    # Credit, alt text, rights expiry, focal point: every page showing the picture. A new
    # picture (an agency feed saves one per item) is shown nowhere yet: its key names nothing.
    if update_fields and set(update_fields) <= _UNSEEN_PICTURE_FIELDS:
        return
    purge_after_commit([surrogate.image(instance.pk)], reason="picture changed")


@receiver(post_save, sender=StoryNote)
@receiver(post_delete, sender=StoryNote)
def purge_on_story_note_change(sender, instance, **kwargs) -> None:
    # Note rows are written when the story is published (a draft's notes live in its
    # revision), so this runs with the publish that shows them. Every publish of a story
    # saves its notes again: its site's corrections record is purged then too (rare, cheap).
    purge_after_commit(
        invalidation.note_keys(instance.page_id), reason=f"note on page {instance.page_id}"
    )


@receiver(post_save, sender=Author)
@receiver(post_delete, sender=Author)
def purge_on_author_change(sender, instance, **kwargs) -> None:
    purge_after_commit([surrogate.author(instance.pk)], reason="byline changed")


@receiver(post_save, sender=Agency)
@receiver(post_delete, sender=Agency)
def purge_on_agency_change(sender, instance, **kwargs) -> None:
    purge_after_commit([surrogate.agency(instance.pk)], reason="agency changed")


@receiver(post_save, sender=Tag)
@receiver(post_delete, sender=Tag)
def purge_on_tag_change(sender, instance, created: bool = False, **kwargs) -> None:
    if not created:
        purge_after_commit([surrogate.tag(instance.pk)], reason="tag renamed")


@receiver(post_delete, sender=StoryTag)
def purge_on_story_untagged(sender, instance, **kwargs) -> None:
    # A tag taken off a story (its publish deletes the row): the story leaves the listing.
    tag = instance.tag_id
    purge_after_commit(
        [surrogate.tag_listing(tag), surrogate.tag_left(tag)], reason=f"story untagged {tag}"
    )


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def purge_on_site_change(sender, instance, **kwargs) -> None:
    forget_network_sites()
    purge_after_commit(invalidation.site_keys(instance.pk), reason=f"site {instance.pk} changed")


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def purge_on_view_restriction_change(sender, instance, **kwargs) -> None:
    # The router skips Wagtail's restriction check while no restriction exists (views.py):
    # every purge renews the per-process copies that remember it.
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:  # None: the page itself is being deleted, which purges
        purge_after_commit(invalidation.restriction_keys(page), reason="view restriction changed")
