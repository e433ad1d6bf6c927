"""Files in local folders or in a real S3-compatible bucket (SeaweedFS): public files by
address, private ones only through a valid, unexpired signed link."""

from __future__ import annotations

import time

import pytest
import requests
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from masthead.core.localservices import wait_until
from masthead.core.storage import (
    StorageUnavailable,
    parse_storage_url,
    private_storage,
    signed_url,
)


def test_storage_url_names_endpoint_bucket_and_keys():
    config = parse_storage_url("s3+http://key:se%2Fcret@127.0.0.1:8333/news?region=eu-west-2")
    assert config.endpoint_url == "http://127.0.0.1:8333"
    assert (config.bucket_name, config.access_key, config.secret_key) == ("news", "key", "se/cret")
    assert config.region_name == "eu-west-2"
    aws = parse_storage_url("s3://key:secret@/news")
    assert aws.endpoint_url is None  # the provider's own endpoint


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://key:secret@host/bucket", "must start with s3://"),
        ("s3+http://key:secret@host/", "must name one bucket"),
        ("s3+http://host:8333/bucket", "access key and secret"),
    ],
)
def test_a_wrong_storage_url_says_what_is_wrong(url, says):
    with pytest.raises(ValueError, match=says):
        parse_storage_url(url)


# --- the embedded default: local folders, signed links served by the app -------------------


@pytest.mark.django_db
def test_local_private_file_only_through_its_signed_link(client):
    storage = private_storage("exports")
    name = storage.save("reader.json", ContentFile(b'{"secret": 1}'))
    with pytest.raises(ValueError):
        storage.url(name)
    link = signed_url(storage, name, filename="my-data.json")
    response = client.get(link)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b'{"secret": 1}'
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    # Without a link, with a forged or altered one: nothing.
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert client.get("/private-files/exports%2Freader.json/").status_code == 404
    assert client.get(f"/private-files/{token[:-2]}xx/").status_code == 404
    assert client.get("/media/../private/exports/reader.json").status_code in (400, 404)


@pytest.mark.django_db
def test_local_signed_link_stops_working_when_it_expires(client):
    storage = private_storage("exports")
    name = storage.save("old.json", ContentFile(b"{}"))
    # Long enough to be used at once on a busy machine, short enough to wait out.
    signed = time.monotonic()
    link = signed_url(storage, name, seconds=4)
    assert client.get(link).status_code == 200
    # Asked again until it stops working (not slept past a fixed time): the signature's time
    # is in whole seconds, so a 4 s link dies 3 to 5 s after it was made, never sooner.
    wait_until(lambda: client.get(link).status_code == 404, 15, "the link's expiry")
    assert time.monotonic() - signed >= 3


# --- a real bucket (SeaweedFS) ---------------------------------------------------------------


@pytest.mark.s3
def test_public_file_is_read_anonymously_from_the_public_prefix(s3_storage):
    name = default_storage.save("images/picture.jpg", ContentFile(b"picture-bytes"))
    key = default_storage._normalize_name(name)
    assert default_storage.url(name) == "/media/" + key.removeprefix("public/")
    response = requests.get(s3_storage.public_url(key), timeout=5)
    assert response.status_code == 200
    assert response.content == b"picture-bytes"


@pytest.mark.s3
def test_bucket_private_file_with_without_and_after_expiry(s3_storage):
    storage = private_storage("exports")
    name = storage.save("reader.json", ContentFile(b'{"secret": 2}'))
    key = storage._normalize_name(name)
    assert key.startswith("private/")
    with pytest.raises(ValueError):
        storage.url(name)
    # Without a signature: refused.
    assert requests.get(s3_storage.public_url(key), timeout=5).status_code == 403
    link = signed_url(storage, name, filename="my-data.json", seconds=2)
    response = requests.get(link, timeout=5)
    assert response.status_code == 200
    assert response.content == b'{"secret": 2}'
    assert response.headers["Content-Disposition"] == 'attachment; filename="my-data.json"'
    # The signature covers the key: it opens no other file.
    other = storage.save("other.json", ContentFile(b"{}"))
    forged = link.replace(key, storage._normalize_name(other))
    assert requests.get(forged, timeout=5).status_code == 403
    wait_until(lambda: requests.get(link, timeout=5).status_code == 403, 15, "the link's expiry")


@pytest.mark.s3
def test_a_stopped_store_fails_an_upload_quickly_and_works_again_without_restart(
    settings, tmp_path
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
        storage = private_storage("contributions")
        storage.save("before.bin", ContentFile(b"1"))
        server.stop()
        started = time.monotonic()
        with pytest.raises(StorageUnavailable):
            storage.save("during.bin", ContentFile(b"2"))
        assert time.monotonic() - started < 15
        server.start()
        assert storage.exists(storage.save("after.bin", ContentFile(b"3")))
    finally:
        server.stop()
