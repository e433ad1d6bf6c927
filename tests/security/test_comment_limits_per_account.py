"""Comment limits per account, not only per address (issue #13): one flooder behind a shared
address (an office, a school, a carrier's NAT) got another reader there a 429."""

from __future__ import annotations

from django.test import Client

from masthead.accounts.tests.factories import make_member, sign_in
from masthead.comments.models import Comment, CommentSiteSettings
from masthead.newsroom.tests import factories as f

SHARED = "198.51.100.77"


# Limits here count per day: the windows are fixed (core/ratelimit.py), and seven sign-ins and
# posts on a loaded machine took longer than a minute window, which reset the count mid-test.


def _post(client, story, body):
    return client.post(f"/comments/{story.pk}/post/", {"body": body}, REMOTE_ADDR=SHARED)


def test_a_flooder_behind_a_shared_address_does_not_limit_a_neighbour(network, settings):
    settings.COMMENTS_MIN_INTERVAL_SECONDS = 0
    settings.COMMENTS_POST_RATE = "5/d"
    rules = CommentSiteSettings.for_site(network["news"].get_site())
    rules.hold_first_comments = 0
    rules.save()
    story = f.make_article(network["world"], title="Harbour bridge reopens")
    flooder, neighbour = Client(), Client()
    sign_in(flooder, make_member("flooder"))
    sign_in(neighbour, make_member("neighbour"))
    for n in range(5):
        assert _post(flooder, story, f"Flood number {n} of many").status_code == 302
    # The flooder is held to their own pace...
    assert _post(flooder, story, "Flood number six").status_code == 429
    # ...and a reader at the same address is not.
    response = _post(neighbour, story, "A reader with something to say")
    assert response.status_code == 302, response.content.decode()[:300]
    assert Comment.objects.filter(author__username="neighbour").count() == 1


def test_the_address_still_caps_a_flood_of_accounts(network, settings):
    settings.COMMENTS_MIN_INTERVAL_SECONDS = 0
    settings.COMMENTS_ADDRESS_POST_RATE = "6/d"
    rules = CommentSiteSettings.for_site(network["news"].get_site())
    rules.hold_first_comments = 0
    rules.save()
    story = f.make_article(network["world"], title="Harbour bridge reopens")
    statuses = []
    for n in range(7):
        client = Client()
        sign_in(client, make_member(f"sock{n}"))
        statuses.append(_post(client, story, f"Sock puppet {n} agrees").status_code)
    assert statuses == [302] * 6 + [429]
