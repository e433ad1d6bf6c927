"""What every feed of the network shares (the story feeds in ``distribution``, the traffic
feeds in ``traffic``): the JSON Feed media type and the title separator."""

from __future__ import annotations

JSON_FEED = "application/feed+json; charset=utf-8"
# The pages' <title> joins page and site name with an en dash; the feeds' titles do too.
SEPARATOR = " \N{EN DASH} "
