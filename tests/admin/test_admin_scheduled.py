"""The admin's order page for a scheduled order: reference, date, change lines, proration, and why
an order that could not be applied needs attention."""

from __future__ import annotations

import datetime as dt

from graphql_portal.fulfilment.followups import queue_fulfilment
from graphql_portal.models import Customer, PartnerUser, PrimaryProductMode
from graphql_portal.ordering.review import UpgradeRequest, review_upgrade
from graphql_portal.ordering.schedule import apply_scheduled
from graphql_portal.ordering.submit import submit_upgrade
from tests.support.admin import SQLITE_ONLY, sign_in
from tests.support.demo import principal

pytestmark = SQLITE_ONLY


async def test_a_scheduled_order_that_could_not_be_applied_shows_why(live, page):
    now = dt.datetime.now(dt.UTC)
    effective_on = now.date() + dt.timedelta(days=3)
    oscar = await principal("oscar@northwind.example")
    fabrikam = await Customer.get(account_code="FAB-001")
    lead = await PartnerUser.get(email_key="lena@northwind.example")
    request = UpgradeRequest(
        customer_id=fabrikam.id,
        implementation_lead_id=lead.id,
        seat_adjustment=10,
        mode=PrimaryProductMode.SELECT_NEW,
        sku="SEG-PRO",
        addon_skus=("ADD-IMP",),
        partner_reference="PO-4711",
        effective_on=effective_on,
    )
    reviewed = await review_upgrade(oscar, request, now=now)
    order = (
        await submit_upgrade(
            oscar,
            reviewed.review.id,
            confirm_msa=True,
            confirm_authorized=True,
            queue_followups=queue_fulfilment,
            now=now,
        )
    ).order
    await Customer.filter(id=fabrikam.id).update(seats=55, version=fabrikam.version + 1)
    on_the_day = dt.datetime.combine(effective_on, dt.time(0, 1), tzinfo=dt.UTC)
    assert (await apply_scheduled(order.id, on_the_day)).conflict

    await sign_in(page, live, path=f"/orders/{order.id}")
    assert await page.inner_text("#order-status") == "ATTENTION_NEEDED"
    assert await page.inner_text("#partner-reference") == "PO-4711"
    assert (
        await page.inner_text("#effective-on")
        == f"{effective_on.isoformat()}, not applied yet (at 00:00 UTC that day)"
    )
    assert await page.inner_text("#attention-reason") == (
        f"The customer was changed by other means after order {order.number} was submitted "
        f"(seats 50 at submit, 55 now); the change of {effective_on.isoformat()} was not applied."
    )
    assert await page.locator("#change-lines tbody tr").all_inner_texts() == [
        "SEG-PRO\tSecure Email Gateway Professional\tPRIMARY\t+60\t2.50\t+150.00",
        "ADD-IMP\tImpersonation Protection\tADDON\t+60\t0.40\t+24.00",
        "ADD-URL\tURL Protection\tADDON\t+10\t0.48\t+4.80",
        "SEG-ESS\tSecure Email Gateway Essentials\tPRIMARY\t-50\t1.60\t-80.00",
    ]
    assert await page.inner_text("#prorated-charge") == f"{order.prorated_charge:+,.2f} USD".replace(
        "+-", "-"
    )
