"""`graphql-portal move-attachments`: a real process moving real rows between real stores.

A row switches only once its copy is verified; a move killed half-way leaves every row whole
(where it was, or in the target), and the next run moves the rest.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import hashlib
import random
import signal
import subprocess
import sys

import pytest

from graphql_portal.clock import FixedClock
from graphql_portal.fulfilment.attachments import opaque_id, sweep_staged_objects
from graphql_portal.models import Attachment, AttachmentKind, Customer, StagedObject
from tests.support.environment import ROOT, make_settings, settings_env, worker_env
from tests.support.stores import StoreUnderTest
from tests.support.worker import wait_for

THOUSAND = 1000


async def attachments_in_the_database(count: int) -> dict[int, bytes]:
    """`count` documents of 1-3 KB of random bytes each, filed in the database; their bytes by id."""
    customer = await Customer.get(account_code="FAB-001")
    rng = random.Random(count)
    blobs = [rng.randbytes(rng.randint(1024, 3072)) for _ in range(count)]
    await Attachment.bulk_create(
        [
            Attachment(
                customer=customer,
                kind=AttachmentKind.DOCUMENT,
                filename=f"document-{i}.bin",
                content_type="application/octet-stream",
                size=len(blob),
                sha256=hashlib.sha256(blob).hexdigest(),
                data=blob,
            )
            for i, blob in enumerate(blobs)
        ],
        batch_size=200,
    )
    ids = (
        await Attachment.filter(filename__startswith="document-").order_by("id").values_list("id", flat=True)
    )
    return dict(zip(ids, blobs, strict=True))


def command(env: dict, *args: str) -> list:
    return [sys.executable, "-m", "graphql_portal.cli", "move-attachments", *args]


def run(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        command(env, *args), cwd=ROOT, env=worker_env(env), capture_output=True, text=True, timeout=300
    )


async def assert_whole(expected: dict[int, bytes], store: StoreUnderTest) -> int:
    """Every row names bytes that are there and right; returns how many are in `store`."""
    moved = 0
    for row in await Attachment.filter(id__in=list(expected)).values("id", "store", "object_key", "data"):
        if row["store"] == "database":
            assert (bytes(row["data"]), row["object_key"]) == (expected[row["id"]], None), row["id"]
        else:
            assert (row["store"], bytes(row["data"])) == (store.url, b""), row["id"]
            assert store.read(row["object_key"]) == expected[row["id"]], row["id"]
            moved += 1
    return moved


async def test_a_dry_run_says_what_would_move_and_changes_nothing(db, object_store, tmp_path):
    expected = await attachments_in_the_database(5)
    size = sum(map(len, expected.values()))
    env = settings_env(db.url, tmp_path, **object_store.env)
    before = await Attachment.all().order_by("id").values("id", "store", "object_key")
    result = run(env, "--to", object_store.url, "--dry-run")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"Would move 5 attachment(s), {size / 1024:.1f} KB, to {object_store.url}:")
    assert lines[1] == f"  5 ({size / 1024:.1f} KB) from database"
    assert lines[-1] == "Nothing was changed (--dry-run)."
    assert await Attachment.all().order_by("id").values("id", "store", "object_key") == before
    assert object_store.keys() == []
    assert await StagedObject.all().count() == 0


async def test_a_move_of_a_thousand_attachments_killed_half_way_and_resumed(db, object_store, tmp_path):
    expected = await attachments_in_the_database(THOUSAND)
    env = settings_env(db.url, tmp_path, **object_store.env)
    process = subprocess.Popen(
        command(env, "--to", object_store.url),
        cwd=ROOT,
        env=worker_env(env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        started = await wait_for(lambda: _moved_at_least(object_store.url, 150), 120, interval=0.01)
        process.send_signal(signal.SIGKILL)
        assert await asyncio.to_thread(process.wait, 30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
    assert started
    # Killed mid-copy: every row is whole, where it was or in the target.
    moved_before = await assert_whole(expected, object_store)
    assert 150 <= moved_before < THOUSAND

    resumed = run(env, "--to", object_store.url)
    assert resumed.returncode == 0, resumed.stderr
    left = THOUSAND - moved_before
    assert resumed.stdout.splitlines()[0].startswith(f"Moving {left} attachment(s),")
    assert f"Moved {left} attachment(s) to {object_store.url}." in resumed.stdout
    assert "%|" in resumed.stderr  # the progress bar
    assert "New attachments still go" not in resumed.stdout  # the settings name the target already
    assert await assert_whole(expected, object_store) == THOUSAND

    # The kill left at most a few copies no row names (one per copy in flight), staged for the sweep.
    named = set(await Attachment.filter(id__in=list(expected)).values_list("object_key", flat=True))
    orphans = set(object_store.keys()) - named
    assert len(orphans) <= 4
    assert set(await StagedObject.all().values_list("object_key", flat=True)) >= orphans
    settings = make_settings(db.url, tmp_path, env=object_store.env)
    later = dataclasses.replace(settings, clock=FixedClock(dt.datetime.now(dt.UTC) + dt.timedelta(days=2)))
    await sweep_staged_objects(later)
    assert set(object_store.keys()) == named
    assert (
        run(env, "--to", object_store.url).stdout
        == f"Nothing to move: every attachment is in {object_store.url}.\n"
    )

    # And back: the bytes return to the rows; the objects they leave are staged, then swept.
    back = run(env, "--to", "database", "--jobs", "8")
    assert back.returncode == 0, back.stderr
    assert f"Moved {THOUSAND} attachment(s) to database." in back.stdout
    assert (
        f"New attachments still go to {object_store.url}: set PORTAL_ATTACHMENT_STORE=database "
        "(and restart) to file them there." in back.stdout
    )
    assert await assert_whole(expected, object_store) == 0
    assert await StagedObject.all().count() == THOUSAND
    await sweep_staged_objects(later)
    assert object_store.keys() == []


async def _moved_at_least(store: str, count: int) -> bool:
    return await Attachment.filter(store=store).count() >= count


async def test_bytes_that_do_not_match_their_row_are_not_moved(db, object_store, tmp_path):
    expected = await attachments_in_the_database(3)
    bad_id = min(expected)
    await Attachment.filter(id=bad_id).update(data=b"tampered")
    env = settings_env(db.url, tmp_path, **object_store.env)
    result = run(env, "--to", object_store.url)
    assert result.returncode == 1
    assert "Moved 2 attachment(s)" in result.stdout
    assert result.stderr.strip().splitlines()[-1] == (
        "graphql-portal: error: 1 attachment(s) not moved: their bytes do not match their rows "
        f"(the log names each; first ids: {opaque_id(bad_id)})"
    )
    row = await Attachment.get(id=bad_id)
    assert (row.store, bytes(row.data)) == ("database", b"tampered")


async def test_a_target_that_cannot_be_reached_moves_nothing_and_says_so(db, tmp_path):
    expected = await attachments_in_the_database(3)
    env = settings_env(
        db.url,
        tmp_path,
        PORTAL_S3_ENDPOINT_URL="http://127.0.0.1:9",  # discard: nothing listens
        AWS_ACCESS_KEY_ID="x",
        AWS_SECRET_ACCESS_KEY="y",
        AWS_REGION="eu-west-1",
    )
    result = run(env, "--to", "s3://portal-nowhere/attachments")
    assert result.returncode == 1
    error = result.stderr.strip().splitlines()[-1]
    assert error.startswith("graphql-portal: error: s3://portal-nowhere/attachments: cannot write (")
    assert error.endswith(
        "0 attachment(s) were moved; run the command again when the store is back to move the rest"
    )
    assert "Traceback" not in result.stderr
    assert await Attachment.filter(id__in=list(expected), store="database").count() == 3


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
async def test_a_target_that_is_not_a_store_is_refused_with_one_line(db, tmp_path):
    env = settings_env(db.url, tmp_path)
    result = run(env, "--to", "ftp://example/x")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.startswith("graphql-portal: error: --to: expected database, file:///absolute/folder")
    assert len(result.stderr.strip().splitlines()) == 1
