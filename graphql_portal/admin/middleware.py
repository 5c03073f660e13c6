"""Every admin request passes here: load the session, let only staff through, write the cookie.

Pages other than sign-in and the static files need a signed-in staff user (a live session row,
see `auth.sessions`); without one the browser is sent to the sign-in page with `next` set to where
it was going. The response gets the session cookie and headers that keep the pages out of caches
and frames and forbid inline scripts.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote, urlsplit

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..auth import resolve_staff_session
from ..events import Actor, acting_as, client_address
from ..settings import Settings
from .sessions import COOKIE_NAME, Session, SessionCodec

PUBLIC_PATHS = ("/signin",)
STATIC_PREFIX = "/static/"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def route_path(scope: Scope) -> str:
    """The path inside the admin (`/customers`), wherever the admin is mounted."""
    path, root = scope["path"], scope.get("root_path", "")
    if root and path.startswith(root):
        return path[len(root) :] or "/"
    return path


class StaffSessionMiddleware:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.codec = SessionCodec(settings)
        self.settings = settings
        idle_minutes = max(1, settings.session_idle_seconds // 60)
        absolute_hours = max(1, settings.session_absolute_seconds // 3600)
        self.ended_messages = {
            "idle": f"You were signed out after {idle_minutes} minutes without activity.",
            "absolute": f"You were signed out: a session lasts at most {absolute_hours} hours.",
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = route_path(scope)
        if path.startswith(STATIC_PREFIX):
            await self.app(scope, receive, self._with_headers(send, None))
            return

        request = Request(scope)
        session = self.codec.loads(request.cookies.get(COOKIE_NAME))
        loaded = session.fingerprint()
        # htmx's own GETs (the polling of pending steps) are not activity: they neither keep the
        # session alive nor rewrite the cookie, so a poll answered after a sign-out in another
        # request cannot put the old session back.
        background = bool(request.headers.get("hx-request")) and request.method == "GET"
        staff = None
        if session.key is not None:
            found = await resolve_staff_session(session.key, self.settings, touch=not background)
            staff = found.staff
            if staff is None:
                session.sign_out()
                session.ended = found.ended
            else:
                session.csrf = found.session.csrf_token
        state = scope.setdefault("state", {})
        state["admin_session"] = session
        state["staff"] = staff

        def cookie() -> Session | None:
            return None if background and session.fingerprint() == loaded else session

        if staff is None and path not in PUBLIC_PATHS:
            if session.ended in self.ended_messages:
                session.flash("error", self.ended_messages[session.ended])
            response = self._to_signin(request, path)
            await response(scope, receive, self._with_headers(send, cookie))
            return

        address = client_address(request)
        actor = Actor.staff(staff, address=address) if staff is not None else Actor.visitor(address)
        with acting_as(actor):
            await self.app(scope, receive, self._with_headers(send, cookie))

    def _to_signin(self, request: Request, path: str) -> Response:
        """See-other to the sign-in page with `next`; htmx gets a full-page redirect instead
        (it would follow a 303 itself and swap the sign-in page into a table row)."""
        root = request.scope.get("root_path", "")
        if request.headers.get("hx-request"):
            current = urlsplit(request.headers.get("hx-current-url", ""))
            inside = current.path.startswith(root + "/") and current.netloc == request.url.netloc
            target = (
                current.path[len(root) :] + (f"?{current.query}" if current.query else "") if inside else "/"
            )
        else:
            query = request.scope.get("query_string", b"").decode("latin-1")
            target = path + (f"?{query}" if query else "")
        signin = f"{root}/signin?next={quote(target, safe='')}"
        if request.headers.get("hx-request"):
            return Response(status_code=401, headers={"HX-Redirect": signin})
        return RedirectResponse(signin, status_code=303)

    def _with_headers(self, send: Send, cookie: Callable[[], Session | None] | None) -> Send:
        """Wrap `send` so the response start carries the cookie and the security headers.

        `cookie` is called at response start, after the endpoint has changed the session; None
        marks a static file (no cookie, cacheable, no page policies).
        """

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                if cookie is not None:
                    headers.setdefault("Cache-Control", "no-store")
                    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                    headers.setdefault("X-Frame-Options", "DENY")
                    headers.setdefault("Referrer-Policy", "same-origin")
                    session = cookie()
                    if session is not None:
                        headers.append("Set-Cookie", self.codec.cookie_header(session))
            await send(message)

        return wrapped
