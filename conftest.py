"""Shared fixtures and the rule for service-backed tests.

Tests marked ``postgres``, ``redis`` or ``browser`` skip with a one-line reason where the
service is missing, so `make test` passes on a bare machine. CI sets MASTHEAD_REQUIRE_SERVICES=1,
which turns each of those skips into a failure: in CI nothing may skip.
"""

from __future__ import annotations

import os
import shutil
import socket
from urllib.parse import urlparse

import pytest

REQUIRE_SERVICES = os.environ.get("MASTHEAD_REQUIRE_SERVICES") == "1"
CHROMIUM = os.environ.get("MASTHEAD_CHROMIUM", "/usr/bin/chromium")


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), 1
        ):
            return True
    except OSError:
        return False


def _missing_service(item: pytest.Item) -> str | None:
    if item.get_closest_marker("postgres"):
        url = os.environ.get("DATABASE_URL", "")
        if not url.startswith(("postgres://", "postgresql://")):
            return "needs PostgreSQL: set DATABASE_URL=postgres://…"
        if not _reachable(url, 5432):
            return f"PostgreSQL at {url} is not reachable"
    if item.get_closest_marker("redis"):
        url = os.environ.get("REDIS_URL", "")
        if not url:
            return "needs Redis: set REDIS_URL=redis://…"
        if not _reachable(url, 6379):
            return f"Redis at {url} is not reachable"
    if item.get_closest_marker("browser"):
        if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
            return f"needs Chromium at {CHROMIUM} (apt-get install chromium)"
        try:
            import playwright  # noqa: F401
        except ImportError:
            return "needs Playwright for Python (pip install playwright)"
    return None


def pytest_runtest_setup(item: pytest.Item) -> None:
    reason = _missing_service(item)
    if reason is None:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"MASTHEAD_REQUIRE_SERVICES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _fresh_caches(settings):
    """Every test starts with empty caches and sees purges at once."""
    from django.core.cache import cache

    from masthead.core import pagecache

    cache.clear()
    pagecache._local_generation = (0.0, 0)
    pagecache.forget_local_copies()
    yield
    cache.clear()


@pytest.fixture
def network(db):
    """Three sites like the demo network: news (default), money and sport, with sections."""
    from masthead.newsroom.tests import factories as f

    f.clear_tree()
    news = f.make_site(name="Test News", hostname="localhost", default=True)
    money = f.make_site(name="Test Money", hostname="money.localhost")
    sport = f.make_site(name="Test Sport", hostname="sport.localhost")
    news_section = f.make_section(news, "News")
    world = f.make_section(news_section, "World")
    return {
        "news": news,
        "money": money,
        "sport": sport,
        "news_section": news_section,
        "world": world,
        "markets": f.make_section(money, "Markets"),
        "football": f.make_section(sport, "Football"),
    }
