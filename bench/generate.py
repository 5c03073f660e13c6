"""Build a large data set on top of the demo data, with COPY rather than the ORM.

    .venv/bin/python -m bench.generate --reset --customers 10000 --orders 1000000

`--reset` drops and recreates the database, applies the migrations and loads the demo data first;
without it the rows are added to what is there. Customers are spread over the two demo partners
(mostly Northwind), each with valid holdings and an implementation lead. Every order has its own
review (`Order.review` is unique), before and after line snapshots priced at the partner's
contracted prices, two deliveries, and a fraction has a small addendum attachment. Order ids grow
with `submitted_at`, as they do in production; one block of orders shares a single `updated_at`
(a bulk status change) so keyset pagination is tested on ties that span a page boundary.

PostgreSQL only: rows go through asyncpg's binary `copy_records_to_table`, on a connection with
`session_replication_role = replica` so foreign keys are not checked row by row (the generator
builds them consistent); the non-unique indexes are dropped during the load and rebuilt after.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import hashlib
import random
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import asyncpg
from tqdm import tqdm

from .support import DEFAULT_DATABASE_URL, asyncpg_dsn, database_name, is_postgres, maintenance_dsn

CHUNK = 20_000
UTC = dt.UTC

CUSTOMER_COLUMNS = (
    "id", "partner_id", "name", "account_code", "status", "seats", "implementation_lead_id", "version",
    "created_at", "updated_at",
)  # fmt: skip
HOLDING_COLUMNS = ("id", "customer_id", "product_id", "created_at")
REVIEW_COLUMNS = (
    "id", "partner_id", "customer_id", "created_by_id", "implementation_lead_id", "seat_adjustment",
    "primary_mode", "primary_sku", "replaces_sku", "addon_skus", "seats_before", "seats_after",
    "lines_before", "lines_after", "monthly_cost_before", "monthly_cost_after", "currency",
    "msa_reference", "customer_version", "agreement_revision", "price_list_version_id", "created_at",
    "expires_at", "effective_on",
)  # fmt: skip
ORDER_COLUMNS = (
    "id", "partner_id", "customer_id", "review_id", "submitted_by_id", "implementation_lead_id", "status",
    "submitted_at", "updated_at", "completed_at", "seats_before", "seats_after", "lines_before",
    "lines_after", "monthly_cost_before", "monthly_cost_after", "monthly_cost_change", "currency",
    "msa_reference", "effective_on", "applied_at",
)  # fmt: skip
DELIVERY_COLUMNS = (
    "id", "order_id", "kind", "recipient", "status", "attempts", "last_error", "message_id", "sent_at",
    "created_at", "updated_at",
)  # fmt: skip
ATTACHMENT_COLUMNS = (
    "id", "customer_id", "order_id", "kind", "filename", "content_type", "size", "sha256", "data",
    "uploaded_by", "created_at",
)  # fmt: skip
TABLES = ("customer", "customer_product", "review", "change_order", "delivery", "attachment")

ADJECTIVES = (
    "Alpine", "Amber", "Atlas", "Beacon", "Blue", "Bright", "Cedar", "Coastal", "Copper", "Crystal",
    "Delta", "Eastern", "Evergreen", "Falcon", "First", "Golden", "Granite", "Harbor", "Highland",
    "Iron", "Juniper", "Keystone", "Lakeside", "Liberty", "Maple", "Meridian", "Metro", "Northern",
    "Oak", "Pacific", "Pioneer", "Prairie", "Quantum", "Redwood", "Riverside", "Summit", "Silver",
    "Sterling", "Union", "Valley", "Western", "Willow",
)  # fmt: skip
NOUNS = (
    "Accounting", "Architects", "Bakery", "Clinic", "Construction", "Consulting", "Dental", "Design",
    "Engineering", "Foods", "Freight", "Health", "Hotels", "Insurance", "Labs", "Legal", "Logistics",
    "Media", "Motors", "Partners", "Pharmacy", "Realty", "Robotics", "Schools", "Software", "Studios",
    "Supply", "Textiles", "Travel", "Vets",
)  # fmt: skip
SUFFIXES = ("Inc", "LLC", "Ltd", "Group", "Co", "GmbH", "& Sons", "Holdings")

GATEWAYS = (("SEG-ESS", 6), ("SEG-PRO", 3), ("SEG-ENT", 1))
FAKE_PDF = b"%PDF-1.4\n%bench\n1 0 obj << /Type /Catalog >> endobj\n" + b"0" * 1400 + b"\n%%EOF\n"


# -- reference data read from the seeded database -------------------------------------------------
@dataclass(frozen=True)
class Product:
    id: int
    sku: str
    name: str
    kind: str
    min_seats: int


@dataclass
class PartnerInfo:
    id: int
    name: str
    msa: str
    currency: str
    revision: int
    unit_cents: dict[str, int]
    enabled_addons: tuple[str, ...]
    users: list[tuple[int, str, str]]  # (id, email, role)

    @property
    def orderers(self) -> list[tuple[int, str, str]]:
        return [u for u in self.users if u[2] in ("ADMIN", "ORDERING")]


@dataclass
class Reference:
    products: dict[str, Product]
    partners: list[PartnerInfo]
    attaches: dict[str, frozenset[str]]
    price_list_version_id: int


def _cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value(rounding=ROUND_HALF_UP))


async def read_reference(conn: asyncpg.Connection) -> Reference:
    """Products, prices, partners and users as the seed wrote them (prices as the app computes them)."""
    products = {
        r["sku"]: Product(r["id"], r["sku"], r["name"], r["kind"], r["min_seats"])
        for r in await conn.fetch("SELECT id, sku, name, kind, min_seats FROM product")
    }
    by_id = {p.id: p for p in products.values()}
    current = await conn.fetchrow(
        "SELECT id FROM price_list_version WHERE effective_on <= current_date"
        " ORDER BY effective_on DESC LIMIT 1"
    )
    listed: dict[str, Decimal] = {}
    for r in await conn.fetch(
        "SELECT i.product_id, i.list_price FROM price_list_item i"
        " JOIN price_list_version v ON v.id = i.version_id"
        " WHERE v.effective_on <= current_date ORDER BY v.effective_on"
    ):
        listed[by_id[r["product_id"]].sku] = r["list_price"]  # newest listing wins
    attaches: dict[str, set[str]] = {}
    for r in await conn.fetch("SELECT addon_id, primary_id FROM addon_attachability"):
        attaches.setdefault(by_id[r["addon_id"]].sku, set()).add(by_id[r["primary_id"]].sku)
    partners = []
    for a in await conn.fetch(
        "SELECT p.id, p.name, a.id AS agreement_id, a.msa_reference, a.currency, a.revision,"
        " a.default_discount_percent FROM partner p JOIN agreement a ON a.partner_id = p.id ORDER BY p.id"
    ):
        explicit = {
            by_id[r["product_id"]].sku: r["unit_price"]
            for r in await conn.fetch(
                "SELECT product_id, unit_price FROM contracted_price WHERE agreement_id = $1",
                a["agreement_id"],
            )
        }
        factor = (Decimal(100) - a["default_discount_percent"]) / Decimal(100)
        unit = {sku: _cents(explicit.get(sku, price * factor)) for sku, price in listed.items()}
        enabled = tuple(
            sorted(
                by_id[r["product_id"]].sku
                for r in await conn.fetch(
                    "SELECT product_id FROM enabled_addon WHERE agreement_id = $1", a["agreement_id"]
                )
            )
        )
        users = [
            (r["id"], r["email"], r["role"])
            for r in await conn.fetch(
                "SELECT id, email, role FROM partner_user WHERE partner_id = $1 ORDER BY id", a["id"]
            )
        ]
        partners.append(
            PartnerInfo(
                a["id"], a["name"], a["msa_reference"], a["currency"], a["revision"], unit, enabled, users
            )
        )
    return Reference(products, partners, {k: frozenset(v) for k, v in attaches.items()}, current["id"])


# -- customers ------------------------------------------------------------------------------------
@dataclass
class BenchCustomer:
    id: int
    partner: PartnerInfo
    seats: int
    lead_id: int
    lead_email: str
    lines: list[tuple[str, str, str, int]]  # (sku, name, kind, unit cents), primaries first, by SKU

    @property
    def unit_total_cents(self) -> int:
        return sum(line[3] for line in self.lines)


def _holding(rng: random.Random, ref: Reference, partner: PartnerInfo) -> list[str]:
    """A valid holding: one gateway (or an archive, or continuity), maybe beside primaries, add-ons."""
    roll = rng.random()
    if roll < 0.005:
        return ["LEGACY-S1"]
    if roll < 0.85:
        primaries = [rng.choices([g for g, _ in GATEWAYS], [w for _, w in GATEWAYS])[0]]
        if rng.random() < 0.2:
            primaries.append(rng.choice(("ARC-STD", "ARC-10Y")))
        if rng.random() < 0.1:
            primaries.append("CONT-STD")
    elif roll < 0.95:
        primaries = [rng.choice(("ARC-STD", "ARC-10Y"))]
    else:
        primaries = ["CONT-STD"]
    addons = [
        sku
        for sku in partner.enabled_addons
        if ref.attaches.get(sku, frozenset()) & set(primaries) and rng.random() < 0.25
    ]
    return primaries + addons


def build_customers(
    ref: Reference, start_id: int, count: int, northwind_share: float, seed: int
) -> tuple[list[tuple], list[tuple], list[BenchCustomer]]:
    rng = random.Random(seed)
    now = dt.datetime.now(UTC)
    customers, holdings, infos = [], [], []
    northwind, others = ref.partners[0], ref.partners[1:] or ref.partners[:1]
    holding_id = 0  # assigned by the caller's offset
    for n in range(count):
        cid = start_id + n
        partner = northwind if rng.random() < northwind_share else rng.choice(others)
        skus = _holding(rng, ref, partner)
        min_seats = max(ref.products[s].min_seats for s in skus)
        seats = max(min_seats, int(rng.lognormvariate(4.2, 1.0)))
        seats = min(seats, 20_000)
        status = "SUSPENDED" if rng.random() < 0.03 else "ACTIVE"
        lead_id, lead_email, _role = rng.choice(partner.users)
        name = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {rng.choice(SUFFIXES)} {cid:06d}"
        created = now - dt.timedelta(days=rng.uniform(400, 1500))
        customers.append(
            (cid, partner.id, name, f"BN-{cid:07d}", status, seats, lead_id, 1, created, created)
        )
        products = sorted((ref.products[s] for s in skus), key=lambda p: (p.kind != "PRIMARY", p.sku))
        for product in products:
            holdings.append((holding_id, cid, product.id, created))
            holding_id += 1
        lines = [(p.sku, p.name, p.kind, partner.unit_cents[p.sku]) for p in products]
        infos.append(BenchCustomer(cid, partner, seats, lead_id, lead_email, lines))
    return customers, holdings, infos


# -- orders ---------------------------------------------------------------------------------------
def _money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def _lines_json(lines: list[tuple[str, str, str, int]], seats: int) -> str:
    """The snapshot JSON exactly as the app writes it (money as decimal strings)."""
    return (
        "["
        + ", ".join(
            f'{{"sku": "{sku}", "name": "{name}", "kind": "{kind}", "seats": {seats}, '
            f'"unit_price": "{_money(unit)}", "monthly_amount": "{_money(unit * seats)}"}}'
            for sku, name, kind, unit in lines
        )
        + "]"
    )


@dataclass
class OrderPlan:
    """Where the orders of this run go: ids, the time span, the block that shares one updated_at."""

    first_order_id: int
    first_review_id: int
    first_delivery_id: int
    first_attachment_id: int
    count: int
    start: float
    span: float
    tie_from: int
    tie_to: int
    tie_instant: float
    attachment_share: float
    seed: int


@dataclass
class Chunk:
    reviews: list[tuple]
    orders: list[tuple]
    deliveries: list[tuple]
    attachments: list[tuple]


def build_orders(plan: OrderPlan, customers: list[BenchCustomer], ref: Reference, lo: int, hi: int) -> Chunk:
    """Orders `lo`..`hi` (0-based within this run); deterministic for a given seed."""
    rng = random.Random(plan.seed * 1_000_003 + lo)
    step = plan.span / plan.count
    recent = plan.start + plan.span - 2 * 86400
    reviews, orders, deliveries, attachments = [], [], [], []
    pdf_sha = hashlib.sha256(FAKE_PDF).hexdigest()
    ref_version = ref.price_list_version_id
    for i in range(lo, hi):
        c = customers[rng.randrange(len(customers))]
        p = c.partner
        order_id = plan.first_order_id + i
        review_id = plan.first_review_id + i
        submitted_ts = plan.start + i * step + rng.random() * step
        submitted = dt.datetime.fromtimestamp(submitted_ts, UTC)
        reviewed = submitted - dt.timedelta(seconds=rng.uniform(30, 1200))
        if submitted_ts > recent and rng.random() < 0.7:
            status, updated, completed = "PROCESSING", submitted, None
        elif rng.random() < 0.02:
            status, completed = "ATTENTION_NEEDED", None
            updated = submitted + dt.timedelta(seconds=rng.uniform(600, 7200))
        else:
            status = "COMPLETED"
            updated = completed = submitted + dt.timedelta(seconds=rng.uniform(5, 90))
        if plan.tie_from <= i < plan.tie_to:
            updated = dt.datetime.fromtimestamp(plan.tie_instant, UTC)
        submitter_id, submitter_email, _ = rng.choice(p.orderers)
        adjustment = rng.randint(1, 25)
        before, after = c.seats, c.seats + adjustment
        unit = c.unit_total_cents
        cost_before, cost_after = unit * before, unit * after
        lines_before, lines_after = _lines_json(c.lines, before), _lines_json(c.lines, after)
        money_before = Decimal(cost_before).scaleb(-2)
        money_after = Decimal(cost_after).scaleb(-2)
        reviews.append(
            (
                review_id, p.id, c.id, submitter_id, c.lead_id, adjustment, "KEEP_EXISTING", None, None, "[]",
                before, after, lines_before, lines_after, money_before, money_after, p.currency, p.msa, 1,
                p.revision, ref_version, reviewed, reviewed + dt.timedelta(minutes=30), reviewed.date(),
            )
        )  # fmt: skip
        orders.append(
            (
                order_id, p.id, c.id, review_id, submitter_id, c.lead_id, status, submitted, updated,
                completed, before, after, lines_before, lines_after, money_before, money_after,
                Decimal(cost_after - cost_before).scaleb(-2), p.currency, p.msa, submitted.date(), submitted,
            )
        )  # fmt: skip
        delivery_status = {"COMPLETED": "SENT", "PROCESSING": "PENDING", "ATTENTION_NEEDED": "FAILED"}[status]
        for k, (kind, recipient) in enumerate(
            (("SUBMITTER_ADDENDUM", submitter_email), ("IMPLEMENTATION_LEAD", c.lead_email))
        ):
            failed = delivery_status == "FAILED" and k == 1
            deliveries.append(
                (
                    plan.first_delivery_id + 2 * i + k, order_id, kind, recipient,
                    "FAILED" if failed else ("SENT" if delivery_status != "PENDING" else "PENDING"),
                    8 if failed else (1 if delivery_status != "PENDING" else 0),
                    "550 5.1.1 mailbox unavailable" if failed else None,
                    f"<order-{order_id}.{kind.lower()}@bench.portal.example>",
                    completed if delivery_status == "SENT" else None, submitted, updated,
                )
            )  # fmt: skip
        if status == "COMPLETED" and rng.random() < plan.attachment_share:
            attachments.append(
                (
                    plan.first_attachment_id + i, c.id, order_id, "ADDENDUM",
                    f"CO-{order_id:07d}-addendum.pdf", "application/pdf", len(FAKE_PDF), pdf_sha, FAKE_PDF,
                    None, completed,
                )
            )  # fmt: skip
    return Chunk(reviews, orders, deliveries, attachments)


# -- the database ---------------------------------------------------------------------------------
async def reset_database(database_url: str) -> None:
    """Drop and recreate the database, apply the migrations and load the demo data."""
    from graphql_portal.db import close_db, init_db
    from graphql_portal.demo import seed_demo
    from graphql_portal.migrate import migrate

    name = database_name(database_url)
    admin = await asyncpg.connect(maintenance_dsn(database_url))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    await migrate(database_url)
    await init_db(database_url, global_fallback=False)
    try:
        await seed_demo()
    finally:
        await close_db()


async def next_id(conn: asyncpg.Connection, table: str) -> int:
    return await conn.fetchval(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"')


async def drop_secondary_indexes(conn: asyncpg.Connection) -> list[str]:
    """Drop the plain (non-constraint) indexes of the loaded tables; returns their definitions."""
    rows = await conn.fetch(
        """
        SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
        FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
        WHERE t.relname = ANY($1::text[]) AND NOT i.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        """,
        list(TABLES),
    )
    for row in rows:
        await conn.execute(f"DROP INDEX {row['name']}")
    return [row["definition"] for row in rows]


async def copy(conn: asyncpg.Connection, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    if rows:
        await conn.copy_records_to_table(table, records=rows, columns=columns)


async def copy_chunk(conn: asyncpg.Connection, chunk: Chunk) -> None:
    await copy(conn, "review", REVIEW_COLUMNS, chunk.reviews)
    await copy(conn, "change_order", ORDER_COLUMNS, chunk.orders)
    await copy(conn, "delivery", DELIVERY_COLUMNS, chunk.deliveries)
    await copy(conn, "attachment", ATTACHMENT_COLUMNS, chunk.attachments)


def chunks(count: int, size: int) -> Iterator[tuple[int, int]]:
    for lo in range(0, count, size):
        yield lo, min(count, lo + size)


async def generate(args: argparse.Namespace) -> None:
    url = args.database_url
    started = time.perf_counter()
    if args.reset:
        print(f"Recreating {database_name(url)}: migrate and load the demo data ...", file=sys.stderr)
        await reset_database(url)
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        ref = await read_reference(conn)
        # Foreign keys are enforced by triggers; the generator builds them consistent, so skip them.
        await conn.execute("SET session_replication_role = replica")
        await conn.execute("SET synchronous_commit = off")
        starts = {table: await next_id(conn, table) for table in TABLES}
        # Rebuilding an index after the load beats maintaining it row by row only when the load is
        # large against what the table holds already.
        bulk = args.orders >= (starts["change_order"] - 1) // 5
        indexes = await drop_secondary_indexes(conn) if bulk else []

        customers, holdings, infos = build_customers(
            ref, starts["customer"], args.customers, args.northwind_share, args.seed
        )
        holdings = [(starts["customer_product"] + h[0], *h[1:]) for h in holdings]
        async with conn.transaction():
            await copy(conn, "customer", CUSTOMER_COLUMNS, customers)
            await copy(conn, "customer_product", HOLDING_COLUMNS, holdings)
        print(f"{len(customers)} customers with {len(holdings)} holdings.", file=sys.stderr)
        if not infos and args.orders:
            infos = await existing_customers(conn, ref)
        await load_orders(conn, args, ref, starts, infos)

        print(f"Rebuilding {len(indexes)} dropped indexes, then VACUUM ANALYZE ...", file=sys.stderr)
        for definition in indexes:
            await conn.execute(definition)
        for table in TABLES:
            top = await conn.fetchval(f'SELECT COALESCE(MAX(id), 1) FROM "{table}"')
            await conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {top})")
            await conn.execute(f'VACUUM (ANALYZE) "{table}"')
        counts = {t: await conn.fetchval(f'SELECT count(*) FROM "{t}"') for t in TABLES}
    finally:
        await conn.close()
    print(
        f"Done in {time.perf_counter() - started:.0f} s. Rows now: "
        + ", ".join(f"{t} {n:,}" for t, n in counts.items()),
        file=sys.stderr,
    )


async def existing_customers(conn: asyncpg.Connection, ref: Reference) -> list[BenchCustomer]:
    """Orders for the customers already there, when this run adds orders only."""
    partners = {p.id: p for p in ref.partners}
    by_id = {p.id: p for p in ref.products.values()}
    held: dict[int, list[Product]] = {}
    for r in await conn.fetch("SELECT customer_id, product_id FROM customer_product"):
        held.setdefault(r["customer_id"], []).append(by_id[r["product_id"]])
    emails = {r["id"]: r["email"] for r in await conn.fetch("SELECT id, email FROM partner_user")}
    found = []
    for r in await conn.fetch(
        "SELECT id, partner_id, seats, implementation_lead_id FROM customer ORDER BY id"
    ):
        partner = partners[r["partner_id"]]
        products = sorted(held.get(r["id"], []), key=lambda p: (p.kind != "PRIMARY", p.sku))
        if not products or r["implementation_lead_id"] is None:
            continue
        lines = [(p.sku, p.name, p.kind, partner.unit_cents[p.sku]) for p in products]
        lead = r["implementation_lead_id"]
        found.append(BenchCustomer(r["id"], partner, r["seats"], lead, emails[lead], lines))
    return found


async def load_orders(
    conn: asyncpg.Connection, args: argparse.Namespace, ref: Reference, starts: dict[str, int], infos: list
) -> None:
    """Build chunk k+1 in a thread while chunk k streams into PostgreSQL (the two use different cores)."""
    if not args.orders:
        return
    now = time.time()
    span = args.days * 86400.0
    tie = min(args.tie_block, args.orders // 2)
    tie_from = args.orders // 2
    plan = OrderPlan(
        first_order_id=starts["change_order"],
        first_review_id=starts["review"],
        first_delivery_id=starts["delivery"],
        first_attachment_id=starts["attachment"],
        count=args.orders,
        start=now - span,
        span=span,
        tie_from=tie_from,
        tie_to=tie_from + tie,
        tie_instant=now - span / 2 + 3600,
        attachment_share=args.attachment_share,
        seed=args.seed,
    )
    loop = asyncio.get_running_loop()
    ranges = list(chunks(args.orders, CHUNK))
    with (
        ThreadPoolExecutor(max_workers=1) as pool,
        tqdm(total=args.orders, unit="order", unit_scale=True) as bar,
    ):
        pending = loop.run_in_executor(pool, build_orders, plan, infos, ref, *ranges[0])
        for k in range(len(ranges)):
            chunk = await pending
            if k + 1 < len(ranges):
                pending = loop.run_in_executor(pool, build_orders, plan, infos, ref, *ranges[k + 1])
            async with conn.transaction():
                await copy_chunk(conn, chunk)
            bar.update(len(chunk.orders))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument(
        "--reset", action="store_true", help="drop and recreate the database (migrate + demo seed)"
    )
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--northwind-share", type=float, default=0.9, help="share of customers at Northwind")
    parser.add_argument(
        "--attachment-share", type=float, default=0.05, help="share of completed orders with an addendum"
    )
    parser.add_argument("--days", type=float, default=730, help="orders are spread over this many past days")
    parser.add_argument("--tie-block", type=int, default=1200, help="orders sharing one updated_at instant")
    parser.add_argument("--seed", type=int, default=20261125)
    args = parser.parse_args(argv)
    if not is_postgres(args.database_url):
        parser.error("the generator writes with PostgreSQL's COPY: give a postgres:// URL")
    return args


def main(argv: list[str] | None = None) -> int:
    asyncio.run(generate(parse_args(argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
