"""The admin's pages in a browser: hostile names, uploads, partner users and tokens, lists."""

from __future__ import annotations

import hashlib

import pytest

from graphql_portal.auth import authenticate
from graphql_portal.models import (
    ApiToken,
    Attachment,
    AttachmentKind,
    Customer,
    CustomerProduct,
    Order,
    OrderStatus,
    Partner,
    PartnerUser,
    Product,
    UserRole,
)
from tests.support.admin import SQLITE_ONLY, live_server, sign_in
from tests.support.environment import make_settings
from tests.support.orders import place_fabrikam_order

pytestmark = SQLITE_ONLY

HOSTILE = "<script>window.__xss=1</script>"
LIMIT = 100_000  # bytes; small so the tests stay quick


async def test_a_customer_named_with_a_script_is_shown_as_text_and_never_runs(live, page):
    northwind = await Partner.get(name="Northwind Managed IT")
    customer = await Customer.create(partner=northwind, name=HOSTILE, account_code="XSS-1", seats=10)
    await CustomerProduct.create(customer=customer, product=await Product.get(sku="SEG-ESS"))
    await sign_in(page, live, path="/customers?q=XSS-1")

    assert await page.locator("#customers tbody tr td").first.inner_text() == HOSTILE
    await page.locator("#customers tbody a").first.click()
    assert await page.inner_text("#customer-name") == HOSTILE
    assert await page.inner_text("#monthly-cost") == "16.00 USD"
    assert await page.evaluate("window.__xss") is None
    assert await page.locator("script:not([src])").count() == 0


@pytest.fixture
async def upload_live(db, tmp_path):
    async with live_server(make_settings(db.url, tmp_path, upload_max_bytes=LIMIT)) as server:
        yield server


async def _upload(page, name: str, mime: str, data: bytes) -> str:
    await page.set_input_files(
        "#attachments input[type=file]", files=[{"name": name, "mimeType": mime, "buffer": data}]
    )
    await page.click("#attachments form button")
    return await page.inner_text(".flash")


@pytest.mark.parametrize(
    ("name", "mime", "data", "message"),
    [
        (
            "scan.pdf",
            "application/pdf",
            b"%PDF-" + b"0" * LIMIT,
            "Upload refused: scan.pdf is 97.7 KB; the limit is 97.7 KB. Nothing was stored.",
        ),
        (
            "huge.pdf",
            "application/pdf",
            b"%PDF-" + b"0" * (5 * LIMIT),
            # The size of the whole request (file and form framing), refused before it is read.
            "Upload refused: The upload is 488.6 KB; the limit is 97.7 KB. Nothing was stored.",
        ),
        (
            "page.html",
            "text/html",
            b"<html><script>alert(1)</script></html>",
            "Upload refused: page.html: this type of file is not accepted "
            "(accepted: PDF, PNG, JPEG, plain text, CSV, DOCX, XLSX). Nothing was stored.",
        ),
        (
            "invoice.pdf",
            "application/pdf",
            b"MZ\x90\x00 not a pdf at all",
            "Upload refused: invoice.pdf does not contain PDF data, as its name says. Nothing was stored.",
        ),
        ("empty.txt", "text/plain", b"", "Upload refused: empty.txt is empty. Nothing was stored."),
    ],
    ids=["just-over-the-limit", "far-over-the-limit", "refused-type", "not-what-its-name-says", "empty"],
)
async def test_a_refused_upload_says_why_and_stores_nothing(upload_live, page, name, mime, data, message):
    fabrikam = await Customer.get(account_code="FAB-001")
    await sign_in(page, upload_live, path=f"/customers/{fabrikam.id}")
    assert await _upload(page, name, mime, data) == message
    assert page.url.endswith(f"/admin/customers/{fabrikam.id}#attachments")
    assert await Attachment.filter(customer_id=fabrikam.id).count() == 0
    assert await page.locator("#attachments tbody tr").count() == 0
    assert await page.inner_text("#attachments .empty") == "No attachments yet."


async def test_an_accepted_upload_is_listed_newest_first_and_downloads_the_same_bytes(upload_live, page):
    fabrikam = await Customer.get(account_code="FAB-001")
    await sign_in(page, upload_live, path=f"/customers/{fabrikam.id}")
    notes = b"Call notes: 60 seats from March.\n"
    # Whatever the browser claims, the type comes from the name and the content.
    assert await _upload(page, "notes.txt", "text/html", notes) == "Stored notes.txt (33 bytes)."
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * (LIMIT - 8)
    assert await _upload(page, "../../etc/logo.png", "image/png", png) == "Stored logo.png (97.7 KB)."

    stored = await Attachment.filter(customer_id=fabrikam.id).order_by("id")
    assert [(a.filename, a.kind, a.content_type, a.size, a.uploaded_by, a.order_id) for a in stored] == [
        ("notes.txt", AttachmentKind.DOCUMENT, "text/plain; charset=utf-8", 33, "staff@portal.example", None),
        ("logo.png", AttachmentKind.DOCUMENT, "image/png", LIMIT, "staff@portal.example", None),
    ]
    assert stored[1].sha256 == hashlib.sha256(png).hexdigest()
    rows = page.locator("#attachments tbody tr")
    assert [(await rows.nth(i).locator("td").all_inner_texts())[:4] for i in range(2)] == [
        ["logo.png", "DOCUMENT", "none", "97.7 KB"],
        ["notes.txt", "DOCUMENT", "none", "33 bytes"],
    ]
    async with page.expect_download() as info:
        await rows.nth(1).locator("a[download]").click()
    assert (await (await info.value).path()).read_bytes() == notes


async def test_staff_adds_a_partner_user_issues_a_token_once_and_revokes_it(live, page):
    northwind = await Partner.get(name="Northwind Managed IT")
    await sign_in(page, live, path=f"/partners/{northwind.id}")

    await page.fill("#add-user input[name=name]", "Nadia New")
    await page.fill("#add-user input[name=email]", "ALICE@northwind.example")
    await page.select_option("#add-user select[name=role]", "VIEWER")
    await page.click("#add-user button")
    assert await page.locator("#add-user .field-error").all_inner_texts() == [
        "A user with email 'ALICE@northwind.example' exists already."
    ]
    await page.fill("#add-user input[name=email]", "nadia@northwind.example")
    await page.click("#add-user button")
    assert await page.inner_text(".flash-ok") == "Added Nadia New <nadia@northwind.example> as VIEWER."
    nadia = await PartnerUser.get(email_key="nadia@northwind.example")
    assert (nadia.partner_id, nadia.name, nadia.role) == (northwind.id, "Nadia New", UserRole.VIEWER)

    row = page.locator(f"#user-{nadia.id}")
    await row.locator("input[name=name]").fill("dashboard")
    await row.locator("button", has_text="Issue token").click()
    token = await page.inner_text("#token-value")
    principal = await authenticate(token)
    assert principal is not None and principal.user.id == nadia.id
    await page.reload()
    assert page.url == live.admin(f"/partners/{northwind.id}#user-{nadia.id}")
    assert await page.locator("#token-value").count() == 0
    assert token not in await page.content()
    assert await ApiToken.filter(user_id=nadia.id).count() == 1

    row = page.locator(f"#user-{nadia.id}")
    await row.locator("button", has_text="Revoke").click()
    assert (await page.inner_text(".flash-ok")).endswith(
        "is revoked; requests with it are refused from now on."
    )
    assert await authenticate(token) is None
    assert "revoked" in await page.locator(f"#user-{nadia.id}").inner_text()


async def test_the_start_page_counts_orders_and_the_list_filters_them(live, page):
    order = await place_fabrikam_order()
    await sign_in(page, live)
    assert await page.inner_text("#count-processing") == "1"
    assert await page.inner_text("#count-attention") == "0"

    await Order.filter(id=order.id).update(status=OrderStatus.ATTENTION_NEEDED)
    await page.reload()
    assert await page.inner_text("#count-attention") == "1"
    await page.click("#count-attention")
    assert await page.locator("#orders tbody tr").all_inner_texts() == [
        f"{order.number}\t{order.submitted_at.strftime('%Y-%m-%d %H:%M')} UTC\tFabrikam Dental\t"
        f"Northwind Managed IT\tATTENTION_NEEDED\t{order.effective_on.isoformat()}\t\t+98.80 USD"
    ]
    await page.select_option("select[name=status]", "COMPLETED")
    await page.click(".filters button")
    assert await page.inner_text(".empty") == "No orders with status COMPLETED."


async def test_customers_page_in_steps_of_25_by_name(live, page):
    await sign_in(page, live, path="/customers")
    names: list[str] = []
    while True:
        names += await page.locator("#customers tbody tr td:first-child").all_inner_texts()
        following = page.locator("a[rel=next]")
        if not await following.count():
            break
        href = await following.get_attribute("href")
        await following.click()
        await page.wait_for_url(lambda url, href=href: url.endswith(href))
    assert len(names) == await Customer.all().count() == 61
    assert names == sorted(names)
    assert len(set(names)) == 61


async def test_the_customer_page_fits_a_narrow_window(live, browser):
    context = await browser.new_context(viewport={"width": 390, "height": 800})
    page = await context.new_page()
    try:
        fabrikam = await Customer.get(account_code="FAB-001")
        await sign_in(page, live, path=f"/customers/{fabrikam.id}")
        assert await page.inner_text("#monthly-cost") == "104.00 USD"
        # Wide tables scroll inside their frame; the page itself never scrolls sideways.
        assert await page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        await context.close()
