"""A live blog through the production cache (the real Varnish with xkey, as in
masthead/core/tests/test_varnish.py): a posted update reaches the page and its poll answer
by the first request after it is posted, the section listing its teaser is refreshed, and a
page that does not show the blog stays a cache hit."""

from __future__ import annotations

import pytest

from masthead.core.tests.test_varnish import (  # noqa: F401 - fixtures shared with the module
    get,
    path_of,
    proxy,
    stale_pages,
    varnish,
    warm,
)
from masthead.newsroom import live_services
from masthead.newsroom.tests import factories as f

pytestmark = [
    pytest.mark.varnish,
    pytest.mark.xdist_group("varnish"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_posted_update_shows_through_varnish_at_once_and_other_pages_stay_hits(
    network,
    proxy,  # noqa: F811
    django_user_model,
):
    blog = f.make_live_blog(network["world"], title="Live: the levee")
    elsewhere = f.make_article(network["football"], title="Cup final preview")
    editor = django_user_model.objects.create_superuser("livechief", "chief@example.test", "pw")
    poll = f"/liveblog/{blog.pk}/updates/?since=0"
    for path, host in (
        (path_of(blog), "localhost"),
        (poll, "localhost"),
        (path_of(elsewhere), "sport.localhost"),
        ("/", "sport.localhost"),
    ):
        warm(proxy, path, host)

    live_services.live_update_post(
        blog=blog,
        user=editor,
        fields=live_services.LiveUpdateFields(body="<p>The levee holds at dawn.</p>"),
    )

    assert not stale_pages(
        proxy,
        {path_of(blog): "localhost", poll: "localhost"},
        lambda response: "The levee holds at dawn." in response.text,
    )
    for path, host in ((path_of(elsewhere), "sport.localhost"), ("/", "sport.localhost")):
        assert get(proxy, path, host).headers["X-Proxy-Cache"] == "HIT", path
