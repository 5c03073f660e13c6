"""The Orders list's API: totalCount, paging backwards (`last`/`before`), customerSearch, and an
addendum's voidedAt once its order is cancelled."""

from __future__ import annotations

import datetime as dt
import itertools

from graphql_portal.ids import encode_id
from graphql_portal.models import Customer, Order, OrderStatus
from tests.support.orders import make_completed_order

T0 = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
NEWEST_FIRST = {"field": "SUBMITTED_AT", "direction": "DESC"}
LIST = """
query($first: Int, $after: String, $last: Int, $before: String, $filter: OrderFilter, $orderBy: OrderSort) {
  orders(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy) {
    totalCount
    nodes { number customer { accountCode } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


async def make_orders() -> list[Order]:
    """Northwind: three orders of each of SMP-001..SMP-003 and two of Fabrikam, one a minute
    apart (oldest first); Contoso: one order of WWI-001."""
    orders, minute = [], 0
    for code in ("SMP-001", "SMP-002", "SMP-003", "FAB-001"):
        customer = await Customer.get(account_code=code)
        for _ in range(2 if code == "FAB-001" else 3):
            orders.append(await make_completed_order(customer, at=T0 + dt.timedelta(minutes=minute)))
            minute += 1
    await make_completed_order(await Customer.get(account_code="WWI-001"), at=T0)
    return orders


def numbers(orders) -> list[str]:
    return [o.number for o in orders]


async def page(api, token="alice", **variables) -> dict:
    return (await api.gql(LIST, {"orderBy": NEWEST_FIRST, **variables}, token=token))["orders"]


async def refused(api, **variables) -> tuple[str, str]:
    body = (await api.post(LIST, {"orderBy": NEWEST_FIRST, **variables})).json()
    assert body["data"] is None, body
    return body["errors"][0]["extensions"]["code"], body["errors"][0]["message"]


async def test_total_count_counts_every_page_of_the_filter(api):
    orders = await make_orders()
    first = await page(api, first=4)
    assert first["totalCount"] == 11
    assert [n["number"] for n in first["nodes"]] == numbers(orders[::-1][:4])
    second = await page(api, first=4, after=first["pageInfo"]["endCursor"])
    assert second["totalCount"] == 11
    assert (await page(api, first=2, filter={"customerSearch": "smp-00"}))["totalCount"] == 9
    assert (await page(api, first=0, filter={"status": ["PROCESSING"]}))["totalCount"] == 0
    assert (await page(api, first=1, token="carl"))["totalCount"] == 1
    assert (await page(api, first=1, token="finance"))["totalCount"] == 12
    fabrikam = await Customer.get(account_code="FAB-001")
    query = "query($id: ID!) { customer(id: $id) { orders(first: 1) { totalCount nodes { number } } } }"
    listed = (await api.gql(query, {"id": encode_id("Customer", fabrikam.id)}))["customer"]["orders"]
    assert listed == {"totalCount": 2, "nodes": [{"number": orders[-1].number}]}
    many = "{ customers(first: 5) { nodes { accountCode orders(first: 1) { totalCount } } } }"
    counts = {
        c["accountCode"]: c["orders"]["totalCount"] for c in (await api.gql(many))["customers"]["nodes"]
    }
    assert counts["FAB-001"] == 2


async def test_previous_pages_come_back_exactly(api):
    orders = await make_orders()
    newest_first = numbers(orders[::-1])
    forward, after, pages = [], None, []
    while True:
        shown = await page(api, first=3, after=after)
        pages.append(shown)
        forward += [n["number"] for n in shown["nodes"]]
        if not shown["pageInfo"]["hasNextPage"]:
            break
        after = shown["pageInfo"]["endCursor"]
    assert forward == newest_first
    assert [p["pageInfo"]["hasPreviousPage"] for p in pages] == [False, True, True, True]
    # "Previous page" from each page: `last` 3 `before` its start cursor is the page before it.
    for earlier, later in itertools.pairwise(pages):
        back = await page(api, last=3, before=later["pageInfo"]["startCursor"])
        assert back["nodes"] == earlier["nodes"]
        assert back["pageInfo"]["hasNextPage"] is True
        assert back["pageInfo"]["hasPreviousPage"] is (earlier is not pages[0])
    # Without a cursor, `last` is the end of the list; walking back from it reads every order once.
    backward, before = [], None
    while True:
        shown = await page(api, last=4, before=before)
        backward = [n["number"] for n in shown["nodes"]] + backward
        if not shown["pageInfo"]["hasPreviousPage"]:
            break
        before = shown["pageInfo"]["startCursor"]
    assert backward == newest_first
    assert (await page(api, last=2))["nodes"] == [
        {"number": o, "customer": {"accountCode": c}}
        for o, c in ((orders[1].number, "SMP-001"), (orders[0].number, "SMP-001"))
    ]
    # The default ordering pages backwards too.
    oldest = (await api.gql(LIST, {"last": 1}))["orders"]["nodes"]
    assert [n["number"] for n in oldest] == [max(numbers(orders), key=lambda n: n)]


async def test_backward_paging_refuses_what_it_cannot_read(api):
    orders = await make_orders()
    shown = await page(api, first=2)
    assert await refused(
        api, last=2, before=shown["pageInfo"]["endCursor"], after=shown["pageInfo"]["endCursor"]
    ) == (
        "BAD_USER_INPUT",
        "Page forwards with `after` or backwards with `before`, not both.",
    )
    assert (await refused(api, last=-1))[0] == "BAD_USER_INPUT"
    assert (await refused(api, last=501))[1] == "`last` may be at most 500."
    assert (await refused(api, last=2, before="bogus"))[0] == "BAD_USER_INPUT"
    # A cursor of another ordering is not this ordering's.
    default = (await api.gql(LIST, {"first": 1}))["orders"]["pageInfo"]["endCursor"]
    assert (await refused(api, last=2, before=default))[0] == "BAD_USER_INPUT"
    assert len(orders) == 11


async def test_customer_search_matches_names_and_account_codes_of_the_callers_customers(api):
    orders = await make_orders()
    fabrikam = [o.number for o in orders if o.customer_id == orders[-1].customer_id][::-1]

    async def found(search, token="alice", **more):
        shown = await page(api, token=token, first=50, filter={"customerSearch": search, **more})
        return [n["number"] for n in shown["nodes"]]

    assert await found("Fabrikam") == fabrikam
    assert await found("  fab-001 ") == fabrikam
    assert await found("DENTAL") == fabrikam
    assert await found("") == numbers(orders[::-1])  # blank: no condition
    assert await found("zz-nothing") == []
    assert await found("%") == [] and await found("_") == []
    assert len(await found("smp-00", status=["COMPLETED"])) == 9
    assert await found("smp-00", status=["PROCESSING"]) == []
    # Another partner's customers are never matched; a reconciliation token searches all.
    assert await found("Fabrikam", token="carl") == []
    assert await found("WWI", token="alice") == []
    assert len(await found("WWI", token="finance")) == 1
    for hostile in ("x" * 201, "a\x00b", "tab\there"):
        assert (await refused(api, first=5, filter={"customerSearch": hostile}))[0] == "BAD_USER_INPUT"


async def test_a_cancelled_orders_addendum_is_void_from_its_cancellation(api):
    fabrikam = await Customer.get(account_code="FAB-001")
    standing = await make_completed_order(fabrikam, at=T0)
    cancelled = await make_completed_order(fabrikam, at=T0 + dt.timedelta(minutes=1))
    at = T0 + dt.timedelta(days=1)
    await Order.filter(id=cancelled.id).update(status=OrderStatus.CANCELLED, cancelled_at=at, applied_at=None)
    query = """
    query($id: ID!, $o1: ID!, $o2: ID!) {
      customer(id: $id) { attachments { filename voidedAt } }
      standing: order(id: $o1) { cancelledAt addendum { filename voidedAt } }
      cancelled: order(id: $o2) { cancelledAt addendum { filename voidedAt } }
      orders(first: 5) { nodes { number addendum { voidedAt } } }
    }
    """
    variables = {
        "id": encode_id("Customer", fabrikam.id),
        "o1": encode_id("Order", standing.id),
        "o2": encode_id("Order", cancelled.id),
    }
    data = await api.gql(query, variables)
    stamp = "2026-03-02T12:00:00+00:00"
    assert data["customer"]["attachments"] == [
        {"filename": f"{cancelled.number}-addendum.pdf", "voidedAt": stamp},
        {"filename": f"{standing.number}-addendum.pdf", "voidedAt": None},
    ]
    assert data["standing"]["addendum"]["voidedAt"] is None
    assert data["cancelled"] == {
        "cancelledAt": stamp,
        "addendum": {"filename": f"{cancelled.number}-addendum.pdf", "voidedAt": stamp},
    }
    assert sorted((n["number"], n["addendum"]["voidedAt"]) for n in data["orders"]["nodes"]) == [
        (standing.number, None),
        (cancelled.number, stamp),
    ]
    finance = await api.gql(
        "query($o: ID!) { order(id: $o) { addendum { voidedAt } } }", {"o": variables["o2"]}, token="finance"
    )
    assert finance["order"]["addendum"]["voidedAt"] == stamp
