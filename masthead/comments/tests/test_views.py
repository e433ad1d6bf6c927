from datetime import timedelta

import pytest
from django.utils import timezone

from masthead.accounts.tests.factories import sign_in
from masthead.comments import services, text
from masthead.comments.models import Comment, CommentCount, CommentMode, Mode, Status

pytestmark = pytest.mark.django_db


def post(story, author, body="A thoughtful comment.", **kw):
    return services.comment_create(page=story, author=author, body=body, **kw)


def bulk_thread(story, author, roots: int, replies_per_root: int = 2) -> None:
    """Many comments at once (straight rows: the services' checks are tested elsewhere)."""
    start = timezone.now() - timedelta(days=1)
    made = Comment.objects.bulk_create(
        Comment(
            page=story,
            author=author,
            body=f"Comment {n}",
            body_html=text.render_body(f"Comment {n}"),
            body_hash=str(n),
            status=Status.PUBLISHED,
            created_at=start + timedelta(seconds=n),
            reply_count=replies_per_root,
        )
        for n in range(roots)
    )
    made = list(Comment.objects.filter(page=story, depth=0).order_by("id"))
    for c in made:
        c.path = f"{c.pk:010d}"
    Comment.objects.bulk_update(made, ["path"])
    replies = [
        Comment(
            page=story,
            author=author,
            parent=c,
            root=c,
            depth=1,
            body="A reply",
            body_html="<p>A reply</p>",
            body_hash="r",
            status=Status.PUBLISHED,
            created_at=c.created_at + timedelta(milliseconds=r + 1),
            path=f"{c.path}/{r:010d}",
        )
        for c in made[-40:]
        for r in range(replies_per_root)
    ]
    Comment.objects.bulk_create(replies)
    CommentCount.objects.update_or_create(page=story, defaults={"count": roots})


def test_thread_fragment_is_shared_and_public(client, story, reader):
    post(story, reader, "Hello <script>alert(1)</script> https://example.org")
    response = client.get(f"/fragments/comments/{story.pk}/")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "s-maxage=5" in response["Cache-Control"]
    assert not response.cookies and "Cookie" not in response.get("Vary", "")
    html = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert 'rel="nofollow ugc noopener"' in html
    assert "/u/reader/" in html
    assert f'data-fragment="/fragments/comments/{story.pk}/me/"' in html


# The 10,000-comment thread is a volume test: CI runs it, `make test` leaves it out (`slow`).
@pytest.mark.parametrize("roots", [10, pytest.param(10_000, marks=pytest.mark.slow)])
def test_thread_fragment_query_budget_is_the_same_for_10_and_10000(
    client, story, reader, roots, django_assert_num_queries
):
    bulk_thread(story, reader, roots)
    # View restrictions, story, top-level page, replies of that page: four queries on a miss,
    # none on a hit.
    with django_assert_num_queries(4):
        first = client.get(f"/fragments/comments/{story.pk}/")
    assert first.content.decode().count('class="comment ') == min(roots, 20) * 3
    with django_assert_num_queries(0):
        client.get(f"/fragments/comments/{story.pk}/")
    with django_assert_num_queries(4):
        client.get(f"/fragments/comments/{story.pk}/?sort=oldest")


def test_pages_by_key_without_overlap(client, story, reader, settings):
    settings.COMMENTS_PAGE_SIZE = 3
    bulk_thread(story, reader, 7, replies_per_root=0)
    seen = []
    url = f"/fragments/comments/{story.pk}/?sort=oldest"
    while url:
        html = client.get(url).content.decode()
        seen += [int(p.split('"')[0]) for p in html.split('data-comment-id="')[1:]]
        marker = 'data-comments-more href="'
        url = html.split(marker)[1].split('"')[0].replace("&amp;", "&") if marker in html else ""
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == 7


def thread_html(client, story) -> str:
    return client.get(f"/fragments/comments/{story.pk}/").content.decode()


# The thread fragment is cached under a version the services bump after commit. These tests
# run the real on-commit callbacks (the test transaction never commits): without the bump the
# cached thread would hide the change until it timed out.
def test_approved_comment_shows_at_once_despite_the_cached_thread(
    client, story, reader, editor, django_capture_on_commit_callbacks
):
    CommentMode.objects.create(page=story, mode=Mode.PREMODERATED)
    with django_capture_on_commit_callbacks(execute=True):
        comment = post(story, reader, "Waiting for an editor")
    assert "Waiting for an editor" not in thread_html(client, story)  # now cached
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.comment_approve(actor=editor, comment_ids=[comment.pk])
    assert callbacks
    assert "Waiting for an editor" in thread_html(client, story)


def test_a_new_comment_and_reply_show_at_once_despite_the_cached_thread(
    client, story, reader, other, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        root = post(story, other, "First in")
    assert "First in" in thread_html(client, story)  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        post(story, reader, "Second thoughts")
        post(story, reader, "A direct answer", parent=root)
    html = thread_html(client, story)
    assert "Second thoughts" in html and "A direct answer" in html


def test_a_comment_taken_down_leaves_the_cached_thread_at_once(
    client, story, reader, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = post(story, reader, "Soon gone")
    assert "Soon gone" in thread_html(client, story)
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_hold(actor=editor, comment_ids=[comment.pk], reason="checking")
    assert "Soon gone" not in thread_html(client, story)


def test_a_held_reply_stays_hidden_from_the_thread_and_the_counts(
    client, story, reader, other, rules, django_capture_on_commit_callbacks
):
    rules.hold_links = True
    rules.save()
    with django_capture_on_commit_callbacks(execute=True):
        root = post(story, other, "A plain root comment")
        reply = post(story, reader, "Zqheldreply, see https://spam.example/", parent=root)
    assert reply.status == Status.PENDING
    root.refresh_from_db()
    assert root.reply_count == 0
    assert CommentCount.objects.get(page=story).count == 1
    thread = thread_html(client, story)
    replies = client.get(f"/fragments/comments/replies/{root.pk}/").content.decode()
    counts = client.get(f"/fragments/comments/counts/?ids={story.pk}").json()
    assert "A plain root comment" in thread
    assert "Zqheldreply" not in thread and "Zqheldreply" not in replies
    assert counts == {"counts": {str(story.pk): 1}}


def test_counts_for_many_teasers_in_one_query(
    client, story, reader, network, django_assert_num_queries
):
    from masthead.newsroom.tests import factories as f

    other_story = f.make_article(network["world"])
    post(story, reader)
    with django_assert_num_queries(1):
        response = client.get(f"/fragments/comments/counts/?ids={story.pk},{other_story.pk},x,99")
    assert response.json() == {"counts": {str(story.pk): 1, str(other_story.pk): 0, "99": 0}}
    assert "public" in response["Cache-Control"]


def test_teasers_carry_the_count_slot(client, story, network):
    html = client.get(network["world"].url).content.decode()
    assert f'data-comment-count="{story.pk}"' in html


def test_me_fragment_for_anonymous_and_member(client, story, reader, rules, network):
    from masthead.newsroom.models import StandardPage

    policy = network["news"].add_child(
        instance=StandardPage(title="Comments policy", slug="comments-policy")
    )
    rules.policy_page = policy
    rules.save()
    anonymous = client.get(f"/fragments/comments/{story.pk}/me/").content.decode()
    assert "Sign in" in anonymous and "<textarea" not in anonymous
    sign_in(client, reader)
    CommentMode.objects.create(page=story, mode=Mode.PREMODERATED)
    response = client.get(f"/fragments/comments/{story.pk}/me/")
    html = response.content.decode()
    assert "private" in response["Cache-Control"]
    assert "<textarea" in html and 'href="/comments-policy/"' in html
    assert "held for review before it appears" in html
    pending = post(story, reader, "My pending words")
    html = client.get(f"/fragments/comments/{story.pk}/me/").content.decode()
    assert "My pending words" in html and "Awaiting review" in html
    assert f'data-editable-comments="{pending.pk}"' in html


def test_post_ignores_forged_page_and_author_fields(client, story, reader, other, network):
    from masthead.newsroom.tests import factories as f

    elsewhere = f.make_article(network["world"])
    sign_in(client, reader)
    response = client.post(
        f"/comments/{story.pk}/post/",
        {"body": "Mine", "page": elsewhere.pk, "author": other.pk, "page_id": elsewhere.pk},
    )
    assert response.status_code == 302 and response["Location"].endswith(
        f"#comment-{Comment.objects.get().pk}"
    )
    comment = Comment.objects.get()
    assert (comment.page_id, comment.author_id) == (story.pk, reader.pk)


def test_post_requires_sign_in(client, story):
    response = client.post(f"/comments/{story.pk}/post/", {"body": "Hi"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Comment.objects.exists()


def test_post_to_a_closed_story_is_refused_with_the_reason(client, story, reader):
    story.comments_open = False
    story.save_revision().publish()
    sign_in(client, reader)
    response = client.post(f"/comments/{story.pk}/post/", {"body": "Hi"})
    assert response.status_code == 400
    assert "Comments are closed on this story." in response.content.decode()


def test_invalid_utf8_is_refused_and_oversized_too(client, story, reader, settings):
    sign_in(client, reader)
    response = client.post(
        f"/comments/{story.pk}/post/",
        b"body=caf%E9+au+lait",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400 and "not valid text" in response.content.decode()
    settings.COMMENTS_MAX_LENGTH = 20
    response = client.post(f"/comments/{story.pk}/post/", {"body": "x" * 21})
    assert response.status_code == 400 and "the limit is 20" in response.content.decode()
    assert not Comment.objects.exists()


def test_reply_page_and_reply_post(client, story, reader, other):
    parent = post(story, other, "Start")
    sign_in(client, reader)
    assert "Reply to other" in client.get(f"/comments/{parent.pk}/reply/").content.decode()
    response = client.post(f"/comments/{parent.pk}/reply/", {"body": "Answer"})
    assert response.status_code == 302
    assert Comment.objects.get(body="Answer").parent_id == parent.pk


def test_edit_and_delete_only_own(client, story, reader, other):
    mine = post(story, reader, "Mine")
    theirs = post(story, other, "Theirs")
    sign_in(client, reader)
    assert client.get(f"/comments/{theirs.pk}/edit/").status_code == 403
    assert client.post(f"/comments/{theirs.pk}/delete/").status_code == 403
    assert client.post(f"/comments/{mine.pk}/edit/", {"body": "Mine, fixed"}).status_code == 302
    mine.refresh_from_db()
    assert mine.body == "Mine, fixed"
    assert client.post(f"/comments/{mine.pk}/delete/").status_code == 302
    mine.refresh_from_db()
    assert mine.status == Status.DELETED


def test_report_page(client, story, reader, other):
    comment = post(story, other)
    sign_in(client, reader)
    assert client.post(f"/comments/{comment.pk}/report/", {"reason": "nonsense"}).status_code == 400
    response = client.post(f"/comments/{comment.pk}/report/", {"reason": "spam", "note": "ads"})
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    assert comment.reports.get().reason == "spam"


def test_profile_lists_recent_published_comments(client, story, reader, other, editor):
    post(story, reader, "Shown on my profile")
    held = post(story, reader, "Taken down")
    services.comment_hold(actor=editor, comment_ids=[held.pk])
    html = client.get("/u/reader/").content.decode()
    assert "Shown on my profile" in html and "Taken down" not in html


def test_a_story_behind_a_password_shares_no_comments(client, story, reader):
    from wagtail.models import PageViewRestriction

    post(story, reader, "Behind the wall")
    PageViewRestriction.objects.create(
        page=story, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    assert client.get(f"/fragments/comments/{story.pk}/").status_code == 404
    assert client.get(f"/fragments/comments/{story.pk}/me/").status_code == 404


def test_a_new_display_name_reaches_the_cached_threads_the_reader_wrote_in(
    client, story, reader, other, django_capture_on_commit_callbacks
):
    from masthead.accounts import services as accounts

    def rename(name: str) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            accounts.profile_update(
                actor=reader, user=reader, display_name=name, bio="",
                notify_comment_replies=False, notify_contribution_decisions=False,
                notify_newsletter=False,
            )  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        post(story, reader, "Signed with my old name")
        post(story, other, "Someone else's view")
    assert ">Rita Old<" not in thread_html(client, story)
    rename("Rita Old")
    assert ">Rita Old<" in thread_html(client, story)  # now cached with the name
    rename("Rita New")
    html = thread_html(client, story)
    assert ">Rita New<" in html and "Rita Old" not in html
