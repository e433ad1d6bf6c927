"""Community and User Galleries in the navigation: section-like listings of readers' published
stories and galleries (the newsroom's collection view), never its own articles."""

from __future__ import annotations

import pytest

from masthead.newsroom.tests import factories as f

pytestmark = pytest.mark.django_db


def test_community_pages_answer_with_their_tabs_and_no_newsroom_stories(client, network):
    f.make_article(network["world"], title="A newsroom article")
    for path, title in (("/community/", "Community"), ("/community/galleries/", "User Galleries")):
        response = client.get(path)
        assert response.status_code == 200
        html = response.content.decode()
        assert f"<h1>{title}</h1>" in html
        assert f'href="{path}" aria-current="page"' in html
        assert "A newsroom article" not in html
        assert "No stories here yet." in html
        assert "public" in response["Cache-Control"]
