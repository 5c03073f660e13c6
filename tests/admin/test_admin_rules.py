"""The admin's own small rules, without a server: upload checks, safe redirects, session cookies."""

from __future__ import annotations

import pytest

from graphql_portal.admin.sessions import Session, SessionCodec
from graphql_portal.admin.uploads import UploadRefused, check_file, human_size, safe_filename
from graphql_portal.admin.views.signin import safe_next
from graphql_portal.settings import load_settings


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


def test_session_cookie_round_trip(tmp_path):
    settings = load_settings({"PORTAL_SECRET_KEY": "k" * 40, "PORTAL_VAR_DIR": str(tmp_path)}, dotenv=False)
    codec = SessionCodec(settings)
    session = Session(key="raw-session-key")
    session.flash("ok", "Saved.")
    back = codec.loads(codec.dumps(session))
    assert (back.key, back.csrf, back.flashes, back.ended) == (
        "raw-session-key",
        session.csrf,
        [("ok", "Saved.")],
        None,
    )
    value = codec.dumps(session)
    assert codec.loads(value + "x").key is None
    assert codec.loads("not a cookie").key is None
    session.sign_out()
    assert session.key is None and session.csrf != back.csrf
