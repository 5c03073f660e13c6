"""The order addendum: what an order changed, as a PDF filed on the customer record.

`render_addendum_pdf` is pure (data in, bytes out) and deterministic: the same order renders to
the same bytes, so a re-render can be compared with the stored file. The HTML comes from an
autoescaped Jinja template, so names are text, never markup; the only files the renderer may
read are those in this package's `static/` folder, and it may open no network connection.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote, urlsplit

import reportlab.rl_config
from tortoise.exceptions import IntegrityError
from xhtml2pdf import pisa
from xhtml2pdf.config.resources import ResourceAccessPolicy

from ..events import log as events
from ..models import Attachment, AttachmentKind, Job, Order
from ..models.lines import LineSnapshot
from ..money import format_money
from ..ordering.changes import BillingPeriod, change_lines
from ..ordering.pricing import Line
from ..settings import Settings
from .attachments import file_attachment
from .templating import templates

# Without it reportlab stamps the creation time and a random document ID into every file.
reportlab.rl_config.invariant = 1

PACKAGE_DIR = Path(__file__).resolve().parent
STATIC_DIR = PACKAGE_DIR / "static"
DENIED = "data:,"  # xhtml2pdf ignores a None or "" answer and fetches the original URL


@dataclass(frozen=True)
class Person:
    name: str
    email: str


@dataclass(frozen=True)
class AddendumData:
    """Everything the addendum and the two emails say about one order."""

    order_id: int
    number: str
    submitted_at: dt.datetime
    partner: str
    customer_id: int
    customer: str
    account_code: str
    msa_reference: str
    submitter: Person
    implementation_lead: Person
    seats_before: int
    seats_after: int
    lines_before: tuple[LineSnapshot, ...]
    lines_after: tuple[LineSnapshot, ...]
    monthly_cost_before: Decimal
    monthly_cost_after: Decimal
    monthly_cost_change: Decimal
    currency: str
    partner_reference: str | None = None
    effective_on: dt.date | None = None
    prorated_charge: Decimal = Decimal("0.00")
    cancelled_at: dt.datetime | None = None
    # Why a scheduled order was not applied on its date (the customer changed by other means).
    attention_reason: str | None = None

    def __post_init__(self) -> None:
        if self.effective_on is None:
            object.__setattr__(self, "effective_on", self.submitted_at.astimezone(dt.UTC).date())

    @property
    def scheduled(self) -> bool:
        """Effective after the day it was submitted: the customer changes on that date."""
        return self.effective_on > self.submitted_at.astimezone(dt.UTC).date()

    @property
    def changes(self) -> tuple[LineSnapshot, ...]:
        """The change lines ("changes to existing products"): signed, adding up to the cost change."""
        before = [Line.of_snapshot(line, self.currency) for line in self.lines_before]
        after = [Line.of_snapshot(line, self.currency) for line in self.lines_after]
        return tuple(change.snapshot() for change in change_lines(before, after))

    @property
    def proration_note(self) -> str:
        period = BillingPeriod.starting(self.effective_on)
        month = self.effective_on.strftime("%B %Y")
        if period.whole_month:
            return (
                f"Effective on the 1st: nothing is charged for {month}; "
                "the next bill carries the new monthly cost."
            )
        return (
            f"{period.days_remaining} of {period.days_in_month} days of {month} remain from the effective "
            f"date: each change line's monthly amount x {period.days_remaining}/{period.days_in_month}, "
            "rounded half-up to the cent."
        )

    @property
    def filename(self) -> str:
        return f"{self.number}-addendum.pdf"

    def is_new(self, line: LineSnapshot) -> bool:
        """Whether the order adds this line's product (it was not held before)."""
        return line.sku not in {held.sku for held in self.lines_before}

    @property
    def added(self) -> tuple[LineSnapshot, ...]:
        return tuple(line for line in self.lines_after if self.is_new(line))

    @property
    def removed(self) -> tuple[LineSnapshot, ...]:
        kept = {line.sku for line in self.lines_after}
        return tuple(line for line in self.lines_before if line.sku not in kept)

    def money(self, amount: Decimal, *, signed: bool = False) -> str:
        return format_money(amount, self.currency, signed=signed)


async def load_addendum_data(order_id: int) -> AddendumData:
    """Read one order with its partner, customer and people into an `AddendumData`."""
    order = (
        await Order.filter(id=order_id)
        .select_related("partner", "customer", "submitted_by", "implementation_lead")
        .get()
    )
    return AddendumData(
        order_id=order.id,
        number=order.number,
        submitted_at=order.submitted_at,
        partner=order.partner.name,
        customer_id=order.customer.id,
        customer=order.customer.name,
        account_code=order.customer.account_code,
        msa_reference=order.msa_reference,
        submitter=Person(order.submitted_by.name, order.submitted_by.email),
        implementation_lead=Person(order.implementation_lead.name, order.implementation_lead.email),
        seats_before=order.seats_before,
        seats_after=order.seats_after,
        lines_before=tuple(LineSnapshot.from_json(row) for row in order.lines_before),
        lines_after=tuple(LineSnapshot.from_json(row) for row in order.lines_after),
        monthly_cost_before=Decimal(order.monthly_cost_before),
        monthly_cost_after=Decimal(order.monthly_cost_after),
        monthly_cost_change=Decimal(order.monthly_cost_change),
        currency=order.currency,
        partner_reference=order.partner_reference,
        effective_on=order.effective_on,
        prorated_charge=Decimal(order.prorated_charge),
        cancelled_at=order.cancelled_at,
        attention_reason=order.attention_reason,
    )


def link_callback(uri: str, rel: str | None = None) -> str:
    """The absolute path of a file inside `static/`, or a denial for anything else.

    Called by xhtml2pdf for every stylesheet, image and font the HTML names. Only a relative
    path that stays inside `static/` is allowed: schemes (file:, http:, data:), absolute paths
    and `..` escapes are all denied.
    """
    parts = urlsplit(uri or "")
    if parts.scheme or parts.netloc or not parts.path:
        return DENIED
    candidate = (STATIC_DIR / unquote(parts.path)).resolve()
    if not candidate.is_relative_to(STATIC_DIR) or not candidate.is_file():
        return DENIED
    return str(candidate)


_POLICY = ResourceAccessPolicy.server(base_dir=STATIC_DIR, allow_remote=False)


class RenderError(RuntimeError):
    """xhtml2pdf reported errors; the message carries its log."""


def render_html(data: AddendumData) -> str:
    return templates.get_template("addendum.html").render(order=data)


def html_to_pdf(html: str) -> bytes:
    """Render HTML to PDF under the static-only resource rules (blocking, CPU-bound)."""
    out = io.BytesIO()
    status = pisa.pisaDocument(
        html,
        dest=out,
        path=str(STATIC_DIR / "addendum.html"),
        # Resolved through the module attribute at call time, so the rule can be observed.
        link_callback=lambda uri, rel: link_callback(uri, rel),
        resource_policy=_POLICY,
        encoding="utf-8",
    )
    if status.err:
        raise RenderError(f"xhtml2pdf reported {status.err} error(s)")
    return out.getvalue()


def render_addendum_pdf(data: AddendumData) -> bytes:
    """The addendum of one order as PDF bytes (same data, same bytes)."""
    return html_to_pdf(render_html(data))


async def file_addendum(order_id: int, settings: Settings) -> tuple[Attachment, bool]:
    """Render the addendum of an order and file it on the customer record, once.

    Returns the attachment and whether this call created it. `(order, kind)` is unique, so a
    retry or a second worker that finds the addendum filed (or loses the race to file it)
    returns the existing one. The bytes go to the configured store before the row commits
    (`attachments.file_attachment`); `StoreUnavailable` leaves nothing filed.
    """
    existing = await Attachment.filter(order_id=order_id, kind=AttachmentKind.ADDENDUM).first()
    if existing is not None:
        return existing, False
    data = await load_addendum_data(order_id)
    # A render takes tens of milliseconds of CPU under a process-wide lock: not on the event loop.
    pdf = await asyncio.to_thread(render_addendum_pdf, data)
    try:
        attachment = await file_attachment(
            settings,
            customer_id=data.customer_id,
            order_id=order_id,
            kind=AttachmentKind.ADDENDUM,
            filename=data.filename,
            content_type="application/pdf",
            data=pdf,
            after_filing=lambda attachment, conn: events.attachment_added(attachment, using_db=conn),
        )
    except IntegrityError:
        return await Attachment.get(order_id=order_id, kind=AttachmentKind.ADDENDUM), False
    return attachment, True


async def run_render_job(job: Job, settings: Settings) -> str:
    """The RENDER_ADDENDUM step of the worker; returns what it did, for the log."""
    attachment, created = await file_addendum(int(job.payload["order_id"]), settings)
    return f"filed {attachment.filename} ({attachment.size} bytes)" if created else "already filed"
