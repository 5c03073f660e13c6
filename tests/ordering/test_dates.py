"""Partner references and effective dates: defaults, limits, and the field each refusal names."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphql_portal.clock import FixedClock, today
from graphql_portal.ordering.dates import (
    F_EFFECTIVE_ON,
    F_PARTNER_REFERENCE,
    default_effective_date,
    effective_date,
    first_of_next_month,
    read_partner_reference,
)
from graphql_portal.ordering.errors import ErrorCode

D = dt.date


def test_reference_is_trimmed():
    assert read_partner_reference("  PO-2026-1187 \t") == ("PO-2026-1187", [])


def test_no_reference_is_no_error():
    assert read_partner_reference(None) == (None, [])


@pytest.mark.parametrize(
    "value",
    ["", "   ", "x" * 65, "PO\n1187", "PO\x001187", "PO\u202e7811", "PO\u200d1", 1187],
    ids=["empty", "blank", "65 chars", "newline", "nul", "bidi override", "zero-width joiner", "number"],
)
def test_bad_references_are_refused_at_their_field(value):
    reference, errors = read_partner_reference(value)
    assert reference is None
    assert [(e.code, e.field) for e in errors] == [(ErrorCode.INVALID_INPUT, F_PARTNER_REFERENCE)]


def test_sixty_four_characters_after_trimming_are_allowed():
    assert read_partner_reference(" " + "é" * 64 + " ") == ("é" * 64, [])


@given(st.text(min_size=1, max_size=64).filter(lambda s: s == s.strip() and s.isprintable()))
def test_any_printable_reference_round_trips(reference):
    assert read_partner_reference(reference) == (reference, [])


def test_clock_gives_the_utc_date():
    clock = FixedClock(dt.datetime(2026, 11, 15, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5))))
    assert today(clock) == D(2026, 11, 16)
    clock.advance(dt.timedelta(hours=1))
    assert clock.now() == dt.datetime(2026, 11, 16, 5, 30, tzinfo=dt.UTC)
    with pytest.raises(ValueError):
        FixedClock(dt.datetime(2026, 11, 16))


@pytest.mark.parametrize(
    ("today_", "adjustment", "expected"),
    [
        (D(2026, 11, 16), 10, D(2026, 11, 16)),
        (D(2026, 11, 16), 0, D(2026, 11, 16)),
        (D(2026, 11, 16), -5, D(2026, 12, 1)),
        (D(2026, 12, 31), -5, D(2027, 1, 1)),
        (D(2026, 12, 1), -5, D(2027, 1, 1)),
    ],
)
def test_default_dates(today_, adjustment, expected):
    assert default_effective_date(today_, adjustment) == expected
    assert effective_date(None, today_, adjustment) == (expected, [])


@pytest.mark.parametrize(
    ("today_", "adjustment", "requested"),
    [
        (D(2026, 11, 16), 10, D(2026, 11, 16)),
        (D(2026, 11, 16), 10, D(2026, 12, 17)),
        (D(2026, 11, 16), 0, D(2026, 11, 30)),
        (D(2026, 11, 16), -5, D(2026, 12, 1)),
        (D(2027, 1, 29), -5, D(2027, 3, 1)),
        (D(2026, 11, 16), None, D(2026, 11, 20)),
    ],
)
def test_allowed_dates(today_, adjustment, requested):
    assert effective_date(requested, today_, adjustment) == (requested, [])


@pytest.mark.parametrize(
    ("today_", "adjustment", "requested", "says"),
    [
        (D(2026, 11, 16), 10, D(2026, 11, 15), "has passed"),
        (D(2026, 11, 16), 10, D(2026, 12, 18), "the latest is 2026-12-17"),
        (D(2026, 11, 16), -5, D(2026, 11, 16), "the earliest is 2026-12-01"),
        (D(2026, 11, 16), -5, D(2026, 12, 2), "1st of a month"),
        (D(2026, 11, 1), -5, D(2026, 11, 1), "the earliest is 2026-12-01"),
        (D(2026, 11, 16), -5, D(2027, 1, 1), "too far ahead"),
        (D(2026, 11, 16), 0, dt.datetime(2026, 11, 20, tzinfo=dt.UTC), "calendar date"),
        (D(2026, 11, 16), 0, "2026-11-20", "calendar date"),
    ],
)
def test_forbidden_dates_are_refused_at_their_field(today_, adjustment, requested, says):
    date, errors = effective_date(requested, today_, adjustment)
    assert date is None
    assert [(e.code, e.field) for e in errors] == [(ErrorCode.EFFECTIVE_DATE_NOT_ALLOWED, F_EFFECTIVE_ON)]
    assert says in errors[0].message


@given(st.dates(D(2000, 1, 1), D(2100, 12, 31)), st.integers(-1000, 1000), st.integers(-5, 40))
def test_a_date_is_allowed_exactly_when_the_rules_say(today_, adjustment, offset):
    requested = today_ + dt.timedelta(days=offset)
    date, errors = effective_date(requested, today_, adjustment)
    in_window = 0 <= offset <= 31
    decrease_ok = requested.day == 1 and requested > today_
    allowed = in_window and (adjustment >= 0 or decrease_ok)
    assert (date == requested and errors == []) if allowed else (date is None and len(errors) == 1)


@given(st.dates(D(2000, 1, 1), D(2100, 12, 31)), st.integers(-1000, 1000))
def test_the_default_is_always_allowed(today_, adjustment):
    default = default_effective_date(today_, adjustment)
    assert effective_date(default, today_, adjustment) == (default, [])
    assert first_of_next_month(today_) > today_
