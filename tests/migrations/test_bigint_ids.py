"""Every key is 64-bit once migrated: columns, foreign keys and, on PostgreSQL, the sequences."""

from __future__ import annotations

import asyncpg
from tortoise import Tortoise

from graphql_portal.models import Job, JobKind, StaffUser
from tests.support.orders import write_fabrikam_order

BEYOND_32_BITS = 2**31 + 7


async def test_no_key_column_or_sequence_is_32_bit_on_postgres(db):
    if db.dialect != "postgres":
        return
    conn = await asyncpg.connect(db.url.replace("postgres://", "postgresql://", 1))
    try:
        narrow = await conn.fetch(
            """SELECT table_name, column_name FROM information_schema.columns
               WHERE table_schema = 'public' AND table_name <> 'aerich'
                 AND data_type IN ('integer', 'smallint')
                 AND (column_name = 'id' OR column_name LIKE '%\\_id')"""
        )
        # aerich's own table (its migration log) is not ours.
        sequences = await conn.fetch(
            "SELECT sequencename, data_type, max_value FROM pg_sequences WHERE sequencename <> 'aerich_id_seq'"
        )
    finally:
        await conn.close()
    assert [tuple(r) for r in narrow] == []
    assert len(sequences) >= 20
    assert {(r["data_type"], r["max_value"]) for r in sequences} == {("bigint", 2**63 - 1)}


async def test_rows_get_ids_beyond_32_bits(db):
    """A sequence (or SQLite's rowid) past 2**31 hands out the next ids, and foreign keys hold them."""
    client = Tortoise.get_connection("default")
    if db.dialect == "postgres":
        for table in ("staff_user", "job"):
            await client.execute_query(f"SELECT setval('{table}_id_seq', {BEYOND_32_BITS})")
    else:
        for table in ("staff_user", "job"):
            await client.execute_query(f"DELETE FROM sqlite_sequence WHERE name = '{table}'")
            await client.execute_query(f"INSERT INTO sqlite_sequence (name, seq) VALUES ('{table}', {BEYOND_32_BITS})")
    staff = await StaffUser.create(email="wide@portal.example", email_key="wide@portal.example", password_hash="x")
    assert staff.id == BEYOND_32_BITS + 1
    order = await write_fabrikam_order()  # its jobs get ids beyond 2**31, naming the order
    jobs = await Job.filter(order_id=order.id).order_by("id").values_list("id", "kind")
    assert jobs[0][0] > BEYOND_32_BITS
    assert {kind for _, kind in jobs} >= {JobKind.RENDER_ADDENDUM, JobKind.SEND_EMAIL}
    assert (await Job.get(id=jobs[0][0])).order_id == order.id
