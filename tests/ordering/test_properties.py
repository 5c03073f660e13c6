"""Property tests: random valid changes price exactly; random requests never raise.

The oracle is written from the demo data's own tables (`graphql_portal.demo`), not from the
pricing code. Each valid-change example works on a fresh copy of a random demo customer, so the
examples do not depend on each other.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphql_portal.demo import ATTACHES, BESIDE, CUSTOMERS, PARTNERS, PRODUCTS, SWITCHES, USERS
from graphql_portal.fulfilment.followups import queue_fulfilment
from graphql_portal.models import Customer, CustomerProduct, OrderStatus, PartnerUser, Product
from graphql_portal.ordering.errors import ErrorCode
from graphql_portal.ordering.review import UpgradeRequest, review_upgrade
from graphql_portal.ordering.submit import submit_upgrade
from tests.support.demo import expected_price, principal
from tests.support.upgrades import ADD_TO, KEEP, SELECT_NEW

PROPERTY_SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
INFO = {sku: (name, kind, lo, hi) for sku, name, kind, _price, lo, hi in PRODUCTS}
ELIGIBLE = [row for row in CUSTOMERS if row[3].value == "ACTIVE" and "LEGACY-S1" not in row[5]]
ORDERING_USERS = {
    partner: [email for p, _n, email, role in USERS if p == partner and role.value in ("ADMIN", "ORDERING")]
    for partner in (PARTNERS[0].name, PARTNERS[1].name)
}
_clone = itertools.count(1)


def is_primary(sku: str) -> bool:
    return INFO[sku][1].value == "PRIMARY"


def expected_lines(partner: str, skus: set[str], seats: int) -> list[dict]:
    """The snapshot the order must show, from the demo tables."""
    ordered = sorted(skus, key=lambda sku: (not is_primary(sku), sku))
    lines = []
    for sku in ordered:
        unit = expected_price(partner, sku)
        lines.append(
            {
                "sku": sku,
                "name": INFO[sku][0],
                "kind": INFO[sku][1].value,
                "seats": seats,
                "unit_price": str(unit),
                "monthly_amount": str(unit * seats),
            }
        )
    return lines


async def clone(row) -> Customer:
    """A fresh customer like the demo row, so each example starts from the demo state."""
    _partner, name, code, status, seats, holds, lead = row
    source = await Customer.get(account_code=code)
    copy = await Customer.create(
        partner_id=source.partner_id,
        name=f"{name} copy",
        account_code=f"PROP-{next(_clone):05d}",
        status=status,
        seats=seats,
        implementation_lead=await PartnerUser.get(email_key=lead),
    )
    for sku in holds:
        await CustomerProduct.create(customer=copy, product=await Product.get(sku=sku))
    return copy


@PROPERTY_SETTINGS
@given(data=st.data())
async def test_random_valid_changes_are_priced_exactly_and_recorded_as_reviewed(db, data):
    row = data.draw(st.sampled_from(ELIGIBLE), label="customer")
    partner_name, _name, _code, _status, seats, holds, lead = row
    partner = next(p for p in PARTNERS if p.name == partner_name)
    held = set(holds)
    primaries = sorted(sku for sku in held if is_primary(sku))

    add_to = [c for c in BESIDE if c not in held and all(c in BESIDE[h] for h in primaries)]
    select_new = [
        (h, t)
        for h in primaries
        for t in SWITCHES.get(h, ())
        if t not in held and all(t in BESIDE[o] for o in primaries if o != h)
    ]
    choices = (
        [(KEEP, None, None)]
        + [(ADD_TO, c, None) for c in add_to]
        + [(SELECT_NEW, t, h) for h, t in select_new]
    )
    mode, sku, replaced = data.draw(st.sampled_from(choices), label="primary")
    after_primaries = (set(primaries) - {replaced}) | ({sku} if sku else set())
    candidates = sorted(
        a for a in partner.addons if a not in held and any(p in ATTACHES[a] for p in after_primaries)
    )
    addons = (
        data.draw(st.lists(st.sampled_from(candidates), unique=True, max_size=3), label="addons")
        if candidates
        else []
    )
    skus_after = (held - {replaced}) | ({sku} if sku else set()) | set(addons)

    lowest = max(INFO[s][2] for s in skus_after)
    product_change = mode is not KEEP or bool(addons)
    smallest = max(0, lowest - seats) if product_change else lowest - seats
    adjustment = data.draw(st.integers(smallest, 300), label="seat adjustment")
    lead_email = lead
    if not product_change and adjustment == 0:
        others = [e for p, _n, e, _r in USERS if p == partner_name and e != lead]
        if others:
            lead_email = data.draw(st.sampled_from(others), label="new lead")
        else:
            adjustment = 1
    seats_after = seats + adjustment

    target = await clone(row)
    who = await principal(data.draw(st.sampled_from(ORDERING_USERS[partner_name]), label="submitter"))
    request = UpgradeRequest(
        customer_id=target.id,
        implementation_lead_id=(await PartnerUser.get(email_key=lead_email)).id,
        seat_adjustment=adjustment,
        mode=mode,
        sku=sku,
        replaces_sku=replaced if len(primaries) > 1 else None,
        addon_skus=tuple(addons),
    )
    reviewed = await review_upgrade(who, request)
    assert reviewed.errors == []
    outcome = await submit_upgrade(
        who, reviewed.review.id, confirm_msa=True, confirm_authorized=True, queue_followups=queue_fulfilment
    )
    assert outcome.errors == []
    order, review = outcome.order, reviewed.review

    assert order.lines_before == expected_lines(partner_name, held, seats)
    assert order.lines_after == expected_lines(partner_name, skus_after, seats_after)
    unit_sum = sum(expected_price(partner_name, s) for s in skus_after)
    assert order.monthly_cost_after == seats_after * unit_sum
    assert order.monthly_cost_before == seats * sum(expected_price(partner_name, s) for s in held)
    assert order.monthly_cost_change == order.monthly_cost_after - order.monthly_cost_before
    for name in ("seats_before", "seats_after", "lines_before", "lines_after", "currency", "msa_reference"):
        assert getattr(order, name) == getattr(review, name), name
    assert (order.monthly_cost_before, order.monthly_cost_after) == (
        Decimal(review.monthly_cost_before),
        Decimal(review.monthly_cost_after),
    )
    updated = await Customer.get(id=target.id)
    now_held = await CustomerProduct.filter(customer_id=target.id).values_list("product__sku", flat=True)
    assert order.status is OrderStatus.PROCESSING  # its documents go out first, in either case
    if adjustment < 0:
        # A seat decrease takes effect on the 1st of next month: the customer stays as it is till then.
        assert order.effective_on.day == 1 and order.effective_on > order.submitted_at.date()
        assert (updated.seats, updated.version) == (seats, 1)
        assert set(now_held) == held
    else:
        assert order.effective_on == order.submitted_at.date()
        assert (updated.seats, updated.version) == (seats_after, 2)
        assert set(now_held) == skus_after


SKUS = [sku for sku, *_rest in PRODUCTS]
EVERYONE = [email for _p, _n, email, _r in USERS]
texts = st.text(max_size=60)
skus = st.one_of(st.none(), st.sampled_from(SKUS), texts)
numbers = st.one_of(
    st.integers(-5, 60), st.integers(-(2**64), 2**64), st.sampled_from([2**31 - 1, 2**31, -(2**31), 0])
)


@PROPERTY_SETTINGS
@given(
    code=st.sampled_from([row[2] for row in CUSTOMERS[:6]] + ["WWI-001"]),
    who=st.sampled_from(EVERYONE),
    lead=st.one_of(st.sampled_from(EVERYONE), numbers.map(lambda n: f"#{n}")),
    adjustment=numbers,
    mode=st.one_of(st.sampled_from([KEEP, ADD_TO, SELECT_NEW]), texts),
    sku=skus,
    replaces=skus,
    addons=st.lists(skus, max_size=6),
    confirm=st.booleans(),
)
async def test_random_requests_give_a_review_or_typed_errors_never_an_exception(
    db, code, who, lead, adjustment, mode, sku, replaces, addons, confirm
):
    target = await Customer.get(account_code=code)
    lead_id = int(lead[1:]) if lead.startswith("#") else (await PartnerUser.get(email_key=lead)).id
    request = UpgradeRequest(target.id, lead_id, adjustment, mode, sku, replaces, tuple(addons))
    caller = await principal(who)
    outcome = await review_upgrade(caller, request)
    assert (outcome.review is None) == bool(outcome.errors)
    for error in outcome.errors:
        assert isinstance(error.code, ErrorCode)
        assert error.field is None or error.field[0] == "input"
        assert len(error.message) <= 200
    if outcome.review is None:
        return
    submitted = await submit_upgrade(
        caller,
        outcome.review.id,
        confirm_msa=True,
        confirm_authorized=confirm,
        queue_followups=queue_fulfilment,
    )
    assert (submitted.order is None) == bool(submitted.errors)
    if submitted.order is not None:
        lines = submitted.order.lines_after
        total = sum(Decimal(line["monthly_amount"]) for line in lines)
        assert all(Decimal(ln["monthly_amount"]) == Decimal(ln["unit_price"]) * ln["seats"] for ln in lines)
        assert submitted.order.monthly_cost_after == total
