"""Cache purges: a cached profile page shows the member's public name and e-mail-free facts."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete

from masthead.accounts.models import User
from masthead.core.pagecache import purge_all


def _purge_after_delete(sender, instance: User, **kwargs) -> None:
    # Deletion through the Wagtail or Django admin must take the profile page down too.
    transaction.on_commit(purge_all)


post_delete.connect(_purge_after_delete, sender=User, dispatch_uid="accounts-purge-on-delete")
