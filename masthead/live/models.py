"""Breaking-news banners: a line of text an editor raises over one site or the whole network."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel


def _default_expiry():
    return timezone.now() + timedelta(hours=2)


class BreakingNewsBannerQuerySet(models.QuerySet):
    def showing(self, *, at=None) -> BreakingNewsBannerQuerySet:
        """Banners readers see at ``at`` (now): started and not yet expired."""
        at = at or timezone.now()
        return self.filter(starts_at__lte=at, expires_at__gt=at)

    def for_site(self, site_id: int | None) -> BreakingNewsBannerQuerySet:
        """Banners of one site plus those raised over the whole network."""
        return self.filter(models.Q(site__isnull=True) | models.Q(site_id=site_id))


class BreakingNewsBanner(models.Model):
    text = models.CharField(max_length=200, help_text="One line, e.g. “Polls close in Ankara”.")
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="story",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The story the banner leads to (shown only while it is live).",
    )
    link_url = models.URLField(
        "web address", blank=True, help_text="Or a link to anywhere, used when no story is chosen."
    )
    site = models.ForeignKey(
        "wagtailcore.Site",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Empty: every site of the network.",
    )
    starts_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(
        default=_default_expiry, help_text="The banner disappears by itself at this moment."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BreakingNewsBannerQuerySet.as_manager()

    panels = [
        FieldPanel("text"),
        MultiFieldPanel(
            [PageChooserPanel("link_page"), FieldPanel("link_url")], heading="Where it leads"
        ),
        FieldPanel("site"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("expires_at")]),
    ]

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = "breaking-news banner"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("starts_at")),
                name="live_banner_expires_after_start",
                violation_error_message="The banner must expire after it starts.",
            )
        ]
        indexes = [models.Index(fields=["expires_at", "starts_at"], name="live_banner_window")]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        super().clean()
        if self.link_url and not self.link_url.startswith(("https://", "http://")):
            raise ValidationError({"link_url": "Use a link starting with https:// or http://."})
