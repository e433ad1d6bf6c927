"""Breaking-news banners in the Wagtail admin, as a snippet with its own menu item."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from masthead.live.models import BreakingNewsBanner


class BreakingNewsBannerViewSet(SnippetViewSet):
    model = BreakingNewsBanner
    icon = "warning"
    menu_label = "Breaking news"
    menu_name = "breaking-news"
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["text", "site", "starts_at", "expires_at"]
    list_filter = ["site"]
    ordering = ["-starts_at"]


register_snippet(BreakingNewsBannerViewSet)
