import io
import random

import pytest
from rich.console import Console

from masthead.comments.demo import build_comments
from masthead.comments.models import Comment, CommentCount, CommentSiteSettings
from masthead.newsroom.models import StandardPage
from masthead.newsroom.tests import factories as f

pytestmark = pytest.mark.django_db


def test_demo_step_builds_threads_and_rules(client, network):
    network["news"].add_child(
        instance=StandardPage(title="Comments policy", slug="comments-policy")
    )
    stories = [f.make_article(network["world"]) for _ in range(3)]
    build_comments(
        homes=[network["news"]], rng=random.Random(7), console=Console(file=io.StringIO())
    )
    assert Comment.objects.filter(page__in=stories, depth=0).count() >= 6
    replies = Comment.objects.filter(depth=1)
    assert all(r.path.startswith(r.root.path + "/") for r in replies)
    total = sum(CommentCount.objects.filter(page__in=stories).values_list("count", flat=True))
    assert total == Comment.objects.count()
    rules = CommentSiteSettings.objects.get(site__hostname="localhost")
    assert rules.policy_page.slug == "comments-policy" and "idiot" in rules.banned_words
    html = client.get(f"/fragments/comments/{stories[0].pk}/").content.decode()
    assert html.count('class="comment ') == Comment.objects.filter(page=stories[0]).count()
