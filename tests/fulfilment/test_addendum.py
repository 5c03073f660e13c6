"""The addendum: deterministic, filed once, and blind to markup and file or network references."""

from __future__ import annotations

import io
import socket

import pytest
from pypdf import PdfReader

from graphql_portal.fulfilment import addendum
from graphql_portal.fulfilment.addendum import (
    DENIED,
    STATIC_DIR,
    file_addendum,
    html_to_pdf,
    load_addendum_data,
    render_addendum_pdf,
)
from graphql_portal.fulfilment.worker import Worker
from graphql_portal.models import Attachment, Customer, Job, JobKind, JobState, PartnerUser
from tests.support.demo import LEAD, SUBMITTER
from tests.support.environment import make_settings
from tests.support.orders import write_fabrikam_order


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def listener():
    """A loopback port that records whether anything connected to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.setblocking(False)
    try:
        yield sock
    finally:
        sock.close()


def connections_accepted(sock: socket.socket) -> int:
    count = 0
    while True:
        try:
            conn, _ = sock.accept()
        except BlockingIOError:
            return count
        conn.close()
        count += 1


@pytest.fixture
def link_calls(monkeypatch):
    """Every (uri, answer) of the renderer's link_callback during the test."""
    calls: list[tuple[str, str]] = []
    original = addendum.link_callback

    def recording(uri, rel=None):
        answer = original(uri, rel)
        calls.append((uri, answer))
        return answer

    monkeypatch.setattr(addendum, "link_callback", recording)
    return calls


def assert_only_static(calls: list[tuple[str, str]]) -> None:
    for uri, answer in calls:
        assert answer == DENIED or answer == str(STATIC_DIR / "addendum.css"), (uri, answer)


@pytest.mark.parametrize(
    ("uri", "answer"),
    [
        ("addendum.css", str(STATIC_DIR / "addendum.css")),
        ("./addendum.css", str(STATIC_DIR / "addendum.css")),
        ("file:///etc/passwd", DENIED),
        ("/etc/passwd", DENIED),
        ("../../../../etc/passwd", DENIED),
        ("../templates/addendum.html", DENIED),
        ("..%2f..%2fsettings.py", DENIED),
        ("http://127.0.0.1:9/x.css", DENIED),
        ("//127.0.0.1:9/x.css", DENIED),
        ("data:text/css,body{}", DENIED),
        ("missing.css", DENIED),
        ("", DENIED),
    ],
)
def test_link_callback_allows_only_files_inside_static(uri, answer):
    assert addendum.link_callback(uri, None) == answer


def test_raw_html_with_file_and_network_references_reads_and_opens_nothing(link_calls, listener):
    """Even markup that escaped the template could not make the renderer read or connect."""
    port = listener.getsockname()[1]
    html = (
        f'<html><head><link rel="stylesheet" href="http://127.0.0.1:{port}/x.css">'
        '<link rel="stylesheet" href="addendum.css"></head><body>'
        f'<img src="file:///etc/passwd"><img src="/etc/passwd"><img src="http://127.0.0.1:{port}/i.png">'
        '<img src="../../../../etc/hostname"><p>text</p></body></html>'
    )
    pdf = html_to_pdf(html)
    assert pdf.startswith(b"%PDF")
    assert {uri for uri, _ in link_calls} >= {
        f"http://127.0.0.1:{port}/x.css",
        "file:///etc/passwd",
        f"http://127.0.0.1:{port}/i.png",
    }
    assert_only_static(link_calls)
    assert connections_accepted(listener) == 0


async def test_hostile_names_are_plain_text_in_the_pdf_and_the_emails(
    db, smtp, tmp_path, link_calls, listener
):
    port = listener.getsockname()[1]
    customer_name = 'Evil <img src="file:///etc/passwd"> Dental'
    submitter_name = '<link href="http://127.0.0.1:9/x.css"> Oscar\r\nBcc: victim@elsewhere.example'
    lead_name = f'Lena "<img src=http://127.0.0.1:{port}/i.png>", Lead'
    await Customer.filter(account_code="FAB-001").update(name=customer_name)
    await PartnerUser.filter(email_key=SUBMITTER).update(name=submitter_name)
    await PartnerUser.filter(email_key=LEAD).update(name=lead_name)
    order = await write_fabrikam_order()

    assert await Worker(make_settings(db.url, tmp_path, smtp_port=smtp.port), "w1").run_once() == 3

    attachment = await Attachment.get(order_id=order.id)
    text = pdf_text(bytes(attachment.data))
    assert customer_name in text
    assert '<link href="http://127.0.0.1:9/x.css"> Oscar Bcc: victim@elsewhere.example' in text
    assert lead_name in text
    assert_only_static(link_calls)
    assert {uri for uri, _ in link_calls} == {"addendum.css"}
    assert connections_accepted(listener) == 0

    (to_submitter,) = smtp.mailbox.to(SUBMITTER)
    (to_lead,) = smtp.mailbox.to(LEAD)
    assert sorted(tuple(m.rcpt_tos) for m in smtp.mailbox.messages) == [(LEAD,), (SUBMITTER,)]
    assert to_submitter.message["Bcc"] is None
    assert to_submitter.message["To"].addresses[0].display_name == (
        '<link href="http://127.0.0.1:9/x.css"> Oscar Bcc: victim@elsewhere.example'
    )
    assert to_submitter.message["To"].addresses[0].addr_spec == SUBMITTER
    assert to_lead.message["To"].addresses[0].display_name == lead_name
    assert (
        to_lead.message["Subject"]
        == f"Order {order.number} for {customer_name}: you are the implementation lead"
    )
    for received in (to_submitter, to_lead):
        assert f"{customer_name} (FAB-001)" in received.text
        assert "<img" not in received.html
        assert "<link" not in received.html
        assert "Evil &lt;img src=&#34;file:///etc/passwd&#34;&gt; Dental (FAB-001)" in received.html
    assert "Hello &lt;link href=&#34;http://127.0.0.1:9/x.css&#34;&gt; Oscar Bcc:" in to_submitter.html


async def test_the_same_order_renders_the_same_bytes_and_is_filed_once(db, tmp_path):
    order = await write_fabrikam_order()
    data = await load_addendum_data(order.id)
    first = render_addendum_pdf(data)
    assert render_addendum_pdf(data) == first

    settings = make_settings(db.url, tmp_path)
    attachment, created = await file_addendum(order.id, settings)
    again, created_again = await file_addendum(order.id, settings)
    assert (created, created_again) == (True, False)
    assert again.id == attachment.id
    assert bytes(attachment.data) == first

    # The render job run twice (e.g. re-run after a crash) still leaves one addendum.
    await Job.filter(order_id=order.id, kind=JobKind.SEND_EMAIL).update(state=JobState.DONE)
    assert await Worker(settings, "w1").run_once() == 1
    await Job.filter(order_id=order.id, kind=JobKind.RENDER_ADDENDUM).update(state=JobState.PENDING)
    assert await Worker(settings, "w1").run_once() == 1
    assert await Attachment.filter(order_id=order.id).count() == 1
