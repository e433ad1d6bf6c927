"""On any deletion of an account (service, either admin, bulk action, shell): retire its
username and purge cached pages that showed the profile. On every sign-in and sign-out: the
network sign-in (accounts/network.py)."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_delete, pre_delete

from masthead.accounts.models import RetiredUsername, User
from masthead.accounts.selectors import retired_digest
from masthead.core import surrogate
from masthead.core.purging import purge_after_commit


def _purge_after_delete(sender, instance: User, **kwargs) -> None:
    # Deletion through the Wagtail or Django admin must take the profile page down too.
    purge_after_commit([surrogate.user(instance.pk)], reason="account deleted")


post_delete.connect(_purge_after_delete, sender=User, dispatch_uid="accounts-purge-on-delete")


def _retire_username(sender, instance: User, **kwargs) -> None:
    # Every deletion path, not just the service: an old profile address must never be reused.
    if instance.username_canonical:
        RetiredUsername.objects.get_or_create(
            canonical_digest=retired_digest(instance.username_canonical)
        )


pre_delete.connect(_retire_username, sender=User, dispatch_uid="accounts-retire-username")


def _network_join(sender, request, user, **kwargs) -> None:
    # Every sign-in (allauth's flow, the hop's callback) belongs to a network sign-in, so
    # signing out anywhere can end it; the hop's callback passes the one it carries over.
    from masthead.accounts import network

    if network.enabled() and request is not None and hasattr(request, "session"):
        network.session_join(request, user, getattr(request, "_masthead_network_sign_in", None))


def _network_sign_out(sender, request, user, **kwargs) -> None:
    from masthead.accounts import network

    if network.enabled() and request is not None and hasattr(request, "session"):
        network.sign_out_everywhere(request)


user_logged_in.connect(_network_join, dispatch_uid="accounts-network-join")
user_logged_out.connect(_network_sign_out, dispatch_uid="accounts-network-sign-out")
