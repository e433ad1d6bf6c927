"""One-way notice from Wagtail: a contribution's page went live, so its status follows."""

from django.dispatch import receiver
from wagtail.signals import page_published

from masthead.contributions.models import CommunityStoryPage, UserGalleryPage


@receiver(page_published)
def contribution_page_published(sender, instance, revision=None, **kwargs) -> None:
    if not isinstance(instance, (CommunityStoryPage, UserGalleryPage)):
        return
    from masthead.contributions.services import contribution_mark_published

    contribution_mark_published(page=instance, actor=getattr(revision, "user", None))
