from django.apps import AppConfig
from django.db.models.signals import post_migrate
from wagtail.users.apps import WagtailUsersAppConfig


def _ensure_triggers(using: str = "default", **kwargs) -> None:
    from django.db import connections

    from masthead.accounts.db import ensure_username_is_permanent

    ensure_username_is_permanent(connections[using])


class AccountsConfig(AppConfig):
    # This module holds two configs; this one is what "masthead.accounts" means.
    default = True
    name = "masthead.accounts"
    label = "accounts"
    verbose_name = "Reader accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # SQLite loses triggers when a later migration rebuilds the table: put them back.
        post_migrate.connect(_ensure_triggers, sender=self, dispatch_uid="accounts-triggers")
        from masthead.accounts import signals  # noqa: F401 - connects cache purges


class WagtailUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with an edit form that cannot change the username."""

    default = False
    user_viewset = "masthead.accounts.wagtail_users.UserViewSet"
