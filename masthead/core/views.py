"""Health endpoints for load balancers and orchestrators."""

import logging

from django.core.cache import cache
from django.db import connections
from django.http import HttpRequest, HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache

from masthead.core import purging
from masthead.core.replicas import replica_aliases
from masthead.core.replicas import status as replica_status

logger = logging.getLogger(__name__)


@never_cache
def alive(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
def ready(request: HttpRequest) -> JsonResponse:
    """200 when the primary database and the cache answer. Read replicas are reported with
    their lag but never make the node unready: reads fall back to the primary without them."""
    checks: dict[str, str] = {}
    replicas: dict[str, dict[str, object]] = {}
    for alias in connections:
        if alias in replica_aliases():
            state = replica_status(alias, fresh=True)
            checks[f"database:{alias}"] = state.describe()
            replicas[alias] = {
                "reachable": state.reachable,
                "lag_seconds": round(state.lag_seconds, 3),
                "lag_bytes": state.lag_bytes,
                "reads": "replica" if state.usable else "primary",
            }
            continue
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
    # A proxy that misses purges is reported but never makes the node unready: every node
    # shares it, and taking them all out of the balancer would not bring it back.
    purges: dict[str, object] = {}
    for label, failure in purging.failing_proxies().items():
        checks[f"purge:{label}"] = "failing"
        purges[label] = failure
    required = {k: v for k, v in checks.items() if not k.startswith(("database:replica", "purge:"))}
    healthy = all(v == "ok" for v in required.values())
    body: dict[str, object] = {"status": "ok" if healthy else "unavailable", "checks": checks}
    if replicas:
        body["replicas"] = replicas
    if purges:
        body["purges_failing"] = purges
    return JsonResponse(body, status=200 if healthy else 503)


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask for /favicon.ico whatever a page's <link rel="icon"> says: no 404 for it.
    The static name is looked up per request (the manifest exists only after collectstatic)."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
