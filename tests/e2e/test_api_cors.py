"""A web page on another origin reads the public API from Chromium (CORS, with a token and a
conditional request, so with a preflight), and cannot write: the browser refuses."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse

import pytest

from masthead.accounts.tests.factories import make_member
from masthead.api.services import api_token_create
from masthead.newsroom.tests import factories as f

READ = """async ([api, token]) => {
  const first = await fetch(api + "/api/v1/stories", {headers: {Authorization: "Bearer " + token}});
  const body = await first.json();
  const etag = first.headers.get("ETag");
  const again = await fetch(api + "/api/v1/stories", {headers: {"If-None-Match": etag}});
  return {status: first.status, titles: body.items.map(s => s.title), etag, again: again.status};
}"""

WRITE = """async (api) => {
  try {
    const r = await fetch(api + "/api/v1/tokens", {
      method: "POST", credentials: "include", headers: {"Content-Type": "application/json"},
      body: JSON.stringify({name: "from elsewhere"})});
    return "answered " + r.status;
  } catch (error) {
    return "refused: " + error.message;
  }
}"""


@pytest.fixture
def elsewhere(tmp_path) -> Iterator[str]:
    """Another web site (its own origin, none of our headers): a plain HTTP server, port 0."""
    (tmp_path / "index.html").write_text("<!DOCTYPE html><title>Elsewhere</title><p>Hello")

    def handler(*args, **kwargs):
        return SimpleHTTPRequestHandler(*args, directory=str(tmp_path), **kwargs)

    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_another_origin_reads_the_api_in_a_browser_but_cannot_write(
    page, live_network, live_server, elsewhere
):
    f.make_article(live_network["world"], title="Harbour reopens")
    _, token = api_token_create(user=make_member("ruth"), name="a web page")
    port = urlparse(live_server.url).port
    api = f"http://localhost:{port}"
    page.goto(elsewhere)

    read = page.evaluate(READ, [api, token])

    assert read["status"] == 200
    assert read["titles"] == ["Harbour reopens"]
    assert read["etag"], "ETag is exposed to the page"
    assert read["again"] in (200, 304)  # the browser may answer a 304 from its own cache
    assert page.evaluate(WRITE, api).startswith("refused:")
    from masthead.api.models import ApiToken

    assert not ApiToken.objects.filter(name="from elsewhere").exists()
