"""The admin's Audit page across partners, and the staff actions it shows (retry, close, upload,
deactivate) recorded as STAFF_ACTION beside the change's own event, in the same transaction."""

from __future__ import annotations

import datetime as dt

from playwright.async_api import expect

from graphql_portal.events import record
from graphql_portal.models import (
    ActorKind,
    AuditEvent,
    Customer,
    EventType,
    Job,
    JobKind,
    JobState,
    Partner,
    PartnerUser,
    StaffUser,
)
from tests.support.admin import SQLITE_ONLY, http_sign_in, sign_in
from tests.support.axe import axe_violations, fits_width
from tests.support.demo import STAFF_PASSWORD
from tests.support.orders import write_fabrikam_order

pytestmark = SQLITE_ONLY
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


async def test_staff_read_the_trail_of_every_partner_and_filter_it(live, page):
    northwind = await Partner.get(name="Northwind Managed IT")
    contoso = await Partner.get(name="Contoso Cyber Services")
    carl = await PartnerUser.get(email_key="carl@contoso.example")
    await record(EventType.USER_DEACTIVATED, partner_id=contoso.id, user_id=carl.id, at=T0)
    await record(EventType.ORDER_CANCELLED, partner_id=northwind.id, at=T0 + dt.timedelta(minutes=1))
    await sign_in(page, live, path="/audit")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Audit")
    rows = page.locator("#audit tbody tr")
    # Newest first: the staff member's own sign-in (no partner), then the two events.
    await expect(rows.first.locator("td").nth(2)).to_have_text("SIGNED_IN")
    await expect(rows.first.locator("td").nth(3)).to_have_text("staff@portal.example (STAFF, staff:1)")
    await expect(rows.first.locator("td").nth(4)).to_have_text("127.0.0.1")
    assert await axe_violations(page) == []
    assert await fits_width(page, 390)
    assert await axe_violations(page) == []
    await page.set_viewport_size({"width": 1280, "height": 900})

    await page.get_by_label("Partner", exact=True).select_option(label="Contoso Cyber Services")
    await page.get_by_role("button", name="Filter").click()
    await expect(rows).to_have_count(1)
    await expect(rows.first.locator("td")).to_have_text(
        ["2026-03-02 09:00 UTC", "Contoso Cyber Services", "USER_DEACTIVATED", "graphql-portal (SYSTEM)", "",
         "Carl Contoso", ""]
    )  # fmt: skip
    await page.get_by_label("Partner", exact=True).select_option("")
    await page.get_by_label("What", exact=True).select_option("ORDER_CANCELLED")
    await page.get_by_role("button", name="Filter").click()
    await expect(rows).to_have_count(1)
    await page.get_by_label("What", exact=True).select_option("")
    await page.get_by_label("Who", exact=True).select_option("STAFF")
    await page.get_by_role("button", name="Filter").click()
    await expect(rows.locator("td:nth-child(3)")).to_have_text(["SIGNED_IN"])


async def _staff_actions() -> list[tuple[str, list[dict]]]:
    rows = (
        await AuditEvent.filter(actor_kind=ActorKind.STAFF).exclude(type=EventType.SIGNED_IN).order_by("id")
    )
    return [(row.type.value, row.changes) for row in rows]


async def test_staff_actions_are_recorded_with_the_changes_they_made(live):
    staff = await StaffUser.get(email_key="staff@portal.example")
    order = await write_fabrikam_order()
    await Job.filter(order_id=order.id, kind=JobKind.RENDER_ADDENDUM).update(
        state=JobState.FAILED, attempts=3
    )
    fabrikam = await Customer.get(account_code="FAB-001")
    vera = await PartnerUser.get(email_key="vera@northwind.example")
    other = await StaffUser.create(
        email="temp@portal.example", email_key="temp@portal.example", password_hash="x"
    )
    async with live.client() as client:
        csrf = await http_sign_in(client, STAFF_PASSWORD)
        retried = await client.post(f"/admin/orders/{order.id}/retry", data={"csrf_token": csrf})
        assert retried.status_code == 200
        uploaded = await client.post(
            f"/admin/customers/{fabrikam.id}/attachments",
            data={"csrf_token": csrf},
            files={"file": ("terms.txt", b"Signed terms.", "text/plain")},
        )
        assert uploaded.status_code == 303
        deactivated = await client.post(
            f"/admin/partners/{vera.partner_id}/users/{vera.id}/deactivate", data={"csrf_token": csrf}
        )
        assert deactivated.status_code == 303
        assert (
            await client.post(f"/admin/staff/{other.id}/deactivate", data={"csrf_token": csrf})
        ).status_code == 303
    actions = await _staff_actions()
    assert actions == [
        ("STAFF_ACTION", [{"field": "action", "before": None, "after": "retry order"},
                          {"field": "failedSteps", "before": "1", "after": "0"}]),
        ("ATTACHMENT_ADDED", [{"field": "filename", "before": None, "after": "terms.txt"},
                              {"field": "kind", "before": None, "after": "DOCUMENT"}]),
        ("STAFF_ACTION", [{"field": "action", "before": None, "after": "upload document"},
                          {"field": "attachment", "before": None, "after": "terms.txt"}]),
        ("USER_DEACTIVATED", [{"field": "status", "before": "ACTIVE", "after": "DEACTIVATED"}]),
        ("STAFF_ACTION", [{"field": "action", "before": None, "after": "deactivate user"},
                          {"field": "status", "before": "ACTIVE", "after": "DEACTIVATED"}]),
        ("STAFF_ACTION", [{"field": "action", "before": None, "after": "deactivate staff user"},
                          {"field": "staffUser", "before": None, "after": "temp@portal.example"},
                          {"field": "active", "before": "true", "after": "false"}]),
    ]  # fmt: skip
    rows = await AuditEvent.filter(actor_kind=ActorKind.STAFF).exclude(type=EventType.SIGNED_IN)
    assert {(r.actor_ref, r.address) for r in rows} == {(f"staff:{staff.id}", "127.0.0.1")}
    assert [r.partner_id for r in rows][:5] == [order.partner_id] * 5
    assert rows[-1].partner_id is None


async def test_a_retry_with_nothing_to_retry_records_nothing(live):
    order = await write_fabrikam_order()
    async with live.client() as client:
        csrf = await http_sign_in(client, STAFF_PASSWORD)
        response = await client.post(f"/admin/orders/{order.id}/retry", data={"csrf_token": csrf})
        assert "Nothing to retry" in response.text
    assert await _staff_actions() == []
