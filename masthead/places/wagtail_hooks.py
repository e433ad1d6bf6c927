"""Places in the admin: a snippet (editors add regions and areas), searchable by name in the
index and in the chooser the story editor's "Places" panel opens."""

from __future__ import annotations

from django import forms
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
)
from wagtail.snippets.views.snippets import SnippetViewSet

from masthead.places.models import Place


class PlaceFilterForm(BaseFilterForm):
    """Searches the catalogue with the same rule as readers' type-ahead (no search index:
    34,000 loaded cities are matched by a prefix on an indexed column)."""

    q = forms.CharField(label="Search term", required=False)

    def filter(self, objects):
        query = self.cleaned_data.get("q")
        if query:
            self.is_searching = True
            self.search_query = query
            return objects.search(query)
        return objects.order_by("-population", "name")


class PlaceChooseView(ChooseView):
    filter_form_class = PlaceFilterForm


class PlaceChooseResultsView(ChooseResultsView):
    filter_form_class = PlaceFilterForm


class PlaceChooserViewSet(SnippetChooserViewSet):
    choose_view_class = PlaceChooseView
    choose_results_view_class = PlaceChooseResultsView


class PlaceViewSet(SnippetViewSet):
    model = Place
    icon = "site"
    menu_label = "Places"
    list_display = ["name", "kind", "parent", "country_code", "population"]
    list_filter = ["kind"]
    search_fields = ["name"]
    search_backend_name = None
    chooser_viewset_class = PlaceChooserViewSet
    ordering = ["-population", "name"]


register_snippet(PlaceViewSet)
