"""HTTP around the API's endpoints: HEAD answered as GET without the body, OPTIONS with the
methods an address takes, 405 and 414 in the API's error shape, and CORS for public reads.

Reading the API is public (anonymous reads are allowed everywhere but ``/tokens``), so any web
page may read it from a browser: public answers carry ``Access-Control-Allow-Origin: *`` and
never ``Access-Control-Allow-Credentials``, so a browser sends no cookie with such a request
and a reader's session is never used across origins. Writes get no CORS headers: a browser
refuses to send them from another origin (docs/api.md, "CORS").
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import set_response_etag

from masthead.core.api.errors import error_response

API_PREFIX = "/api/v1/"
# Addresses that serve a reader's own data (their tokens): never readable across origins.
PRIVATE_PREFIXES = ("/api/v1/tokens",)
# Longer addresses get 414 in the error shape. Below gunicorn's request-line limit (raised to
# 8190 in the Makefile and docs/deployment.md; its own 414 past that is HTML).
MAX_URL_CHARS = 2048
READ_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    # Readable by the page's script besides the CORS-safelisted ones.
    "Access-Control-Expose-Headers": "ETag, Retry-After, WWW-Authenticate",
}
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": ", ".join(READ_METHODS),
    "Access-Control-Allow-Headers": "Authorization, If-None-Match, If-Modified-Since",
    "Access-Control-Max-Age": "86400",
}


def _allowed(response: HttpResponse) -> list[str]:
    methods = [m.strip() for m in response.get("Allow", "").split(",") if m.strip()]
    if "GET" in methods and "HEAD" not in methods:
        methods.append("HEAD")
    return sorted({*methods, "OPTIONS"})


def _not_allowed(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    allowed = _allowed(response)
    if request.method == "OPTIONS":
        answer = HttpResponse(status=204)
    else:
        answer = error_response(
            405,
            f"{request.method} is not allowed at this address; it answers {', '.join(allowed)}.",
        )
    answer["Allow"] = ", ".join(allowed)
    return answer


class ApiHttpMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if len(request.get_full_path()) > MAX_URL_CHARS:
            response = error_response(
                414,
                f"The address is longer than {MAX_URL_CHARS:,} characters; "
                "send fewer or shorter parameters.",
            )
        elif request.method == "HEAD":
            response = self._head(request)
        else:
            response = self.get_response(request)
        if response.status_code == 405 and "json" not in response.get("Content-Type", ""):
            response = _not_allowed(request, response)
        if request.method in READ_METHODS and not request.path.startswith(PRIVATE_PREFIXES):
            for name, value in CORS_HEADERS.items():
                response[name] = value
            if request.method == "OPTIONS":
                for name, value in PREFLIGHT_HEADERS.items():
                    response[name] = value
        return response

    def _head(self, request: HttpRequest) -> HttpResponse:
        """The GET answer's status and headers (ETag and Content-Length included), no body."""
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        if response.streaming:
            return response
        if response.status_code == 200 and not response.has_header("ETag"):
            set_response_etag(response)
        response["Content-Length"] = str(len(response.content))
        response.content = b""
        return response
