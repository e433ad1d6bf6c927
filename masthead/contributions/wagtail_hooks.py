"""The "Contributions" review queue in the Wagtail admin menu, for reviewers only."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from masthead.contributions import admin_views

_admin_patterns = (
    [
        path("", admin_views.queue, name="queue"),
        path("<id:pk>/", admin_views.detail, name="detail"),
        path("<id:pk>/decide/", admin_views.decide, name="decide"),
    ],
    "contributions_admin",
)


@hooks.register("register_admin_urls")
def register_contribution_urls():
    return [path("contributions/", include(_admin_patterns))]


class ReviewerMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm("contributions.review_contribution")


@hooks.register("register_admin_menu_item")
def register_contribution_menu_item() -> MenuItem:
    return ReviewerMenuItem(
        "Contributions", reverse("contributions_admin:queue"), name="contributions",
        icon_name="group", order=250,
    )  # fmt: skip


@hooks.register("register_permissions")
def register_review_permission():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(
        content_type__app_label="contributions", codename="review_contribution"
    )
