"""The aerich histories build exactly the schema of the models, on SQLite and on PostgreSQL.

A schema is compared by introspection of the live database (tables; columns with type and
nullability; unique constraints; other indexes; foreign keys) against a database built by
`Tortoise.generate_schemas()` from the models, so a migration that drifts from the models fails
with a message naming the table and column.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import sqlite3
from dataclasses import dataclass, fields
from pathlib import Path
from types import ModuleType

import asyncpg
import pytest
from aerich.migrate import Migrate
from aerich.utils import decompress_dict, import_py_file
from tortoise import Tortoise
from tortoise.context import TortoiseContext

from graphql_portal.db import tortoise_config
from graphql_portal.migrate import (
    APP,
    DIALECTS,
    REPO_ROOT,
    MigrationError,
    history_dir,
    migrate,
    migration_files,
    migration_names,
)

# --- introspection ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Schema:
    """What a database holds, as sets of plain tuples, so two schemas compare exactly."""

    tables: frozenset[str]
    columns: frozenset[tuple[str, str, str, bool]]  # table, column, type, nullable
    uniques: frozenset[tuple[str, tuple[str, ...]]]  # table, columns (constraint or unique index)
    indexes: frozenset[tuple[str, str, tuple[str, ...]]]  # table, name, columns (non-unique)
    foreign_keys: frozenset[tuple[str, str, str, str, str]]  # table, column, target, column, on delete


def differences(migrated: Schema, models: Schema) -> list[str]:
    """One line per difference, naming the category and the rows present on one side only."""
    lines = []
    for f in fields(Schema):
        have, want = getattr(migrated, f.name), getattr(models, f.name)
        lines += [f"{f.name}: only in the migrated database: {row}" for row in sorted(have - want)]
        lines += [f"{f.name}: only in the models' schema: {row}" for row in sorted(want - have)]
    return lines


def _sqlite_path(url: str) -> str:
    return url.split("://", 1)[1].split("?", 1)[0]


def _sqlite_type(declared: str) -> str:
    """A column's type as SQLite holds it: every declared type with INT in it (INT, BIGINT,
    SMALLINT) is one 64-bit integer type there, so a migration need not rebuild a table for it."""
    declared = declared.upper()
    return "INTEGER" if "INT" in declared else declared


def introspect_sqlite(url: str) -> Schema:
    conn = sqlite3.connect(_sqlite_path(url))
    try:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        columns, uniques, indexes, fks = set(), set(), set(), set()
        for table in tables:
            for _cid, name, type_, notnull, _default, _pk in conn.execute(f'PRAGMA table_info("{table}")'):
                columns.add((table, name, _sqlite_type(type_), not notnull))
            for _seq, index, unique, origin, _partial in conn.execute(f'PRAGMA index_list("{table}")'):
                if origin == "pk":
                    continue
                cols = tuple(r[2] for r in conn.execute(f'PRAGMA index_info("{index}")'))
                if unique:
                    uniques.add((table, cols))
                else:
                    indexes.add((table, index, cols))
            for row in conn.execute(f'PRAGMA foreign_key_list("{table}")'):
                fks.add((table, row[3], row[2], row[4], row[6].upper()))
    finally:
        conn.close()
    return Schema(
        frozenset(tables), frozenset(columns), frozenset(uniques), frozenset(indexes), frozenset(fks)
    )


_PG_COLUMNS = """
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
"""
_PG_INDEXES = """
SELECT t.relname, i.relname, ix.indisunique, ix.indisprimary,
       array(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)
FROM pg_index ix
JOIN pg_class t ON t.oid = ix.indrelid
JOIN pg_class i ON i.oid = ix.indexrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = 'public'
"""
_PG_FOREIGN_KEYS = """
SELECT src.relname, a.attname, dst.relname, da.attname, con.confdeltype::text
FROM pg_constraint con
JOIN pg_class src ON src.oid = con.conrelid
JOIN pg_class dst ON dst.oid = con.confrelid
JOIN pg_namespace n ON n.oid = src.relnamespace
JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
JOIN pg_attribute da ON da.attrelid = con.confrelid AND da.attnum = con.confkey[1]
WHERE con.contype = 'f' AND n.nspname = 'public'
"""
# pg_constraint.confdeltype, spelled as SQLite's PRAGMA foreign_key_list spells it.
_PG_ON_DELETE = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}


async def introspect_postgres(url: str) -> Schema:
    conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        columns = {(r[0], r[1], r[2].upper(), r[3]) for r in await conn.fetch(_PG_COLUMNS)}
        uniques, indexes = set(), set()
        for table, index, unique, primary, cols in await conn.fetch(_PG_INDEXES):
            if primary:
                continue
            if unique:
                uniques.add((table, tuple(cols)))
            else:
                indexes.add((table, index, tuple(cols)))
        fks = {(r[0], r[1], r[2], r[3], _PG_ON_DELETE[r[4]]) for r in await conn.fetch(_PG_FOREIGN_KEYS)}
    finally:
        await conn.close()
    tables = frozenset(c[0] for c in columns)
    return Schema(tables, frozenset(columns), frozenset(uniques), frozenset(indexes), frozenset(fks))


async def introspect(dialect: str, url: str) -> Schema:
    return introspect_sqlite(url) if dialect == "sqlite" else await introspect_postgres(url)


# --- helpers ----------------------------------------------------------------------------------


@pytest.fixture
async def reference_db(empty_db, tmp_path):
    """A second empty database of the same dialect, for the schema built from the models."""
    if empty_db.dialect == "sqlite":
        yield f"sqlite://{tmp_path / 'reference.sqlite3'}"
        return
    name = empty_db.url.rsplit("/", 1)[1] + "_ref"
    admin = await asyncpg.connect(empty_db.url.replace("postgres://", "postgresql://", 1))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield empty_db.url.rsplit("/", 1)[0] + "/" + name
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def build_from_models(url: str) -> None:
    """The schema Tortoise itself generates from the models (what the migrations must equal)."""
    async with TortoiseContext():
        await Tortoise.init(config=tortoise_config(url))
        await Tortoise.generate_schemas(safe=False)


def load_makemigrations() -> ModuleType:
    path = REPO_ROOT / "scripts" / "makemigrations.py"
    spec = importlib.util.spec_from_file_location("makemigrations", path)
    assert spec and spec.loader, f"cannot load {path}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def copy_history(dialect: str, tmp_path: Path) -> Path:
    """A temporary copy of the dialect's history, as aerich's `location`."""
    location = tmp_path / "history" / dialect
    shutil.copytree(history_dir(dialect), location / APP, ignore=shutil.ignore_patterns("__pycache__"))
    return location


# --- (a) applying ----------------------------------------------------------------------------


async def test_a_fresh_database_gets_every_migration_once(empty_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the history is found from the package, not the working directory
    expected = migration_names(empty_db.dialect)
    assert expected, f"no migrations in {history_dir(empty_db.dialect)}"

    assert await migrate(empty_db.url) == expected
    assert not Tortoise.is_inited(), "migrate() left the ORM initialised"
    assert await migrate(empty_db.url) == [], "a second run applied migrations again"

    schema = await introspect(empty_db.dialect, empty_db.url)
    assert "aerich" in schema.tables, "the aerich tracking table was not created"
    async with TortoiseContext():
        await Tortoise.init(config=tortoise_config(empty_db.url))
        recorded = await Tortoise.get_connection("default").execute_query_dict(
            "SELECT version FROM aerich WHERE app = 'models' ORDER BY id"
        )
    assert [r["version"] for r in recorded] == [f"{name}.py" for name in expected]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("mysql://root@localhost/portal", "unsupported scheme 'mysql'"),
        (
            "postgres://postgres:secret@127.0.0.1:1/portal",
            "cannot open the database postgres://postgres:***@",
        ),
    ],
)
async def test_an_unusable_database_url_raises_a_one_line_migration_error(url, expected):
    with pytest.raises(MigrationError) as info:
        await migrate(url)
    message = str(info.value)
    assert expected in message
    assert "\n" not in message
    assert "secret" not in message
    assert not Tortoise.is_inited()


async def test_a_failing_migration_is_named_and_leaves_nothing_recorded(empty_db):
    async with TortoiseContext():
        await Tortoise.init(config=tortoise_config(empty_db.url))
        await Tortoise.get_connection("default").execute_script('CREATE TABLE "staff_user" ("x" INT)')
    first = migration_names(empty_db.dialect)[0]

    with pytest.raises(MigrationError) as info:
        await migrate(empty_db.url)

    assert str(info.value).startswith(f"migration {first} failed on {empty_db.url}: ")
    assert "staff_user" in str(info.value)
    # The migration ran in one transaction: nothing of it (not even aerich's table) remains.
    assert (await introspect(empty_db.dialect, empty_db.url)).tables == {"staff_user"}


# --- (b) the migrated schema is the models' schema -------------------------------------------


async def test_b_migrated_schema_equals_the_schema_of_the_models(empty_db, reference_db):
    await migrate(empty_db.url)
    await build_from_models(reference_db)

    migrated = await introspect(empty_db.dialect, empty_db.url)
    models = await introspect(empty_db.dialect, reference_db)

    assert len(models.tables) >= 20, f"the models' schema looks empty: {sorted(models.tables)}"
    problems = differences(migrated, models)
    assert not problems, f"{empty_db.dialect}: the migrations do not build the models' schema:\n" + "\n".join(
        problems
    )


async def test_b_the_comparison_names_a_missing_index(empty_db, reference_db):
    """The schema comparison is not vacuous: dropping one index is reported by name."""
    await migrate(empty_db.url)
    await build_from_models(reference_db)
    models = await introspect(empty_db.dialect, reference_db)
    migrated = await introspect(empty_db.dialect, empty_db.url)
    table, index, cols = sorted(migrated.indexes)[0]
    async with TortoiseContext():
        await Tortoise.init(config=tortoise_config(empty_db.url))
        await Tortoise.get_connection("default").execute_script(f'DROP INDEX "{index}"')

    after = differences(await introspect(empty_db.dialect, empty_db.url), models)

    # Compared with what differed before (nothing, unless the test above fails too).
    assert after == [
        *differences(migrated, models),
        f"indexes: only in the models' schema: {(table, index, cols)}",
    ]


# --- (c) nothing left to generate ------------------------------------------------------------


async def test_c_aerich_finds_no_model_change_missing_from_the_history(empty_db, tmp_path):
    # Recorded by migrate(), read back by aerich: the two agree on the `aerich` table's content.
    await migrate(empty_db.url)
    location = copy_history(empty_db.dialect, tmp_path)
    before = migration_files(location / APP)
    makemigrations = load_makemigrations()

    version = makemigrations.generate_in_subprocess(empty_db.url, location, "forgotten")

    after = migration_files(location / APP)
    assert version is None and after == before, (
        f"{empty_db.dialect}: the models changed without a migration; aerich generated {version}:\n"
        + (makemigrations.without_state(location / APP / version) if version else "")
        + "\nrun scripts/makemigrations.py NAME"
    )


def _model_with_one_index(state: dict, sql: list[str]) -> tuple[str, str]:
    """A model with exactly one index, created by exactly one statement of the history."""
    for model, describe in sorted(state.items()):
        pattern = rf'CREATE INDEX (?:IF NOT EXISTS )?"\w+" ON "{describe["table"]}" \([^)]*\);'
        statements = [found for text in sql for found in re.findall(pattern, text)]
        if len(describe.get("indexes") or []) == 1 and len(statements) == 1:
            return model, statements[0]
    raise AssertionError("no model with exactly one index to remove from the history")


async def _forget_one_index(location: Path) -> tuple[str, str]:
    """Rewrite the history as if one model's only index had been added without a migration.

    The index's CREATE statement leaves the migration that holds it, and the index leaves the
    models' state recorded by every migration. Returns (model, the removed statement).
    """
    paths = [location / APP / name for name in migration_files(location / APP)]
    modules = [import_py_file(path) for path in paths]
    sql = [await m.upgrade(None) for m in modules]
    model, statement = _model_with_one_index(decompress_dict(modules[-1].MODELS_STATE), sql)
    for path, module, upgrade_sql in zip(paths, modules, sql, strict=True):
        state = decompress_dict(module.MODELS_STATE)
        if model in state:
            state[model]["indexes"] = []
        text = Migrate.build_migration_file_text(
            upgrade_sql=upgrade_sql.replace(statement, ""),
            downgrade_sql=await module.downgrade(None),
            models_state=state,
        )
        path.write_text(text)
    return model, statement


async def test_c_a_forgotten_migration_is_generated_and_runs(empty_db, tmp_path):
    location = copy_history(empty_db.dialect, tmp_path)
    model, statement = await _forget_one_index(location)
    index_name = re.search(r'INDEX (?:IF NOT EXISTS )?"(\w+)"', statement).group(1)

    version = load_makemigrations().generate_in_subprocess(empty_db.url, location, "add_index")

    assert version is not None, f"aerich did not notice the index of {model} missing from the history"
    number = len(migration_names(empty_db.dialect))
    assert re.fullmatch(rf"{number}_\d{{14}}_add_index\.py", version)
    generated = (location / APP / version).read_text()
    assert f'"{index_name}"' in generated, generated


# --- (d) the two histories are aligned -------------------------------------------------------


def test_d_both_dialects_have_the_same_migrations_in_the_same_order():
    names = {dialect: migration_names(dialect) for dialect in DIALECTS}
    assert names["sqlite"], "no migrations"
    assert names["sqlite"] == names["postgres"], f"the histories differ: {names}"


def test_d_each_history_is_written_in_its_own_dialect():
    """A history generated against the wrong database would pass (d) and fail at run time."""
    first = migration_files(history_dir("sqlite"))[0]
    sqlite_sql = (history_dir("sqlite") / first).read_text()
    postgres_sql = (history_dir("postgres") / first).read_text()
    assert "AUTOINCREMENT" in sqlite_sql and "SERIAL" not in sqlite_sql
    assert "SERIAL" in postgres_sql and "AUTOINCREMENT" not in postgres_sql
