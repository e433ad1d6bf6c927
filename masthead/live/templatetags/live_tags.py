"""Template helpers that hand the live poller its starting point and pace."""

from __future__ import annotations

from django import template
from django.conf import settings

from masthead.core import cursors

register = template.Library()


@register.simple_tag
def newest_story_cursor(stories) -> str:
    """The cursor of the newest story a page shows: the poller's first ``since``."""
    newest = None
    for story in stories or ():
        if story.first_published_at is None:
            continue
        if newest is None or (story.first_published_at, story.id) > (
            newest.first_published_at,
            newest.id,
        ):
            newest = story
    return cursors.encode(newest.first_published_at, newest.id) if newest else ""


@register.simple_tag
def live_poll_seconds() -> int:
    return int(getattr(settings, "MASTHEAD_LIVE_POLL_SECONDS", 45))
