"""Every portal request passes here: the session, the CSRF check of htmx requests, the headers.

Pages other than sign-in, the invitation and forgotten-password pages and the static files need a
signed-in partner user; without one the browser is sent to Sign in with `next` set to where it
was going. Responses carry the cookies the endpoint changed and headers that keep the pages out of
caches and frames and forbid inline scripts and foreign assets.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..auth import resolve_partner_session
from ..auth.actors import acting_for
from ..settings import Settings
from .browser import CSRF_HEADER, SESSION_COOKIE, STATE_COOKIE, Cookies, csrf_matches

PUBLIC_PATHS = ("/signin", "/forgot-password", "/invitation")
PUBLIC_PREFIXES = ("/invitation/",)
STATIC_PREFIX = "/static/"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
KEEP = object()


def is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def csrf_token(request: Request) -> str:
    """The token forms and htmx must send: the session's once signed in, the browser's before."""
    session = request.state.auth_session
    return session.csrf_token if session is not None else request.state.browser.csrf


async def partner_from_request(request: Request):
    """The signed-in partner user's principal of a portal session cookie, or None; for routes
    outside the portal (downloads). Not counted as activity."""
    key = request.cookies.get(SESSION_COOKIE)
    if not key:
        return None
    return (await resolve_partner_session(key, request.app.state.settings, touch=False)).principal


class PortalMiddleware:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.cookies = Cookies(settings)
        self.idle_minutes = max(1, settings.session_idle_seconds // 60)
        self.absolute_hours = max(1, settings.session_absolute_seconds // 3600)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if path.startswith(STATIC_PREFIX):
            await self.app(scope, receive, self._with_headers(send, scope, static=True))
            return

        request = Request(scope)
        htmx = bool(request.headers.get("hx-request"))
        # htmx's own GETs (the polling of an order's status) are not activity.
        background = htmx and request.method == "GET"
        key = request.cookies.get(SESSION_COOKIE) or None
        lookup = await resolve_partner_session(key, self.settings, touch=not background)
        browser = self.cookies.load_state(request.cookies.get(STATE_COOKIE))
        state = scope.setdefault("state", {})
        state.update(
            principal=lookup.principal,
            auth_session=lookup.session if lookup.principal is not None else None,
            session_key=key if lookup.principal is not None else None,
            browser=browser,
            # A browser without the cookie gets it now, so the sign-in form's token holds.
            browser_loaded=browser.fingerprint() if request.cookies.get(STATE_COOKIE) else None,
            new_session_key=KEEP if (lookup.principal is not None or key is None) else None,
        )
        if lookup.ended == "idle":
            browser.flash("error", f"You were signed out after {self.idle_minutes} minutes without activity.")
        elif lookup.ended == "absolute":
            browser.flash(
                "error", f"You were signed out: a session lasts at most {self.absolute_hours} hours."
            )

        # Sign-in comes first: a page whose session ended while it was polling goes to Sign in
        # rather than failing the check of a token that ended with the session.
        if lookup.principal is None and not is_public(path):
            await self._to_signin(request, path)(scope, receive, self._with_headers(send, scope))
            return
        if htmx and not csrf_matches(csrf_token(request), request.headers.get(CSRF_HEADER)):
            response: Response = PlainTextResponse(
                "The page has expired or did not come from this site. Reload it and try again.", 403
            )
            await response(scope, receive, self._with_headers(send, scope))
            return
        with acting_for(lookup.principal, request):
            await self.app(scope, receive, self._with_headers(send, scope))

    def _to_signin(self, request: Request, path: str) -> Response:
        """See-other to Sign in with `next`; htmx gets a full-page redirect instead (it would
        follow a 303 itself and swap the sign-in page into the status line)."""
        if request.headers.get("hx-request"):
            current = urlsplit(request.headers.get("hx-current-url", ""))
            inside = current.netloc == request.url.netloc and current.path.startswith("/")
            target = current.path + (f"?{current.query}" if current.query else "") if inside else "/"
            signin = f"/signin?next={quote(target, safe='')}"
            return Response(status_code=401, headers={"HX-Redirect": signin})
        query = request.scope.get("query_string", b"").decode("latin-1")
        target = path + (f"?{query}" if query else "")
        if target == "/":
            return RedirectResponse("/signin", status_code=303)
        return RedirectResponse(f"/signin?next={quote(target, safe='')}", status_code=303)

    def _with_headers(self, send: Send, scope: Scope, *, static: bool = False) -> Send:
        """Wrap `send` so the response start carries the security headers and changed cookies
        (read at response start, after the endpoint ran)."""

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                if not static:
                    headers.setdefault("Cache-Control", "no-store")
                    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                    headers.setdefault("X-Frame-Options", "DENY")
                    headers.setdefault("Referrer-Policy", "same-origin")
                    state = scope.get("state", {})
                    new_key = state.get("new_session_key", KEEP)
                    if new_key is not KEEP:
                        headers.append("Set-Cookie", self.cookies.session_header(new_key))
                    browser = state.get("browser")
                    if browser is not None and browser.fingerprint() != state.get("browser_loaded"):
                        headers.append("Set-Cookie", self.cookies.state_header(browser))
            await send(message)

        return wrapped
