"""The ingest screens in the Wagtail admin: upload, log and the sources (a snippet)."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from masthead.ingest import admin_urls
from masthead.ingest.models import IngestSource


@hooks.register("register_admin_urls")
def register_ingest_urls():
    return [path("ingest/", include(admin_urls, namespace="ingest"))]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request) -> bool:
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def register_ingest_menu_item() -> MenuItem:
    return PermissionMenuItem(
        "Import stories", reverse("ingest:upload"), name="ingest", icon_name="upload",
        order=260, permission="ingest.add_ingesteditem",
    )  # fmt: skip


@hooks.register("register_admin_menu_item")
def register_ingest_log_menu_item() -> MenuItem:
    return PermissionMenuItem(
        "Ingest log", reverse("ingest:log"), name="ingest-log", icon_name="list-ul",
        order=261, permission="ingest.view_ingestlogentry",
    )  # fmt: skip


class IngestSourceViewSet(SnippetViewSet):
    model = IngestSource
    icon = "download"
    menu_label = "Ingest sources"
    menu_name = "ingest-sources"
    add_to_admin_menu = True
    menu_order = 262
    list_display = ["name", "kind", "section", "enabled", "last_polled_at", "last_status"]
    list_filter = ["kind", "enabled"]
    form_fields = [
        "name", "kind", "url", "folder", "section", "agency", "poll_interval_minutes",
        "fetch_pictures", "enabled",
    ]  # fmt: skip


register_snippet(IngestSourceViewSet)
