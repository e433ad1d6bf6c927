import pytest

from masthead.live.fastpath import NewStoriesFastPath


class Counting:
    """A WSGI app answering with a body that says how often it was called."""

    def __init__(self, status="200 OK", headers=()):
        self.calls = 0
        self.status = status
        self.headers = [("Content-Type", "application/json"), *headers]

    def __call__(self, environ, start_response):
        self.calls += 1
        start_response(self.status, self.headers)
        return [f'{{"calls": {self.calls}}}'.encode()]


def _get(app, path="/live/new-stories/", query="since=1.1", host="localhost"):
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = status, headers

    body = b"".join(
        app(
            {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "HTTP_HOST": host},
            start_response,
        )
    )
    return seen["status"], dict(seen["headers"]), body


def test_a_repeated_poll_is_answered_from_the_copy_with_its_headers(settings):
    inner = Counting(headers=[("Cache-Control", "public, max-age=15")])
    app = NewStoriesFastPath(inner)
    first = _get(app)
    second = _get(app)
    assert second == first
    assert second[1]["Cache-Control"] == "public, max-age=15"
    assert inner.calls == 1


def test_each_site_and_since_has_its_own_copy():
    inner = Counting()
    app = NewStoriesFastPath(inner)
    _get(app, host="localhost")
    _get(app, host="money.localhost")
    _get(app, query="since=2.2")
    assert inner.calls == 3


@pytest.mark.parametrize(
    "inner",
    [Counting(status="400 Bad Request"), Counting(headers=[("Set-Cookie", "a=b")])],
    ids=["error", "cookie"],
)
def test_errors_and_per_reader_answers_are_never_kept(inner):
    app = NewStoriesFastPath(inner)
    _get(app)
    _get(app)
    assert inner.calls == 2


def test_other_paths_pass_straight_through():
    inner = Counting()
    app = NewStoriesFastPath(inner)
    _get(app, path="/")
    _get(app, path="/")
    assert inner.calls == 2


def test_zero_seconds_turns_the_copy_off(settings):
    settings.MASTHEAD_LIVE_FASTPATH_SECONDS = 0
    inner = Counting()
    app = NewStoriesFastPath(inner)
    _get(app)
    _get(app)
    assert inner.calls == 2
