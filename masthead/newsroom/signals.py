"""Cache purges: anything a public page can show changed, so every cached page goes stale."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from masthead.core.pagecache import purge_all
from masthead.core.sites import forget_network_sites
from masthead.newsroom.models import Agency, Author, NewsImage


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def purge_on_page_change(sender, **kwargs) -> None:
    purge_all()


@receiver(post_delete)
def purge_on_page_delete(sender, instance, **kwargs) -> None:
    from wagtail.models import Page

    if isinstance(instance, Page) and instance.live:
        purge_all()


@receiver(post_save, sender=Author)
@receiver(post_save, sender=Agency)
@receiver(post_save, sender=NewsImage)
@receiver(post_delete, sender=Author)
@receiver(post_delete, sender=Agency)
@receiver(post_delete, sender=NewsImage)
def purge_on_credit_change(sender, **kwargs) -> None:
    purge_all()


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def purge_on_site_change(sender, **kwargs) -> None:
    forget_network_sites()
    purge_all()


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def purge_on_view_restriction_change(sender, **kwargs) -> None:
    # The router skips Wagtail's restriction check while no restriction exists (views.py).
    purge_all()
