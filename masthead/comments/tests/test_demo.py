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


def test_demo_conversations_are_in_the_past_and_read_like_people(network):
    from django.utils import timezone

    stories = [f.make_article(network["world"]) for _ in range(4)]  # published just now
    build_comments(
        homes=[network["news"]], rng=random.Random(11), console=Console(file=io.StringIO())
    )
    now = timezone.now()
    comments = list(Comment.objects.filter(page__in=stories).select_related("parent"))
    assert len(comments) >= 8
    for comment in comments:
        assert comment.page.first_published_at <= comment.created_at <= now
    replies = [c for c in comments if c.parent_id]
    assert replies, "the seed gives some replies"
    assert all(r.author_id != r.parent.author_id for r in replies), "a reply to oneself"
    for root in {r.parent for r in replies}:
        said = [r.body for r in replies if r.parent_id == root.pk]
        assert len(said) == len(set(said)), f"one reply twice under {root.pk}"
        times = [r.created_at for r in replies if r.parent_id == root.pk]
        assert all(root.created_at <= t for t in times)
