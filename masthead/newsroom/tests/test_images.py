"""Pictures carry their rights: credit, an expiry after which they leave public pages, and a
default alt text each use may override."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from masthead.newsroom.models import NewsImage
from masthead.newsroom.tests import factories as f


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def image_files(page: BeautifulSoup) -> set[str]:
    """The original file names behind every picture on the page (renditions keep the stem)."""
    return {img["src"].rsplit("/", 1)[-1].split(".")[0] for img in page.find_all("img")}


def stem(image: NewsImage) -> str:
    return image.file.name.rsplit("/", 1)[-1].split(".")[0]


@pytest.mark.django_db
def test_credit_names_photographer_and_agency_when_known():
    both = f.make_image(photographer="Ana Lima", agency="AP")
    assert both.credit == "Ana Lima / AP"
    assert f.make_image(photographer="Ana Lima").credit == "Ana Lima"
    assert f.make_image(agency="Reuters").credit == "Reuters"
    assert f.make_image().credit == ""


@pytest.mark.django_db
def test_only_pictures_within_their_rights_period_are_publishable():
    now = timezone.now()
    forever = f.make_image(title="No expiry")
    later = f.make_image(title="Expires later", rights_expire_at=now + timedelta(days=1))
    expired = f.make_image(title="Expired", rights_expire_at=now - timedelta(minutes=1))
    assert set(NewsImage.objects.publishable()) == {forever, later}
    assert forever.is_publishable and later.is_publishable
    assert not expired.is_publishable


@pytest.fixture
def story_with_pictures(network):
    lead = f.make_image(photographer="Lead Photographer", default_alt_text="Lead default alt")
    inline = f.make_image(photographer="Inline Photographer", default_alt_text="Inline default")
    article = f.make_article(
        network["world"],
        title="Flood waters recede",
        lead_image=lead,
        lead_image_caption="The river at noon",
        body=[
            {"type": "paragraph", "value": "<p>The river fell overnight.</p>"},
            {"type": "image", "value": {"image": inline.pk, "caption": "Sandbags", "alt_text": ""}},
        ],
    )
    return {"article": article, "lead": lead, "inline": inline}


def _expire(image: NewsImage) -> None:
    image.rights_expire_at = timezone.now() - timedelta(seconds=1)
    image.save()


@pytest.mark.django_db
def test_an_expired_lead_picture_disappears_from_the_story_and_the_listings(
    client, network, story_with_pictures
):
    lead = story_with_pictures["lead"]
    urls = [story_with_pictures["article"].url, network["world"].url, "/"]
    for url in urls:
        assert stem(lead) in image_files(soup(client.get(url, HTTP_HOST="localhost"))), url

    _expire(lead)

    for url in urls:
        page = soup(client.get(url, HTTP_HOST="localhost"))
        assert stem(lead) not in image_files(page), url
    story = soup(client.get(story_with_pictures["article"].url, HTTP_HOST="localhost"))
    assert story.select_one("figure.lead-figure") is None
    assert "Lead Photographer" not in story.get_text()


@pytest.mark.django_db
def test_an_expired_body_picture_disappears_but_the_text_stays(client, story_with_pictures):
    url = story_with_pictures["article"].url
    _expire(story_with_pictures["inline"])
    page = soup(client.get(url, HTTP_HOST="localhost"))
    assert page.select_one("figure.body-figure") is None
    assert "The river fell overnight." in page.get_text()
    assert stem(story_with_pictures["lead"]) in image_files(page)


@pytest.mark.django_db
def test_an_expired_gallery_photo_leaves_the_gallery(client, network):
    kept, gone = f.make_image(photographer="Kept"), f.make_image(photographer="Gone")
    gallery = f.make_gallery(network["world"], images=[kept, gone])
    _expire(gone)
    page = soup(client.get(gallery.url, HTTP_HOST="localhost"))
    credits = [c.get_text() for c in page.select("ol.gallery .credit")]
    assert credits == ["Photo: Kept"]


@pytest.mark.django_db
def test_a_picture_whose_rights_run_until_later_is_still_shown(client, story_with_pictures):
    lead = story_with_pictures["lead"]
    lead.rights_expire_at = timezone.now() + timedelta(hours=1)
    lead.save()
    page = soup(client.get(story_with_pictures["article"].url, HTTP_HOST="localhost"))
    assert page.select_one("figure.lead-figure") is not None


@pytest.mark.django_db
def test_alt_text_is_the_pictures_default_unless_the_use_overrides_it(client, network):
    image = f.make_image(default_alt_text="Default description")
    plain = f.make_article(network["world"], title="Uses the default", lead_image=image)
    overridden = f.make_article(
        network["world"],
        title="Overrides it",
        lead_image=image,
        lead_image_alt="Description for this story",
        body=[
            {"type": "image", "value": {"image": image.pk, "caption": "", "alt_text": "In body"}},
        ],
    )
    gallery = f.make_gallery(network["world"], images=[image])
    gallery.photos.update(alt_text="In the gallery")

    def alts(url: str, selector: str) -> list[str]:
        page = soup(client.get(url, HTTP_HOST="localhost"))
        return [img["alt"] for img in page.select(selector)]

    assert alts(plain.url, "figure.lead-figure img") == ["Default description"]
    assert alts(overridden.url, "figure.lead-figure img") == ["Description for this story"]
    assert alts(overridden.url, "figure.body-figure img") == ["In body"]
    assert alts(gallery.url, "ol.gallery img") == ["In the gallery"]


@pytest.mark.django_db
def test_changing_a_credit_updates_cached_pages_at_once(client, story_with_pictures):
    url = story_with_pictures["article"].url
    assert "Lead Photographer" in client.get(url, HTTP_HOST="localhost").content.decode()
    lead = story_with_pictures["lead"]
    lead.photographer = "Corrected Name"
    lead.save()
    html = client.get(url, HTTP_HOST="localhost").content.decode()
    assert "Corrected Name" in html
    assert "Lead Photographer" not in html
