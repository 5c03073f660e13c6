"""The admin's own small rules, without a server: throttling, upload checks, session cookies."""

from __future__ import annotations

import dataclasses

import pytest

from graphql_portal.admin.sessions import Session, SessionCodec
from graphql_portal.admin.throttle import Refusal, SignInThrottle
from graphql_portal.admin.uploads import UploadRefused, check_file, human_size, safe_filename
from graphql_portal.admin.views.signin import safe_next
from graphql_portal.settings import load_settings


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_throttle_locks_an_account_for_fifteen_minutes_after_the_fifth_failure_in_fifteen():
    clock = Clock()
    throttle = SignInThrottle(clock=clock)
    for _ in range(4):
        throttle.failed("Staff@Portal.example", "10.0.0.1")
        clock.now += 200  # the fifth failure lands 800 s after the first: inside the window
    assert throttle.check("staff@portal.example", "10.0.0.2") is None
    throttle.failed("staff@portal.example", "10.0.0.1")
    assert throttle.check("staff@portal.example", "10.0.0.2") == Refusal(retry_after=900)
    assert throttle.check("other@portal.example", "10.0.0.1") == Refusal(retry_after=900)
    clock.now += 899.5
    assert throttle.check("staff@portal.example", "10.0.0.2") == Refusal(retry_after=1)
    clock.now += 1
    assert throttle.check("staff@portal.example", "10.0.0.2") is None


def test_throttle_ignores_failures_spread_wider_than_the_window():
    clock = Clock()
    throttle = SignInThrottle(clock=clock)
    for _ in range(5):
        throttle.failed("staff@portal.example", None)
        clock.now += 300  # five failures over 1200 s
    assert throttle.check("staff@portal.example", None) is None


def test_a_correct_password_clears_the_account_but_not_the_address():
    clock = Clock()
    throttle = SignInThrottle(clock=clock)
    for _ in range(4):
        throttle.failed("staff@portal.example", "10.0.0.1")
    throttle.succeeded("staff@portal.example")
    throttle.failed("staff@portal.example", "10.0.0.9")
    assert throttle.check("staff@portal.example", "10.0.0.9") is None
    throttle.failed("attacker@portal.example", "10.0.0.1")
    assert throttle.check("anyone@portal.example", "10.0.0.1") == Refusal(retry_after=900)


def test_throttle_memory_is_bounded():
    throttle = SignInThrottle(max_keys=10, clock=Clock())
    for n in range(100):
        throttle.failed(f"user{n}@x.example", None)
    assert len(throttle._failures) <= 10


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("report.pdf", "report.pdf"),
        ("C:\\Users\\me\\Desktop\\report.pdf", "report.pdf"),
        ("../../etc/passwd", "passwd"),
        ("bad\r\nname\x00.txt", "badname.txt"),
        ("  .hidden.txt  ", "hidden.txt"),
        ("a" * 300 + ".xlsx", "a" * 250 + ".xlsx"),
        ("", ""),
        (None, ""),
    ],
)
def test_safe_filename(raw, expected):
    assert safe_filename(raw) == expected


def test_check_file_takes_the_type_from_the_name_and_verifies_the_content():
    docx = check_file("Offer.DOCX", b"PK\x03\x04rest-of-zip", 100)
    assert (docx.filename, docx.content_type, docx.size) == (
        "Offer.DOCX",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        15,
    )
    assert check_file("photo.jpeg", b"\xff\xd8\xff\xe0data", 100).content_type == "image/jpeg"
    assert check_file("list.csv", b"name;seats\nFabrikam;60\n", 100).content_type == "text/csv; charset=utf-8"
    with pytest.raises(UploadRefused, match=r"^notes.txt does not contain plain text data"):
        check_file("notes.txt", b"\xff\xfe\x00binary", 100)
    with pytest.raises(UploadRefused, match=r"^run.exe: this type of file is not accepted"):
        check_file("run.exe", b"MZ", 100)
    with pytest.raises(
        UploadRefused, match=r"^a.pdf is 101 bytes; the limit is 100 bytes\. Nothing was stored\.$"
    ):
        check_file("a.pdf", b"%PDF-" + b"x" * 96, 100)
    assert check_file("a.pdf", b"%PDF-" + b"x" * 95, 100).size == 100


def test_human_size():
    assert [human_size(n) for n in (0, 1023, 1024, 10 * 1024 * 1024, 3 * 1024**3)] == [
        "0 bytes",
        "1023 bytes",
        "1.0 KB",
        "10.0 MB",
        "3.0 GB",
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/customers?q=FAB", "/customers?q=FAB"),
        ("/orders/12", "/orders/12"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("/signin?next=/x", "/"),
        ("/x\r\nSet-Cookie: a=b", "/"),
        ("", "/"),
        (None, "/"),
    ],
)
def test_sign_in_only_returns_to_admin_paths(value, expected):
    assert safe_next(value) == expected


def test_session_cookie_round_trip_and_idle_expiry(tmp_path):
    settings = dataclasses.replace(
        load_settings({"PORTAL_SECRET_KEY": "k" * 40, "PORTAL_VAR_DIR": str(tmp_path)}, dotenv=False),
        session_idle_seconds=600,
    )
    codec = SessionCodec(settings)
    session = Session()
    session.sign_in(7, now=5000.0)
    session.flash("ok", "Saved.")
    value = codec.dumps(session)

    back = codec.loads(value, now=5600.0)
    assert (back.staff_id, back.csrf, back.flashes, back.expired) == (
        7,
        session.csrf,
        [("ok", "Saved.")],
        False,
    )
    idle = codec.loads(value, now=5600.5)
    assert (idle.staff_id, idle.expired) == (None, True)
    assert idle.csrf != session.csrf
    assert codec.loads(value + "x", now=5000.0).staff_id is None
    assert codec.loads("not a cookie", now=5000.0).staff_id is None
