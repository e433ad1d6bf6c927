"""The one door to the network: HTTP GET with conditional requests and a byte limit.

Services take any ``Fetcher``; production uses ``HttpFetcher`` (urllib), tests point it at a
real server on loopback. Private and loopback addresses are refused unless
``INGEST_ALLOW_PRIVATE_HOSTS`` is set, so a pasted URL cannot reach internal services. Wire
copy (``ingest``) and TV and event listings (``listings``) fetch through it; the settings keep
their first user's names.

``InputError`` is the base of every "outside input we cannot use" error: the fetcher raises
its ``FetchError`` and ``TooLargeError``, and ``ingest`` derives its parsing errors from it,
so one ``except InputError`` catches a failed fetch and a bad document alike.
"""

from __future__ import annotations

import ipaddress
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlparse

from django.conf import settings
from django.core.exceptions import ValidationError


class InputError(ValidationError):
    """Input we cannot use; the message says why in words an editor understands."""

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message, code=code)

    @property
    def reason(self) -> str:
        return self.messages[0]


class TooLargeError(InputError):
    def __init__(self, message: str) -> None:
        super().__init__(message, code="too_large")


class FetchError(InputError):
    def __init__(self, message: str) -> None:
        super().__init__(message, code="fetch")


@dataclass
class FetchResult:
    url: str
    status: int
    content: bytes = b""
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class Fetcher(Protocol):
    def fetch(
        self, url: str, *, etag: str = "", last_modified: str = "", max_bytes: int
    ) -> FetchResult: ...


def max_input_bytes() -> int:
    return getattr(settings, "INGEST_MAX_BYTES", 10 * 1024 * 1024)


def _check_address(url: str) -> None:
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise FetchError(f"only http and https addresses can be fetched, not {url!r}")
    if getattr(settings, "INGEST_ALLOW_PRIVATE_HOSTS", False):
        return
    try:
        infos = socket.getaddrinfo(parsed.hostname, parsed.port or 80, proto=socket.IPPROTO_TCP)
    except OSError as error:
        raise FetchError(f"cannot resolve {parsed.hostname}: {error}") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if (
            address.is_private
            or address.is_loopback
            or address.is_link_local
            or address.is_reserved
        ):
            raise FetchError(f"{parsed.hostname} is a private address; it is not fetched")


class _NoRedirectToPrivate(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        _check_address(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class HttpFetcher:
    """urllib GET with If-None-Match/If-Modified-Since, a timeout and a size limit."""

    user_agent = "Masthead-Ingest/1.0 (+https://github.com/masthead)"

    def __init__(self, *, timeout: float = 20.0) -> None:
        self.timeout = timeout
        self._opener = urllib.request.build_opener(_NoRedirectToPrivate())

    def fetch(
        self, url: str, *, etag: str = "", last_modified: str = "", max_bytes: int
    ) -> FetchResult:
        _check_address(url)
        headers = {"User-Agent": self.user_agent, "Accept-Encoding": "identity"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        request = urllib.request.Request(url, headers=headers)  # noqa: S310 - scheme checked above
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                length = response.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > max_bytes:
                    raise TooLargeError(f"{url} is {length} bytes; the limit is {max_bytes}")
                content = response.read(max_bytes + 1)
                if len(content) > max_bytes:
                    raise TooLargeError(f"{url} is larger than the limit of {max_bytes} bytes")
                return FetchResult(
                    url=response.geturl(),
                    status=response.status,
                    content=content,
                    content_type=response.headers.get("Content-Type", ""),
                    etag=response.headers.get("ETag", ""),
                    last_modified=response.headers.get("Last-Modified", ""),
                )
        except urllib.error.HTTPError as error:
            if error.code == 304:
                return FetchResult(url=url, status=304, etag=etag, last_modified=last_modified)
            raise FetchError(f"{url} answered HTTP {error.code} {error.reason}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise FetchError(f"could not fetch {url}: {reason}") from None
