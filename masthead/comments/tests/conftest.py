from __future__ import annotations

import pytest
from wagtail.models import Site

from masthead.accounts.tests.factories import make_member
from masthead.comments.models import CommentSiteSettings
from masthead.newsroom.tests import factories as f


@pytest.fixture
def rules(network) -> CommentSiteSettings:
    """The news site's comment rules, opened up: tests that need a hold set it themselves."""
    site = Site.objects.get(hostname="localhost")
    rules = CommentSiteSettings.for_site(site)
    rules.hold_first_comments = 0
    rules.hold_links = False
    rules.save()
    return rules


@pytest.fixture
def story(network, rules):
    return f.make_article(network["world"], title="Harbour bridge reopens")


@pytest.fixture
def reader(db):
    return make_member("reader")


@pytest.fixture
def other(db):
    return make_member("other")


@pytest.fixture
def editor(db):
    from django.contrib.auth.models import Permission

    user = make_member("editor", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="moderate_comment"),
        Permission.objects.get(codename="add_suspension"),
        Permission.objects.get(codename="access_admin"),
    )
    return user


@pytest.fixture(autouse=True)
def _no_rapid_fire_wait(settings):
    # Most tests post several comments in a row; the rapid-fire test sets its own interval.
    settings.COMMENTS_MIN_INTERVAL_SECONDS = 0
    settings.COMMENTS_POST_RATE = "1000/m"
