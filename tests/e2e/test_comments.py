"""Comments in a real browser: a reader posts, replies, edits and reports (and an injected script
never runs); an editor holds, approves, rejects and features in the Wagtail admin; pre-moderation,
closing and word lists behave as set. Found by role and label, as people do."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect
from wagtail.models import Site

from masthead.accounts.tests.factories import make_member
from masthead.comments import services
from masthead.comments.models import Comment, CommentMode, CommentSiteSettings, Mode, Status
from masthead.newsroom.tests import factories as f
from tests.e2e.journeys import sign_in

INJECTED = '<script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2">'


@pytest.fixture
def story(live_network, settings):
    # A reader here posts several times a minute; the rapid-fire rule has its own unit test.
    settings.COMMENTS_MIN_INTERVAL_SECONDS = 0
    rules = CommentSiteSettings.for_site(Site.objects.get(hostname="localhost"))
    rules.hold_first_comments = 0
    rules.hold_links = False
    rules.banned_words = "idiot*"
    rules.suspect_words = "scam"
    rules.save()
    return f.make_article(live_network["world"], title="Harbour bridge reopens")


def path_of(page_obj) -> str:
    return urlparse(page_obj.full_url).path


def comment_box(page, comment: Comment):
    return page.locator(f"#comment-{comment.pk} > .comment__box")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reader_posts_replies_edits_and_reports_and_no_script_runs(page, site_url, story):
    make_member("quill")
    other = make_member("harbourlight")
    theirs = services.comment_create(page=story, author=other, body="The old bridge was better.")
    story_url = site_url("localhost", path_of(story))

    sign_in(
        page, site_url("localhost", f"/accounts/login/?next={path_of(story)}"), "quill@example.test"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Harbour bridge reopens")
    expect(page.get_by_role("link", name="comments policy")).to_be_visible()
    # Before posting the form says what will happen: the site holds only listed words here.
    expect(page.locator(".comment-form__hold")).to_have_text(
        "Your comment will appear as soon as you post it, unless it has a word on our review "
        "list: then an editor reviews it first."
    )

    box = page.get_by_label("Your comment", exact=True)
    box.fill(f"{INJECTED}\nNew paint, same traffic.")
    expect(page.get_by_text(re.compile(r"^\d+ of 2000 characters$"))).to_be_visible()
    page.get_by_role("button", name="Post comment").click()
    expect(page).to_have_url(re.compile(r"#comment-\d+$"))
    mine = Comment.objects.get(author__username="quill")
    expect(comment_box(page, mine)).to_contain_text("<script>window.__pwned = 1</script>")
    expect(comment_box(page, mine)).to_contain_text("New paint, same traffic.")
    assert page.evaluate("window.__pwned") is None
    expect(comment_box(page, mine).get_by_role("link", name="quill")).to_have_attribute(
        "href", "/u/quill/"
    )

    # Reply to the other reader, once the page's fragments have arrived: one landing while
    # the pointer moved moved the link from under it (the click was lost in CI).
    page.wait_for_load_state("networkidle")
    comment_box(page, theirs).get_by_role("link", name="Reply").click()
    expect(page).to_have_url(re.compile(r"/comments/\d+/reply/$"))
    page.get_by_label("Your reply").fill("It was slower, though.")
    page.get_by_role("button", name="Post reply").click()
    expect(page).to_have_url(re.compile(r"#comment-\d+$"))
    reply = Comment.objects.get(parent=theirs)
    expect(comment_box(page, reply)).to_contain_text("It was slower, though.")

    # Edit my own comment (the link shows only on mine), within the window.
    expect(comment_box(page, theirs).get_by_role("link", name="Edit")).to_be_hidden()
    comment_box(page, mine).get_by_role("link", name="Edit").click()
    page.get_by_label("Your comment", exact=True).fill("New paint, same traffic jams.")
    page.get_by_role("button", name="Save changes").click()
    expect(comment_box(page, mine)).to_contain_text("same traffic jams.")
    expect(comment_box(page, mine)).to_contain_text("(edited)")

    # Report the other reader's comment with a reason.
    page.goto(story_url)
    comment_box(page, theirs).get_by_role("link", name="Report").click()
    page.get_by_label("Spam or advertising").check()
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_text("Thank you. Editors will review this comment.")).to_be_visible()
    assert theirs.reports.get().reason == "spam"
    assert page.evaluate("window.__pwned") is None

    # The section's teaser shows the count (one request for every teaser on the page).
    page.goto(site_url("localhost", path_of(story.get_parent())))
    expect(page.get_by_text("3 comments")).to_be_visible()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editor_approves_rejects_features_and_holds_in_the_admin(browser, page, site_url, story):
    CommentMode.objects.create(page=story, mode=Mode.PREMODERATED)
    make_member("quill")
    make_member("deskchief", email="desk@example.test", is_staff=True, is_superuser=True)

    # The reader is told comments are reviewed and why, and sees their own comment waiting.
    sign_in(
        page, site_url("localhost", f"/accounts/login/?next={path_of(story)}"), "quill@example.test"
    )
    expect(page.locator(".comment-form__hold")).to_have_text(
        "Your comment will be held for review before it appears: editors review every comment "
        "on this story before it appears. Editors also review comments with a word on our "
        "review list."
    )
    page.get_by_label("Your comment", exact=True).fill("Will the ferry keep running?")
    page.get_by_role("button", name="Post comment").click()
    expect(
        page.get_by_text("Awaiting review: editors review every comment on this story")
    ).to_be_visible()
    page.get_by_label("Your comment", exact=True).fill("Second thought: toll prices.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Awaiting review")).to_have_count(2)
    first, second = Comment.objects.order_by("pk")
    assert first.status == second.status == Status.PENDING

    editor = browser.new_context().new_page()
    sign_in(editor, site_url("localhost", "/admin/"), "desk@example.test")
    editor.get_by_role("link", name="Comments").first.click()
    expect(editor.get_by_text("Will the ferry keep running?")).to_be_visible()
    editor.locator(f"#queue-comment-{first.pk}").get_by_role("button", name="Approve").click()
    expect(editor.get_by_text("1 comment approved.")).to_be_visible()
    editor.get_by_label("Reason (the author sees it when a comment is rejected)").fill(
        "We do not discuss prices here."
    )
    editor.locator(f"#queue-comment-{second.pk}").get_by_role("button", name="Reject").click()
    expect(editor.get_by_text("1 comment rejected.")).to_be_visible()

    editor.get_by_role("link", name="Recent").click()
    editor.locator(f"#queue-comment-{first.pk}").get_by_role("button", name="Feature").click()
    expect(editor.get_by_text("1 comment featured.")).to_be_visible()

    page.reload()
    expect(comment_box(page, first)).to_contain_text("Will the ferry keep running?")
    expect(comment_box(page, first)).to_contain_text("Editors' pick")
    expect(page.get_by_text("Not published: We do not discuss prices here.")).to_be_visible()
    page.get_by_role("link", name="Editors' picks").click()
    expect(page.locator(".comments__list")).to_contain_text("Will the ferry keep running?")

    # Hold takes a published comment down again.
    editor.locator(f"#queue-comment-{first.pk}").get_by_role("button", name="Hold").click()
    expect(editor.get_by_text("1 comment held.")).to_be_visible()
    page.reload()
    expect(page.get_by_text("Awaiting review: an editor is looking at it")).to_be_visible()
    expect(page.locator(f"#comment-{first.pk}")).to_have_count(0)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_closing_and_word_lists_behave_as_set(page, site_url, story, live_network):
    make_member("quill")
    sign_in(
        page, site_url("localhost", f"/accounts/login/?next={path_of(story)}"), "quill@example.test"
    )

    page.get_by_label("Your comment", exact=True).fill("What an 1d1ot plan.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("alert")).to_contain_text("our comments policy does not allow")
    expect(page.get_by_label("Your comment", exact=True)).to_have_value("What an 1d1ot plan.")

    page.get_by_label("Your comment", exact=True).fill("Smells like a s.c.a.m to me.")
    page.get_by_role("button", name="Post comment").click()
    expect(
        page.get_by_text("Awaiting review: it contains “scam”, a word on our review list")
    ).to_be_visible()

    CommentMode.objects.create(page=live_network["world"], mode=Mode.CLOSED)
    page.goto(site_url("localhost", path_of(story)))
    expect(page.get_by_text("Comments are closed on this story.")).to_be_visible()
    expect(page.get_by_label("Your comment", exact=True)).to_have_count(0)
