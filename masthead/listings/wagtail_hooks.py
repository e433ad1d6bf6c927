"""Listings in the Wagtail admin: sources (kind, address or file, place, schedule) with an
"import now" choice, and channels with the place each serves."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from masthead.listings import services
from masthead.listings.models import Channel, ListingSource
from masthead.places.components import place_chooser

SOURCE_FIELDS = [
    "name",
    "kind",
    "url",
    "file_path",
    "place",
    "category",
    "every_minutes",
    "enabled",
]


class SourceForm(WagtailAdminModelForm):
    url = forms.URLField(
        required=False,
        max_length=1000,
        assume_scheme="https",
        label="Address",
        help_text="Where the feed is fetched from (http or https).",
    )
    import_now = forms.BooleanField(
        required=False, initial=True, label="Import now", help_text="Read the source on saving."
    )

    class Meta:
        model = ListingSource
        fields = SOURCE_FIELDS
        widgets = {"place": place_chooser()}


class _ImportOnSave:
    def save_instance(self):
        source = super().save_instance()
        if self.form.cleaned_data.get("import_now"):
            result = services.listing_source_import(source=source)
            level = messages.error if result.error else messages.success
            level(self.request, f"{source.name}: {result.summary()}")
        return source


class SourceCreateView(_ImportOnSave, generic.CreateView):
    pass


class SourceEditView(_ImportOnSave, generic.EditView):
    pass


class ListingSourceViewSet(ModelViewSet):
    model = ListingSource
    icon = "calendar-alt"
    menu_label = "Sources"
    add_view_class = SourceCreateView
    edit_view_class = SourceEditView
    list_display = ["name", "kind", "place", "enabled", "last_imported_at", "last_result"]
    list_filter = ["kind", "enabled"]
    search_fields = ["name"]

    def get_form_class(self, for_update: bool = False):
        return SourceForm


class ChannelForm(WagtailAdminModelForm):
    class Meta:
        model = Channel
        fields = ["name", "place", "genre", "shown"]
        widgets = {"place": place_chooser()}


class ChannelEditView(generic.EditView):
    def save_instance(self) -> Channel:
        before = Channel.objects.get(pk=self.object.pk).place_id
        channel = super().save_instance()
        if channel.place_id != before:
            # Programmes already imported follow their channel to its new place.
            services.channel_assign_place(channel=channel, place_id=channel.place_id)
        return channel


class ChannelViewSet(ModelViewSet):
    model = Channel
    icon = "media"
    menu_label = "TV channels"
    edit_view_class = ChannelEditView
    add_to_admin_menu = False
    list_display = ["name", "xmltv_id", "place", "genre", "shown", "source"]
    list_filter = ["shown", "source"]
    search_fields = ["name", "xmltv_id"]
    form_fields = ["name", "place", "genre", "shown"]

    def get_form_class(self, for_update: bool = False):
        return ChannelForm


class ListingsGroup(ViewSetGroup):
    menu_label = "Listings"
    menu_icon = "calendar-alt"
    menu_order = 265
    items = (ListingSourceViewSet("listing-sources"), ChannelViewSet("listing-channels"))


@hooks.register("register_admin_viewset")
def register_listings() -> ViewSetGroup:
    return ListingsGroup()
