"""Response security headers: Content-Security-Policy, Cross-Origin-Opener-Policy and the
frame rule, per area of the site (docs/security.md).

Reader pages carry **no inline script at all**, so their policy needs no nonce: a nonce would
be wrong here anyway, because public pages are cached whole and served to everyone (one nonce
for every reader is no nonce). JSON-LD blocks (``<script type="application/ld+json">``) are data
that browsers never execute, so ``script-src`` does not apply to them.

Wagtail's admin renders a few inline ``<script>`` blocks (inline panels, date widgets) and
``style=`` attributes, and checks wagtail.org for new releases from the dashboard: those
allowances are scoped to ``/admin/`` only. Everything sits in one outer middleware, placed
before the page cache, so cached pages, static files and error pages get the same headers.

``MASTHEAD_CSP_REPORT_ONLY`` sends the policy as ``Content-Security-Policy-Report-Only``
(for trying a change on a live site); ``MASTHEAD_CSP_EXTRA`` adds sources per directive,
for example a media bucket or a CDN: ``{"img-src": ["https://media.example.net"]}``.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

# Sources every area starts from. 'none' on object-src/base-uri closes plugin and <base>
# injection; embeds (video players) come in frames from https sites.
READER_POLICY: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", "https:"],
    "media-src": ["'self'", "https:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'", "https:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "manifest-src": ["'self'"],
    "worker-src": ["'self'"],
}

# Wagtail 8's admin: inline <script> in panels and widgets, style attributes throughout,
# blob:/data: image previews before upload, the release check, and its preview iframe.
ADMIN_ALLOWANCES: dict[str, list[str]] = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
    "connect-src": ["https://releases.wagtail.org"],
}

# The API's Swagger page (django-ninja's bundled copy, served from our static files) styles
# its elements inline and draws its icons as data: SVGs.
API_DOCS_ALLOWANCES: dict[str, list[str]] = {
    "style-src": ["'unsafe-inline'"],
}

ADMIN_PREFIX = "/admin/"
API_DOCS_PATH = "/api/v1/docs"


def _merge(*policies: dict[str, list[str]]) -> dict[str, list[str]]:
    merged: dict[str, list[str]] = {}
    for policy in policies:
        for directive, sources in policy.items():
            current = merged.setdefault(directive, [])
            current.extend(source for source in sources if source not in current)
    return merged


def _render(policy: dict[str, list[str]]) -> str:
    return "; ".join(" ".join([directive, *sources]) for directive, sources in policy.items())


def _frame_ancestors(*, admin: bool) -> list[str]:
    # The admin previews pages in its own iframe, so it may be framed by itself; everything
    # else follows X_FRAME_OPTIONS (DENY in production).
    if admin or getattr(settings, "X_FRAME_OPTIONS", "DENY").upper() == "SAMEORIGIN":
        return ["'self'"]
    return ["'none'"]


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def form_targets() -> list[str]:
    """Where a form may send the browser: our own pages, and the sign-in providers a social
    sign-in form hands the reader on to. allauth's provider form posts to us and we answer with
    a redirect to the provider's authorisation page; browsers hold that redirect to
    ``form-action`` too, so each configured provider's origin is allowed (issue #13). An OIDC
    provider whose authorisation page is on another origin than its ``server_url`` is added
    with ``MASTHEAD_CSP_EXTRA={"form-action": [...]}``."""
    targets = ["'self'"]
    providers = getattr(settings, "SOCIALACCOUNT_PROVIDERS", {}) or {}
    if "facebook" in providers:
        targets.append("https://www.facebook.com")
    for app in (providers.get("openid_connect") or {}).get("APPS", []):
        origin = _origin((app.get("settings") or {}).get("server_url", ""))
        if origin and origin not in targets:
            targets.append(origin)
    return targets


def build_policies() -> dict[str, str]:
    extra = getattr(settings, "MASTHEAD_CSP_EXTRA", {}) or {}
    forms = {"form-action": form_targets()}
    reader = _merge(READER_POLICY, forms, extra, {"frame-ancestors": _frame_ancestors(admin=False)})
    admin = _merge(
        READER_POLICY,
        ADMIN_ALLOWANCES,
        forms,
        extra,
        {"frame-ancestors": _frame_ancestors(admin=True)},
    )
    api_docs = _merge(reader, API_DOCS_ALLOWANCES)
    if getattr(settings, "SECURE_SSL_REDIRECT", False):
        # Production: a page served over https never loads anything over plain http.
        for policy in (reader, admin, api_docs):
            policy["upgrade-insecure-requests"] = []
    return {"reader": _render(reader), "admin": _render(admin), "api_docs": _render(api_docs)}


_built: dict[str, str] | None = None

# Settings the policies are built from; a test that changes one gets fresh policies.
_POLICY_SETTINGS = frozenset(
    {"MASTHEAD_CSP_EXTRA", "SOCIALACCOUNT_PROVIDERS", "SECURE_SSL_REDIRECT", "X_FRAME_OPTIONS"}
)


def current_policies() -> dict[str, str]:
    """The policies, built once per process (and again after one of their settings changes:
    the social providers decide form-action)."""
    global _built
    if _built is None:
        _built = build_policies()
    return _built


@receiver(setting_changed)
def _forget_policies(*, setting: str, **kwargs) -> None:
    global _built
    if setting in _POLICY_SETTINGS:
        _built = None


def area_for(path: str) -> str:
    if path.startswith(ADMIN_PREFIX):
        return "admin"
    if path.rstrip("/") == API_DOCS_PATH:
        return "api_docs"
    return "reader"


class SecurityHeadersMiddleware:
    """Adds the Content-Security-Policy, Cross-Origin-Opener-Policy, Permissions-Policy and
    the admin's frame rule to every response that has not set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = (
            "Content-Security-Policy-Report-Only"
            if getattr(settings, "MASTHEAD_CSP_REPORT_ONLY", False)
            else "Content-Security-Policy"
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        area = area_for(request.path)
        # A view that knows better (Wagtail serves originals with "default-src 'none'") keeps
        # its own, stricter policy.
        if not response.has_header("Content-Security-Policy"):
            response[self.header] = current_policies()[area]
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(self), payment=(), usb=()"
        )
        if area == "admin":
            # Wagtail's live preview frames admin pages inside the admin.
            response["X-Frame-Options"] = "SAMEORIGIN"
        else:
            # Pages served from the page cache skip XFrameOptionsMiddleware (it sits inside).
            response.headers.setdefault(
                "X-Frame-Options", getattr(settings, "X_FRAME_OPTIONS", "DENY").upper()
            )
        return response
