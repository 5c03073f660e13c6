"""Webhooks (ADMIN): the partner's endpoints with their delivery logs; add one (its signing secret
is shown once, on the page that answers), change, test, rotate the secret, redeliver, delete."""

from __future__ import annotations

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from ..operations import ApiFailure, errors_by_field, execute
from ..rendering import checked_form, flash, not_found, query_string, redirect, render

ONLY_ADMIN = "Only an ADMIN of your organisation manages its webhooks."
# What an endpoint may subscribe to, as the form offers it.
EVENT_TYPES = (
    "ORDER_SUBMITTED", "ORDER_SCHEDULED", "ORDER_COMPLETED", "ORDER_NEEDS_ATTENTION", "ORDER_CANCELLED",
    "ATTACHMENT_ADDED", "USER_CREATED", "USER_ACTIVATED", "USER_ROLE_CHANGED", "USER_DEACTIVATED",
)  # fmt: skip
DELIVERIES_SHOWN = 50
MAX_TEXT = 2100
MAX_CURSOR = 500


def _admin_only(request: Request) -> None:
    if not request.state.principal.can_manage_users():
        raise HTTPException(403, ONLY_ADMIN)


def _wanted(form: FormData) -> dict:
    return {
        "url": str(form.get("url") or "").strip()[:MAX_TEXT],
        "description": str(form.get("description") or "").strip()[:MAX_TEXT],
        "eventTypes": [t for t in form.getlist("eventTypes") if t in EVENT_TYPES],
    }


async def webhook_list(request: Request) -> Response:
    _admin_only(request)
    return await _list_page(request, {}, {"url": "", "description": "", "eventTypes": list(EVENT_TYPES)})


async def _list_page(request: Request, errors: dict, new: dict, status_code: int = 200) -> Response:
    data = await execute(request, "WebhookList")
    context = {"endpoints": data["webhookEndpoints"], "errors": errors, "new": new, "types": EVENT_TYPES}
    return await render(request, "webhooks.html", context, status_code, viewer=data["viewer"])


async def create(request: Request) -> Response:
    """Add an endpoint; the answer is the page with its secret, shown this once (no redirect, so a
    reload does not show it again from a stored message)."""
    _admin_only(request)
    new = _wanted(await checked_form(request))
    variables = {**new, "description": new["description"] or None}
    payload = (await execute(request, "CreateWebhookEndpoint", input=variables))["createWebhookEndpoint"]
    if payload["endpoint"] is None:
        return await _list_page(request, errors_by_field(payload["errors"]), new, 400)
    return await _secret_page(request, payload["endpoint"], payload["secret"], created=True)


async def _secret_page(request: Request, endpoint: dict, secret: str, *, created: bool) -> Response:
    return await render(
        request, "webhook_secret.html", {"endpoint": endpoint, "secret": secret, "created": created}
    )


async def _details(request: Request, after: str | None = None) -> tuple[dict, dict]:
    """The endpoint of the path with a page of its deliveries, and the page's viewer."""
    try:
        data = await execute(request, "WebhookDetails", first=DELIVERIES_SHOWN, after=after)
    except ApiFailure as failure:
        if after and failure.codes == ("BAD_USER_INPUT",):
            raise HTTPException(400, "This page address is not valid: start again from Webhooks.") from None
        raise
    endpoint_id = request.path_params["endpoint_id"]
    endpoint = next((e for e in data["webhookEndpoints"] if e["id"] == endpoint_id), None)
    if endpoint is None:
        raise not_found()
    return endpoint, data["viewer"]


async def webhook_detail(request: Request) -> Response:
    _admin_only(request)
    return await _detail_page(request, {}, None)


async def _detail_page(request: Request, errors: dict, form: dict | None, status_code: int = 200) -> Response:
    after = (request.query_params.get("after") or "")[:MAX_CURSOR] or None
    endpoint, viewer = await _details(request, after)
    shown = form or {
        "url": endpoint["url"],
        "description": endpoint["description"] or "",
        "eventTypes": endpoint["eventTypes"],
        "enabled": endpoint["enabled"],
    }
    page = endpoint["deliveries"]
    here = f"/webhooks/{endpoint['id']}"
    context = {
        "endpoint": endpoint,
        "deliveries": page["nodes"],
        "form": shown,
        "errors": errors,
        "types": EVENT_TYPES,
        "paged": after is not None,
        "first_url": here,
        "next_url": here + query_string({"after": page["pageInfo"]["endCursor"]})
        if page["pageInfo"]["hasNextPage"]
        else None,
    }
    return await render(request, "webhook.html", context, status_code, viewer=viewer)


async def update(request: Request) -> Response:
    _admin_only(request)
    form = await checked_form(request)
    wanted = {**_wanted(form), "enabled": form.get("enabled") == "on"}
    endpoint_id = request.path_params["endpoint_id"]
    payload = (await execute(request, "UpdateWebhookEndpoint", input={"id": endpoint_id, **wanted}))[
        "updateWebhookEndpoint"
    ]
    if any(e["code"] == "NOT_FOUND" for e in payload["errors"]):
        raise not_found()
    if payload["endpoint"] is None:
        return await _detail_page(request, errors_by_field(payload["errors"]), wanted, 400)
    flash(request, "ok", "The endpoint is saved.")
    return redirect(f"/webhooks/{endpoint_id}")


async def _action(request: Request, operation: str, field: str, variables: dict) -> dict:
    _admin_only(request)
    await checked_form(request)
    payload = (await execute(request, operation, input=variables))[field]
    if any(e["code"] == "NOT_FOUND" for e in payload["errors"]):
        raise not_found()
    for error in payload["errors"]:
        flash(request, "error", error["message"])
    return payload


async def send_test(request: Request) -> Response:
    endpoint_id = request.path_params["endpoint_id"]
    payload = await _action(request, "SendTestWebhook", "sendTestWebhook", {"id": endpoint_id})
    if payload["delivery"] is not None:
        flash(request, "ok", "A test event is on its way; its delivery is at the top of the log.")
    return redirect(f"/webhooks/{endpoint_id}")


async def redeliver(request: Request) -> Response:
    endpoint_id = request.path_params["endpoint_id"]
    variables = {"deliveryId": request.path_params["delivery_id"]}
    payload = await _action(request, "RedeliverWebhook", "redeliverWebhook", variables)
    if payload["delivery"] is not None:
        flash(request, "ok", "The event is being delivered again, with the same webhook-id.")
    return redirect(f"/webhooks/{endpoint_id}")


async def rotate(request: Request) -> Response:
    endpoint_id = request.path_params["endpoint_id"]
    payload = await _action(request, "RotateWebhookSecret", "rotateWebhookSecret", {"id": endpoint_id})
    if payload["secret"] is None:
        return redirect(f"/webhooks/{endpoint_id}")
    return await _secret_page(request, payload["endpoint"], payload["secret"], created=False)


async def confirm_delete(request: Request) -> Response:
    """ "Delete this endpoint?": what it means, with Delete (the POST) and Keep (back)."""
    _admin_only(request)
    endpoint, viewer = await _details(request)
    return await render(request, "webhook_delete.html", {"endpoint": endpoint}, viewer=viewer)


async def delete(request: Request) -> Response:
    endpoint_id = request.path_params["endpoint_id"]
    payload = await _action(request, "DeleteWebhookEndpoint", "deleteWebhookEndpoint", {"id": endpoint_id})
    if payload["deletedId"] is not None:
        flash(request, "ok", "The endpoint is deleted; nothing more is sent to it.")
    return redirect("/webhooks")
