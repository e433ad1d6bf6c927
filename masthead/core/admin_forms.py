"""A Wagtail admin form cut short answers 400, not 500 (issue #13).

Wagtail's StreamField widgets read their bookkeeping fields (``body-count``, ``body-0-type``,
``body-0-deleted``…) from the POST with ``data[key]``; a request without one (hand-made,
cut short by a proxy, an old tab after an upgrade) raised ``MultiValueDictKeyError`` inside
``wagtail.blocks`` and the editor saw a server error. That is a client's fault, so it is a
400 with a message the editor can act on; nothing was saved (the form never validated).
The upstream report: docs/decisions/0905-wagtail-streamfield-missing-count-is-a-400.md.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.utils.datastructures import MultiValueDictKeyError

logger = logging.getLogger(__name__)

INCOMPLETE = (
    "The editor's form arrived incomplete: part of a body's data ({key}) was missing, so "
    "nothing was saved. Reload the page and make the change again."
)


def _raised_by_wagtail_blocks(exception: BaseException) -> bool:
    trace = exception.__traceback__
    while trace is not None:
        parts = Path(trace.tb_frame.f_code.co_filename).parts
        if "wagtail" in parts and "blocks" in parts:
            return True
        trace = trace.tb_next
    return False


class IncompleteAdminFormMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if request.method != "POST" or not isinstance(exception, MultiValueDictKeyError):
            return None
        if not _raised_by_wagtail_blocks(exception):
            return None
        key = str(exception.args[0]) if exception.args else "a field"
        logger.warning("incomplete StreamField form on %s: %s missing", request.path, key)
        return HttpResponse(
            INCOMPLETE.format(key=key),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
