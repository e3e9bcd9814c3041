"""The OpenAPI 3.1 document, built from the routes table: every ``endpoint`` route says
what it takes and gives (``framework.Spec``), so the document cannot leave one out.
``/api/docs`` shows the same document as a page, served from here (no outside scripts).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute

from thepost.web import deps
from thepost.web.api import schemas
from thepost.web.api.base import dumps
from thepost.web.api.framework import Spec
from thepost.webhooks.outbox import EVENTS

PARAM = re.compile(r"\{([a-z_]+)(?::([a-z]+))?\}")
REF = "#/components/schemas/{model}"
API_VERSION = "1.0"  # of the API (its paths say v1), not of the software
# Every route may answer these; a route's spec lists the others it may.
COMMON = {
    400: "The request is malformed (a parameter, the cursor, the JSON).",
    401: "A key is needed, or the one sent is unknown, revoked or expired.",
    429: "Too many requests: wait for Retry-After seconds.",
}
MEANINGS = {
    304: "Not modified (If-None-Match matched the ETag).",
    403: "The token lacks the scope, or its person's role may not do this.",
    404: "There is nothing here.",
    409: "It conflicts with what is there.",
    412: "The article changed since the ETag sent in If-Match: read it again.",
    413: "The body is too large.",
    428: "If-Match is missing: send the ETag of the article as last read.",
    415: "The body is not of the type this route reads.",
    422: "A field is missing or wrong: every field at fault is listed.",
    503: "A service this needs is unavailable: try again later.",
}


def api_routes(routes: Iterable[BaseRoute]) -> list[tuple[str, str, Spec, str]]:
    """(path, method, spec, name) of every API route, in the table's order."""
    found = []
    for route in routes:
        spec = getattr(route, "api_spec", None)
        if spec is None:
            continue
        methods = sorted(set(getattr(route, "methods", None) or ()) - {"HEAD", "OPTIONS"})
        for method in methods:
            found.append((getattr(route, "path", ""), method, spec, getattr(route, "name", "")))
    return found


def document(routes: Iterable[BaseRoute], base_url: str) -> dict[str, Any]:
    listed = api_routes(routes)
    models: list[type[BaseModel]] = [schemas.Errors, schemas.WebhookPayload]
    for _, _, spec, _ in listed:
        models += [m for m in (spec.response, spec.body) if m is not None]
    unique = list(dict.fromkeys(models))
    refs, defs = models_json_schema([(m, "validation") for m in unique], ref_template=REF)
    paths: dict[str, dict[str, Any]] = {}
    for path, method, spec, name in listed:
        paths.setdefault(PARAM.sub(r"{\1}", path), {})[method.lower()] = _operation(
            path, method, spec, name, refs
        )
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "The Post API",
            "version": API_VERSION,
            "description": (
                "Read what the site shows (the Content API: anyone, or with a content key) "
                "and write as a person of the newsroom (the Admin API: a token made in the "
                "newsroom, narrowed by its scopes). Errors are JSON: "
                '{"errors": [{"code", "message", "field"}]}.'
            ),
        },
        "servers": [{"url": base_url.rstrip("/")}],
        "paths": paths,
        "webhooks": _webhooks(refs),
        "components": {
            "schemas": defs.get("$defs", {}),
            "securitySchemes": {
                "token": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An admin token (tp_...): Authorization: Bearer <token>.",
                },
                "contentKey": {
                    "type": "apiKey",
                    "in": "query",
                    "name": "key",
                    "description": "A content key, when the site asks for one.",
                },
            },
        },
    }


def _webhooks(refs: dict[Any, Any]) -> dict[str, Any]:
    """Each event type a webhook endpoint may receive (``webhooks.outbox.EVENTS``)."""
    payload = {"application/json": {"schema": refs[(schemas.WebhookPayload, "validation")]}}
    return {
        kind: {
            "post": {
                "operationId": f"webhook_{kind.replace('.', '_')}",
                "summary": f"{kind}: sent to endpoints that want it",
                "tags": ["Webhooks"],
                "requestBody": {"required": True, "content": payload},
                "responses": {
                    "200": {"description": "Received (any 2xx); anything else is retried."},
                    "410": {"description": "Gone: the endpoint is turned off."},
                },
            }
        }
        for kind in EVENTS
    }


def _operation(
    path: str, method: str, spec: Spec, name: str, refs: dict[Any, Any]
) -> dict[str, Any]:
    parameters = [
        {
            "name": param,
            "in": "path",
            "required": True,
            "schema": {"type": "integer"} if kind == "int" else {"type": "string"},
        }
        for param, kind in PARAM.findall(path)
    ]
    if spec.query is not None:
        properties = spec.query.model_json_schema()["properties"]
        required = set(spec.query.model_json_schema().get("required", ()))
        for field, schema in properties.items():
            description = schema.pop("description", "")
            schema.pop("title", None)
            parameters.append(
                {
                    "name": field,
                    "in": "query",
                    "required": field in required,
                    "schema": schema,
                    **({"description": description} if description else {}),
                }
            )
    errors = {**COMMON, **{status: MEANINGS[status] for status in spec.errors}}
    if spec.body is not None or spec.upload:
        errors.update({s: MEANINGS[s] for s in (413, 415, 422)})
    if spec.scope is not None:
        errors[403] = MEANINGS[403]
    if "{" in path:
        errors[404] = MEANINGS[404]
    error = {"application/json": {"schema": refs[(schemas.Errors, "validation")]}}
    responses: dict[str, Any] = {}
    if spec.status == 204:
        responses["204"] = {"description": "Done; nothing to say."}
    else:
        content = (
            {"application/json": {"schema": refs[(spec.response, "validation")]}}
            if spec.response is not None
            else {}
        )
        responses[str(spec.status)] = {"description": spec.summary, "content": content}
    if method == "GET":
        responses["304"] = {"description": MEANINGS[304]}
    for status, meaning in sorted(errors.items()):
        responses[str(status)] = {"description": meaning, "content": error}
    operation: dict[str, Any] = {
        "operationId": name,
        "summary": spec.summary,
        "tags": [spec.tag],
        "parameters": parameters,
        "responses": responses,
        "security": [{"token": []}] if spec.scope else [{}, {"contentKey": []}, {"token": []}],
    }
    if spec.description:
        operation["description"] = spec.description
    if spec.scope:
        operation["x-scope"] = spec.scope
    if spec.body is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": refs[(spec.body, "validation")]}},
        }
    elif spec.upload:
        operation["requestBody"] = {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "file": {"type": "string", "format": "binary"},
                            "alt": {"type": "string"},
                            "caption": {"type": "string"},
                            "credit": {"type": "string"},
                        },
                        "required": ["file"],
                    }
                }
            },
        }
    return operation


def _cached(request: Request) -> dict[str, Any]:
    services = deps.services(request)
    return services.memo.get(
        "openapi", lambda: document(request.app.router.routes, services.settings.base_url)
    )


async def spec(request: Request) -> Response:
    return Response(
        dumps(_cached(request)),
        media_type="application/json",
        headers={"Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*"},
    )


async def docs(request: Request) -> Response:
    services = deps.services(request)
    document = _cached(request)
    html = services.templates.render(
        "api/docs.html",
        document=document,
        groups=_groups(document),
        base_url=services.settings.base_url.rstrip("/"),
        type_of=lambda schema: type_of(document, schema),
        fields_of=lambda schema: fields_of(document, schema),
    )
    return HTMLResponse(html, headers={"Cache-Control": "public, max-age=300"})


def _groups(document: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The operations by tag, in the document's order, each with its path and method."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            groups.setdefault(operation["tags"][0], []).append(
                {"path": path, "method": method.upper(), **operation}
            )
    return list(groups.items())


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        found: dict[str, Any] = document["components"]["schemas"][ref.rsplit("/", 1)[1]]
        return found
    return schema


def type_of(document: dict[str, Any], schema: dict[str, Any]) -> str:
    """A schema as a reader of the docs would say it: ``integer``, ``list of Tag``."""
    if "$ref" in schema:
        return str(schema["$ref"].rsplit("/", 1)[1])
    if "anyOf" in schema:
        return " or ".join(type_of(document, option) for option in schema["anyOf"])
    if "enum" in schema:
        return "one of " + ", ".join(str(value) for value in schema["enum"])
    if "const" in schema:
        return str(schema["const"])
    kind = schema.get("type", "any")
    if kind == "array":
        return "list of " + type_of(document, schema.get("items", {}))
    if schema.get("format") in ("date-time", "binary"):
        return f"{kind} ({schema['format']})"
    return str(kind)


def fields_of(
    document: dict[str, Any], schema: dict[str, Any]
) -> list[tuple[str, dict[str, Any], bool]]:
    """An object schema's fields: (name, schema, required)."""
    found = _resolve(document, schema)
    required = set(found.get("required", ()))
    return [(name, field, name in required) for name, field in found.get("properties", {}).items()]
