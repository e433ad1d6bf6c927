"""What the Wagtail admin's page forms post, so tests create and edit stories as editors do."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from masthead.newsroom.models import ArticlePage


def article_form(
    title: str,
    *,
    standfirst: str = "",
    paragraph: str = "<p>The text of the story.</p>",
    tags: str = "",
    go_live_at: datetime | None = None,
    action: str = "publish",
) -> dict:
    """The POST body of the admin's article form; ``action`` is publish, submit or save."""
    data = nested_form_data(
        {
            "title": title,
            "slug": slugify(title),
            "standfirst": standfirst,
            "dateline": "",
            "tags": tags,
            "lead_image_caption": "",
            "lead_image_alt": "",
            "body": streamfield([("paragraph", rich_text(paragraph))]),
            "related_stories": inline_formset([]),
            "notes": inline_formset([]),
            "comments_open": "on",
        }
    )
    if go_live_at is not None:
        data["go_live_at"] = timezone.localtime(go_live_at).strftime("%Y-%m-%d %H:%M")
    if action != "save":
        data[f"action-{action}"] = action
    return data


def add_article_url(parent: Page) -> str:
    return reverse("wagtailadmin_pages:add", args=["newsroom", "articlepage", parent.pk])


def edit_url(page: Page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def created_article(title: str) -> ArticlePage:
    return ArticlePage.objects.get(title=title)
