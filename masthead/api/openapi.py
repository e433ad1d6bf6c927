"""The OpenAPI document as the API really behaves, and valid OpenAPI 3.1.

django-ninja writes two things we correct here: a parameter's ``examples`` copied from its
JSON Schema as a list (a Parameter Object's ``examples`` is a map of Example Objects, so
validators and client generators refused the document; ninja 1.8 makes the map itself, and the
correction then finds nothing to do), and read endpoints declared as
token-only although they serve anonymous callers (an empty security requirement, ``{}``,
says "no credentials" is one accepted way), and writes that need a token's scope declared as a
scheme of their own instead of the one token scheme with the scope as its role (OpenAPI 3.1
lets a bearer requirement list the roles it needs)."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from masthead.core.api.auth import ScopedTokenAuth, TokenAuth, anonymous

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


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


def examples_as_maps(document: dict) -> dict:
    """Each parameter's list of examples becomes ``{"example1": {"value": …}, …}``; the
    schema keeps its own list (JSON Schema's ``examples`` is a list)."""
    for path_item in document.get("paths", {}).values():
        for method in HTTP_METHODS:
            operation = path_item.get(method)
            if not operation:
                continue
            for parameter in operation.get("parameters", []):
                examples = parameter.get("examples")
                if isinstance(examples, list):
                    parameter["examples"] = {
                        f"example{n}": {"value": value} for n, value in enumerate(examples, 1)
                    }
    return document


class DocumentedAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        document = TruthfulSchema(self, path_prefix)
        examples_as_maps(document)
        return document
