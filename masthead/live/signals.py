"""A changed banner reaches readers at once: cached banner lists go stale."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from masthead.live.models import BreakingNewsBanner
from masthead.live.selectors import banners_forget


@receiver(post_save, sender=BreakingNewsBanner)
@receiver(post_delete, sender=BreakingNewsBanner)
def forget_banners_on_change(sender, **kwargs) -> None:
    # Now, and again after commit: a reader's request between the two could otherwise cache
    # the list as it was before the editor's transaction landed.
    banners_forget()
    transaction.on_commit(banners_forget)
