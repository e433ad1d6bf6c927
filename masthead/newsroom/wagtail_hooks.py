"""The live desk's admin URLs, and its buttons on a live blog's page header and listing row."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.widgets import Button, ListingButton

from masthead.newsroom import live_desk

_desk_patterns = (
    [
        path("<id:page_id>/", live_desk.desk, name="desk"),
        path("update/<id:update_id>/edit/", live_desk.edit, name="edit"),
        path("update/<id:update_id>/<slug:action>/", live_desk.act, name="act"),
    ],
    "newsroom_live_desk",
)


@hooks.register("register_admin_urls")
def register_live_desk_urls():
    return [path("live-desk/", include(_desk_patterns))]


def _has_desk(page, user) -> bool:
    from masthead.newsroom.models import LiveBlogPage

    return page.specific_class is LiveBlogPage and page.permissions_for_user(user).can_edit()


@hooks.register("register_page_header_buttons")
def live_desk_header_button(page, user, view_name=None, **kwargs):
    if _has_desk(page, user):
        url = reverse("newsroom_live_desk:desk", args=[page.pk])
        yield Button("Live desk", url, icon_name="edit", priority=12)


@hooks.register("register_page_listing_buttons")
def live_desk_listing_button(page, user, next_url=None, **kwargs):
    if _has_desk(page, user):
        url = reverse("newsroom_live_desk:desk", args=[page.pk])
        yield ListingButton("Live desk", url, priority=5)
