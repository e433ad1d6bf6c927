"""Places (cities, regions, countries, editor-made areas), story↔place tags, readers' choices."""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.db import models
from django.db.models import Q
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

COMPONENTS = ("news", "weather", "traffic", "listings")
COMPONENT_LABELS = {
    "news": "Local news",
    "weather": "Weather",
    "traffic": "Traffic",
    "listings": "Listings",
}


def fold(text: str) -> str:
    """Lower case without accents: "Zürich" and "zurich" search alike on every database."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


class PlaceQuerySet(models.QuerySet):
    def search(self, q: str) -> PlaceQuerySet:
        """Places whose name (or a word of it) starts with ``q``, the most populous first."""
        folded = fold(q)
        if not folded:
            return self.none()
        return self.filter(
            Q(search_name__startswith=folded) | Q(search_name__contains=f" {folded}")
        ).order_by("-population", "name", "id")

    def cities(self) -> PlaceQuerySet:
        return self.filter(kind=Place.Kind.CITY)


class Place(models.Model):
    class Kind(models.TextChoices):
        CITY = "city", "City or town"
        REGION = "region", "Region"
        COUNTRY = "country", "Country"
        AREA = "area", "Area"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.AREA)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text="The region or country that contains this place.",
    )
    # An editor-made area ("Cape Winelands", "Garden Route") names the places it covers.
    members = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="member_of"
    )
    country_code = models.CharField(max_length=2, blank=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    time_zone = models.CharField(max_length=64, blank=True)
    population = models.PositiveBigIntegerField(default=0)
    geonames_id = models.PositiveIntegerField(null=True, blank=True, unique=True)
    # Where a loaded region came from ("admin1:ZA.11"): lets places_load run again safely.
    source_key = models.CharField(max_length=40, null=True, blank=True, unique=True, editable=False)
    search_name = models.CharField(max_length=200, db_index=True, editable=False)

    objects = PlaceQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("parent"),
        FieldPanel("members"),
        FieldPanel("country_code"),
        FieldPanel("latitude"),
        FieldPanel("longitude"),
        FieldPanel("time_zone"),
        FieldPanel("population"),
    ]

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["latitude", "longitude"], name="place_coordinates")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["city", "region", "country", "area"]),
                name="place_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        """The name with what contains it, to tell the two Springfields apart."""
        names = [self.name]
        parent = self.parent if self.parent_id else None
        depth = 0
        while parent is not None and depth < 3:
            names.append(parent.name)
            parent = parent.parent if parent.parent_id else None
            depth += 1
        return ", ".join(names)


class StoryPlace(Orderable):
    """A story is about a place. Owned here, so newsroom knows nothing of places."""

    story = ParentalKey("newsroom.StoryPage", on_delete=models.CASCADE, related_name="place_tags")
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="story_tags")

    panels = [FieldPanel("place")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["story", "place"], name="story_place_once"),
        ]
        indexes = [models.Index(fields=["place", "story"], name="story_place_by_place")]

    def __str__(self) -> str:
        return f"{self.place} ← story {self.story_id}"


class ReaderPlace(models.Model):
    """A member's place for one component; follows them to every site and device."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="places"
    )
    component = models.CharField(
        max_length=20, choices=[(c, COMPONENT_LABELS[c]) for c in COMPONENTS]
    )
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "component"], name="reader_place_per_component"
            ),
            models.CheckConstraint(
                condition=Q(component__in=list(COMPONENTS)), name="reader_place_component_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.component}: {self.place}"


@register_setting(icon="site")
class PlacesSettings(BaseSiteSetting):
    """The place a site's components show a reader who has chosen none."""

    default_place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [FieldPanel("default_place")]

    class Meta:
        verbose_name = "places"
