"""The portal as a Starlette sub-application, mounted by the main app at the site's root."""

from __future__ import annotations

import logging
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..settings import Settings
from .browser import CSRF_FIELD, Cookies
from .middleware import PortalMiddleware, csrf_token
from .operations import ApiFailure
from .pages import activity, change, customers, invitation, orders, password, signin, users, webhooks
from .rendering import templates

STATIC_DIR = Path(__file__).parent / "static"
ERROR_TITLES = {
    400: "Not a valid address",
    403: "Not allowed",
    404: "Not found",
    405: "Not allowed",
    500: "Something went wrong",
}
log = logging.getLogger("graphql_portal.portal")


def _routes() -> list[Route | Mount]:
    get, post = ["GET"], ["POST"]
    return [
        Route("/", customers.home, methods=get),
        Route("/signin", signin.signin_page, methods=get),
        Route("/signin", signin.signin, methods=post),
        Route("/signout", signin.signout, methods=post),
        Route("/forgot-password", invitation.forgot_page, methods=get),
        Route("/forgot-password", invitation.forgot, methods=post),
        Route("/invitation", invitation.invitation_page, methods=get),
        Route("/invitation", invitation.choose_password, methods=post),
        Route("/invitation/{token}", invitation.take_link, methods=get),
        Route("/password", password.password_page, methods=get),
        Route("/password", password.change, methods=post),
        Route("/customers", customers.customer_list, methods=get),
        Route("/customers/{customer_id}", customers.customer_detail, methods=get),
        Route("/customers/{customer_id}/preview", customers.preview, methods=get),
        Route("/customers/{customer_id}/review", change.review, methods=post),
        Route("/customers/{customer_id}/lead", change.create_lead, methods=post),
        Route("/reviews/{review_id}", change.review_page, methods=get),
        Route("/reviews/{review_id}/submit", change.submit, methods=post),
        Route("/orders", orders.order_list, methods=get),
        Route("/orders.csv", orders.export_csv, methods=get),
        Route("/orders/{order_id}", orders.order_detail, methods=get),
        Route("/orders/{order_id}/status", orders.order_status, methods=get),
        Route("/orders/{order_id}/cancel", orders.cancel_page, methods=get),
        Route("/orders/{order_id}/cancel", orders.cancel, methods=post),
        Route("/users", users.user_list, methods=get),
        Route("/users", users.create_user, methods=post),
        Route("/users/{user_id}/role", users.change_role, methods=post),
        Route("/users/{user_id}/resend", users.resend_invitation, methods=post),
        Route("/users/{user_id}/deactivate", users.confirm_deactivation, methods=get),
        Route("/users/{user_id}/deactivate", users.deactivate_user, methods=post),
        Route("/activity", activity.activity, methods=get),
        Route("/webhooks", webhooks.webhook_list, methods=get),
        Route("/webhooks", webhooks.create, methods=post),
        Route("/webhooks/{endpoint_id}", webhooks.webhook_detail, methods=get),
        Route("/webhooks/{endpoint_id}", webhooks.update, methods=post),
        Route("/webhooks/{endpoint_id}/test", webhooks.send_test, methods=post),
        Route("/webhooks/{endpoint_id}/rotate", webhooks.rotate, methods=post),
        Route("/webhooks/{endpoint_id}/delete", webhooks.confirm_delete, methods=get),
        Route("/webhooks/{endpoint_id}/delete", webhooks.delete, methods=post),
        Route("/webhooks/{endpoint_id}/deliveries/{delivery_id}/redeliver", webhooks.redeliver, methods=post),
        Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
    ]


async def _error_page(request: Request, status_code: int, message: str) -> Response:
    """The error page in the portal's look, with no query of its own (it may be the database
    that failed)."""
    signed_in = getattr(request.state, "principal", None) is not None
    context = {
        "viewer": None,
        "signed_in": signed_in,
        "csrf_token": csrf_token(request) if hasattr(request.state, "browser") else "",
        "csrf_field": CSRF_FIELD,
        "flashes": list,
        "path": request.url.path,
        "status_code": status_code,
        "title": ERROR_TITLES.get(status_code, "Error"),
        "message": message,
    }
    return templates.TemplateResponse(request, "error.html", context, status_code=status_code)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = exc.detail if exc.status_code != 404 else "There is no such page."
    if request.headers.get("hx-request"):
        return Response(message, status_code=exc.status_code, media_type="text/plain")
    return await _error_page(request, exc.status_code, message)


async def _api_failure(request: Request, exc: Exception) -> Response:
    """A page's query refused as the client's mistake (an edited address: a cursor that is not
    one, a filter too long) is a 400 page, not a server error."""
    assert isinstance(exc, ApiFailure)
    if exc.codes and all(code == "BAD_USER_INPUT" for code in exc.codes):
        message = "This page address is not valid. Go back, or start again from the menu."
        if request.headers.get("hx-request"):
            return Response(message, status_code=400, media_type="text/plain")
        return await _error_page(request, 400, message)
    raise exc


async def _server_error(request: Request, exc: Exception) -> Response:
    # Starlette re-raises the exception after this response, so the server logs it once.
    return await _error_page(request, 500, "The error was logged. Try again, or tell us if it persists.")


def portal_app(settings: Settings) -> Starlette:
    """The partner portal: every page but sign-in and the password links needs a session."""
    app = Starlette(
        routes=_routes(),
        middleware=[Middleware(PortalMiddleware, settings=settings)],
        exception_handlers={HTTPException: _http_error, ApiFailure: _api_failure, Exception: _server_error},
    )
    app.state.settings = settings
    app.state.portal_cookies = Cookies(settings)
    return app
