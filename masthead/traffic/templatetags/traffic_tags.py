"""``{% with zone=alert|alert_zone:place %}``: the zone an alert's times are told in on the page
of ``place`` (``Alert.time_zone_seen_from``), one rule for the traffic page, the My area card,
the ribbon and the feeds."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def alert_zone(alert, place=None) -> str:
    return alert.time_zone_seen_from(place)
