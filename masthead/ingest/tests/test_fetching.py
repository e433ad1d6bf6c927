"""Feeds polled over real HTTP: a server on loopback serves the shared files with ETag and
Last-Modified, and answers 304 when the poll sends them back."""

from __future__ import annotations

import hashlib
import io
import socket
import threading
from datetime import timedelta
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from masthead.core.fetching import HttpFetcher
from masthead.ingest import services
from masthead.ingest.errors import FetchError, TooLargeError
from masthead.ingest.models import IngestLogEntry, IngestSource
from masthead.newsroom.models import ArticlePage, NewsImage


class FileServer:
    """Serves files from a folder, with validators, and remembers the requests it saw."""

    def __init__(self, root: Path, *, extra: dict[str, tuple[bytes, str]] | None = None) -> None:
        # Resolved like each file below, so a symlinked ../shared still serves its files.
        self.root = root.resolve()
        self.extra = extra or {}
        self.requests: list[dict[str, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append({"path": self.path, **dict(self.headers.items())})
                if self.path in server.extra:
                    body, content_type = server.extra[self.path]
                else:
                    file = (server.root / self.path.lstrip("/")).resolve()
                    if not file.is_relative_to(server.root) or not file.is_file():
                        self.send_error(404)
                        return
                    body, content_type = file.read_bytes(), "application/rss+xml"
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                modified = formatdate(1_500_000_000, usegmt=True)
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", modified)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        # Port 0: the OS picks a free one, so parallel test processes never meet.
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> FileServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def loopback_allowed(settings):
    settings.INGEST_ALLOW_PRIVATE_HOSTS = True


@pytest.mark.django_db
def test_a_feed_poll_imports_then_the_next_poll_is_answered_304(
    shared_data, section, loopback_allowed
):
    with FileServer(shared_data / "rss") as server:
        source = IngestSource.objects.create(
            name="Oren", url=f"{server.url}/oren-ru_windows-1251.rss", section=section
        )
        first = services.source_poll(source=source, fetcher=HttpFetcher())
        source.refresh_from_db()
        source.next_poll_at = timezone.now() - timedelta(seconds=1)
        source.save()

        second = services.sources_poll_due(fetcher=HttpFetcher())

    assert first.counts == {"created": 10}
    assert ArticlePage.objects.filter(live=False).count() == 10
    assert source.etag.startswith('"') and source.last_modified.endswith("GMT")
    assert "If-None-Match" not in server.requests[0]
    assert server.requests[1]["If-None-Match"] == source.etag
    assert server.requests[1]["If-Modified-Since"] == source.last_modified
    assert second.counts == {"not_modified": 1}
    assert ArticlePage.objects.count() == 10
    assert IngestLogEntry.objects.filter(outcome="not_modified", source=source).count() == 1


@pytest.mark.django_db
def test_a_source_is_not_polled_before_its_interval_has_passed(
    shared_data, section, loopback_allowed
):
    with FileServer(shared_data / "rss") as server:
        source = IngestSource.objects.create(
            name="Heise", url=f"{server.url}/heise-developer.atom", section=section,
            next_poll_at=timezone.now() + timedelta(minutes=5),
        )  # fmt: skip
        summary = services.sources_poll_due(fetcher=HttpFetcher())

    assert summary.results == [] and server.requests == []
    assert source.next_poll_at > timezone.now()


@pytest.mark.django_db
def test_a_source_that_cannot_be_reached_is_logged_and_others_still_poll(
    shared_data, section, loopback_allowed
):
    with FileServer(shared_data / "rss") as server:
        IngestSource.objects.create(name="Gone", url=f"{server.url}/missing.rss", section=section)
        IngestSource.objects.create(
            name="TPM", url=f"{server.url}/tpm_relative-links.atom", section=section
        )

        summary = services.sources_poll_due(fetcher=HttpFetcher())

    assert summary.counts["created"] == 20
    [failure] = summary.failed
    assert "HTTP 404" in failure.message
    assert IngestSource.objects.get(name="Gone").last_status.endswith("Not Found")


@pytest.mark.django_db
def test_linked_pictures_are_fetched_through_the_same_door_when_the_source_allows(
    section, loopback_allowed, tiny_jpeg, tmp_path
):
    feed = b"""<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
    <title>t</title><link>http://example.test/</link><item><guid>pic-1</guid>
    <title>Harbour bridge opens to traffic in Cork</title>
    <description>&lt;p&gt;CORK - The harbour bridge opened on Monday.&lt;/p&gt;</description>
    <media:content url="/p/bridge.jpg" medium="image">
    <media:credit>Ines Duarte/Reuters</media:credit></media:content>
    </item></channel></rss>"""
    with FileServer(tmp_path, extra={"/p/bridge.jpg": (tiny_jpeg, "image/jpeg")}) as server:
        # The picture link is relative: it resolves against the feed's link, our server.
        feed_with_host = feed.replace(b"http://example.test/", server.url.encode() + b"/")
        server.extra["/feed.rss"] = (feed_with_host, "application/rss+xml")
        source = IngestSource.objects.create(
            name="Pics", url=f"{server.url}/feed.rss", section=section, fetch_pictures=True
        )
        services.source_poll(source=source, fetcher=HttpFetcher())

    page = ArticlePage.objects.get()
    assert page.lead_image is not None
    assert (page.lead_image.photographer, page.lead_image.agency) == ("Ines Duarte", "Reuters")
    assert NewsImage.objects.count() == 1


def test_private_addresses_are_refused_by_default(settings):
    settings.INGEST_ALLOW_PRIVATE_HOSTS = False

    with pytest.raises(FetchError, match="private address"):
        HttpFetcher().fetch("http://127.0.0.1:8599/feed.rss", max_bytes=1000)
    with pytest.raises(FetchError, match="only http and https"):
        HttpFetcher().fetch("file:///etc/passwd", max_bytes=1000)


def test_a_response_over_the_byte_limit_is_refused(shared_data, loopback_allowed):
    with FileServer(shared_data / "rss") as server, pytest.raises(TooLargeError, match="limit"):
        HttpFetcher().fetch(f"{server.url}/guardian_media-content.rss", max_bytes=10_000)


def test_nothing_listens_is_a_fetch_error(loopback_allowed):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError, match="could not fetch"):
        HttpFetcher(timeout=2).fetch(f"http://127.0.0.1:{port}/", max_bytes=1000)


@pytest.mark.django_db
def test_the_ingest_command_fetches_an_address(shared_data, section, loopback_allowed):
    out = io.StringIO()
    with FileServer(shared_data / "rss") as server:
        call_command(
            "ingest", f"{server.url}/heise-developer.atom", "--section", str(section.pk), stdout=out
        )

    assert ArticlePage.objects.filter(live=False).count() == 15
    assert "created" in out.getvalue()
