import random

from rich.console import Console
from wagtail.models import Site

from masthead.accounts.tests.factories import make_member
from masthead.contributions.demo import build_contributions
from masthead.contributions.models import (
    CallOutPage,
    CommunityStoryPage,
    Contribution,
    UserGalleryPage,
)
from masthead.newsroom.demo import steps


def test_demo_step_is_registered():
    assert "contributions" in [step.name for step in steps.registered()]


def test_demo_builds_community_section_call_out_stories_and_a_user_gallery(network, client):
    make_member("editor", is_staff=True, is_superuser=True)
    homes = [network["news"], network["money"]]
    build_contributions(homes=homes, rng=random.Random(7), console=Console(quiet=True))
    for home in homes:
        site = Site.objects.get(root_page=home)
        assert CallOutPage.objects.live().descendant_of(home).count() == 1
        assert CommunityStoryPage.objects.live().descendant_of(home).count() == 2
        assert UserGalleryPage.objects.live().descendant_of(home).count() == 1
        assert Contribution.objects.filter(site=site, status="published").count() == 3
    story = CommunityStoryPage.objects.live().first()
    assert story.contributor is not None
    response = client.get(story.url)
    assert response.status_code == 200
    assert b"Reader contribution" in response.content
    callout = CallOutPage.objects.live().descendant_of(network["news"]).get()
    assert callout.title.encode() in client.get("/contribute/pictures/").content
