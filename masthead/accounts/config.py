"""Social sign-in providers from environment variables (read by settings, so no Django imports).

    FACEBOOK_CLIENT_ID, FACEBOOK_CLIENT_SECRET        → "Log in with Facebook"
    OIDC_<NAME>_CLIENT_ID, OIDC_<NAME>_CLIENT_SECRET, OIDC_<NAME>_SERVER_URL
        [OIDC_<NAME>_LABEL]                           → one OpenID Connect provider per NAME
    OIDC_PROVIDERS='[{"id": "…", "name": "…", "client_id": "…", "secret": "…",
                      "server_url": "https://issuer/"}]'  → any number, as JSON

A provider is only configured (and its button only shown) when its id and secret are set.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

_OIDC_VAR = re.compile(r"^OIDC_(?P<name>[A-Z0-9_]+?)_CLIENT_ID$")


class ProviderConfigError(ValueError):
    """An environment variable for a sign-in provider is malformed; the message says which."""


def _oidc_app(*, provider_id: str, name: str, client_id: str, secret: str, server_url: str) -> dict:
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", provider_id):
        raise ProviderConfigError(
            f"OpenID Connect provider id {provider_id!r}: use lower-case letters, digits, _ and -"
        )
    if not server_url.startswith(("https://", "http://")):
        raise ProviderConfigError(
            f"OpenID Connect provider {provider_id!r}: server_url must be a URL"
        )
    return {
        "provider_id": provider_id,
        "name": name,
        "client_id": client_id,
        "secret": secret,
        "settings": {"server_url": server_url},
    }


def social_providers(environ: Mapping[str, str]) -> dict[str, Any]:
    """SOCIALACCOUNT_PROVIDERS built from ``environ``; empty when nothing is configured."""
    providers: dict[str, Any] = {}
    if environ.get("FACEBOOK_CLIENT_ID") and environ.get("FACEBOOK_CLIENT_SECRET"):
        providers["facebook"] = {
            "METHOD": "oauth2",
            "SCOPE": ["email", "public_profile"],
            "FIELDS": ["id", "email", "name", "first_name", "last_name"],
            "APPS": [
                {
                    "client_id": environ["FACEBOOK_CLIENT_ID"],
                    "secret": environ["FACEBOOK_CLIENT_SECRET"],
                }
            ],
        }

    apps: list[dict] = []
    if environ.get("OIDC_PROVIDERS"):
        try:
            entries = json.loads(environ["OIDC_PROVIDERS"])
        except json.JSONDecodeError as exc:
            raise ProviderConfigError(f"OIDC_PROVIDERS is not valid JSON: {exc}") from exc
        if not isinstance(entries, list):
            raise ProviderConfigError("OIDC_PROVIDERS must be a JSON list of providers")
        for entry in entries:
            try:
                apps.append(
                    _oidc_app(
                        provider_id=entry["id"],
                        name=entry.get("name", entry["id"]),
                        client_id=entry["client_id"],
                        secret=entry["secret"],
                        server_url=entry["server_url"],
                    )
                )
            except KeyError as exc:
                raise ProviderConfigError(f"OIDC_PROVIDERS entry lacks {exc}") from exc
    for var in sorted(environ):
        match = _OIDC_VAR.match(var)
        if not match or var == "OIDC_PROVIDERS":
            continue
        name = match["name"]
        secret = environ.get(f"OIDC_{name}_CLIENT_SECRET", "")
        server_url = environ.get(f"OIDC_{name}_SERVER_URL", "")
        if not (environ[var] and secret and server_url):
            raise ProviderConfigError(
                f"{var} is set: set OIDC_{name}_CLIENT_SECRET and OIDC_{name}_SERVER_URL too"
            )
        apps.append(
            _oidc_app(
                provider_id=name.lower().replace("_", "-"),
                name=environ.get(f"OIDC_{name}_LABEL", name.replace("_", " ").title()),
                client_id=environ[var],
                secret=secret,
                server_url=server_url,
            )
        )
    if apps:
        ids = [a["provider_id"] for a in apps]
        if len(ids) != len(set(ids)):
            raise ProviderConfigError(f"OpenID Connect provider ids repeat: {ids}")
        # PKCE as well as the client secret: a stolen authorisation code is useless alone.
        providers["openid_connect"] = {"OAUTH_PKCE_ENABLED": True, "APPS": apps}
    return providers
