"""Health endpoints for load balancers and orchestrators."""

import logging

from django.core.cache import cache
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


@never_cache
def alive(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
def ready(request: HttpRequest) -> JsonResponse:
    checks: dict[str, str] = {}
    # Every configured database (the default and any read replica) must answer.
    for alias in connections:
        name = "database" if alias == "default" else f"database:{alias}"
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
            checks[name] = "ok"
        except Exception as exc:  # noqa: BLE001 - any failure means "not ready", reported below
            logger.warning("readiness: database %s unreachable: %s", alias, exc)
            checks[name] = "unreachable"
    try:
        cache.set("health:probe", "1", timeout=5)
        checks["cache"] = "ok" if cache.get("health:probe") == "1" else "unreachable"
    except Exception as exc:  # noqa: BLE001
        logger.warning("readiness: cache unreachable: %s", exc)
        checks["cache"] = "unreachable"
    healthy = all(v == "ok" for v in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
