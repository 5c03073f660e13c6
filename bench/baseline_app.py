"""The customers page by hand: raw asyncpg, no ORM, no GraphQL, the same JSON as the API.

    .venv/bin/python -m bench.baseline_app --port 8100 --database-url postgres://... --base-url http://...

It answers `POST /graphql` for exactly one operation, `bench_customers_page.PAGE_QUERY`, ignoring
the document and reading only `variables.first`. It does the work the API must do for that page
and nothing more: authenticate the bearer token, read the page and its total, price the holdings
at the partner's contracted prices, and load leads, attachments and the newest three orders, in
eight statements. `bench_customers_page` asserts that both answers are equal before timing.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import json
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import asyncpg
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .support import HOST, asyncpg_dsn

CENT = Decimal("0.01")

TOKEN_SQL = """
SELECT u.partner_id FROM api_token t JOIN partner_user u ON u.id = t.user_id
WHERE t.token_hash = $1 AND t.revoked_at IS NULL
"""
PAGE_SQL = """
SELECT id, name, account_code, status, seats, implementation_lead_id
FROM customer WHERE partner_id = $1 ORDER BY name, id LIMIT $2
"""
# Separate from the page: `count(*) OVER ()` on the page query would read and sort every row of
# the partner (5 ms at 9,000 customers) where the index gives the first 51 in 0.1 ms.
COUNT_SQL = "SELECT count(*) FROM customer WHERE partner_id = $1"
# One row per product: its list price (current, else its newest older listing) and the
# partner's explicit contracted price, if any.
PRICES_SQL = """
WITH current_list AS (
  SELECT id FROM price_list_version WHERE effective_on <= current_date ORDER BY effective_on DESC LIMIT 1
)
SELECT p.id, p.sku, p.name, p.kind, a.currency, a.default_discount_percent,
       cur.list_price AS current_price, older.list_price AS older_price, cp.unit_price AS contracted
FROM product p
JOIN agreement a ON a.partner_id = $1
LEFT JOIN contracted_price cp ON cp.agreement_id = a.id AND cp.product_id = p.id
LEFT JOIN price_list_item cur ON cur.product_id = p.id AND cur.version_id = (SELECT id FROM current_list)
LEFT JOIN LATERAL (
  SELECT i.list_price FROM price_list_item i JOIN price_list_version v ON v.id = i.version_id
  WHERE i.product_id = p.id AND v.effective_on <= current_date ORDER BY v.effective_on DESC LIMIT 1
) older ON true
"""
HOLDINGS_SQL = "SELECT customer_id, product_id FROM customer_product WHERE customer_id = ANY($1::int[])"
LEADS_SQL = "SELECT id, name, email FROM partner_user WHERE id = ANY($1::int[])"
ATTACHMENTS_SQL = """
SELECT id, customer_id, filename, size FROM attachment WHERE customer_id = ANY($1::int[])
ORDER BY created_at DESC, id DESC
"""
# The newest N per customer straight from the (customer_id, submitted_at, id) index: a LATERAL
# top-N reads N index entries per customer, where ROW_NUMBER() over all their orders reads and
# sorts every one of them (0.2 ms against 2.1 ms for 50 customers of 100 orders each).
ORDERS_SQL = """
SELECT o.id, o.customer_id, o.status, o.submitted_at, o.monthly_cost_change, o.currency
FROM unnest($1::int[]) AS c(id)
CROSS JOIN LATERAL (
  SELECT id, customer_id, status, submitted_at, monthly_cost_change, currency FROM change_order
  WHERE customer_id = c.id ORDER BY submitted_at DESC, id DESC LIMIT $2
) o
"""
UNAUTHENTICATED = {
    "errors": [
        {
            "message": "Send a valid API token: `Authorization: Bearer <token>`.",
            "extensions": {"code": "UNAUTHENTICATED"},
        }
    ]
}


def gid(type_name: str, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode().rstrip("=")


def cursor(*key: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(key, separators=(",", ":")).encode()).decode().rstrip("=")


def money(amount: Decimal, currency: str) -> dict:
    return {"amount": str(amount), "currency": currency}


class Prices:
    """The partner's unit price of every product, and which are in the current list."""

    def __init__(self, rows: list[asyncpg.Record]) -> None:
        self.currency = rows[0]["currency"]
        factor = (Decimal(100) - rows[0]["default_discount_percent"]) / Decimal(100)
        self.products = {r["id"]: r for r in rows}
        self.unit: dict[int, Decimal] = {}
        for r in rows:
            listed = r["current_price"] if r["current_price"] is not None else r["older_price"]
            if r["contracted"] is not None:
                self.unit[r["id"]] = r["contracted"].quantize(CENT, rounding=ROUND_HALF_UP)
            elif listed is not None:
                self.unit[r["id"]] = (listed * factor).quantize(CENT, rounding=ROUND_HALF_UP)

    def customer(self, status: str, seats: int, product_ids: list[int]) -> tuple[list[dict], dict, dict]:
        """Lines (primaries first, by SKU), monthly cost and eligibility."""
        held = sorted(
            (self.products[i] for i in product_ids), key=lambda p: (p["kind"] != "PRIMARY", p["sku"])
        )
        lines, total = [], Decimal("0.00")
        for p in held:
            unit = self.unit[p["id"]]
            amount = (unit * seats).quantize(CENT, rounding=ROUND_HALF_UP)
            total += amount
            lines.append(
                {
                    "sku": p["sku"],
                    "name": p["name"],
                    "kind": p["kind"],
                    "seats": seats,
                    "unitPrice": money(unit, self.currency),
                    "monthlyAmount": money(amount, self.currency),
                }
            )
        primaries = [p for p in held if p["kind"] == "PRIMARY"]
        legacy = [p for p in primaries if p["current_price"] is None]
        if status != "ACTIVE":
            eligibility = {"eligible": False, "reason": "The customer is suspended."}
        elif not primaries:
            eligibility = {"eligible": False, "reason": "The customer holds no primary product."}
        elif legacy:
            named = ", ".join(f"{p['sku']} ({p['name']})" for p in legacy)
            eligibility = {"eligible": False, "reason": f"{named} is not in the current price list."}
        else:
            eligibility = {"eligible": True, "reason": None}
        return lines, money(total.quantize(CENT), self.currency), eligibility


async def customers_page(conn: asyncpg.Connection, partner_id: int, first: int, base_url: str) -> dict:
    rows = await conn.fetch(PAGE_SQL, partner_id, first + 1)
    total = await conn.fetchval(COUNT_SQL, partner_id)
    page = rows[:first]
    ids = [r["id"] for r in page]
    prices = Prices(await conn.fetch(PRICES_SQL, partner_id))
    held: dict[int, list[int]] = defaultdict(list)
    for r in await conn.fetch(HOLDINGS_SQL, ids):
        held[r["customer_id"]].append(r["product_id"])
    lead_ids = list({r["implementation_lead_id"] for r in page if r["implementation_lead_id"] is not None})
    leads = {r["id"]: r for r in await conn.fetch(LEADS_SQL, lead_ids)}
    attachments: dict[int, list[dict]] = defaultdict(list)
    for r in await conn.fetch(ATTACHMENTS_SQL, ids):
        attachments[r["customer_id"]].append(
            {
                "id": gid("Attachment", r["id"]),
                "filename": r["filename"],
                "size": r["size"],
                "url": f"{base_url}/attachments/{gid('Attachment', r['id'])}",
            }
        )
    orders: dict[int, list[dict]] = defaultdict(list)
    for r in await conn.fetch(ORDERS_SQL, ids, 3):
        orders[r["customer_id"]].append(
            {
                "id": gid("Order", r["id"]),
                "number": f"CO-{r['id']:07d}",
                "status": r["status"],
                "submittedAt": r["submitted_at"].isoformat(),
                "monthlyCostChange": money(r["monthly_cost_change"], r["currency"]),
            }
        )
    nodes = []
    for r in page:
        lines, monthly_cost, eligibility = prices.customer(r["status"], r["seats"], held[r["id"]])
        lead = leads.get(r["implementation_lead_id"])
        nodes.append(
            {
                "id": gid("Customer", r["id"]),
                "name": r["name"],
                "accountCode": r["account_code"],
                "status": r["status"],
                "seats": r["seats"],
                "lines": lines,
                "monthlyCost": monthly_cost,
                "implementationLead": {
                    "id": gid("User", lead["id"]),
                    "name": lead["name"],
                    "email": lead["email"],
                }
                if lead
                else None,
                "eligibility": eligibility,
                "attachments": attachments[r["id"]],
                "orders": {"nodes": orders[r["id"]]},
            }
        )
    end = cursor(page[-1]["name"], page[-1]["id"]) if page else None
    return {
        "customers": {
            "totalCount": total,
            "pageInfo": {"hasNextPage": len(rows) > first, "endCursor": end},
            "nodes": nodes,
        }
    }


def create_app(database_url: str, base_url: str) -> Starlette:
    pool: asyncpg.Pool | None = None

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        nonlocal pool
        # The same pool size as Tortoise's asyncpg client (at most 5 connections).
        pool = await asyncpg.create_pool(asyncpg_dsn(database_url), min_size=1, max_size=5)
        try:
            yield
        finally:
            await pool.close()

    async def page(request: Request) -> Response:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        body = json.loads(await request.body())
        first = int((body.get("variables") or {}).get("first", 50))
        async with pool.acquire() as conn:
            partner_id = None
            if scheme.lower() == "bearer" and token:
                partner_id = await conn.fetchval(
                    TOKEN_SQL, hashlib.sha256(token.strip().encode()).hexdigest()
                )
            if partner_id is None:
                return JSONResponse(UNAUTHENTICATED, status_code=401)
            data = await customers_page(conn, partner_id, first, base_url)
        return Response(json.dumps({"data": data}), media_type="application/json")

    async def healthz(request: Request) -> Response:
        async with pool.acquire() as conn:
            await conn.fetchval("SELECT 1")
        return JSONResponse({"status": "ok"})

    return Starlette(
        routes=[Route("/graphql", page, methods=["POST"]), Route("/healthz", healthz, methods=["GET"])],
        lifespan=lifespan,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="The hand-written customers page (benchmark baseline).")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--base-url", required=True)
    args = parser.parse_args()
    # The same uvicorn settings as `graphql-portal serve`, access log included.
    uvicorn.run(create_app(args.database_url, args.base_url), host=HOST, port=args.port, log_level="info")


if __name__ == "__main__":
    main()
