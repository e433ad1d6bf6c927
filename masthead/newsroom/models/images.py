"""Pictures carry their rights: credit, licence, usage terms and an expiry after which
the picture is no longer shown publicly. The caption belongs to each use, not the picture."""

from __future__ import annotations

from functools import lru_cache

from django.db import models
from django.utils import timezone
from wagtail.images.models import AbstractImage, AbstractRendition, Filter, Image


@lru_cache(maxsize=64)
def _filter(spec: str) -> Filter:
    return Filter(spec=spec)


class NewsImageQuerySet(models.QuerySet):
    def publishable(self) -> NewsImageQuerySet:
        now = timezone.now()
        return self.filter(
            models.Q(rights_expire_at__isnull=True) | models.Q(rights_expire_at__gt=now)
        )


def picture_credit(photographer: str, agency: str) -> str:
    """The credit line under a picture: "Photographer / Agency", either alone if the other is
    unknown; the teaser read model (reading.teasers) words it the same way."""
    return " / ".join(part for part in (photographer, agency) if part)


class NewsImage(AbstractImage):
    class Licence(models.TextChoices):
        STAFF = "staff", "Staff picture (all rights)"
        AGENCY = "agency", "Agency picture (subscription terms)"
        HANDOUT = "handout", "Handout (editorial use only)"
        READER = "reader", "Reader contribution (licence granted to us)"
        CC_BY = "cc-by", "Creative Commons Attribution"
        CC_BY_SA = "cc-by-sa", "Creative Commons Attribution-ShareAlike"
        PUBLIC_DOMAIN = "public-domain", "Public domain"

    photographer = models.CharField(max_length=255, blank=True)
    agency = models.CharField(max_length=100, blank=True, help_text="e.g. AFP, Reuters")
    licence = models.CharField(max_length=20, choices=Licence.choices, default=Licence.STAFF)
    usage_terms = models.TextField(blank=True, help_text="Restrictions editors must respect.")
    rights_expire_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="After this moment the picture is no longer shown on public pages.",
    )
    default_alt_text = models.CharField(
        max_length=255,
        blank=True,
        help_text="Describes the picture for readers who cannot see it; each use may override.",
    )

    admin_form_fields = (
        *Image.admin_form_fields,
        "default_alt_text",
        "photographer",
        "agency",
        "licence",
        "usage_terms",
        "rights_expire_at",
    )

    objects = NewsImageQuerySet.as_manager()

    def save(self, *args, **kwargs) -> None:
        # Wagtail's upload view stores the size; pictures made by code (the demo, imports,
        # readers' photos) did not, and a feed enclosure needs it (docs/distribution.md).
        if self.file_size is None and self.file:
            self.file_size = self.file.size
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "file" in update_fields:
                kwargs["update_fields"] = {*update_fields, "file_size"}
        super().save(*args, **kwargs)

    @property
    def credit(self) -> str:
        return picture_credit(self.photographer, self.agency)

    @property
    def is_publishable(self) -> bool:
        return self.rights_expire_at is None or self.rights_expire_at > timezone.now()

    def get_rendition(self, filter):
        """Wagtail's lookup, minus its cache write when the renditions were prefetched.

        Wagtail stores the rendition in the cache on every call, even when it came from the
        prefetched renditions our selectors load; on the file cache that is a file write (and a
        directory scan) per picture per page view.
        """
        if self._get_prefetched_renditions() is not None:
            image_filter = _filter(filter) if isinstance(filter, str) else filter
            image_filter = self.clean_filter_for_svg(image_filter)
            try:
                return self.find_existing_rendition(image_filter)
            except self.get_rendition_model().DoesNotExist:
                pass
        return super().get_rendition(filter)


class NewsRendition(AbstractRendition):
    image = models.ForeignKey(NewsImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
