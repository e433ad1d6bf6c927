from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from masthead.accounts.models import User
from masthead.accounts.services import AccountPermissionError, AccountSuspendedError
from masthead.accounts.tests.factories import make_member
from masthead.comments import selectors, services
from masthead.comments.models import (
    Action,
    Comment,
    CommentCount,
    CommentMode,
    Mode,
    ModerationLog,
    Status,
)
from masthead.core.ratelimit import RateLimited
from masthead.newsroom.tests import factories as f

pytestmark = pytest.mark.django_db


def post(story, author, body="A thoughtful comment.", **kw):
    return services.comment_create(page=story, author=author, body=body, **kw)


def test_open_story_publishes_at_once_and_counts_it(story, reader):
    comment = post(story, reader)
    assert comment.status == Status.PUBLISHED
    assert CommentCount.objects.get(page=story).count == 1
    assert ModerationLog.objects.filter(comment=comment, action=Action.POSTED).exists()


def test_reply_is_threaded_under_its_root_with_a_path(story, reader, other):
    root = post(story, reader)
    reply = post(story, other, "I disagree.", parent=root)
    deeper = post(story, reader, "Why?", parent=reply)
    assert (reply.root_id, deeper.root_id) == (root.pk, root.pk)
    assert deeper.path == f"{root.pk:010d}/{reply.pk:010d}/{deeper.pk:010d}"
    assert deeper.depth == 2
    root.refresh_from_db()
    assert root.reply_count == 2


def test_premoderated_section_holds_and_story_setting_wins(story, network, reader):
    CommentMode.objects.create(page=network["news_section"], mode=Mode.PREMODERATED)
    held = post(story, reader)
    assert held.status == Status.PENDING
    assert "review every comment on this story" in held.held_reason
    assert CommentCount.objects.filter(page=story, count__gt=0).count() == 0
    CommentMode.objects.create(page=story, mode=Mode.OPEN)
    assert post(story, reader, "Second.").status == Status.PUBLISHED


def test_closed_modes_refuse_with_the_reason(story, network, reader, rules):
    CommentMode.objects.create(page=network["world"], mode=Mode.CLOSED)
    with pytest.raises(services.CommentError, match="closed"):
        post(story, reader)
    CommentMode.objects.all().delete()
    story.comments_open = False
    story.save()
    with pytest.raises(services.CommentError, match="closed"):
        post(story, reader)


def test_story_closes_automatically_after_the_site_setting(network, rules, reader):
    rules.auto_close_days = 14
    rules.save()
    old = f.make_article(network["world"], at=timezone.now() - timedelta(days=15))
    with pytest.raises(services.CommentError, match="14 days"):
        post(old, reader)
    rules.auto_close_days = 0
    rules.save()
    assert post(old, reader).status == Status.PUBLISHED


def test_banned_words_refused_and_suspect_words_held(story, reader, rules):
    rules.banned_words = "idiot*"
    rules.suspect_words = "scam"
    rules.save()
    with pytest.raises(services.CommentError, match=r"“idiot”.*policy does not allow"):
        post(story, reader, "What an 1D10TS piece")
    held = post(story, reader, "Sounds like a S-C-A-M to me")
    assert held.status == Status.PENDING and "review list" in held.held_reason


def test_new_accounts_and_links_are_held_by_setting(story, reader, rules, editor):
    rules.hold_first_comments = 1
    rules.hold_links = True
    rules.save()
    first = post(story, reader, "Hello there.")
    assert first.status == Status.PENDING and "new account" in first.held_reason
    services.comment_approve(actor=editor, comment_ids=[first.pk])
    assert post(story, reader, "Now I am known.").status == Status.PUBLISHED
    linked = post(story, reader, "See www.example.org for more")
    assert linked.status == Status.PENDING and "links" in linked.held_reason


def test_duplicates_and_rapid_fire_are_refused(story, reader, settings):
    post(story, reader, "Same words")
    with pytest.raises(services.CommentError, match="already posted"):
        post(story, reader, "  SAME   words ")
    settings.COMMENTS_MIN_INTERVAL_SECONDS = 60
    with pytest.raises(services.CommentError, match="a moment ago"):
        post(story, reader, "Something else")


def test_rate_limit_per_account(story, reader, settings):
    settings.COMMENTS_POST_RATE = "2/d"  # a day: a fixed window a slow run cannot straddle
    post(story, reader, "one", rate_keys=["u:x", "a:1.2.3.4"])
    post(story, reader, "two", rate_keys=["u:x", "a:1.2.3.4"])
    with pytest.raises(RateLimited):
        post(story, reader, "three", rate_keys=["u:x", "a:1.2.3.4"])


def test_honeypot_filled_is_refused(story, reader):
    with pytest.raises(services.CommentError):
        post(story, reader, honeypot="http://spam.example")
    assert not Comment.objects.exists()


def test_suspended_and_anonymous_members_cannot_post(story, reader, editor):
    from django.contrib.auth.models import AnonymousUser

    from masthead.accounts.services import suspension_create

    with pytest.raises(AccountPermissionError):
        post(story, AnonymousUser())
    suspension_create(actor=editor, user=reader, reason="Abuse", ends_at=None)
    with pytest.raises(AccountSuspendedError):
        post(story, reader)


def test_parent_on_another_story_is_refused(story, network, reader, other):
    elsewhere = f.make_article(network["world"])
    parent = post(elsewhere, other)
    with pytest.raises(services.CommentError, match="same story"):
        post(story, reader, parent=parent)


def test_reply_to_a_pending_comment_is_refused(story, reader, other, editor):
    parent = post(story, other)
    services.comment_hold(actor=editor, comment_ids=[parent.pk])
    with pytest.raises(services.CommentError, match="no longer"):
        post(story, reader, parent=parent)


def test_author_edits_within_the_window_only(story, reader, other, settings):
    comment = post(story, reader, "Teh first")
    services.comment_edit(comment=comment, user=reader, body="The first")
    comment.refresh_from_db()
    assert comment.body == "The first" and comment.edited_at is not None
    with pytest.raises(services.CommentPermissionError):
        services.comment_edit(comment=comment, user=other, body="hijack")
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(services.CommentError, match="10 minutes"):
        services.comment_edit(comment=comment, user=reader, body="Too late")


def test_an_edit_adding_a_suspect_word_is_held_again(story, reader, rules):
    rules.suspect_words = "scam"
    rules.save()
    comment = post(story, reader, "Fine words")
    services.comment_edit(comment=comment, user=reader, body="Actually a scam")
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    assert CommentCount.objects.get(page=story).count == 0


def test_delete_keeps_a_placeholder_and_updates_counts(story, reader, other):
    comment = post(story, reader)
    post(story, other, "reply", parent=comment)
    services.comment_delete(comment=comment, user=reader)
    comment.refresh_from_db()
    assert comment.status == Status.DELETED and comment.body == ""
    assert CommentCount.objects.get(page=story).count == 1
    thread = selectors.thread_page(page_id=story.pk)
    assert [c.pk for c in thread.comments] == [comment.pk]  # placeholder keeps the reply


def test_reports_from_distinct_readers_hide_past_threshold(story, reader, rules, editor):
    rules.report_threshold = 2
    rules.save()
    comment = post(story, reader)
    one, two = make_member("one"), make_member("two")
    services.comment_report(comment=comment, reporter=one, reason="abuse")
    with pytest.raises(services.CommentError, match="already reported"):
        services.comment_report(comment=comment, reporter=one, reason="spam")
    with pytest.raises(services.CommentError, match="your own"):
        services.comment_report(comment=comment, reporter=reader, reason="spam")
    comment.refresh_from_db()
    assert comment.status == Status.PUBLISHED
    services.comment_report(comment=comment, reporter=two, reason="spam", note="ads")
    comment.refresh_from_db()
    assert comment.status == Status.HIDDEN
    rows, _ = selectors.queue_list(queue="reported")
    assert [c.pk for c in rows] == [comment.pk]
    services.comment_approve(actor=editor, comment_ids=[comment.pk], reason="fair comment")
    comment.refresh_from_db()
    assert comment.status == Status.PUBLISHED and comment.reports_open == 0


def test_report_needs_a_known_reason(story, reader, other):
    comment = post(story, reader)
    with pytest.raises(services.CommentError, match="reason"):
        services.comment_report(comment=comment, reporter=other, reason="because")


def test_moderation_needs_the_permission(story, reader, other):
    comment = post(story, reader)
    with pytest.raises(services.CommentPermissionError):
        services.comment_approve(actor=other, comment_ids=[comment.pk])


def test_reject_records_who_when_why_and_the_author_sees_the_reason(story, reader, editor):
    comment = post(story, reader)
    with pytest.raises(services.CommentError, match="reason"):
        services.comment_reject(actor=editor, comment_ids=[comment.pk], reason=" ")
    services.comment_reject(actor=editor, comment_ids=[comment.pk], reason="Off topic")
    comment.refresh_from_db()
    assert (comment.status, comment.rejection_reason) == (Status.REJECTED, "Off topic")
    entry = ModerationLog.objects.get(comment=comment, action=Action.REJECTED)
    assert (entry.actor, entry.reason, entry.subject) == (editor, "Off topic", reader)
    own = selectors.comments_of_author_on_page(author_id=reader.pk, page_id=story.pk)
    assert own[0].rejection_reason == "Off topic"


def test_bulk_approve_and_feature(story, reader, other, editor, network):
    CommentMode.objects.create(page=story, mode=Mode.PREMODERATED)
    ids = [post(story, reader, "a").pk, post(story, other, "b").pk]
    assert services.comment_approve(actor=editor, comment_ids=ids) == 2
    assert services.comment_feature(actor=editor, comment_ids=ids[:1]) == 1
    picks = selectors.thread_page(page_id=story.pk, sort="picks")
    assert [c.pk for c in picks.comments] == ids[:1]
    assert CommentCount.objects.get(page=story).count == 2


def test_suspend_and_ban_go_through_accounts(story, reader, editor):
    from masthead.accounts.models import Suspension

    comment = post(story, reader)
    services.author_suspend(actor=editor, comment=comment, days=3, reason="Trolling")
    suspension = Suspension.objects.get(user=reader)
    assert suspension.created_by == editor and suspension.ends_at is not None
    services.author_suspend(actor=editor, comment=comment, days=None, reason="Again")
    assert Suspension.objects.filter(user=reader, ends_at__isnull=True).exists()
    actions = set(ModerationLog.objects.values_list("action", flat=True))
    assert {Action.SUSPENDED, Action.BANNED} <= actions


def test_reply_mail_is_sent_in_the_background_when_wanted(
    story, reader, other, django_capture_on_commit_callbacks
):
    root = post(story, reader)
    with django_capture_on_commit_callbacks(execute=True):
        post(story, other, "A reply to you", parent=root)
    assert [m.to for m in mail.outbox] == [[reader.email]]
    assert "A reply to you" in mail.outbox[0].body
    reader.notify_comment_replies = False
    reader.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post(story, other, "Another reply", parent=root)
    assert mail.outbox == []


def test_eraser_keeps_anonymised_or_removes(story, reader, other):
    from masthead.accounts import hooks

    kept = post(story, reader, "keep me")
    post(story, other, "gone")
    hooks.erasers()["comments"](reader, True)
    kept.refresh_from_db()
    assert kept.author is None and kept.body == "keep me"
    hooks.erasers()["comments"](other, False)
    removed = Comment.objects.get(body_hash__isnull=False, body="", status=Status.DELETED)
    assert removed.author is None
    assert CommentCount.objects.get(page=story).count == 1
    User.objects.filter(pk=other.pk).delete()
    assert Comment.objects.count() == 2


def test_personal_data_lists_the_readers_comments(story, reader):
    from masthead.accounts import hooks

    post(story, reader, "mine")
    data = hooks.personal_data_collectors()["comments"](reader)
    assert [d["body"] for d in data] == ["mine"]
