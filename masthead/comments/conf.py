"""Process-wide comment settings (per-site ones are in ``CommentSiteSettings``).

Read through functions so tests can change them with pytest-django's ``settings``; a Django
setting wins, then an environment variable of the same name (deployments, the bench), then the
default here.
"""

from __future__ import annotations

import os

from django.conf import settings


def _get(name: str, default):
    value = getattr(settings, name, None)
    if value is not None:
        return value
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return type(default)(raw.strip())
    except ValueError:
        return default


def max_length() -> int:
    return _get("COMMENTS_MAX_LENGTH", 2000)


def edit_minutes() -> int:
    return _get("COMMENTS_EDIT_MINUTES", 10)


def post_rate() -> str:
    # Per account: one reader's pace.
    return _get("COMMENTS_POST_RATE", "5/m")


def address_post_rate() -> str:
    # Per address, for every account behind it together: an office, a school or a mobile
    # carrier's NAT holds many readers, so one flooder there must not get the others a 429
    # (issue #13); it still caps a flood of fresh accounts from one place.
    return _get("COMMENTS_ADDRESS_POST_RATE", "60/m")


def report_rate() -> str:
    return _get("COMMENTS_REPORT_RATE", "20/h")


def min_interval_seconds() -> int:
    # Rapid fire: a second comment this soon after the last one is refused outright.
    return _get("COMMENTS_MIN_INTERVAL_SECONDS", 10)


def duplicate_window_hours() -> int:
    return _get("COMMENTS_DUPLICATE_WINDOW_HOURS", 24)


def page_size() -> int:
    return _get("COMMENTS_PAGE_SIZE", 20)


def replies_shown() -> int:
    # Replies loaded with each top-level comment; the rest behind "more replies".
    return _get("COMMENTS_REPLIES_SHOWN", 10)


def display_depth() -> int:
    # Deeper replies are drawn at this indent (with "replying to …"): readable on a phone.
    return _get("COMMENTS_DISPLAY_DEPTH", 3)


def thread_proxy_seconds() -> int:
    # s-maxage for the thread fragment: how stale a reverse proxy may serve it.
    return _get("COMMENTS_THREAD_PROXY_SECONDS", 5)


def thread_cache_seconds() -> int:
    # The app's own copy; keyed by the page's comment version, so it never shows stale data.
    return _get("COMMENTS_THREAD_CACHE_SECONDS", 600)
