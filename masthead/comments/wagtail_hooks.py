"""Admin: the moderation queue and log, the per-section/story mode snippet, the permission."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from masthead.comments import admin_views
from masthead.comments.models import CommentMode
from masthead.comments.services import MODERATE_PERM


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("comments/", admin_views.queue, name="comments_queue"),
        path("comments/log/", admin_views.log, name="comments_log"),
    ]


class ModerationMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm(MODERATE_PERM)


@hooks.register("register_admin_menu_item")
def register_menu_item() -> MenuItem:
    return ModerationMenuItem("Comments", reverse("comments_queue"), icon_name="comment", order=280)


@hooks.register("register_permissions")
def register_permissions():
    return Permission.objects.filter(
        content_type__app_label="comments", codename="moderate_comment"
    )


class CommentModeViewSet(SnippetViewSet):
    model = CommentMode
    icon = "comment"
    menu_label = "Comment modes"
    list_display = ["page", "mode", "note"]


register_snippet(CommentModeViewSet)
