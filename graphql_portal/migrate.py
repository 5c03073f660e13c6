"""Apply the schema migrations to a database (placeholder until the aerich histories land)."""

from __future__ import annotations

from tortoise import Tortoise

from .db import close_db, init_db


async def migrate(database_url: str) -> list[str]:
    """Bring the database at `database_url` up to date; returns the names of what was applied."""
    await init_db(database_url, global_fallback=False)
    try:
        await Tortoise.generate_schemas(safe=True)
    finally:
        await close_db()
    return ["generate_schemas"]
