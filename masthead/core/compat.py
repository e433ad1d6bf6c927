"""Every use of a private Django, Wagtail or treebeard internal, in one place.

Each function names what it relies on; ``core/tests/test_compat.py`` holds a contract test for
each that fails when an upgrade changes the internal, so an upgrade is checked here and not
found in a slow page or a wrong answer. Code outside this module uses no ``_private`` attribute
of a framework object (the layering test ``tests/layers.py`` does not see attributes: review
does; ``grep -rn "\\._wagtail\\|_cached_parent_obj\\|_iterable_class" masthead`` finds strays).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators
from django.http import HttpRequest
from django.utils.functional import LazyObject, empty

# --- Wagtail: what a request and a page cache about themselves --------------------------------


def remember_request_site(request: HttpRequest, site: Any) -> None:
    """``Site.find_for_request`` answers from ``request._wagtail_site`` when it is set."""
    request._wagtail_site = site  # type: ignore[attr-defined]


def remember_request_route(request: HttpRequest, page: Any) -> None:
    """``Page.route_for_request`` (and ``find_for_request``, the ``{% pageurl %}`` and
    ``{% slugurl %}`` tags, the userbar) answer from ``request._wagtail_route_for_request``."""
    request._wagtail_route_for_request = (page, [], {})  # type: ignore[attr-defined]


def remember_site_root_paths(holder: Any, root_paths: Any) -> None:
    """``Page._get_site_root_paths(cache_object)`` reads ``_wagtail_cached_site_root_paths``
    from the request (or the page) before asking the cache for them."""
    holder._wagtail_cached_site_root_paths = root_paths


# --- Django: a response for a request made in this process --------------------------------------


@cache
def _handler() -> Any:
    from django.core.handlers.wsgi import WSGIHandler

    return WSGIHandler()  # loads the middleware once


def response_in_process(environ: dict[str, Any]) -> Any:
    """The response of the whole middleware stack for a WSGI ``environ`` built here (the task
    worker refreshing the page cache). ``WSGIHandler.__call__`` would send ``request_started``
    and ``request_finished``, whose ``close_old_connections`` closes the caller's database
    connection (inside a transaction too); ``BaseHandler.get_response`` sends neither."""
    handler = _handler()
    return handler.get_response(handler.request_class(environ))


def remember_parent(page: Any, parent: Any) -> None:
    """Treebeard's ``MP_Node.get_parent`` answers from ``_cached_parent_obj`` without a query."""
    page._cached_parent_obj = parent


@cache
def view_restriction_hook() -> Any:
    """Wagtail's own ``on_serve_page`` hook that enforces view restrictions
    (``wagtail.wagtail_hooks.check_view_restrictions``, not a documented API): the router
    leaves it out of the chain while no page is restricted."""
    from wagtail.wagtail_hooks import check_view_restrictions

    return check_view_restrictions


# --- treebeard and the ORM: bulk-building a page tree (the demo network) -----------------------


def tree_path(parent_path: str, depth: int, position: int) -> str:
    """The materialised path of the ``position``-th child at ``depth`` below ``parent_path``
    (treebeard's ``MP_Node._get_path``)."""
    from wagtail.models import Page

    return Page._get_path(parent_path, depth, position)


def insert_raw(model: type[Model], objects: Sequence[Model], *, fields: Sequence[Any]) -> None:
    """Insert rows of a child table of multi-table inheritance whose parent rows exist:
    ``bulk_create`` refuses such models, the manager's ``_insert(raw=True)`` does not."""
    model._default_manager._insert(objects, fields=fields, raw=True)  # type: ignore[attr-defined]


# --- Django: lazy objects ----------------------------------------------------------------------


def reset_lazy(obj: LazyObject) -> None:
    """Make a ``LazyObject`` build its object again on next use (as Django's own
    ``setting_changed`` receivers do for the default storage)."""
    obj._wrapped = empty


# --- Django's ORM: what core/prepared.py needs to turn raw rows into results ---------------------


def image_file_hash(data: bytes) -> str:
    """The ``file_hash`` Wagtail stores for an image of these bytes (``get_file_hash()``), from
    the undocumented ``wagtail.utils.file.hash_filelike`` its images use: ingest finds a picture
    it already has by it, without saving the bytes first."""
    from io import BytesIO

    from wagtail.utils.file import hash_filelike

    return hash_filelike(BytesIO(data))


def iterable_kind(queryset: QuerySet) -> str | None:
    """ "models" for a queryset of instances, "values_list" for tuples, None otherwise
    (``values()``, ``flat=True``, ``named=True``), from ``QuerySet._iterable_class``."""
    kind = queryset._iterable_class
    if kind is ModelIterable:
        return "models"
    if kind is ValuesListIterable:
        return "values_list"
    return None


def has_known_related_objects(queryset: QuerySet) -> bool:
    """Whether the queryset came from a related manager that sets a known object on each
    instance (``QuerySet._known_related_objects``)."""
    return bool(queryset._known_related_objects)  # type: ignore[attr-defined]


def instance_layout(compiler: Any, using: str) -> tuple | None:
    """How ``ModelIterable`` builds instances from a compiled query's rows: (model, start,
    end, attribute names, related populators), from ``compiler.klass_info`` and Django's
    ``get_related_populators``; None when the query annotates (not handled)."""
    if compiler.annotation_col_map:
        return None
    klass_info = compiler.klass_info
    start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    init_list = [f[0].target.attname for f in compiler.select[start:end]]
    # The stubs follow a later Django, whose signature adds ``fetch_mode``.
    populators = get_related_populators(klass_info, compiler.select, using)  # type: ignore[call-arg]
    return (klass_info["model"], start, end, init_list, populators)
