"""``{{ when|html_datetime }}`` for ``<time datetime>``; ``{{ when|in_zone:"Europe/Paris" }}`` and
``{{ when|zone_label }}`` to show a time where it happens, labelled."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.templatetags.tz import do_timezone

from masthead.core import timefmt

register = template.Library()


@register.filter
def html_datetime(value: datetime | date | None) -> str:
    return timefmt.machine_datetime(value)


@register.filter
def in_zone(value: datetime | None, name: str):
    if value is None:
        return None
    # do_timezone marks the value so |date does not convert it back to the active zone.
    return do_timezone(value, timefmt.zone_for(name))


@register.filter
def zone_label(value: datetime | None) -> str:
    return timefmt.zone_label(value) if isinstance(value, datetime) else ""


@register.filter
def place_time(value: datetime | None, zone_name: str) -> str:
    """A time where it happens, with its zone's label: ``{{ alert.starts_at|place_time:zone }}``
    gives "Tue 5 Nov, 14:30 SAST"."""
    return timefmt.local_time(value, zone_name) if isinstance(value, datetime) else ""
