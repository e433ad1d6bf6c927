"""The OpenAPI document as the API really behaves, and valid OpenAPI 3.1.

django-ninja writes two things we correct here: read endpoints declared as token-only although
they serve anonymous callers (an empty security requirement, ``{}``, says "no credentials" is
one accepted way), and writes that need a token's scope declared as a
scheme of their own instead of the one token scheme with the scope as its role (OpenAPI 3.1
lets a bearer requirement list the roles it needs)."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from masthead.core.api.auth import ScopedTokenAuth, TokenAuth, anonymous


class TruthfulSchema(OpenAPISchema):
    def operation_security(self, operation: Any) -> list[dict] | None:
        security = super().operation_security(operation)
        if security is not None:
            scoped = [cb for cb in operation.auth_callbacks if isinstance(cb, ScopedTokenAuth)]
            if scoped:
                self.securitySchemes.pop(ScopedTokenAuth.__name__, None)
                self.securitySchemes[TokenAuth.__name__] = scoped[0].openapi_security_schema
                security = [r for r in security if ScopedTokenAuth.__name__ not in r] + [
                    {TokenAuth.__name__: [cb.scope]} for cb in scoped
                ]
        if security is not None and any(cb is anonymous for cb in operation.auth_callbacks):
            security.append({})
        return security


class DocumentedAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return TruthfulSchema(self, path_prefix)
