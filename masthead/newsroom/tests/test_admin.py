"""Editors in the Wagtail admin: what they may create where, pictures with their rights,
bylines and agencies, previews, and a publish that readers see at once."""

from __future__ import annotations

import io

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.models import Collection, Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from masthead.newsroom.models import Author, GalleryPage, NewsImage, VideoPage
from masthead.newsroom.tests import factories as f
from masthead.newsroom.tests.admin_forms import add_article_url, article_form, created_article


def page_type_choices(admin_client, parent: Page) -> set[str]:
    response = admin_client.get(reverse("wagtailadmin_pages:add_subpage", args=[parent.pk]))
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    prefix = "/admin/pages/add/newsroom/"
    return {
        a["href"].removeprefix(prefix).split("/")[0]
        for a in page.find_all("a", href=True)
        if a["href"].startswith(prefix)
    }


@pytest.mark.django_db
def test_the_admin_offers_each_page_type_only_where_it_belongs(admin_client, network):
    assert page_type_choices(admin_client, network["news"]) == {"sectionpage", "standardpage"}
    assert page_type_choices(admin_client, network["world"]) == {
        "sectionpage",
        "standardpage",
        "articlepage",
        "gallerypage",
        "videopage",
        "liveblogpage",
    }


@pytest.mark.django_db
def test_an_editor_publishes_an_article_and_readers_see_it_at_once(client, admin_client, network):
    f.make_article(network["world"], title="Yesterday's news")
    # Readers have the front page and the section in the shared page cache.
    for url in ("/", network["world"].url):
        client.get(url, HTTP_HOST="localhost")
        assert client.get(url, HTTP_HOST="localhost")["X-Cache"] == "HIT"

    response = admin_client.post(
        add_article_url(network["world"]),
        article_form(
            "Bridge opens to traffic",
            standfirst="The crossing took four years to build.",
            paragraph="<p>The first cars crossed at dawn.</p>",
            tags="Transport, Bridges",
        ),
    )
    assert response.status_code == 302
    story = created_article("Bridge opens to traffic")
    assert story.live
    assert sorted(t.name for t in story.tags.all()) == ["Bridges", "Transport"]

    for url in ("/", network["world"].url, "/tags/bridges/"):
        html = client.get(url, HTTP_HOST="localhost").content.decode()
        assert "Bridge opens to traffic" in html, url
    article = client.get(story.url, HTTP_HOST="localhost").content.decode()
    assert "The first cars crossed at dawn." in article


@pytest.mark.django_db
def test_an_article_with_errors_is_refused_with_the_reason_and_nothing_is_created(
    admin_client, network
):
    form = article_form("")
    response = admin_client.post(add_article_url(network["world"]), form)
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert not Page.objects.filter(slug="").exists()


@pytest.mark.django_db
def test_an_editor_creates_a_gallery_with_ordered_photos(admin_client, client, network):
    first, second = f.make_image(photographer="A"), f.make_image(photographer="B")
    data = nested_form_data(
        {
            "title": "Storm in pictures",
            "slug": "storm-in-pictures",
            "standfirst": "",
            "tags": "",
            "photos": inline_formset(
                [
                    {"image": second.pk, "caption": "Second uploaded, shown first", "alt_text": ""},
                    {"image": first.pk, "caption": "First uploaded, shown second", "alt_text": ""},
                ]
            ),
            "notes": inline_formset([]),
            "comments_open": "on",
            "action-publish": "publish",
        }
    )
    url = reverse("wagtailadmin_pages:add", args=["newsroom", "gallerypage", network["world"].pk])
    assert admin_client.post(url, data).status_code == 302
    gallery = GalleryPage.objects.get(slug="storm-in-pictures")
    assert gallery.live
    html = client.get(gallery.url, HTTP_HOST="localhost").content.decode()
    assert html.index("Second uploaded, shown first") < html.index("First uploaded, shown second")


@pytest.mark.django_db
def test_a_gallery_without_photos_is_refused(admin_client, network):
    data = nested_form_data(
        {
            "title": "Empty gallery",
            "slug": "empty-gallery",
            "photos": inline_formset([], min=1),
            "notes": inline_formset([]),
            "action-publish": "publish",
        }
    )
    url = reverse("wagtailadmin_pages:add", args=["newsroom", "gallerypage", network["world"].pk])
    assert admin_client.post(url, data).status_code == 200
    assert not GalleryPage.objects.filter(slug="empty-gallery").exists()


@pytest.mark.django_db
def test_a_video_needs_a_link_or_a_file_in_the_admin(admin_client, network):
    url = reverse("wagtailadmin_pages:add", args=["newsroom", "videopage", network["world"].pk])
    base = {
        "title": "Evening bulletin",
        "slug": "evening-bulletin",
        "transcript": "Hello.",
        "notes": inline_formset([]),
    }
    refused = admin_client.post(url, nested_form_data({**base, "action-publish": "publish"}))
    assert refused.status_code == 200
    assert "either a link or an uploaded file" in refused.content.decode()
    assert not VideoPage.objects.exists()

    accepted = admin_client.post(
        url,
        nested_form_data(
            {**base, "video_url": "https://video.localhost/v/9", "action-publish": "publish"}
        ),
    )
    assert accepted.status_code == 302
    assert VideoPage.objects.get(slug="evening-bulletin").live


def field_value(form, name: str) -> str | None:
    """What the editor sees in the form field ``name``, or None when the form has no such field."""
    field = form.find(attrs={"name": name})
    if field is None:
        return None
    if field.name == "textarea":
        return field.get_text().strip()
    if field.name == "select":
        chosen = field.find("option", selected=True)
        return chosen["value"] if chosen else ""
    return field.get("value", "")


@pytest.mark.django_db
def test_every_page_type_opens_in_the_editor_with_its_own_fields_filled(admin_client, network):
    story = f.make_article(network["world"], title="Harbour reopens", standfirst="Ships sail again")
    gallery = f.make_gallery(network["world"], images=[f.make_image()], title="Storm pictures")
    video = f.make_video(network["world"], title="Evening bulletin", transcript="Good evening.")
    # Each type's editor shows the page's title and the fields that are its own, filled in.
    own_fields = {
        network["news"]: {"tagline": None},
        network["world"]: {"intro": None},
        story: {"standfirst": "Ships sail again"},
        gallery: {"photos-0-caption": "Caption 0"},
        video: {"video_url": "https://video.localhost/v/1", "transcript": "Good evening."},
    }
    for page, fields in own_fields.items():
        response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200, page
        html = BeautifulSoup(response.content, "html.parser")
        title = html.find("input", attrs={"name": "title"})
        assert title is not None, page
        form = title.find_parent("form")
        assert field_value(form, "title") == page.title
        for name, value in fields.items():
            shown = field_value(form, name)
            assert shown is not None, (page, name)
            if value is not None:
                assert shown == value, (page, name)
        # No type's editor shows another type's own field.
        others = {"tagline", "intro", "video_url"} - set(fields)
        assert not [name for name in others if field_value(form, name) is not None], page


@pytest.mark.django_db
def test_a_draft_preview_shows_the_unpublished_text_and_is_never_cached(admin_client, network):
    story = f.make_article(network["world"], title="Draft headline", live=False)
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[story.pk])
    form = article_form("Draft headline, revised", action="save")
    form["slug"] = story.slug
    assert admin_client.post(preview_url, form).json()["is_valid"]
    response = admin_client.get(preview_url)
    assert response.status_code == 200
    assert "Draft headline, revised" in response.content.decode()
    assert "public" not in response.get("Cache-Control", "")
    assert "X-Cache" not in response


@pytest.mark.django_db
def test_an_editor_uploads_a_picture_with_its_credit_and_rights(admin_client):
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (200, 40, 40)).save(buffer, format="JPEG")
    add_form = admin_client.get(reverse("wagtailimages:add"))
    html = add_form.content.decode()
    for field in ("photographer", "agency", "licence", "rights_expire_at", "default_alt_text"):
        assert f'name="{field}"' in html, field

    response = admin_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Harbour at dusk",
            "file": SimpleUploadedFile("harbour.jpg", buffer.getvalue(), "image/jpeg"),
            "collection": Collection.get_first_root_node().pk,
            "photographer": "Deniz Aksoy",
            "agency": "AFP",
            "licence": NewsImage.Licence.AGENCY,
            "usage_terms": "Editorial use only.",
            "rights_expire_at": "2030-01-01 00:00",
            "default_alt_text": "Boats moored in a harbour at dusk",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = NewsImage.objects.get(title="Harbour at dusk")
    assert image.credit == "Deniz Aksoy / AFP"
    assert image.licence == "agency"
    assert image.rights_expire_at.year == 2030
    assert image.default_alt_text == "Boats moored in a harbour at dusk"


@pytest.mark.django_db
def test_bylines_and_agencies_are_edited_as_snippets(admin_client):
    f.make_author("Selin Kaya")
    f.make_agency("AP", "Associated Press")
    authors = admin_client.get(reverse("wagtailsnippets_newsroom_author:list"))
    agencies = admin_client.get(reverse("wagtailsnippets_newsroom_agency:list"))
    assert "Selin Kaya" in authors.content.decode()
    assert "AP" in agencies.content.decode()

    response = admin_client.post(
        reverse("wagtailsnippets_newsroom_author:add"),
        {"name": "Ana Lima", "slug": "ana-lima", "role": "Reporter", "bio": ""},
    )
    assert response.status_code == 302
    assert Author.objects.get(slug="ana-lima").name == "Ana Lima"


@pytest.mark.django_db
def test_readers_cannot_reach_the_admin(client, django_user_model):
    response = client.get("/admin/")
    assert response.status_code == 302
    reader = django_user_model.objects.create_user(
        username="plainreader", email="reader@example.test", password="unused-Pw-1"
    )
    client.force_login(reader)
    response = client.get("/admin/pages/")
    assert response.status_code in (302, 403)
