"""A feed reader (feedparser, fetching over HTTP from a live server) revalidates the site's
feeds with the ETag and Last-Modified it was given: 304 until something is published."""

from __future__ import annotations

from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from masthead.newsroom.tests import factories as f


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("path", ["/feeds/rss/", "/feeds/atom/", "/news/world/feed/atom/"])
def test_feedparser_revalidates_a_feed_and_sees_a_new_story(network, live_server, path):
    f.make_article(
        network["world"], title="Harbour reopens", at=timezone.now() - timedelta(hours=1)
    )
    url = live_server.url + path

    first = feedparser.parse(url)
    assert first.status == 200 and not first.bozo, first.get("bozo_exception")
    assert first.etag and first.modified
    assert [e.title for e in first.entries] == ["Harbour reopens"]

    unchanged = feedparser.parse(url, etag=first.etag, modified=first.modified)
    assert unchanged.status == 304 and unchanged.entries == []
    by_date_only = feedparser.parse(url, modified=first.modified)
    assert by_date_only.status == 304

    f.make_article(network["world"], title="Ferry strike ends", at=timezone.now())

    changed = feedparser.parse(url, etag=first.etag, modified=first.modified)
    assert changed.status == 200
    assert [e.title for e in changed.entries] == ["Ferry strike ends", "Harbour reopens"]
