"""`reviewUpgrade`: apply the rules to one customer and store what was shown as a `Review`.

The stored review carries the request, both snapshots and what they were computed from
(customer version, agreement revision, price list version), so submit can commit exactly it or
recognise that something moved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from ..auth import Principal
from ..ids import db_id
from ..models import Customer, CustomerProduct, Order, PartnerUser, Review, UserStatus
from ..models.rows import CustomerFacts, customer_facts
from .changes import change_lines, prorated_charge
from .dates import effective_date, read_partner_reference
from .errors import ErrorCode, UserError
from .pending import change_pending
from .pricing import Line, Money, PricingContext, load_pricing
from .rules import (
    F_CUSTOMER,
    F_LEAD,
    CustomerState,
    Plan,
    UpgradeRequest,
    plan_change,
    read_choice,
    sort_errors,
)

__all__ = [
    "Quote",
    "ReviewOutcome",
    "Staleness",
    "UpgradeRequest",
    "customer_state",
    "may_order",
    "quote_upgrade",
    "review_staleness",
    "review_upgrade",
]


@dataclass
class ReviewOutcome:
    review: Review | None
    errors: list[UserError]


def may_order(principal: Principal) -> bool:
    """Only partner users with role ADMIN or ORDERING review and submit; reconciliation never."""
    return not principal.is_reconciliation and principal.user is not None and principal.can_order()


FORBIDDEN_ORDER = UserError(ErrorCode.FORBIDDEN, "Your role may not place orders.", None)


async def customer_state(pricing: PricingContext, customer: Customer, *, using_db=None) -> CustomerState:
    """What the rules see of a customer: status, seats, held SKUs and lead."""
    product_ids = (
        await CustomerProduct.filter(customer_id=customer.id)
        .using_db(using_db)
        .values_list("product_id", flat=True)
    )
    skus = frozenset(pricing.product_by_id(pid).sku for pid in product_ids)
    return CustomerState(customer.status, customer.seats, skus, customer.implementation_lead_id)


async def find_lead(partner_id: int, lead_id: int | None, *, using_db=None) -> PartnerUser | None:
    """The partner's user with this id, unless deactivated; users of other partners do not exist
    for the caller. An INVITED user may lead (the portal creates one inline and selects them)."""
    lead_id = db_id(lead_id)
    if lead_id is None:
        return None
    return (
        await PartnerUser.filter(id=lead_id, partner_id=partner_id)
        .exclude(status=UserStatus.DEACTIVATED)
        .using_db(using_db)
        .first()
    )


UNKNOWN_LEAD = UserError(
    ErrorCode.UNKNOWN_USER, "Choose a user of your partner as implementation lead.", F_LEAD
)
NO_CUSTOMER = UserError(ErrorCode.NOT_FOUND, "There is no such customer.", F_CUSTOMER)


@dataclass(frozen=True)
class LeadRef:
    """The implementation lead a quote names: a user of the partner who is not deactivated."""

    id: int


@dataclass
class Quote:
    """What a request comes to, stored nowhere: the plan with its date and reference, or every
    error found. `review_upgrade` stores it; `preview_upgrade` only shows it."""

    errors: list[UserError]
    customer: CustomerFacts | None = None
    lead: LeadRef | None = None
    plan: Plan | None = None
    pricing: PricingContext | None = None
    reference: str | None = None
    effective_on: dt.date | None = None
    cost_before: Money | None = None
    seats_before: int | None = None

    @property
    def change_lines(self) -> list[Line]:
        """The signed change lines of the plan (none without one)."""
        return change_lines(self.plan.lines_before, self.plan.lines_after) if self.plan else []

    @property
    def prorated_charge(self) -> Money | None:
        if self.plan is None or self.effective_on is None or self.pricing is None:
            return None
        return prorated_charge(self.change_lines, self.effective_on, self.pricing.currency)


async def quote_upgrade(principal: Principal, request: UpgradeRequest, now: dt.datetime) -> Quote:
    """Apply the rules to the request as `review_upgrade` does, without writing anything.

    The figures that can be worked out are given even when something else is wrong (the plan
    with a missing lead or a bad date), so a form can show the price while it is being filled in.
    """
    if not may_order(principal):
        return Quote([FORBIDDEN_ORDER])
    partner_id = principal.partner_id
    errors: list[UserError] = []
    reference, reference_errors = read_partner_reference(request.partner_reference)
    adjustment = request.seat_adjustment
    readable = isinstance(adjustment, int) and not isinstance(adjustment, bool)
    effective_on, date_errors = effective_date(
        request.effective_on, now.date(), adjustment if readable else None
    )

    customer_id = db_id(request.customer_id)
    lead_id = db_id(request.implementation_lead_id)
    # The customer, its products, the lead's standing and a pending order: one statement, since
    # the running total asks this on every change of the form.
    customer = await customer_facts(partner_id, customer_id, lead_id) if customer_id is not None else None
    if customer is None:
        if await find_lead(partner_id, lead_id) is None:
            errors.append(UNKNOWN_LEAD)
        # Nothing else can be judged without the customer; shape errors still help the client.
        _choice, shape_errors = read_choice(request)
        found = [NO_CUSTOMER, *errors, *shape_errors, *reference_errors, *date_errors]
        return Quote(sort_errors(found))
    lead = LeadRef(customer.lead_id) if customer.lead_id is not None else None
    if lead is None:
        errors.append(UNKNOWN_LEAD)
    if customer.pending_order_id is not None:
        # Like an ineligible customer: nothing else is judged until the pending order is settled.
        pending = await Order.get(id=customer.pending_order_id)
        return Quote(sort_errors([change_pending(pending, F_CUSTOMER), *errors]), customer, lead)

    pricing = await load_pricing(partner_id, today=now.date())
    skus = frozenset(pricing.product_by_id(pid).sku for pid in customer.product_ids)
    state = CustomerState(customer.status, customer.seats, skus, customer.implementation_lead_id)
    plan, plan_errors = plan_change(pricing, state, request, lead_valid=lead is not None)
    if plan is None and lead is None and not plan_errors:
        # The rules hold but the lead is missing: price the change all the same, to show it.
        plan, _ = plan_change(pricing, state, replace(request, implementation_lead_id=None), lead_valid=True)
    errors.extend(plan_errors)
    errors.extend(reference_errors)
    errors.extend(date_errors)
    cost_before = plan.cost_before if plan else pricing.monthly_cost(pricing.lines(state.skus, state.seats))
    return Quote(
        sort_errors(errors),
        customer,
        lead,
        plan,
        pricing,
        reference,
        effective_on,
        cost_before=cost_before,
        seats_before=state.seats,
    )


async def review_upgrade(
    principal: Principal,
    request: UpgradeRequest,
    *,
    ttl_seconds: int = 1800,
    now: dt.datetime | None = None,
) -> ReviewOutcome:
    """Check the request against the rules and store the review, or return every error found."""
    now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    quote = await quote_upgrade(principal, request, now)
    if quote.errors:
        return ReviewOutcome(None, quote.errors)
    plan, pricing, customer = quote.plan, quote.pricing, quote.customer
    assert plan is not None and pricing is not None and customer is not None and quote.lead is not None
    review = await Review.create(
        partner_id=principal.partner_id,
        customer_id=customer.id,
        created_by_id=principal.user.id,
        implementation_lead_id=quote.lead.id,
        **review_fields(plan),
        partner_reference=quote.reference,
        effective_on=quote.effective_on,
        prorated_charge=quote.prorated_charge.amount,
        currency=pricing.currency,
        msa_reference=pricing.msa_reference,
        customer_version=customer.version,
        agreement_revision=pricing.agreement_revision,
        price_list_version_id=pricing.price_list_version_id,
        expires_at=now + dt.timedelta(seconds=ttl_seconds),
    )
    return ReviewOutcome(review, [])


def review_proration(plan: Plan, effective_on: dt.date, currency: str):
    """The prorated charge a review shows for its plan and date (compared again on submit)."""
    return prorated_charge(change_lines(plan.lines_before, plan.lines_after), effective_on, currency).amount


def review_fields(plan: Plan) -> dict:
    """The request and the figures of a plan as stored on a review (and compared on submit)."""
    return {
        "seat_adjustment": plan.seats_after - plan.seats_before,
        "primary_mode": plan.mode,
        "primary_sku": plan.sku,
        "replaces_sku": plan.replaces_sku,
        "addon_skus": list(plan.addon_skus),
        "seats_before": plan.seats_before,
        "seats_after": plan.seats_after,
        "lines_before": [line.to_snapshot() for line in plan.lines_before],
        "lines_after": [line.to_snapshot() for line in plan.lines_after],
        "monthly_cost_before": plan.cost_before.amount,
        "monthly_cost_after": plan.cost_after.amount,
    }


@dataclass(frozen=True)
class Staleness:
    """Whether submitting a review now would be refused as REVIEW_STALE, and the order that
    changed its customer since, when an order did (staff and other means leave none)."""

    stale: bool
    changed_by: Order | None = None


async def review_staleness(review: Review, now: dt.datetime) -> Staleness:
    """What submit would find of the review now, without locking or writing anything.

    A submitted review is never stale (submitting it again shows its order). The order that
    changed the customer is the one applied from the version the review was priced at: each
    change moves the version on by one with a compare-and-set, so there is at most one.
    """
    if await Order.filter(review_id=review.id).exists():
        return Staleness(False)
    customer = await Customer.filter(id=review.customer_id).first()
    if customer is None:
        return Staleness(True)
    if customer.version != review.customer_version:
        changed_by = await (
            Order.filter(
                customer_id=customer.id,
                applied_at__isnull=False,
                review__customer_version=review.customer_version,
            )
            .order_by("applied_at", "id")
            .first()
        )
        return Staleness(True, changed_by)
    today = now.astimezone(dt.UTC).date()
    pricing = await load_pricing(review.partner_id, today=today)
    moved = (
        pricing.agreement_revision != review.agreement_revision
        or pricing.price_list_version_id != review.price_list_version_id
        or bool(effective_date(review.effective_on, today, review.seat_adjustment)[1])
    )
    return Staleness(moved)
