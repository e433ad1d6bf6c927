"""Every API error has one JSON shape: ``{"error": {"code", "message", "details"}}``."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import (
    ObjectDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from masthead.core.api.auth import InvalidToken

logger = logging.getLogger(__name__)


class ErrorDetail(Schema):
    field: str
    message: str


class ErrorBody(Schema):
    code: str
    message: str
    details: list[ErrorDetail] = []


class ErrorOut(Schema):
    error: ErrorBody


# Statuses every endpoint may answer with, declared in the OpenAPI document.
COMMON_ERRORS = {400: ErrorOut, 401: ErrorOut, 414: ErrorOut, 422: ErrorOut, 429: ErrorOut}
NOT_FOUND = {404: ErrorOut}
FORBIDDEN = {403: ErrorOut}

_CODES = {
    400: "bad_request",
    401: "authentication_required",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    414: "uri_too_long",
    409: "conflict",
    422: "invalid",
    429: "rate_limited",
}


def error_response(
    status: int, message: str, *, code: str | None = None, details: list[dict] | None = None
) -> JsonResponse:
    body: dict[str, object] = {"code": code or _CODES.get(status, "error"), "message": message}
    body["details"] = details or []
    return JsonResponse({"error": body}, status=status)


def _field(loc: list) -> str:
    parts = [str(p) for p in loc if p not in ("query", "path", "body", "header", "cookie")]
    return ".".join(parts) or "request"


def install(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        details = [
            {"field": _field(list(e.get("loc", []))), "message": str(e.get("msg", "invalid"))}
            for e in exc.errors
        ]
        summary = "; ".join(f"{d['field']}: {d['message']}" for d in details[:5])
        return error_response(422, f"Some input is not valid — {summary}", details=details)

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        wait = f" Try again in {int(exc.wait) + 1} seconds." if exc.wait else ""
        return error_response(429, f"Too many requests.{wait}")

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        if isinstance(exc, InvalidToken):
            message = "The API token is not valid or has been revoked."
        else:
            message = (
                "Sign in (with the CSRF token on writes) or send "
                "'Authorization: Bearer <your API token>'."
            )
        response = error_response(401, message)
        response["WWW-Authenticate"] = 'Bearer realm="masthead"'
        return response

    @api.exception_handler(AuthorizationError)
    def forbidden(request: HttpRequest, exc: AuthorizationError) -> HttpResponse:
        return error_response(403, str(exc.message) if exc.message else "Not allowed.")

    @api.exception_handler(PermissionDenied)
    def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return error_response(403, str(exc) or "Not allowed.")

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(404, str(exc) or "Not found.")

    @api.exception_handler(ObjectDoesNotExist)
    def missing(request: HttpRequest, exc: ObjectDoesNotExist) -> HttpResponse:
        return error_response(404, str(exc) or "Not found.")

    @api.exception_handler(DjangoValidationError)
    def refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        if hasattr(exc, "message_dict"):
            details = [{"field": f, "message": m} for f, ms in exc.message_dict.items() for m in ms]
        else:
            details = [{"field": "request", "message": m} for m in exc.messages]
        return error_response(400, " ".join(d["message"] for d in details), details=details)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return error_response(exc.status_code, str(exc.message))

    # Django answers these with 400 outside the API; inside it ninja's catch-all below would
    # have made a body over DATA_UPLOAD_MAX_MEMORY_SIZE a 500 (issue #13).
    @api.exception_handler(SuspiciousOperation)
    def suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        if isinstance(exc, RequestDataTooBig):
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            return error_response(
                400, f"The request body is over the limit of {limit:,} bytes for data."
            )
        return error_response(400, "The request could not be read.")

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s", request.path)
        return error_response(
            500, "Something went wrong on our side; it has been logged.", code="server_error"
        )
