"""On any deletion of an account (service, either admin, bulk action, shell): retire its
username and purge cached pages that showed the profile."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, pre_delete

from masthead.accounts.models import RetiredUsername, User
from masthead.accounts.selectors import retired_digest
from masthead.core.pagecache import purge_all


def _purge_after_delete(sender, instance: User, **kwargs) -> None:
    # Deletion through the Wagtail or Django admin must take the profile page down too.
    transaction.on_commit(purge_all)


post_delete.connect(_purge_after_delete, sender=User, dispatch_uid="accounts-purge-on-delete")


def _retire_username(sender, instance: User, **kwargs) -> None:
    # Every deletion path, not just the service: an old profile address must never be reused.
    if instance.username_canonical:
        RetiredUsername.objects.get_or_create(
            canonical_digest=retired_digest(instance.username_canonical)
        )


pre_delete.connect(_retire_username, sender=User, dispatch_uid="accounts-retire-username")
