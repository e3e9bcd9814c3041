"""How an API route works: every URL under ``/api/v1`` is ``endpoint(path, view, ...)``,
so none can skip the checks, and each carries what the OpenAPI document says of it.

    endpoint("/api/v1/articles/{article_id:int}", articles.one, name="api_article",
             spec=Spec("Read an article", tag="Articles", query=OneQuery,
                       response=schemas.ArticleOne))

For each request, in order: answers a CORS preflight (reads only); finds the key
(``Authorization: Bearer <token>``, or ``?key=`` for a content key; a key that does not
work is a 401, never a silent anonymous read); checks the scope the route needs (401
without a key, 403 without the scope); reads the query into ``spec.query`` (lax: query
values are text) and a JSON body into ``spec.body`` (strict: no unknown fields, no
coercion, a size limit, pydantic's nesting limit); runs the view in a worker thread; maps
domain errors to JSON errors; and answers JSON with an ETag (a ``304`` for a matching
``If-None-Match``) and ``Cache-Control``: ``public`` for what anyone may read (the page
cache keeps it and empties with the pages), ``private, no-store`` for the rest.

Every error is ``{"errors": [{"code", "message", "field"}]}``; a validation error lists
every field at fault.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pydantic
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from thepost.accounts import tokens
from thepost.accounts.models import User
from thepost.errors import DomainError, ValidationError
from thepost.services import Services
from thepost.web import deps, errors
from thepost.web.api.base import ApiError, dumps
from thepost.web.site.rendering import CACHE_CONTROL, site_settings

JSON_TYPE = "application/json"
NO_STORE = "private, no-store"
MAX_BODY = 2_000_000
# A picture uploaded through the API (``admin.py``); the routes table adds the form around it.
MAX_PICTURE = 25_000_000
View = Callable[["ApiRequest"], "Answer"]


@dataclass(frozen=True)
class Spec:
    """What a route takes and gives, for the checks and for the OpenAPI document."""

    summary: str
    tag: str
    query: type[pydantic.BaseModel] | None = None
    body: type[pydantic.BaseModel] | None = None
    response: type[pydantic.BaseModel] | None = None
    status: int = 200
    scope: str | None = None  # an admin token with this scope is needed
    errors: tuple[int, ...] = ()  # statuses besides the ones every route may answer
    description: str = ""
    max_body: int = 200_000
    upload: bool = False  # the body is a file (multipart), read by the view
    # On SQLite, answered on the event loop (as the article page is): a read of stored
    # representations costs less than the hop to a worker thread and back.
    stored: bool = False


@dataclass
class ApiRequest:
    request: Request
    services: Services
    grant: tokens.Grant | None
    now: datetime
    query: Any = None
    body: Any = None
    upload: Any = None
    path: dict[str, Any] = field(default_factory=dict)
    key_required: bool = False  # the site's reads need a content key

    @property
    def actor(self) -> User:
        """The person an admin token acts as (the route's scope check has passed)."""
        assert self.grant is not None and self.grant.user is not None
        return self.grant.user

    def allows(self, scope: str) -> bool:
        return self.grant is not None and self.grant.allows(scope)

    @property
    def public(self) -> bool:
        """Whether the answer is what anyone may read (and the page cache may keep)."""
        return self.grant is None or self.grant.kind == tokens.CONTENT


@dataclass
class Answer:
    data: Any = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    version: str | None = None  # what the answer shows a version of (an article's)
    public: bool = True  # False: for this key alone, never kept by a shared cache


def endpoint(path: str, view: View, *, name: str, spec: Spec, method: str = "GET") -> Route:
    reading = method == "GET"

    async def handle(request: Request) -> Response:
        services = deps.services(request)
        if request.method == "OPTIONS":
            return _preflight(reading)
        try:
            response = await _serve(request, services, view, spec, reading)
        except ApiError as exc:
            response = problem(exc)
        if reading:
            response.headers["Access-Control-Allow-Origin"] = "*"
            response.headers["Access-Control-Expose-Headers"] = "ETag, Link"
        return response

    handle.__name__ = view.__name__
    methods = ["GET", "HEAD", "OPTIONS"] if reading else [method, "OPTIONS"]
    route = Route(path, handle, name=name, methods=methods)
    route.api_spec = spec  # type: ignore[attr-defined]
    # The page cache keys a kept answer by the parameters the route reads, the content key
    # too (a wrong key is never answered from another's kept answer).
    route.query_reads = {  # type: ignore[attr-defined]
        name: _same for name in (spec.query.model_fields if spec.query else ())
    }
    return route


def _same(value: str) -> str:
    return value


async def _serve(
    request: Request, services: Services, view: View, spec: Spec, reading: bool
) -> Response:
    """A read takes one hop to a worker thread (the key, the query, the view); a write
    takes two, its key checked before its body is read."""
    req = ApiRequest(request=request, services=services, grant=None, now=services.clock())
    req.path = dict(request.path_params)
    try:
        if reading and spec.stored and services.reads_on_loop:
            answer = _read(req, spec, view)
        elif reading:
            answer = await run_in_threadpool(_read, req, spec, view)
        else:
            await run_in_threadpool(_authorize, req, spec, reading)
            if spec.query is not None:
                req.query = _validated(spec.query, dict(request.query_params), "query")
            if spec.upload:
                req.upload = await _upload(request, spec.max_body)
            elif spec.body is not None:
                req.body = _validated_json(spec.body, await _body(request, spec.max_body))
            answer = await run_in_threadpool(view, req)
    except DomainError as exc:
        raise from_domain(exc) from exc
    finally:
        if req.upload is not None:
            await req.upload.close()
    return _respond(request, answer, req, reading)


def _read(req: ApiRequest, spec: Spec, view: View) -> Answer:
    _authorize(req, spec, True)
    if spec.query is not None:
        req.query = _validated(spec.query, dict(req.request.query_params), "query")
    return view(req)


def _authorize(req: ApiRequest, spec: Spec, reading: bool) -> None:
    """The key (``req.grant``), the route's scope, and the site's wish for a key."""
    req.grant = _grant(req.request, req.services, req.now)
    if spec.scope is not None:
        if req.grant is None:
            raise ApiError(
                401, "unauthorized", "This needs an admin token: Authorization: Bearer <token>.",
                headers={"WWW-Authenticate": "Bearer"},
            )  # fmt: skip
        if not req.allows(spec.scope):
            raise ApiError(
                403, "insufficient_scope",
                f"This needs a token with the {spec.scope} scope, made by someone whose role "
                "may do it.",
            )  # fmt: skip
        return
    req.key_required = reading and _key_required(req.services)
    if req.grant is None and req.key_required:
        raise ApiError(
            401, "unauthorized", "This site's API needs a key: ?key=<content key>.",
            headers={"WWW-Authenticate": "Bearer"},
        )  # fmt: skip


def _grant(request: Request, services: Services, now: datetime) -> tokens.Grant | None:
    secret = ""
    header = request.headers.get("authorization", "")
    if header:
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise ApiError(
                401, "unauthorized", "Send the token as: Authorization: Bearer <token>.",
                headers={"WWW-Authenticate": "Bearer"},
            )  # fmt: skip
        secret = secret.strip()
    elif "key" in request.query_params:
        secret = request.query_params["key"]
        if not tokens.CONTENT_KEY.fullmatch(secret):
            raise ApiError(401, "unauthorized", "That is not a content key.", "key")
    if not secret:
        return None
    with services.reads() as session:
        grant = tokens.resolve(session, secret, now=now)
    if grant is None:
        raise ApiError(
            401, "unauthorized", "This key is unknown, revoked or expired.",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )  # fmt: skip
    if grant.stale:
        with services.writes.begin() as session:
            tokens.touch(session, grant.token_id, now=now)
    return grant


def _key_required(services: Services) -> bool:
    with services.reads() as session:
        return site_settings(services, session).api_key_required


def _validated(model: type[pydantic.BaseModel], data: Any, where: str) -> Any:
    try:
        return model.model_validate(data)
    except pydantic.ValidationError as exc:
        raise invalid(exc, where) from exc


def _validated_json(model: type[pydantic.BaseModel], raw: bytes) -> Any:
    try:
        return model.model_validate_json(raw, strict=True)
    except pydantic.ValidationError as exc:
        if any(e["type"] == "json_invalid" for e in exc.errors()):
            message = next(e["msg"] for e in exc.errors() if e["type"] == "json_invalid")
            raise ApiError(400, "malformed_json", f"The body is not JSON: {message}.") from exc
        raise invalid(exc, "body") from exc


def invalid(exc: pydantic.ValidationError, where: str) -> ApiError:
    """Every field at fault, each with its path (``tags.2``, ``limit``)."""
    items = []
    for error in exc.errors(include_url=False):
        place = ".".join(str(part) for part in error["loc"]) or where
        code = {"missing": "required", "extra_forbidden": "unknown_field"}.get(
            error["type"], "invalid"
        )
        message = "This field is not known here." if code == "unknown_field" else error["msg"]
        items.append({"code": code, "message": message, "field": place})
    first, *more = items
    return ApiError(422, first["code"], first["message"], first["field"], more=more)


async def _body(request: Request, limit: int) -> bytes:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    length = request.headers.get("content-length", "")
    if not kind and length in ("", "0") and "transfer-encoding" not in request.headers:
        return b"{}"  # no body: the fields' defaults (a step that may take a time: now)
    if kind != JSON_TYPE:
        raise ApiError(415, "unsupported_media_type", "Send the body as application/json.")
    if length and (not length.isdigit() or int(length) > limit):
        raise ApiError(413, "too_large", f"The body may be at most {limit} bytes.")
    chunks, size = [], 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise ApiError(413, "too_large", f"The body may be at most {limit} bytes.")
            chunks.append(chunk)
    except ClientDisconnect as exc:
        raise ApiError(400, "incomplete", "The body did not arrive whole.") from exc
    return b"".join(chunks) or b"{}"  # an empty body: the fields' defaults


async def _upload(request: Request, limit: int) -> Any:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "multipart/form-data":
        raise ApiError(415, "unsupported_media_type", "Send the file as multipart/form-data.")
    length = request.headers.get("content-length", "")
    if not length.isdigit():
        raise ApiError(411, "length_required", "Say how long the body is (Content-Length).")
    if int(length) > limit:
        raise ApiError(413, "too_large", f"The body may be at most {limit} bytes.")
    try:
        return await request.form(max_files=1, max_fields=10)
    except Exception as exc:  # a malformed body is the sender's error
        raise ApiError(400, "malformed_body", "The form could not be read.") from exc


def from_domain(exc: DomainError) -> ApiError:
    status = errors.status_of(exc)
    if isinstance(exc, ValidationError):
        items: list[dict[str, Any]] = [
            {"code": "invalid", "message": message, "field": name}
            for name, message in exc.errors.items()
        ]
        first, *more = items or [{"code": "invalid", "message": str(exc), "field": None}]
        return ApiError(422, "invalid", first["message"], first["field"], more=more)
    code = {403: "forbidden", 404: "not_found", 409: "conflict", 503: "unavailable"}
    message = {403: "The token's person may not do this.", 404: "There is no such thing here."}
    return ApiError(status, code.get(status, "bad_request"), message.get(status, str(exc)))


def _respond(request: Request, answer: Answer, req: ApiRequest, reading: bool) -> Response:
    if answer.status == 204:
        return Response(status_code=204, headers={"Cache-Control": NO_STORE, **answer.headers})
    if answer.status >= 300:
        reading = False
    body = dumps(answer.data)
    public = reading and req.public and answer.public and not req.key_required
    digest = hashlib.sha256(body).hexdigest()[:24]
    etag = f'"{answer.version}.{digest}"' if answer.version else f'"{digest}"'
    headers = {
        "Cache-Control": CACHE_CONTROL if public else NO_STORE,
        "ETag": etag,
        **answer.headers,
    }
    if public:
        headers["Vary"] = "Accept-Encoding"
    if reading and request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(body, status_code=answer.status, media_type=JSON_TYPE, headers=headers)


def problem(exc: ApiError) -> Response:
    return Response(
        dumps({"errors": exc.items}),
        status_code=exc.status,
        media_type=JSON_TYPE,
        headers={"Cache-Control": NO_STORE, **exc.headers},
    )


def _preflight(reading: bool) -> Response:
    if not reading:  # writes are for servers and scripts, not other sites' pages
        return Response(status_code=403, headers={"Cache-Control": NO_STORE})
    return Response(
        status_code=204,
        headers={
            "Access-Control-Allow-Origin": "*",
            "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
            "Access-Control-Allow-Headers": "Authorization, If-None-Match, Content-Type",
            "Access-Control-Max-Age": "86400",
            "Cache-Control": NO_STORE,
        },
    )
