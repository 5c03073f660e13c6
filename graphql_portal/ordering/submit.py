"""`submitUpgrade`: turn a review into an order, exactly once, in one transaction.

Inside the transaction the customer row is locked (PostgreSQL; SQLite transactions are serialised
in-process), the rules are applied again to the customer as it is now, and the order is written
only when the result is exactly what the review showed. `Order.review` is unique and the customer
update is a compare-and-set on its version, so a review submitted twice, even at the same moment,
gives one order and one set of follow-up jobs.

What the order owes afterwards (fulfilment's jobs) is not this module's knowledge: the caller
passes it as `queue_followups`, and it is written in the same transaction as the order, so a
committed order always has its jobs and a rolled-back one leaves none.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Protocol

import asyncpg
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from ..auth import Principal
from ..events import log as events
from ..ids import db_id
from ..models import Customer, Order, OrderStatus, PartnerUser, Review
from .dates import effective_date, reference_key
from .errors import ErrorCode, UserError
from .holdings import change_customer
from .pending import change_pending, pending_order
from .pricing import load_pricing
from .review import FORBIDDEN_ORDER, customer_state, find_lead, may_order, review_fields, review_proration
from .rules import UpgradeRequest, plan_change
from .status_messages import order_status_message

F_REVIEW = ("input", "reviewId")
F_CONFIRM_MSA = ("input", "confirmMsa")
F_CONFIRM_AUTHORIZED = ("input", "confirmAuthorized")
ATTEMPTS = 5


class QueueFollowups(Protocol):
    """Writes what a new order owes after submit, on the submit transaction's connection."""

    def __call__(
        self, order: Order, submitter: PartnerUser, lead: PartnerUser, *, using_db: BaseDBAsyncClient
    ) -> Awaitable[None]: ...


@dataclass
class SubmitOutcome:
    order: Order | None
    errors: list[UserError]

    @property
    def message(self) -> str | None:
        """What the submitter is told: the order's status now (a repeat submit may find it done)."""
        return order_status_message(self.order) if self.order is not None else None


class _Refused(Exception):
    """Raised inside the transaction to roll it back and answer with these errors."""

    def __init__(self, errors: list[UserError]) -> None:
        super().__init__(errors)
        self.errors = errors


def _stale(reason: str) -> _Refused:
    return _Refused([UserError(ErrorCode.REVIEW_STALE, f"{reason} Review the upgrade again.", F_REVIEW)])


def _retryable(exc: BaseException | None) -> bool:
    """A deadlock or serialization failure (PostgreSQL class 40): the transaction may simply be retried."""
    for _ in range(5):
        if exc is None:
            return False
        if isinstance(exc, asyncpg.exceptions.TransactionRollbackError):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


async def submit_upgrade(
    principal: Principal,
    review_id: int | None,
    *,
    confirm_msa: bool,
    confirm_authorized: bool,
    queue_followups: QueueFollowups,
    now: dt.datetime | None = None,
) -> SubmitOutcome:
    """Commit the review as an order, or return every reason why not (writing nothing).

    `queue_followups` (fulfilment's `queue_fulfilment`) writes the order's jobs in the same transaction.
    """
    now = now or dt.datetime.now(dt.UTC)
    if not may_order(principal):
        return SubmitOutcome(None, [FORBIDDEN_ORDER])
    errors: list[UserError] = []
    review = None
    if (pk := db_id(review_id)) is not None:
        review = await Review.filter(id=pk, partner_id=principal.partner_id).first()
    if review is None:
        errors.append(UserError(ErrorCode.NOT_FOUND, "There is no such review.", F_REVIEW))
    if confirm_msa is not True:
        message = "Confirm that the order is governed by the MSA already in effect."
        errors.append(UserError(ErrorCode.MSA_NOT_CONFIRMED, message, F_CONFIRM_MSA))
    if confirm_authorized is not True:
        message = "Confirm that you are authorized to place this order."
        errors.append(UserError(ErrorCode.AUTHORIZATION_NOT_CONFIRMED, message, F_CONFIRM_AUTHORIZED))
    if errors:
        return SubmitOutcome(None, errors)

    # A review already submitted answers with its order, even after it expired.
    existing = await Order.filter(review_id=review.id).first()
    if existing is not None:
        return SubmitOutcome(existing, [])
    if now >= review.expires_at:
        message = "The review has expired. Review the upgrade again."
        return SubmitOutcome(None, [UserError(ErrorCode.REVIEW_EXPIRED, message, F_REVIEW)])
    today = now.astimezone(dt.UTC).date()
    if effective_date(review.effective_on, today, review.seat_adjustment)[1]:
        # The review crossed midnight: its date has passed, or is no longer allowed for it.
        message = (
            f"The effective date {review.effective_on.isoformat()} of the review is no longer allowed "
            f"on {today.isoformat()}. Review the upgrade again."
        )
        return SubmitOutcome(None, [UserError(ErrorCode.REVIEW_STALE, message, F_REVIEW)])

    for attempt in range(ATTEMPTS):
        try:
            return SubmitOutcome(await _commit(principal, review, now, queue_followups), [])
        except _Refused as refused:
            return SubmitOutcome(None, refused.errors)
        except IntegrityError:
            # Another submit of this review won the unique `Order.review`.
            order = await Order.filter(review_id=review.id).first()
            if order is None:
                raise
            return SubmitOutcome(order, [])
        except Exception as exc:
            if not _retryable(exc) or attempt == ATTEMPTS - 1:
                raise
            await asyncio.sleep(random.uniform(0.01, 0.05) * 2**attempt)
    raise AssertionError("unreachable")  # pragma: no cover


async def _commit(
    principal: Principal, review: Review, now: dt.datetime, queue_followups: QueueFollowups
) -> Order:
    """One transaction: re-check under the customer's lock, write order, customer and jobs."""
    async with in_transaction() as conn:
        customer = await Customer.filter(id=review.customer_id).select_for_update().using_db(conn).first()
        existing = await Order.filter(review_id=review.id).using_db(conn).first()
        if existing is not None:
            return existing
        if customer is None or customer.version != review.customer_version:
            raise _stale("The customer changed since the review.")
        pending = await pending_order(customer.id, using_db=conn)
        if pending is not None:
            raise _Refused([change_pending(pending, F_REVIEW)])
        pricing = await load_pricing(review.partner_id, today=now.date(), fresh=True)
        if pricing.agreement_revision != review.agreement_revision:
            raise _stale("The agreement changed since the review.")
        if pricing.price_list_version_id != review.price_list_version_id:
            raise _stale("The price list changed since the review.")

        lead = await find_lead(review.partner_id, review.implementation_lead_id, using_db=conn)
        state = await customer_state(pricing, customer, using_db=conn)
        request = UpgradeRequest(
            customer_id=customer.id,
            implementation_lead_id=review.implementation_lead_id,
            seat_adjustment=review.seat_adjustment,
            mode=review.primary_mode,
            sku=review.primary_sku,
            replaces_sku=review.replaces_sku,
            addon_skus=tuple(review.addon_skus),
        )
        plan, _errors = plan_change(pricing, state, request, lead_valid=lead is not None)
        if plan is None or not _same_as_review(
            review, review_fields(plan), pricing.currency, pricing.msa_reference
        ):
            raise _stale("The customer, the prices or the products changed since the review.")
        if review_proration(plan, review.effective_on, pricing.currency) != review.prorated_charge:
            raise _stale("The prorated charge changed since the review.")

        # Effective today: the customer changes now. Effective later: the customer stays as it
        # is and fulfilment's APPLY_CHANGE job changes it at 00:00 UTC of the date.
        scheduled = review.effective_on > now.astimezone(dt.UTC).date()
        if not scheduled:
            await _apply_plan(customer, review, plan, lead, pricing, now, conn)

        order = await Order.create(
            partner_id=review.partner_id,
            customer_id=customer.id,
            review_id=review.id,
            submitted_by_id=principal.user.id,
            implementation_lead_id=lead.id,
            status=OrderStatus.PROCESSING,
            submitted_at=now,
            updated_at=now,
            seats_before=review.seats_before,
            seats_after=review.seats_after,
            lines_before=review.lines_before,
            lines_after=review.lines_after,
            monthly_cost_before=review.monthly_cost_before,
            monthly_cost_after=review.monthly_cost_after,
            monthly_cost_change=plan.cost_change.amount,
            currency=review.currency,
            msa_reference=review.msa_reference,
            partner_reference=review.partner_reference,
            reference_key=reference_key(review.partner_reference) if review.partner_reference else None,
            effective_on=review.effective_on,
            prorated_charge=review.prorated_charge,
            applied_at=None if scheduled else now,
            using_db=conn,
        )
        await events.order_submitted(order, customer, using_db=conn)
        await queue_followups(order, principal.user, lead, using_db=conn)
        return order


async def _apply_plan(customer, review, plan, lead, pricing, now, conn) -> None:
    """Change the customer as the plan says (compare-and-set on the version the review saw)."""
    removed = [] if plan.removed is None else [pricing.products[plan.removed].id]
    changed = await change_customer(
        customer.id,
        from_version=review.customer_version,
        seats=plan.seats_after,
        lead_id=lead.id,
        remove=removed,
        add=[pricing.products[sku].id for sku in plan.added],
        now=now,
        conn=conn,
    )
    if not changed:
        raise _stale("The customer changed since the review.")


def _same_as_review(review: Review, fields: dict, currency: str, msa_reference: str) -> bool:
    """Whether re-applying the rules now gives exactly what the review stored and showed."""
    stored = {name: getattr(review, name) for name in fields}
    return stored == fields and review.currency == currency and review.msa_reference == msa_reference
