"""Where files live: local folders (the embedded default) or one S3-compatible bucket.

``MEDIA_STORAGE_URL`` (``s3+http://KEY:SECRET@host:port/bucket``, ``s3+https://…``, or
``s3://KEY:SECRET@/bucket?region=eu-west-1`` for AWS itself) puts everything an app node
writes in the bucket, so no node needs another's disk:

- ``public/`` — pictures, renditions, video and documents. Their address is ``MEDIA_URL``
  (``/media/`` by default): the cache or CDN in front maps it to the bucket's public prefix,
  which the bucket lets anyone read.
- ``private/`` — reader originals and data exports. Nobody may read them without a signed,
  short-lived address (``MASTHEAD_SIGNED_URL_SECONDS``), which the app hands out only after
  its own permission check.

Without it, public files go to ``MEDIA_ROOT`` and private ones to ``MASTHEAD_PRIVATE_ROOT``;
a private file's signed address is then ``/private-files/<token>/``, served by
:func:`serve_signed` after the same kind of check (signature and expiry).
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from django.conf import settings
from django.core import signing
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.functional import LazyObject
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache

from masthead.core import compat

SIGNING_SALT = "masthead.private-file"
PUBLIC_PREFIX = "public"
PRIVATE_PREFIX = "private"


class StorageUnavailable(Exception):
    """The object store did not answer: the caller tells the reader to try again."""


@dataclass(frozen=True)
class BucketConfig:
    """What ``MEDIA_STORAGE_URL`` says, in django-storages' option names."""

    endpoint_url: str | None
    bucket_name: str
    access_key: str
    secret_key: str
    region_name: str
    signing_endpoint_url: str | None

    def options(self, *, location: str, signed: bool) -> dict[str, Any]:
        return {
            "endpoint_url": self.endpoint_url,
            "bucket_name": self.bucket_name,
            "access_key": self.access_key,
            "secret_key": self.secret_key,
            "region_name": self.region_name,
            "location": location,
            "querystring_auth": signed,
            "signature_version": "s3v4",
            "addressing_style": "path",
            # Two uploads of one name (a race between nodes) must not replace each other.
            "file_overwrite": False,
            "default_acl": None,
            "signing_endpoint_url": self.signing_endpoint_url,
        }


def parse_storage_url(url: str, *, signing_url: str = "") -> BucketConfig:
    """``s3+http://KEY:SECRET@host:port/bucket?region=…`` → the bucket's settings.

    Raises ``ValueError`` naming what is missing, so settings can refuse to start."""
    parsed = urlparse(url)
    schemes = {"s3": "https", "s3+https": "https", "s3+http": "http"}
    if parsed.scheme not in schemes:
        raise ValueError(
            f"MEDIA_STORAGE_URL must start with s3://, s3+http:// or s3+https:// (got {url!r})"
        )
    bucket = parsed.path.strip("/")
    if not bucket or "/" in bucket:
        raise ValueError("MEDIA_STORAGE_URL must name one bucket: s3+http://KEY:SECRET@host/bucket")
    if not parsed.username or not parsed.password:
        raise ValueError(
            "MEDIA_STORAGE_URL must carry the access key and secret: s3://KEY:SECRET@…"
        )
    query = parse_qs(parsed.query)
    region = query.get("region", ["us-east-1"])[0]
    endpoint = f"{schemes[parsed.scheme]}://{parsed.hostname}" if parsed.hostname else None
    if endpoint and parsed.port:
        endpoint += f":{parsed.port}"
    return BucketConfig(
        endpoint_url=endpoint,
        bucket_name=bucket,
        access_key=unquote(parsed.username),
        secret_key=unquote(parsed.password),
        region_name=region,
        signing_endpoint_url=signing_url.rstrip("/") or None,
    )


def storages_for(
    *, storage_url: str, signing_url: str, media_root: str, private_root: str
) -> dict[str, dict]:
    """The ``STORAGES`` entries ``default`` (public files) and ``private``."""
    if not storage_url:
        return {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "private": {
                "BACKEND": "masthead.core.storage.LocalPrivateStorage",
                "OPTIONS": {"location": private_root},
            },
        }
    bucket = parse_storage_url(storage_url, signing_url=signing_url)
    return {
        "default": {
            "BACKEND": "masthead.core.buckets.PublicBucketStorage",
            "OPTIONS": bucket.options(location=PUBLIC_PREFIX, signed=False),
        },
        "private": {
            "BACKEND": "masthead.core.buckets.PrivateBucketStorage",
            "OPTIONS": bucket.options(location=PRIVATE_PREFIX, signed=True),
        },
    }


class LocalPrivateStorage(FileSystemStorage):
    """Private files in a folder with no public address (the embedded default)."""

    def __init__(self, location: str | None = None, **kwargs: Any) -> None:
        super().__init__(location=location, base_url=None, **kwargs)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public address; use signed_url().")

    def signed_url(self, name: str, *, seconds: int, filename: str = "") -> str:
        relative = str(PurePosixPath(self.location_relative_to_root(), name))
        token = signing.dumps({"n": relative, "f": filename, "s": seconds}, salt=SIGNING_SALT)
        return reverse("private-file", kwargs={"token": token})

    def location_relative_to_root(self) -> str:
        root = Path(private_root_location())
        return str(Path(self.location).resolve().relative_to(root.resolve()))


def private_root_location() -> str:
    return storages.backends["private"].get("OPTIONS", {}).get("location", "")


def _private_storage_now(folder: str) -> Storage:
    config = storages.backends["private"]
    options = dict(config.get("OPTIONS", {}))
    options["location"] = str(PurePosixPath(options.get("location", ""), folder))
    return import_string(config["BACKEND"])(**options)


class PrivateFolder(LazyObject):
    """The private storage under one folder, built on first use and again after a change of
    settings (a model field keeps its storage object for ever; tests swap the bucket in)."""

    def __init__(self, folder: str) -> None:
        super().__init__()
        self.__dict__["_folder"] = folder
        _folders.append(self)

    def _setup(self) -> None:
        self._wrapped = _private_storage_now(self.__dict__["_folder"])


_folders: list[PrivateFolder] = []


def private_storage(folder: str) -> Storage:
    """The private storage under ``folder`` (contributions, exports …): a sub-folder of
    MASTHEAD_PRIVATE_ROOT, or of the bucket's private prefix."""
    return PrivateFolder(folder)  # type: ignore[return-value]


@receiver(setting_changed)
def _reset_private_folders(*, setting: str, **kwargs: Any) -> None:
    if setting in ("STORAGES", "MASTHEAD_PRIVATE_ROOT"):
        for folder in _folders:
            compat.reset_lazy(folder)


def signed_url(storage: Storage, name: str, *, filename: str = "", seconds: int = 0) -> str:
    """A short-lived address of a private file; hand it out only after a permission check."""
    lifetime = seconds or settings.MASTHEAD_SIGNED_URL_SECONDS
    return storage.signed_url(name, seconds=lifetime, filename=filename)  # type: ignore[attr-defined]


@never_cache
def serve_signed(request: HttpRequest, token: str) -> HttpResponse:
    """A private file of the local storage, for whoever holds an unexpired signed address
    (the permission check was made when it was handed out)."""
    try:
        payload = signing.loads(token, salt=SIGNING_SALT, max_age=_max_age(token))
    except signing.BadSignature:
        raise Http404("This link is not valid or has expired.") from None
    root = Path(private_root_location()).resolve()
    path = (root / payload["n"]).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise Http404("No such file.")
    response = FileResponse(path.open("rb"))
    filename = payload.get("f") or ""
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Content-Type"] = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    else:
        response["Content-Type"] = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _max_age(token: str) -> int:
    # The lifetime travels inside the signed payload; read it unverified only to know how
    # long to accept the signature (loads() checks both).
    try:
        lifetime = int(signing.loads(token, salt=SIGNING_SALT)["s"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return 0
    # +1: the signature's time stamp is in whole seconds.
    return max(1, min(lifetime, 24 * 3600)) + 1
