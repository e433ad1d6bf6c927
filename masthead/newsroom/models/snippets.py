"""Bylines and agencies, edited as Wagtail snippets."""

from django.db import models
from django.urls import reverse
from wagtail.admin.panels import FieldPanel
from wagtail.search import index
from wagtail.snippets.models import register_snippet


@register_snippet
class Author(index.Indexed, models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    role = models.CharField(max_length=120, blank=True, help_text="e.g. Political correspondent")
    bio = models.TextField(blank=True)
    photo = models.ForeignKey(
        "newsroom.NewsImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.OneToOneField(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        help_text="The staff account that writes as this author, if any.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("user"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("newsroom:author", kwargs={"slug": self.slug})


@register_snippet
class Agency(index.Indexed, models.Model):
    name = models.CharField(max_length=120, unique=True, help_text="e.g. Agence France-Presse")
    short_name = models.CharField(max_length=20, unique=True, help_text="e.g. AFP")
    url = models.URLField(blank=True)

    panels = [FieldPanel("name"), FieldPanel("short_name"), FieldPanel("url")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("short_name")]

    class Meta:
        ordering = ["short_name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.short_name
