"""Opaque ids and the one rule for a database id: 1..2**63-1, every primary key being 64-bit."""

from __future__ import annotations

import base64

import pytest

from graphql_portal.ids import MAX_DB_ID, db_id, db_id_text, decode_id, encode_id


def test_every_key_is_64_bit():
    assert MAX_DB_ID == 2**63 - 1


@pytest.mark.parametrize("value", [1, 2**31 - 1, 2**31, 2**32, 2**63 - 1])
def test_ids_up_to_the_largest_64_bit_integer(value):
    assert db_id(value) == value
    assert db_id_text(str(value)) == value
    assert decode_id(encode_id("Order", value), "Order") == value


@pytest.mark.parametrize("value", [0, -1, 2**63, 2**64, 10**30, True, 1.0, "1", None])
def test_what_cannot_be_an_id(value):
    assert db_id(value) is None


@pytest.mark.parametrize("text", ["", "0", "-1", "9223372036854775808", "1" * 20, "1e3", "١٢", " 1", "+1"])
def test_text_that_cannot_be_an_id(text):
    assert db_id_text(text) is None
    forged = base64.urlsafe_b64encode(f"Order:{text}".encode()).decode().rstrip("=")
    assert decode_id(forged, "Order") is None
