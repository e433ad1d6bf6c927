"""Hooks into the other apps, connected from PlacesConfig.ready(): the story editor's Places
panel, sign-in, the profile's data export and erasure, and the demo network."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.panels import InlinePanel


class PlacesFormSet(BaseChildFormSet):
    """The Places formset of a story form. A post that carries no Places data at all (a script,
    a test helper written before places existed) leaves the story's places as they were,
    instead of failing the whole page form for a missing management form."""

    def __init__(self, data=None, *args, **kwargs) -> None:
        super().__init__(data, *args, **kwargs)
        self.absent = self.is_bound and f"{self.prefix}-TOTAL_FORMS" not in self.data

    def full_clean(self) -> None:
        if self.absent:
            self._errors = []
            self._non_form_errors = self.error_class()
            return
        super().full_clean()

    def save(self, commit: bool = True):
        return [] if self.absent else super().save(commit=commit)


class PlacesPanel(InlinePanel):
    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = PlacesFormSet
        return options


def _story_classes():
    from django.apps import apps

    from masthead.newsroom.models import StoryPage

    return [m for m in apps.get_models() if issubclass(m, StoryPage) and m is not StoryPage]


def add_places_panel() -> None:
    """newsroom imports nothing of places; places adds its panel to each kind of story
    (decision 0600). Runs before Wagtail first builds an edit handler."""
    for model in _story_classes():
        if any(getattr(p, "relation_name", None) == "place_tags" for p in model.content_panels):
            continue
        model.content_panels = [
            *model.content_panels,
            PlacesPanel(
                "place_tags",
                heading="Places",
                label="Place",
                help_text="Where the story happened: readers of that place (and of the "
                "regions containing it) see it in their local news.",
            ),
        ]


def remember_choices_at_sign_in(sender, request, user, **kwargs) -> None:
    """A reader who chose places before signing in is offered to keep them (Keep/Discard)."""
    if request is None:
        return
    from masthead.places import cookies, selectors
    from masthead.places.views import OFFER_KEY

    before = cookies.read(request)
    if not before:
        return
    profile = selectors.member_place_slugs(user=user)
    if any(profile.get(c) != slug for c, slug in before.items()):
        request.session[OFFER_KEY] = selectors.places_cookie_value(before)


def purge_on_settings_change(sender, instance, created: bool = False, **kwargs) -> None:
    """Pages carry the default place's slug: a changed default must reach them."""
    from masthead.core import surrogate
    from masthead.core.purging import purge_after_commit

    if created and instance.default_place_id is None:
        return  # an empty row (Wagtail's for_site creates one on first read) changes nothing
    # The slug is drawn beside the chrome of every page of the site (places_tags).
    purge_after_commit([surrogate.chrome(instance.site_id)], reason="site's place changed")


def personal_data(user) -> dict:
    from masthead.places.models import ReaderPlace

    return {
        row.component: {"place": row.place.name, "slug": row.place.slug}
        for row in ReaderPlace.objects.filter(user=user).select_related("place")
    }


def erase(user, keep_content: bool) -> None:
    from masthead.places.services import reader_places_clear

    reader_places_clear(user=user)


def connect() -> None:
    from masthead.accounts import hooks
    from masthead.newsroom.demo import steps
    from masthead.places.demo import build_places
    from masthead.places.models import PlacesSettings

    add_places_panel()
    user_logged_in.connect(remember_choices_at_sign_in, dispatch_uid="places-sign-in")
    post_save.connect(purge_on_settings_change, sender=PlacesSettings, dispatch_uid="places-s")
    post_delete.connect(purge_on_settings_change, sender=PlacesSettings, dispatch_uid="places-d")
    hooks.register_personal_data("places", personal_data)
    hooks.register_eraser("places", erase)
    steps.register("places", build_places, order=10)
