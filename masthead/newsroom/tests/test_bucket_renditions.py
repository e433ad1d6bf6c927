"""Pictures and renditions in a real S3-compatible bucket (SeaweedFS): a rendition is made
once for the whole network (one row, one object) and any node serves its address."""

from __future__ import annotations

import pytest
import requests
from django.core.cache import cache

from masthead.newsroom.models import NewsImage, NewsRendition
from masthead.newsroom.tests.factories import make_image

pytestmark = [pytest.mark.s3, pytest.mark.django_db]


def test_a_rendition_is_made_once_per_network_and_read_from_the_bucket(s3_storage):
    image = make_image()
    first = image.get_rendition("width-32")
    # Another node: its own process state (a fresh image object, an empty cache) finds the
    # rendition the first node made instead of making its own.
    cache.clear()
    second = NewsImage.objects.get(pk=image.pk).get_rendition("width-32")
    assert second.pk == first.pk
    assert NewsRendition.objects.filter(image=image, filter_spec="width-32").count() == 1
    storage = first.file.storage
    _, names = storage.listdir("images")
    made = [n for n in names if ".width-32" in n]
    assert len(made) == 1
    key = storage._normalize_name(first.file.name)
    response = requests.get(s3_storage.public_url(key), timeout=5)
    assert response.status_code == 200
    assert response.content[:2] == b"\xff\xd8"  # a JPEG
    assert first.url == "/media/" + key.removeprefix("public/")
