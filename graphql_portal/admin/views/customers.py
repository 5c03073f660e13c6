"""Customers: search, details (holdings, monthly cost, attachments, orders) and document upload."""

from __future__ import annotations

import logging

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from tortoise.expressions import Q

from ...events import Change
from ...events import log as events
from ...fulfilment.attachments import file_attachment
from ...fulfilment.downloads import RETRY_AFTER_SECONDS, store_unavailable_response
from ...fulfilment.stores import StoreUnavailable
from ...models import Attachment, AttachmentKind, Customer, CustomerProduct, Order, Partner
from ...models.paging import after_key
from ...ordering.pricing import PricingError, load_pricing
from ..rendering import checked_form, redirect, render
from ..sessions import session_of
from ..uploads import (
    ACCEPT_ATTRIBUTE,
    ACCEPTED_LABELS,
    UploadRefused,
    file_from_form,
    human_size,
    read_upload_form,
)
from .params import PAGE_SIZE, id_param, or_404, path_id, query_string, text_param

logger = logging.getLogger("graphql_portal.admin")
ORDERS_SHOWN = 20
ATTACHMENT_COLUMNS = (
    "id",
    "kind",
    "filename",
    "content_type",
    "size",
    "created_at",
    "order_id",
    "uploaded_by",
)


async def customer_list(request: Request) -> Response:
    """Customers by name (then id), filtered by a name or account code fragment and a partner;
    keyset pagination on (name, id) so a page costs the same however deep it is."""
    search = text_param(request, "q")
    partner_id = id_param(request, "partner")
    after = id_param(request, "after")
    query = Customer.all().select_related("partner")
    if search:
        query = query.filter(Q(name__icontains=search) | Q(account_code__icontains=search))
    if partner_id:
        query = query.filter(partner_id=partner_id)
    if after:
        anchor = await Customer.filter(id=after).only("id", "name").first()
        if anchor is not None:
            query = query.filter(after_key("name", anchor.name, anchor.id))
    rows = await query.order_by("name", "id").limit(PAGE_SIZE + 1)
    customers, more = rows[:PAGE_SIZE], len(rows) > PAGE_SIZE
    return render(
        request,
        "customers.html",
        {
            "customers": customers,
            "partners": await Partner.all(),
            "search": search,
            "partner_id": partner_id,
            "paged": after is not None,
            "first_url": query_string(q=search, partner=partner_id),
            "next_url": query_string(q=search, partner=partner_id, after=customers[-1].id) if more else None,
        },
    )


async def customer_detail(request: Request) -> Response:
    customer = or_404(
        await Customer.filter(id=path_id(request, "customer_id"))
        .select_related("partner", "implementation_lead")
        .first()
    )
    skus = await CustomerProduct.filter(customer_id=customer.id).values_list("product__sku", flat=True)
    holdings, pricing_problem = None, None
    try:
        pricing = await load_pricing(customer.partner_id)
        holdings = pricing.price_holdings(customer.status, customer.seats, skus)
    except PricingError as exc:
        pricing_problem = str(exc)
    orders = (
        await Order.filter(customer_id=customer.id).order_by("-submitted_at", "-id").limit(ORDERS_SHOWN + 1)
    )
    # Never load the files' bytes for a listing.
    attachments = (
        await Attachment.filter(customer_id=customer.id)
        .order_by("-created_at", "-id")
        .values(*ATTACHMENT_COLUMNS)
    )
    numbers = await _order_numbers({row["order_id"] for row in attachments} - {o.id for o in orders})
    numbers.update({o.id: o.number for o in orders})
    return render(
        request,
        "customer.html",
        {
            "customer": customer,
            "lines": holdings.lines if holdings else [],
            "monthly_cost": holdings.monthly_cost if holdings else None,
            "eligibility": holdings.eligibility if holdings else None,
            "pricing_problem": pricing_problem,
            "orders": orders[:ORDERS_SHOWN],
            "more_orders": len(orders) > ORDERS_SHOWN,
            "attachments": attachments,
            "order_numbers": numbers,
            "accept": ACCEPT_ATTRIBUTE,
            "accepted_labels": ACCEPTED_LABELS,
            "max_upload": human_size(request.app.state.settings.upload_max_bytes),
        },
    )


async def _order_numbers(order_ids: set[int | None]) -> dict[int, str]:
    ids = [i for i in order_ids if i is not None]
    if not ids:
        return {}
    return {order.id: order.number for order in await Order.filter(id__in=ids).only("id")}


async def upload_attachment(request: Request) -> Response:
    """Store one document in the customer's Attachments area, or say why not and store nothing."""
    customer = or_404(
        await Customer.filter(id=path_id(request, "customer_id")).only("id", "partner_id").first()
    )
    max_bytes = request.app.state.settings.upload_max_bytes
    session = session_of(request)
    target = f"/customers/{customer.id}#attachments"
    try:
        form = await read_upload_form(request, max_bytes)
    except UploadRefused as refusal:
        # The form was not read, so its CSRF token is unknown: only a message is queued, nothing else.
        session.flash("error", f"Upload refused: {refusal}")
        return redirect(request, target)
    await checked_form(request, form)
    try:
        accepted = await file_from_form(form, "file", max_bytes)
    except UploadRefused as refusal:
        session.flash("error", f"Upload refused: {refusal}")
        return redirect(request, target)

    async def record(attachment: Attachment, conn) -> None:
        await events.attachment_added(attachment, using_db=conn)
        await events.staff_action(
            "upload document",
            partner_id=customer.partner_id,
            customer_id=customer.id,
            changes=[Change("attachment", None, accepted.filename)],
            using_db=conn,
        )

    try:
        await file_attachment(
            request.app.state.settings,
            customer_id=customer.id,
            kind=AttachmentKind.DOCUMENT,
            filename=accepted.filename,
            content_type=accepted.content_type,
            data=accepted.data,
            uploaded_by=request.state.staff.email,
            after_filing=record,
        )
    except StoreUnavailable as exc:
        return store_unavailable(request, exc)
    session.flash("ok", f"Stored {accepted.filename} ({human_size(accepted.size)}).")
    return redirect(request, target)


def store_unavailable(request: Request, exc: StoreUnavailable) -> Response:
    """Nothing was stored: a 503 to retry, as the admin's error page for a browser, else JSON."""
    logger.warning("upload: %s", exc)
    if "text/html" not in request.headers.get("accept", ""):
        return store_unavailable_response()
    raise HTTPException(
        503,
        "The attachment store is unavailable, so nothing was stored. Go back and upload the file "
        "again in a few seconds.",
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )
