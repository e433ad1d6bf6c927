"""Reader originals in a real S3-compatible bucket (SeaweedFS): private objects reached only
through the signed, short-lived links the views hand out after their permission check; a
stopped store fails a send clearly and keeps the reader's text."""

from __future__ import annotations

import re

import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile

from masthead.accounts.tests.factories import sign_in
from masthead.contributions.models import Contribution
from masthead.contributions.tests import files
from masthead.contributions.tests.conftest import words
from masthead.core.localservices import wait_until

pytestmark = [pytest.mark.s3, pytest.mark.django_db]


def test_originals_are_private_objects_behind_signed_links(
    client, s3_storage, make_contribution, reader, editor, settings
):
    photo = make_contribution().photos.get()
    key = photo.original.storage._normalize_name(photo.original.name)
    assert key.startswith("private/")
    # Anyone who guesses the object's address: refused by the bucket.
    assert requests.get(s3_storage.public_url(key), timeout=5).status_code == 403
    # The owner has no link to the original; an editor gets a signed one.
    sign_in(client, reader)
    assert client.get(f"/contribute/photos/{photo.pk}/original/").status_code == 404
    client.logout()
    sign_in(client, editor)
    settings.MASTHEAD_SIGNED_URL_SECONDS = 2
    answer = client.get(f"/contribute/photos/{photo.pk}/original/")
    assert answer.status_code == 302
    link = answer["Location"]
    assert link.startswith(s3_storage.endpoint) and "X-Amz-Signature=" in link
    original = requests.get(link, timeout=5)
    assert original.status_code == 200
    assert original.headers["Content-Type"] == "application/octet-stream"
    assert files.has_gps(original.content)  # kept as sent, privately
    wait_until(lambda: requests.get(link, timeout=5).status_code == 403, 15, "the link's expiry")


def test_data_export_is_a_private_object_for_its_owner_only(client, s3_storage, network, reader):
    sign_in(client, reader)
    answer = client.get("/accounts/data/")
    assert answer.status_code == 302
    link = answer["Location"]
    export = requests.get(link, timeout=5)
    assert export.status_code == 200
    assert export.json()["account"]["username"] == reader.username
    assert "attachment" in export.headers["Content-Disposition"]
    unsigned = link.split("?", 1)[0]
    assert requests.get(unsigned, timeout=5).status_code == 403
    # A new export replaces the old one: the old link opens nothing any more.
    client.get("/accounts/data/")
    assert requests.get(link, timeout=5).status_code in (403, 404)


def test_published_pictures_are_read_from_the_public_prefix(
    client, s3_storage, make_contribution, editor
):
    from masthead.contributions import services

    contribution = make_contribution(kind="pictures", photos=1, body="")
    page = services.contribution_accept(actor=editor, contribution=contribution, publish=True)
    html = client.get(page.url).content.decode()
    addresses = re.findall(r'<img src="/media/([^"]+)"', html)
    assert addresses
    for address in addresses:
        response = requests.get(s3_storage.public_url(f"public/{address}"), timeout=5)
        assert response.status_code == 200, address
        assert not files.has_gps(response.content)


def test_store_down_the_send_fails_clearly_keeps_the_text_and_works_when_back(
    client, network, reader, settings, tmp_path
):
    from masthead.core.localservices import SeaweedFS
    from masthead.core.storage import storages_for

    server = SeaweedFS(tmp_path / "weed")
    server.start()
    try:
        settings.STORAGES = {
            **settings.STORAGES,
            **storages_for(storage_url=server.storage_url, signing_url="", media_root="",
                           private_root=""),
        }  # fmt: skip
        sign_in(client, reader)
        server.stop()

        def send():
            photo = SimpleUploadedFile("x.jpg", files.jpeg_with_gps(), content_type="image/jpeg")
            return client.post("/contribute/story/", {
                "title": "Flooding on Smith Street", "body": words(210), "place_text": "Durban",
                "declaration": "on", "licence": "non-exclusive", "send": "1",
                "photo_0": photo, "caption_0": "Water rising",
            })  # fmt: skip

        refused = send()
        assert refused.status_code == 503
        text = refused.content.decode()
        assert "our picture store is not answering" in text
        assert "word209" in text and "Flooding on Smith Street" in text
        assert not Contribution.objects.filter(contributor=reader, status="submitted").exists()
        server.start()
        sent = send()
        assert sent.status_code == 302
        assert Contribution.objects.get(contributor=reader, status="submitted").photos.count() == 1
    finally:
        server.stop()
