"""Honeypots on the sign-up, comment and submission forms, through the pages readers use.

Each form page carries the hidden `website` field; a post that fills it in makes nothing,
and the same post with it empty does (the control, so the test can fail). The comment
service's own check and the story form's are also tested in their apps; the traffic report
form (thanked and dropped) in masthead/traffic/tests/test_views.py.
"""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import Site

from masthead.accounts.models import User
from masthead.accounts.tests.factories import make_member, sign_in
from masthead.comments.models import Comment, CommentSiteSettings
from masthead.contributions.models import Contribution
from masthead.contributions.tests import files
from masthead.newsroom.tests import factories as f

pytestmark = pytest.mark.django_db
SPAM = "http://spam.example"
TRAP = re.compile(r'<input[^>]*name="website"[^>]*tabindex="-1"|tabindex="-1"[^>]*name="website"')


@pytest.fixture
def story(network, settings):
    settings.COMMENTS_MIN_INTERVAL_SECONDS = 0
    rules = CommentSiteSettings.for_site(Site.objects.get(hostname="localhost"))
    rules.hold_first_comments = 0
    rules.hold_links = False
    rules.save()
    return f.make_article(network["world"], title="Harbour bridge reopens")


def _signup(**extra):
    return {
        "username": "newreader",
        "email": "new@example.test",
        "password1": "a long enough passphrase 42",
        "password2": "a long enough passphrase 42",
        **extra,
    }


def test_sign_up_has_a_honeypot_and_a_filled_one_creates_no_account(client, network):
    page = client.get("/accounts/signup/").content.decode()
    assert TRAP.search(page), "the sign-up form has no hidden website field"
    response = client.post("/accounts/signup/", _signup(website=SPAM))
    assert response.status_code == 200
    assert "Your profile could not be created." in response.content.decode()
    assert not User.objects.filter(username="newreader").exists()
    assert not EmailAddress.objects.filter(email="new@example.test").exists()
    # Control: the same form without the trap filled in creates the account.
    assert client.post("/accounts/signup/", _signup()).status_code == 302
    assert User.objects.filter(username="newreader").exists()


def test_comment_and_reply_forms_have_a_honeypot_and_a_filled_one_posts_nothing(client, story):
    reader = make_member("poster")
    sign_in(client, reader)
    thread = client.get(f"/fragments/comments/{story.pk}/me/").content.decode()
    assert TRAP.search(thread), "the comment form has no hidden website field"
    response = client.post(
        f"/comments/{story.pk}/post/", {"body": "Buy cheap watches", "website": SPAM}
    )
    assert response.status_code == 400
    assert not Comment.objects.exists()
    assert client.post(f"/comments/{story.pk}/post/", {"body": "A fair point"}).status_code == 302
    parent = Comment.objects.get()

    reply_page = client.get(f"/comments/{parent.pk}/reply/").content.decode()
    assert TRAP.search(reply_page), "the reply form has no hidden website field"
    response = client.post(
        f"/comments/{parent.pk}/reply/", {"body": "Cheap watches here", "website": SPAM}
    )
    assert response.status_code == 400
    assert Comment.objects.count() == 1
    assert client.post(f"/comments/{parent.pk}/reply/", {"body": "Agreed"}).status_code == 302
    assert Comment.objects.count() == 2


def _pictures(**extra):
    photo = SimpleUploadedFile("flood.jpg", files.jpeg_with_gps(), content_type="image/jpeg")
    return {
        "title": "Flood pictures",
        "body": "",
        "place_text": "Durban",
        "declaration": "on",
        "licence": "non-exclusive",
        "send": "1",
        "photo_0": photo,
        "caption_0": "Water over the road",
        **extra,
    }


@pytest.mark.parametrize("form", ["/contribute/story/", "/contribute/pictures/"])
def test_submission_forms_have_a_honeypot_and_a_filled_one_sends_nothing(client, network, form):
    reader = make_member("sender")
    sign_in(client, reader)
    page = client.get(form).content.decode()
    assert TRAP.search(page), f"{form} has no hidden website field"
    data = _pictures(website=SPAM)
    if form.endswith("story/"):
        data["body"] = " ".join(f"word{n}" for n in range(220))
    response = client.post(form, data)
    assert response.status_code == 400
    assert not Contribution.objects.filter(
        contributor=reader, status=Contribution.Status.SUBMITTED
    ).exists()
    # Control: the same form without the trap filled in is sent.
    data = _pictures()
    if form.endswith("story/"):
        data["body"] = " ".join(f"word{n}" for n in range(220))
    assert client.post(form, data).status_code == 302
    assert Contribution.objects.filter(
        contributor=reader, status=Contribution.Status.SUBMITTED
    ).exists()
