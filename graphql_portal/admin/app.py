"""The admin as a Starlette sub-application, mounted by the main app at `/admin`."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..settings import Settings
from .middleware import StaffSessionMiddleware
from .rendering import admin_url, shared_url, templates
from .sessions import CSRF_FIELD
from .views import audit, customers, home, orders, partners, signin, staff

STATIC_DIR = Path(__file__).parent / "static"
ERROR_TITLES = {
    403: "Not allowed",
    404: "Not found",
    405: "Not allowed",
    500: "Something went wrong",
    503: "Unavailable",
}


def _routes() -> list[Route | Mount]:
    get, post = ["GET"], ["POST"]
    order = "/orders/{order_id:int}"
    partner = "/partners/{partner_id:int}"
    return [
        Route("/signin", signin.signin_page, methods=get),
        Route("/signin", signin.signin, methods=post),
        Route("/signout", signin.signout, methods=post),
        Route("/", home.home, methods=get),
        Route("/customers", customers.customer_list, methods=get),
        Route("/customers/{customer_id:int}", customers.customer_detail, methods=get),
        Route("/customers/{customer_id:int}/attachments", customers.upload_attachment, methods=post),
        Route("/orders", orders.order_list, methods=get),
        Route(order, orders.order_detail, methods=get),
        Route(f"{order}/status", orders.order_status, methods=get),
        Route(f"{order}/fulfilment", orders.fulfilment_section, methods=get),
        Route(f"{order}/retry", orders.retry_order, methods=post),
        Route(f"{order}/close", orders.confirm_close, methods=get),
        Route(f"{order}/close", orders.close_order, methods=post),
        Route(f"{order}/deliveries/{{delivery_id:int}}", orders.delivery_row, methods=get),
        Route(f"{order}/deliveries/{{delivery_id:int}}/retry", orders.retry_delivery, methods=post),
        Route("/partners", partners.partner_list, methods=get),
        Route(partner, partners.partner_detail, methods=get),
        Route(f"{partner}/users", partners.create_user, methods=post),
        Route(f"{partner}/users/{{user_id:int}}/tokens", partners.issue_token, methods=post),
        Route(f"{partner}/users/{{user_id:int}}/resend", partners.resend_invitation, methods=post),
        Route(f"{partner}/users/{{user_id:int}}/deactivate", partners.confirm_deactivation, methods=get),
        Route(f"{partner}/users/{{user_id:int}}/deactivate", partners.deactivate_user, methods=post),
        Route(f"{partner}/tokens/{{token_id:int}}/revoke", partners.revoke, methods=post),
        Route("/staff", staff.staff_list, methods=get),
        Route("/audit", audit.audit_list, methods=get),
        Route("/staff/{staff_id:int}/deactivate", staff.confirm_deactivation, methods=get),
        Route("/staff/{staff_id:int}/deactivate", staff.deactivate, methods=post),
        Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
    ]


def _error_page(request: Request, status_code: int, message: str) -> Response:
    """The error page in the admin's look; it needs nothing but the request, so it also works
    when the failure happened before the session was loaded."""
    session = getattr(request.state, "admin_session", None)
    context = {
        "staff": getattr(request.state, "staff", None),
        "csrf_token": session.csrf if session else "",
        "csrf_field": CSRF_FIELD,
        "u": lambda path: admin_url(request, path),
        "shared": lambda path: shared_url(request, path),
        "flashes": list,
        "status_code": status_code,
        "title": ERROR_TITLES.get(status_code, "Error"),
        "message": message,
    }
    return templates.TemplateResponse(request, "error.html", context, status_code=status_code)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = exc.detail if exc.status_code != 404 else "There is no such page."
    response = _error_page(request, exc.status_code, message)
    response.headers.update(exc.headers or {})
    return response


async def _server_error(request: Request, exc: Exception) -> Response:
    # Starlette re-raises the exception after this response, so the server logs it once.
    return _error_page(request, 500, "The error was logged. Try again, or tell the team if it persists.")


def admin_app(settings: Settings) -> Starlette:
    """The staff admin: every page but sign-in needs a staff session (see `middleware`)."""
    app = Starlette(
        routes=_routes(),
        middleware=[Middleware(StaffSessionMiddleware, settings=settings)],
        exception_handlers={HTTPException: _http_error, Exception: _server_error},
    )
    app.state.settings = settings
    return app
