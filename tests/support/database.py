"""Looking at the whole database at once."""

from __future__ import annotations

from tortoise import Tortoise


async def dump_tables() -> dict[str, list[dict]]:
    """Every row of every model, by table, ordered by primary key."""
    dump = {}
    for app in Tortoise.apps.values():
        for model in app.values():
            pk = model._meta.pk_attr
            dump[model._meta.db_table] = await model.all().order_by(pk).values()
    return dump
