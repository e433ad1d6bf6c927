"""The S3-compatible bucket behind ``MEDIA_STORAGE_URL`` (django-storages + boto3): public
files addressed through MEDIA_URL, private ones only through presigned addresses.
Imported only when the setting is used, so the embedded default never loads boto3."""

from __future__ import annotations

import mimetypes
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage

from masthead.core.storage import StorageUnavailable


class _BucketStorage(S3Storage):
    """django-storages' S3 storage whose failures say the object store is unavailable."""

    def __init__(self, **options: Any) -> None:
        from botocore.config import Config

        self.signing_endpoint_url = options.pop("signing_endpoint_url", None)
        # A stopped object store must fail an upload in seconds (the reader is told to try
        # again), not after boto3's default retries and minute-long timeouts.
        options.setdefault(
            "client_config",
            Config(
                connect_timeout=2,
                read_timeout=10,
                retries={"max_attempts": 2, "mode": "standard"},
                signature_version="s3v4",
                s3={"addressing_style": "path"},
            ),
        )
        super().__init__(**options)

    def _save(self, name: str, content: Any) -> str:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return super()._save(name, content)
        except (BotoCoreError, ClientError) as error:
            raise StorageUnavailable(str(error)) from error

    def exists(self, name: str) -> bool:
        from botocore.exceptions import BotoCoreError

        try:
            return super().exists(name)
        except BotoCoreError as error:
            raise StorageUnavailable(str(error)) from error


class PublicBucketStorage(_BucketStorage):
    """Public files: their address is MEDIA_URL plus the name, served by the cache or CDN
    from the bucket's public prefix (no request to the bucket to build it)."""

    def url(self, name: str | None, parameters=None, expire=None, http_method=None) -> str:
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name or ""))


class PrivateBucketStorage(_BucketStorage):
    """Private files: only a presigned address, valid MASTHEAD_SIGNED_URL_SECONDS."""

    def url(self, name: str | None, parameters=None, expire=None, http_method=None) -> str:
        raise ValueError("Private files have no public address; use signed_url().")

    def signed_url(self, name: str, *, seconds: int, filename: str = "") -> str:
        import boto3
        from botocore.config import Config

        params = {"Bucket": self.bucket_name, "Key": self._normalize_name(name)}
        if filename:
            params["ResponseContentDisposition"] = f'attachment; filename="{filename}"'
            params["ResponseContentType"] = (
                mimetypes.guess_type(filename)[0] or "application/octet-stream"
            )
        # Signed for the address readers use (it is part of the signature), which may differ
        # from the one the app nodes upload to.
        client = boto3.session.Session().client(
            "s3",
            endpoint_url=self.signing_endpoint_url or self.endpoint_url,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name=self.region_name,
            config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
        )
        return client.generate_presigned_url("get_object", Params=params, ExpiresIn=seconds)
