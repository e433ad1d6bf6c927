"""Request size limits that answer 413 instead of reading an oversized body.

Django bounds the *non-file* part of a body (DATA_UPLOAD_MAX_MEMORY_SIZE, answered with 400)
and the number of fields and files, but streams file uploads to disk however large they are.
This middleware refuses any body declared larger than ``MASTHEAD_MAX_REQUEST_BYTES`` before
a byte of it is read, so a 5 GB "avatar" never reaches the disk. Bodies sent without a length
(chunked) are cut by the front server (nginx ``client_max_body_size``, docs/security.md).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

DEFAULT_MAX_REQUEST_BYTES = 25 * 1024 * 1024


def max_request_bytes() -> int:
    return int(getattr(settings, "MASTHEAD_MAX_REQUEST_BYTES", DEFAULT_MAX_REQUEST_BYTES))


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declared = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(declared)
        except ValueError:
            return HttpResponse(
                "The request's Content-Length is not a number.",
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        limit = max_request_bytes()
        if length > limit:
            message = f"The request is larger than {limit // (1024 * 1024)} MB; nothing was saved."
            if request.path.startswith("/api/"):
                body = {"error": {"code": "too_large", "message": message, "details": []}}
                response = JsonResponse(body, status=413)
            else:
                from masthead.core.errors import too_large

                response = too_large(request, limit)
            # The client may keep sending: tell it the connection ends here. (Django's
            # development server, wsgiref, refuses hop-by-hop headers from the application:
            # there the 413 page would become a 500.)
            if not request.META.get("SERVER_SOFTWARE", "").startswith("WSGIServer"):
                response["Connection"] = "close"
            return response
        return self.get_response(request)


NUL_MESSAGE = (
    "The address holds a NUL character, which no field can store. Remove it and try again."
)


class NulCharacterMiddleware:
    """Refuse a query string holding NUL with 400, before a view passes it to the database.

    PostgreSQL cannot store or compare text with NUL (it raises ``DataError``), SQLite can: so
    a filter such as ``?tag=%00`` was a 500 on one engine only (found by the API fuzz run).
    Forms already refuse NUL (Django's ``ProhibitNullCharactersValidator``); the address is
    the one input nothing checked. The API gets its usual JSON error shape.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query or "\x00" in request.path:
            if request.path.startswith("/api/"):
                body = {"error": {"code": "bad_request", "message": NUL_MESSAGE, "details": []}}
                return JsonResponse(body, status=400)
            return HttpResponseBadRequest(NUL_MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
