"""Page and collection passwords (Wagtail view restrictions) take a shared PAGE password, not
an account password: they sign nobody in, and wrong ones are limited per address."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from masthead.newsroom.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def locked_story(network, settings):
    settings.MASTHEAD_PAGE_PASSWORD_RATE = "3/d"  # a day: a window a slow run cannot straddle
    story = f.make_article(network["news_section"], title="Behind a password")
    restriction = PageViewRestriction.objects.create(
        page=story, restriction_type=PageViewRestriction.PASSWORD, password="harbour-lights"
    )
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.id, story.id])
    return story, url


def _try(client, url, password, *, address="198.51.100.7", return_url="/"):
    return client.post(url, {"password": password, "return_url": return_url}, REMOTE_ADDR=address)


def test_the_right_page_password_opens_the_page_and_signs_nobody_in(client, locked_story):
    story, url = locked_story
    response = _try(client, url, "harbour-lights", return_url=story.url)
    assert response.status_code == 302
    assert client.get(story.url).status_code == 200
    assert "_auth_user_id" not in client.session


def test_wrong_page_passwords_are_limited_per_address(client, locked_story):
    story, url = locked_story
    for _ in range(3):
        assert _try(client, url, "guess").status_code == 200
    refused = _try(client, url, "harbour-lights", return_url=story.url)
    # Past the limit even the right password is not checked: a guesser learns nothing.
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Too many wrong passwords" in refused.content.decode()
    assert "no-store" in refused["Cache-Control"]
    assert client.get(story.url).status_code == 200  # the form again, not the story
    assert "harbour-lights" not in client.get(story.url).content.decode()
    # Another reader's address is not affected.
    other = _try(client, url, "harbour-lights", address="198.51.100.99", return_url=story.url)
    assert other.status_code == 302


def test_right_passwords_are_not_counted(client, locked_story):
    story, url = locked_story
    for _ in range(5):
        assert _try(client, url, "harbour-lights", return_url=story.url).status_code == 302


def test_collection_passwords_are_limited_the_same_way(client, network, settings):
    settings.MASTHEAD_PAGE_PASSWORD_RATE = "2/d"
    collection = Collection.get_first_root_node().add_child(name="Embargoed")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="tide-tables",
    )
    url = reverse("wagtaildocs_authenticate_with_password", args=[restriction.id])
    assert url == f"/documents/authenticate_with_password/{restriction.id}/"
    assert _try(client, url, "nope").status_code == 200
    assert _try(client, url, "nope").status_code == 200
    assert _try(client, url, "tide-tables").status_code == 429
    assert _try(client, url, "tide-tables", address="198.51.100.99").status_code == 302
