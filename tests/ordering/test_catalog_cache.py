"""The catalog is cached for a minute per process, and no cached price ever reaches an order."""

from __future__ import annotations

from decimal import Decimal

from graphql_portal.fulfilment.followups import queue_fulfilment
from graphql_portal.models import Order, PriceListItem
from graphql_portal.ordering.pricing import forget_catalog, load_pricing
from graphql_portal.ordering.review import review_upgrade
from graphql_portal.ordering.submit import submit_upgrade
from tests.support.demo import principal
from tests.support.upgrades import SELECT_NEW, codes, request_for


async def test_a_review_priced_from_a_cached_list_price_is_refused_as_stale(db):
    alice = await principal("alice@northwind.example")
    request = await request_for("FAB-001", mode=SELECT_NEW, sku="SEG-ENT")
    assert (await load_pricing(1)).unit_price("SEG-ENT").amount == Decimal("4.00")
    # The list price changes in place; this process still has the catalog of a moment ago.
    await PriceListItem.filter(product__sku="SEG-ENT", version__effective_on="2024-01-01").update(
        list_price=Decimal("6.00")
    )
    stale = await review_upgrade(alice, request)
    assert stale.errors == []
    assert stale.review.lines_after[0]["unit_price"] == "4.00"
    outcome = await submit_upgrade(
        alice, stale.review.id, confirm_msa=True, confirm_authorized=True, queue_followups=queue_fulfilment
    )
    assert (outcome.order, codes(outcome.errors)) == (None, [("REVIEW_STALE", ("input", "reviewId"))])
    assert await Order.all().count() == 0

    forget_catalog()
    fresh = await review_upgrade(alice, request)
    assert fresh.review.lines_after[0]["unit_price"] == "4.80"
    outcome = await submit_upgrade(
        alice, fresh.review.id, confirm_msa=True, confirm_authorized=True, queue_followups=queue_fulfilment
    )
    assert outcome.errors == []
    assert outcome.order.lines_after[0]["unit_price"] == "4.80"
