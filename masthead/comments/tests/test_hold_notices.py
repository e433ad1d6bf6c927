"""The comment form tells a reader before they post whether their comment will be held and why,
and the held comment then says the same: one rule (services.hold_reasons) for both."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.utils.html import strip_tags

from masthead.accounts.tests.factories import sign_in
from masthead.comments import services
from masthead.comments.models import Comment, CommentMode, Mode, Status

pytestmark = pytest.mark.django_db


def notice(client, story) -> str:
    html = client.get(f"/fragments/comments/{story.pk}/me/").content.decode()
    found = re.search(r'<div class="notice comment-form__hold[^"]*"[^>]*>(.*?)</div>', html, re.S)
    assert found, "the form has no notice about review"
    return " ".join(unescape(strip_tags(found.group(1))).split())


def own_status(client, story, comment: Comment) -> str:
    html = client.get(f"/fragments/comments/{story.pk}/me/").content.decode()
    for item in html.split('<li class="comments__yours-item')[1:]:
        if comment.body_html in item:
            status = re.search(r'<span class="comments__yours-status">(.*?)</span>', item, re.S)
            assert status
            return " ".join(unescape(strip_tags(status.group(1))).split())
    raise AssertionError("the reader's own comment is not listed with its state")


def post_through_form(client, story, body: str) -> Comment:
    response = client.post(f"/comments/{story.pk}/post/", {"body": body})
    assert response.status_code == 302
    return Comment.objects.filter(page=story).latest("id")


def test_with_no_rule_in_force_the_form_says_the_comment_appears_at_once(client, story, reader):
    sign_in(client, reader)
    said = notice(client, story)
    assert said == "Your comment will appear as soon as you post it."
    assert "may be reviewed after" not in client.get(f"/fragments/comments/{story.pk}/me/").text
    comment = post_through_form(client, story, "Good to see the bridge open again.")
    assert comment.status == Status.PUBLISHED
    assert own_status(client, story, comment) == "Published"


def test_a_new_account_is_told_before_posting_and_its_comment_says_why(
    client, story, reader, rules
):
    rules.hold_first_comments = 2
    rules.save()
    sign_in(client, reader)
    said = notice(client, story)
    assert said.startswith("Your comment will be held for review before it appears:")
    assert "a new account's first 2 comments are reviewed (0 of yours published so far)" in said
    comment = post_through_form(client, story, "My first words here.")
    assert comment.status == Status.PENDING
    assert comment.held_rules == "new_account"
    assert own_status(client, story, comment) == (
        "Awaiting review: a new account's first 2 comments are reviewed "
        "(0 of yours published so far)"
    )


def test_the_new_account_rule_stops_once_enough_comments_are_published(
    client, story, reader, rules, editor
):
    rules.hold_first_comments = 1
    rules.save()
    first = services.comment_create(page=story, author=reader, body="One.")
    assert first.status == Status.PENDING
    sign_in(client, reader)
    assert "a new account's first comment is reviewed" in notice(client, story)
    services.comment_approve(actor=editor, comment_ids=[first.pk])
    assert notice(client, story) == "Your comment will appear as soon as you post it."
    assert services.comment_create(page=story, author=reader, body="Two.").status == (
        Status.PUBLISHED
    )


def test_links_are_announced_as_a_condition_and_named_when_they_hold(client, story, reader, rules):
    rules.hold_links = True
    rules.save()
    sign_in(client, reader)
    assert notice(client, story) == (
        "Your comment will appear as soon as you post it, unless it has a link: "
        "then an editor reviews it first."
    )
    plain = post_through_form(client, story, "No link in this one.")
    assert plain.status == Status.PUBLISHED
    linked = post_through_form(client, story, "Details at https://example.org/bridge")
    assert linked.status == Status.PENDING and linked.held_rules == "links"
    assert own_status(client, story, linked) == "Awaiting review: comments with links are reviewed"


def test_the_word_list_is_announced_without_naming_its_words_and_names_the_one_that_held(
    client, story, reader, rules
):
    rules.suspect_words = "scam\nmiracle cure"
    rules.save()
    sign_in(client, reader)
    said = notice(client, story)
    assert said == (
        "Your comment will appear as soon as you post it, unless it has a word on our review "
        "list: then an editor reviews it first."
    )
    assert "scam" not in said
    comment = post_through_form(client, story, "Sounds like a S-C-A-M to me.")
    assert comment.status == Status.PENDING and comment.held_rules == "word_list"
    assert own_status(client, story, comment) == (
        "Awaiting review: it contains “scam”, a word on our review list"
    )


def test_a_premoderated_section_is_announced_and_said_on_the_held_comment(
    client, story, reader, network
):
    CommentMode.objects.create(page=network["world"], mode=Mode.PREMODERATED)
    sign_in(client, reader)
    said = notice(client, story)
    assert said == (
        "Your comment will be held for review before it appears: editors review every comment "
        "on this story before it appears."
    )
    comment = post_through_form(client, story, "A measured view.")
    assert comment.status == Status.PENDING and comment.held_rules == "section_mode"
    assert own_status(client, story, comment) == (
        "Awaiting review: editors review every comment on this story before it appears"
    )


def test_several_rules_are_all_said_and_conditions_are_added(client, story, reader, rules, network):
    rules.hold_first_comments = 1
    rules.hold_links = True
    rules.suspect_words = "scam"
    rules.save()
    CommentMode.objects.create(page=story, mode=Mode.PREMODERATED)
    sign_in(client, reader)
    assert notice(client, story) == (
        "Your comment will be held for review before it appears: editors review every comment "
        "on this story before it appears; a new account's first comment is reviewed. Editors "
        "also review comments with a word on our review list or a link."
    )
    comment = post_through_form(client, story, "A scam, see https://example.org")
    assert comment.held_rules == "section_mode,word_list,new_account,links"


def test_the_notice_and_the_hold_come_from_one_function(story, reader, rules):
    rules.hold_links = True
    rules.save()
    before = services.hold_reasons(author=reader, story=story, body=None)
    assert [(r.rule, r.certain) for r in before] == [("links", False)]
    after = services.hold_reasons(author=reader, story=story, body="see https://example.org")
    assert [(r.rule, r.certain) for r in after] == [("links", True)]
    assert services.hold_reasons(author=reader, story=story, body="no link") == []


def test_an_editors_hold_shows_the_author_no_internal_note(client, story, reader, editor):
    comment = services.comment_create(page=story, author=reader, body="Fine words.")
    services.comment_hold(actor=editor, comment_ids=[comment.pk], reason="check with the desk")
    sign_in(client, reader)
    assert own_status(client, story, comment) == "Awaiting review: an editor is looking at it"
    assert "check with the desk" not in client.get(f"/fragments/comments/{story.pk}/me/").text


def test_the_reply_page_and_a_refused_post_carry_the_notice_too(
    client, story, reader, other, rules
):
    rules.hold_first_comments = 1
    rules.banned_words = "rubbish"
    rules.save()
    parent = services.comment_create(page=story, author=other, body="Parent.")
    Comment.objects.filter(pk=parent.pk).update(status=Status.PUBLISHED)
    sign_in(client, reader)
    reply_page = client.get(f"/comments/{parent.pk}/reply/").content.decode()
    assert 'id="comment-hold-reply"' in reply_page
    assert 'aria-describedby="comment-hold-reply comment-counter-reply"' in reply_page
    refused = client.post(f"/comments/{story.pk}/post/", {"body": "What rubbish."})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "What rubbish." in html  # the reader's text is kept
    assert "Your comment will be held for review before it appears" in html


def test_anonymous_readers_see_no_personal_notice(client, story, network):
    CommentMode.objects.create(page=network["world"], mode=Mode.PREMODERATED)
    html = client.get(f"/fragments/comments/{story.pk}/me/").content.decode()
    assert "comment-form__hold" not in html
    assert "Editors review every comment on this story before it appears." in html
