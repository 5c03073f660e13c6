"""reviewUpgrade: the worked example and every rule with its exact code and field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from graphql_portal.auth import Principal, create_reconciliation_token
from graphql_portal.models import (
    Customer,
    CustomerProduct,
    Partner,
    PartnerUser,
    Product,
    ProductSwitch,
    Review,
    TokenKind,
)
from graphql_portal.ordering.review import review_upgrade
from tests.support.demo import customer, principal, user_id
from tests.support.upgrades import ADD_TO, SELECT_NEW, codes, request_for

ALICE = "alice@northwind.example"
CUSTOMER = ("input", "customerId")
SEATS = ("input", "seatAdjustment")
LEAD = ("input", "implementationLeadId")
MODE = ("input", "primaryProduct", "mode")
SKU = ("input", "primaryProduct", "sku")
REPLACES = ("input", "primaryProduct", "replacesSku")


def addon(index: int) -> tuple[str, ...]:
    return ("input", "primaryProduct", "addonSkus", str(index))


async def review(code: str, who: str = ALICE, **kwargs):
    return await review_upgrade(await principal(who), await request_for(code, **kwargs))


async def test_worked_example_fabrikam_select_new_pro_with_impersonation_and_ten_seats(db):
    now = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)
    request = await request_for("FAB-001", seats=10, mode=SELECT_NEW, sku="SEG-PRO", addons=("ADD-IMP",))
    outcome = await review_upgrade(await principal(ALICE), request, now=now)
    assert outcome.errors == []
    stored = await Review.get(id=outcome.review.id)
    assert (stored.seats_before, stored.seats_after) == (50, 60)
    assert stored.lines_before == [
        {"sku": "SEG-ESS", "name": "Secure Email Gateway Essentials", "kind": "PRIMARY", "seats": 50,
         "unit_price": "1.60", "monthly_amount": "80.00"},
        {"sku": "ADD-URL", "name": "URL Protection", "kind": "ADDON", "seats": 50,
         "unit_price": "0.48", "monthly_amount": "24.00"},
    ]  # fmt: skip
    assert stored.lines_after == [
        {"sku": "SEG-PRO", "name": "Secure Email Gateway Professional", "kind": "PRIMARY", "seats": 60,
         "unit_price": "2.50", "monthly_amount": "150.00"},
        {"sku": "ADD-IMP", "name": "Impersonation Protection", "kind": "ADDON", "seats": 60,
         "unit_price": "0.40", "monthly_amount": "24.00"},
        {"sku": "ADD-URL", "name": "URL Protection", "kind": "ADDON", "seats": 60,
         "unit_price": "0.48", "monthly_amount": "28.80"},
    ]  # fmt: skip
    assert (stored.monthly_cost_before, stored.monthly_cost_after) == (Decimal("104.00"), Decimal("202.80"))
    assert stored.monthly_cost_after - stored.monthly_cost_before == Decimal("98.80")
    assert (stored.currency, stored.msa_reference) == ("USD", "MSA-2019-0042")
    assert (stored.primary_sku, stored.replaces_sku, stored.addon_skus) == ("SEG-PRO", "SEG-ESS", ["ADD-IMP"])
    fabrikam = await customer("FAB-001")
    assert (stored.customer_id, stored.customer_version) == (fabrikam.id, fabrikam.version)
    assert stored.implementation_lead_id == await user_id("lena@northwind.example")
    assert stored.expires_at == now + dt.timedelta(minutes=30)
    # Reviewing writes nothing to the customer.
    assert await CustomerProduct.filter(customer_id=fabrikam.id).count() == 2


async def test_ordering_role_may_review_and_a_new_lead_alone_is_a_change(db):
    outcome = await review("FAB-001", "oscar@northwind.example", lead="alice@northwind.example")
    assert outcome.errors == []
    assert outcome.review.seats_after == 50
    assert outcome.review.monthly_cost_after == Decimal("104.00")


async def test_viewer_and_reconciliation_are_forbidden(db):
    viewer = await review("FAB-001", "vera@northwind.example", seats=1)
    assert codes(viewer.errors) == [("FORBIDDEN", None)]
    token = await create_reconciliation_token("finance")
    reconciliation = Principal(kind=TokenKind.RECONCILIATION, token_id=token.record.id)
    outcome = await review_upgrade(reconciliation, await request_for("FAB-001", seats=1))
    assert (outcome.review, codes(outcome.errors)) == (None, [("FORBIDDEN", None)])
    assert await Review.all().count() == 0


async def test_another_partners_customer_and_lead_do_not_exist(db):
    carl = await principal("carl@contoso.example")
    outcome = await review_upgrade(carl, await request_for("FAB-001", seats=1, lead="carl@contoso.example"))
    assert codes(outcome.errors) == [("NOT_FOUND", CUSTOMER)]
    missing = await review_upgrade(carl, await request_for("WWI-001", seats=1, lead=ALICE))
    assert codes(missing.errors) == [("UNKNOWN_USER", LEAD)]
    # An unknown id answers exactly like another partner's.
    request = await request_for("WWI-001", seats=1)
    ghost = await review_upgrade(carl, request.__class__(**{**request.__dict__, "customer_id": 999999}))
    assert [(e.code, e.field, e.message) for e in ghost.errors] == [
        (e.code, e.field, e.message) for e in outcome.errors
    ]


async def test_customer_not_found_still_reports_the_lead_and_shape(db):
    request = await request_for("FAB-001", seats=1, mode=ADD_TO)
    outcome = await review_upgrade(
        await principal(ALICE),
        request.__class__(**{**request.__dict__, "customer_id": None, "implementation_lead_id": None}),
    )
    assert codes(outcome.errors) == [("NOT_FOUND", CUSTOMER), ("UNKNOWN_USER", LEAD), ("INVALID_INPUT", SKU)]


async def test_litware_with_a_legacy_primary_is_not_eligible(db):
    outcome = await review("LIT-003", seats=5)
    assert codes(outcome.errors) == [("NOT_ELIGIBLE", CUSTOMER)]
    assert "LEGACY-S1" in outcome.errors[0].message


async def test_adventure_works_is_suspended(db):
    outcome = await review("ADV-004", seats=5)
    assert codes(outcome.errors) == [("NOT_ELIGIBLE", CUSTOMER)]
    assert outcome.errors[0].message == "The customer is suspended."


async def test_add_dlp_is_not_enabled_for_northwind(db):
    outcome = await review("FAB-001", seats=1, addons=("ADD-DLP",))
    assert codes(outcome.errors) == [("ADDON_NOT_ENABLED", addon(0))]
    assert "ADD-DLP" in outcome.errors[0].message


async def test_seg_ent_needs_fifty_seats_for_a_small_sample_customer(db):
    outcome = await review("SMP-001", mode=SELECT_NEW, sku="SEG-ENT")
    assert codes(outcome.errors) == [("INVALID_SEAT_COUNT", SEATS)]
    assert outcome.errors[0].message == "SEG-ENT needs at least 50 seats; the change would leave 11."
    ok = await review("SMP-001", mode=SELECT_NEW, sku="SEG-ENT", seats=39)
    assert ok.errors == []
    assert (ok.review.seats_after, ok.review.monthly_cost_after) == (50, Decimal("200.00"))


async def test_seats_below_a_held_minimum_or_to_zero(db):
    below = await review("SMP-001", seats=-7)  # 11 - 7 = 4 < 5 for SEG-ESS
    assert codes(below.errors) == [("INVALID_SEAT_COUNT", SEATS)]
    assert below.errors[0].message == "SEG-ESS needs at least 5 seats; the change would leave 4."
    zero = await review("SMP-001", seats=-11)
    assert codes(zero.errors) == [("INVALID_SEAT_COUNT", SEATS)]
    above = await review("FAB-001", seats=49951)
    assert codes(above.errors) == [("INVALID_SEAT_COUNT", SEATS)]
    assert above.errors[0].message == "ADD-URL allows at most 50000 seats; the change would make 50001."
    downgrade = await review("FAB-001", seats=-45)
    assert downgrade.errors == []
    assert (downgrade.review.seats_after, downgrade.review.monthly_cost_after) == (5, Decimal("10.40"))


async def test_tailspin_select_new_must_name_the_primary_it_replaces(db):
    outcome = await review("TAIL-002", mode=SELECT_NEW, sku="SEG-ENT")
    assert codes(outcome.errors) == [("INVALID_INPUT", REPLACES)]
    assert "SEG-PRO" in outcome.errors[0].message and "ARC-STD" in outcome.errors[0].message
    not_held = await review("TAIL-002", mode=SELECT_NEW, sku="SEG-ENT", replaces="SEG-ESS")
    assert codes(not_held.errors) == [("INVALID_INPUT", REPLACES)]
    wrong_switch = await review("TAIL-002", mode=SELECT_NEW, sku="ARC-10Y", replaces="SEG-PRO")
    assert codes(wrong_switch.errors) == [("PRODUCT_NOT_AVAILABLE", SKU)]
    ok = await review("TAIL-002", mode=SELECT_NEW, sku="SEG-ENT", replaces="SEG-PRO")
    assert ok.errors == []
    assert [line["sku"] for line in ok.review.lines_after] == ["ARC-STD", "SEG-ENT", "ADD-ATT"]
    # 120 x (1.20 + 4.00 + 0.55) = 690.00, before 120 x (2.50 + 1.20 + 0.55) = 510.00
    assert (ok.review.monthly_cost_before, ok.review.monthly_cost_after) == (
        Decimal("510.00"),
        Decimal("690.00"),
    )


async def test_seat_downgrade_cannot_be_combined_with_a_product_change(db):
    outcome = await review("TAIL-002", seats=-10, addons=("ADD-IMP",))
    assert codes(outcome.errors) == [("PRODUCT_CHANGE_WITH_SEAT_DOWNGRADE", SEATS)]
    primary = await review("FAB-001", seats=-1, mode=ADD_TO, sku="ARC-STD")
    assert codes(primary.errors) == [("PRODUCT_CHANGE_WITH_SEAT_DOWNGRADE", SEATS)]


async def test_nothing_to_change(db):
    outcome = await review("FAB-001")
    assert codes(outcome.errors) == [("NOTHING_TO_CHANGE", None)]


async def test_add_to_rules(db):
    held = await review("TAIL-002", mode=ADD_TO, sku="ARC-STD")
    assert codes(held.errors) == [("ALREADY_HELD", SKU)]
    beside = await review("TAIL-002", mode=ADD_TO, sku="SEG-ENT")
    assert codes(beside.errors) == [("PRODUCT_NOT_AVAILABLE", SKU)]
    assert beside.errors[0].message == "SEG-ENT cannot be held beside SEG-PRO."
    legacy = await review("FAB-001", mode=ADD_TO, sku="LEGACY-S1")
    assert codes(legacy.errors) == [("PRODUCT_NOT_AVAILABLE", SKU)]
    ok = await review("FAB-001", mode=ADD_TO, sku="ARC-STD", addons=("ADD-SAT",))
    assert ok.errors == []
    # 50 x (1.60 + 1.20 + 0.48 + 0.96) = 212.00
    assert [line["sku"] for line in ok.review.lines_after] == ["ARC-STD", "SEG-ESS", "ADD-SAT", "ADD-URL"]
    assert ok.review.monthly_cost_after == Decimal("212.00")


async def test_kind_mismatches_are_product_not_available(db):
    addon_as_primary = await review("FAB-001", mode=ADD_TO, sku="ADD-IMP")
    assert codes(addon_as_primary.errors) == [("PRODUCT_NOT_AVAILABLE", SKU)]
    assert (
        addon_as_primary.errors[0].message == "ADD-IMP (Impersonation Protection) is not a primary product."
    )
    primary_as_addon = await review("FAB-001", addons=("ARC-STD",))
    assert codes(primary_as_addon.errors) == [("PRODUCT_NOT_AVAILABLE", addon(0))]


async def test_each_bad_add_on_is_reported_with_its_index(db):
    outcome = await review(
        "FAB-001", seats=1, addons=("ADD-IMP", "ADD-DLP", "ADD-URL", "NOPE", "ADD-IMP", "ADD-SYNC", "")
    )
    assert codes(outcome.errors) == [
        ("ADDON_NOT_ENABLED", addon(1)),
        ("ALREADY_HELD", addon(2)),
        ("PRODUCT_NOT_AVAILABLE", addon(3)),
        ("INVALID_INPUT", addon(4)),
        ("ADDON_NOT_ENABLED", addon(5)),
        ("INVALID_INPUT", addon(6)),
    ]


async def test_add_on_must_attach_to_a_primary_of_the_result(db):
    # Contoso has ADD-SYNC enabled; it attaches to archives only.
    not_attachable = await review("WWI-001", "carl@contoso.example", addons=("ADD-SYNC",))
    assert codes(not_attachable.errors) == [("ADDON_NOT_AVAILABLE", addon(0))]
    with_archive = await review(
        "WWI-001", "carl@contoso.example", mode=ADD_TO, sku="ARC-STD", addons=("ADD-SYNC",)
    )
    assert with_archive.errors == []


async def test_independent_violations_are_reported_together(db):
    outcome = await review("SMP-002", seats=-50, mode=ADD_TO, sku="SEG-PRO", addons=("ADD-DLP",))
    assert codes(outcome.errors) == [
        ("PRODUCT_CHANGE_WITH_SEAT_DOWNGRADE", SEATS),
        ("INVALID_SEAT_COUNT", SEATS),
        ("PRODUCT_NOT_AVAILABLE", SKU),
        ("ADDON_NOT_ENABLED", addon(0)),
    ]


async def test_mode_and_sku_shape(db):
    keep_with_sku = await review("FAB-001", seats=1, sku="SEG-PRO")
    assert codes(keep_with_sku.errors) == [("INVALID_INPUT", SKU)]
    add_without = await review("FAB-001", mode=ADD_TO)
    assert codes(add_without.errors) == [("INVALID_INPUT", SKU)]
    select_without = await review("FAB-001", mode=SELECT_NEW, sku="  ")
    assert codes(select_without.errors) == [("INVALID_INPUT", SKU)]
    replaces_with_add = await review("FAB-001", mode=ADD_TO, sku="ARC-STD", replaces="SEG-ESS")
    assert codes(replaces_with_add.errors) == [("INVALID_INPUT", REPLACES)]
    bad_mode = await review("FAB-001", mode="UPGRADE_EVERYTHING", seats=1)
    assert codes(bad_mode.errors) == [("INVALID_INPUT", MODE)]
    already = await review("FAB-001", mode=SELECT_NEW, sku="SEG-ESS")
    assert codes(already.errors) == [("ALREADY_HELD", SKU)]


async def test_select_new_refuses_to_strand_a_held_add_on(db):
    # A switch from SEG-ESS to the archive would leave ADD-URL with no gateway to attach to.
    await ProductSwitch.create(
        source=await Product.get(sku="SEG-ESS"), target=await Product.get(sku="ARC-STD")
    )
    outcome = await review("FAB-001", mode=SELECT_NEW, sku="ARC-STD")
    assert codes(outcome.errors) == [("ADDON_NOT_AVAILABLE", SKU)]
    assert outcome.errors[0].message == "The held add-on ADD-URL cannot be attached to ARC-STD."
    # A customer without the add-on may switch.
    sample = await review("SMP-001", mode=SELECT_NEW, sku="ARC-STD")
    assert sample.errors == []
    assert [line["sku"] for line in sample.review.lines_after] == ["ARC-STD"]


async def test_lead_of_the_same_partner_is_any_role(db):
    outcome = await review("FAB-001", lead="vera@northwind.example")
    assert outcome.errors == []
    assert outcome.review.implementation_lead_id == await user_id("vera@northwind.example")


async def test_a_new_user_of_the_partner_can_be_lead_but_not_one_of_another_partner(db):
    northwind = await Partner.get(name="Northwind Managed IT")
    new = await PartnerUser.create(
        partner=northwind, name="New Lead", email="new@northwind.example", email_key="new@northwind.example",
        role="VIEWER",
    )  # fmt: skip
    fabrikam = await customer("FAB-001")
    request = await request_for("FAB-001")
    outcome = await review_upgrade(
        await principal(ALICE), request.__class__(**{**request.__dict__, "implementation_lead_id": new.id})
    )
    assert outcome.errors == []
    assert await Customer.filter(id=fabrikam.id, implementation_lead_id=new.id).count() == 0


async def test_a_deactivated_user_cannot_be_chosen_as_lead_but_an_invited_one_can(db):
    from graphql_portal.models import PartnerUser, UserStatus

    await PartnerUser.filter(email_key="lena@northwind.example").update(status=UserStatus.DEACTIVATED)
    refused = await review("FAB-001", seats=1, lead="lena@northwind.example")
    assert codes(refused.errors) == [("UNKNOWN_USER", LEAD)]
    await PartnerUser.filter(email_key="lena@northwind.example").update(status=UserStatus.INVITED)
    assert (await review("FAB-001", seats=1, lead="lena@northwind.example")).errors == []
