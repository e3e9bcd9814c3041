"""The admin guard: every admin URL is ``page(path, view, ...)``, so no route can skip it.

    page("/users", users.index, name="admin_users", permission=Action.USER_MANAGE)

For each request the guard, in order: refuses a state-changing request from another
origin (403); reads the form; signs the user in from the session cookie (a GET without
one is sent to the login page, anything else gets 403); checks the CSRF token of a
state-changing request (403); checks the page's ``permission`` (403); runs the view in a
worker thread; maps ``PermissionDenied``/``NotFound`` to 403/404 pages; and marks the
answer ``Cache-Control: private, no-store``. Views take an ``AdminRequest`` and branch
on ``req.writing`` (a checked POST), never on the method::

    def index(req: AdminRequest) -> Response:
        with req.services.reads() as session:
            users = ...
        return req.render("admin/users.html", users=users)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from thepost import i18n, localtime
from thepost.accounts import sessions
from thepost.accounts.models import User
from thepost.content import site
from thepost.content.site import SiteSettings
from thepost.errors import NotFound, PermissionDenied
from thepost.i18n import N_
from thepost.localtime import Local
from thepost.permissions import Action, Owned, can
from thepost.services import Services
from thepost.web import deps, urls
from thepost.web.admin import auth, csrf, labels
from thepost.web.admin.nav import NAV
from thepost.web.errors import site_of
from thepost.web.origin import same_origin

NO_STORE = "private, no-store"
View = Callable[["AdminRequest"], Response]
NOT_ALLOWED = N_("Your role does not allow this.")
EXPIRED = N_("This form has expired or did not come from this page. Reload it and try again.")


@dataclass
class AdminRequest:
    """What a view needs: the request, the services, the signed-in user, the form."""

    request: Request
    services: Services
    user: User | None
    csrf_token: str
    form: FormData | None = None
    now: datetime = field(default=None)  # type: ignore[assignment]
    ip_hash: str = ""
    # A POST that passed the origin and CSRF checks. Views branch on this, never on the
    # method: a HEAD (which the guard treats as safe) is answered as the GET it mirrors.
    writing: bool = False

    def can(self, action: Action | str, obj: Owned | None = None) -> bool:
        return can(self.user, action, obj)

    @property
    def site(self) -> SiteSettings:
        """The site's settings, as the reader's pages read them (kept between requests)."""

        def load() -> SiteSettings:
            with self.services.reads() as session:
                return site.load(session)

        return self.services.memo.get("site", load)

    @property
    def language(self) -> str:
        """The newsroom's language for this request: the signed-in user's own choice,
        else the site's (the login page, and every user who has not chosen one)."""
        chosen = self.user.language if self.user is not None else ""
        return chosen if chosen in i18n.LANGUAGES else self.site.language

    @property
    def local(self) -> Local:
        """The newsroom's dates and times: the site's time zone, the newsroom's language."""
        shown = self.site
        return localtime.of(shown.time_zone, self.language, shown.numerals)

    def say(self, message: str) -> str:
        """A message in the newsroom's language, for an answer no template renders (a
        script's JSON); a page translates its messages itself (``|translated``)."""
        return i18n.translate(message, self.language)

    def say_each(self, messages: dict[str, str]) -> dict[str, str]:
        """A form's errors in the newsroom's language, for a script's JSON."""
        return i18n.translate_all(messages, self.language)

    @property
    def actor(self) -> User:
        """The signed-in user, for actions (a view behind login always has one)."""
        if self.user is None:
            raise PermissionDenied("not signed in")
        return self.user

    def field(self, name: str, limit: int = 10_000) -> str:
        """A form field as text ('' when missing or a file), cut at ``limit``, without NUL
        characters (no database should be asked to store one; PostgreSQL refuses them)."""
        value = self.form.get(name, "") if self.form is not None else ""
        return value[:limit].replace("\x00", "") if isinstance(value, str) else ""

    def query(self, name: str, limit: int = 200) -> str:
        return self.request.query_params.get(name, "")[:limit]

    def render(self, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
        html = deps.services(self.request).templates.render(
            template,
            user=self.user,
            can=self.can,
            Action=Action,
            labels=labels,
            nav=[item for item in NAV if item.permission is None or self.can(item.permission)],
            path=self.request.url.path,
            csrf_token=self.csrf_token,
            now=self.now,
            **({"site": self.site, "language": self.language} | context),
        )
        return HTMLResponse(html, status_code=status)

    def redirect(self, url: str) -> RedirectResponse:
        """See-other, the answer to a form post (post/redirect/get)."""
        return RedirectResponse(url, status_code=303)

    def error(self, status: int, message: str) -> HTMLResponse:
        return self.render("admin/error.html", status=status, code=status, message=message)


def page(
    path: str,
    view: View,
    *,
    name: str,
    methods: Sequence[str] = ("GET",),
    permission: Action | None = None,
    public: bool = False,
    max_body: int = 200_000,
    max_files: int = 0,
    max_fields: int = 100,
) -> Route:
    """An admin route behind the guard. ``public`` pages (login) need no session, but
    their forms still need the pre-login CSRF token. ``permission`` is the page's own
    check; the actions a view calls check theirs too."""

    async def endpoint(request: Request) -> Response:
        services = deps.services(request)
        unsafe = request.method not in csrf.SAFE_METHODS
        if unsafe and not same_origin(request, services.settings.base_url):
            refused = N_("This form can only be sent from the newsroom's pages.")
            return await run_in_threadpool(_refuse, request, 403, refused)
        form = await _read_form(request, max_body, max_files, max_fields) if unsafe else None
        try:
            response = await run_in_threadpool(
                _guarded, request, services, view, form, unsafe, permission, public
            )
        finally:
            if form is not None:
                await form.close()
        response.headers["Cache-Control"] = NO_STORE
        return response

    endpoint.__name__ = view.__name__
    # The routes test checks that every /admin route is behind this guard.
    endpoint.admin_guarded = True  # type: ignore[attr-defined]
    endpoint.admin_public = public  # type: ignore[attr-defined]
    return Route(path, endpoint, name=name, methods=list(methods))


def _guarded(
    request: Request,
    services: Services,
    view: View,
    form: FormData | None,
    unsafe: bool,
    permission: Action | None,
    public: bool,
) -> Response:
    found = auth.signed_in(request, services)
    user = found[0] if found else None
    new_seed = ""
    if user is not None:
        secret = auth.session_token(request)
    else:
        secret, is_new = auth.login_seed(request)
        new_seed = secret if is_new else ""
    req = AdminRequest(
        request=request,
        services=services,
        user=user,
        csrf_token=sessions.csrf_token(services.keys, secret),
        form=form,
        now=services.clock(),
        ip_hash=auth.ip_hash(request, services),
        writing=unsafe,
    )
    response = _answer(req, view, unsafe, permission, public)
    if new_seed:
        auth.set_login_cookie(response, new_seed, services.settings)
    if found is None and auth.session_token(request):
        auth.clear_session_cookie(response, services.settings)  # it named no live session
    return response


def _answer(
    req: AdminRequest, view: View, unsafe: bool, permission: Action | None, public: bool
) -> Response:
    if req.user is None and not public:
        if unsafe:
            return req.error(403, N_("Your session has ended. Sign in again and resend the form."))
        target = req.request.url.path
        if req.request.url.query:
            target += "?" + req.request.url.query
        return RedirectResponse(urls.admin_login(target), status_code=303)
    if unsafe and not csrf.token_ok(req.csrf_token, req.request, req.form):
        return req.error(403, EXPIRED)
    if permission is not None and not req.can(permission):
        return req.error(403, NOT_ALLOWED)
    try:
        return view(req)
    except PermissionDenied:
        return req.error(403, NOT_ALLOWED)
    except NotFound:
        return req.error(404, N_("There is nothing here: it may have been deleted."))


async def _read_form(request: Request, max_body: int, max_files: int, max_fields: int) -> FormData:
    length = request.headers.get("content-length", "")
    if not length.isdigit():
        raise HTTPException(411)
    if int(length) > max_body:
        raise HTTPException(413)
    try:
        return await request.form(max_files=max_files, max_fields=max_fields)
    except Exception as exc:  # a malformed body is the sender's error, not ours
        raise HTTPException(400) from exc


def _refuse(request: Request, status: int, message: str) -> Response:
    """A refusal before anyone is signed in, in the site's language."""
    html = deps.services(request).templates.render(
        "admin/error.html",
        user=None,
        can=lambda *a: False,
        Action=Action,
        labels=labels,
        nav=[],
        path=request.url.path,
        csrf_token="",
        now=None,
        code=status,
        message=message,
        site=site_of(request),
    )
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": NO_STORE})
