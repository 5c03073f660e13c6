"""The mutations: each module part reads input, payload, resolver."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from .. import models
from ..resolvers.upgrades import cancel_requested_order, review_requested_upgrade, submit_review
from ..resolvers.upgrades import upgrade_request as upgrade_request_of
from ..resolvers.users import create_partner_user, deactivate, resend, set_role
from .common import PrimaryProductMode, UserError, UserRole
from .events import WebhookMutations
from .orders import Order, UpgradeReview
from .partners import User


# createUser ---------------------------------------------------------------------------------
@strawberry.input(description="A new user of the caller's partner.")
class CreateUserInput:
    name: str
    email: str
    role: UserRole = models.UserRole.VIEWER


@strawberry.type
class CreateUserPayload:
    user: User | None
    errors: list[UserError]


async def resolve_create_user(info: Info, input: CreateUserInput) -> CreateUserPayload:
    outcome = await create_partner_user(info.context, input.name, input.email, input.role)
    return CreateUserPayload(
        user=User.of(outcome.user) if outcome.user else None,
        errors=[UserError.of(e) for e in outcome.errors],
    )


# deactivateUser / resendInvitation ------------------------------------------------------------
@strawberry.input
class DeactivateUserInput:
    user_id: strawberry.ID


@strawberry.type
class DeactivateUserPayload:
    user: User | None
    errors: list[UserError]


async def resolve_deactivate_user(info: Info, input: DeactivateUserInput) -> DeactivateUserPayload:
    outcome = await deactivate(info.context, input.user_id)
    return DeactivateUserPayload(
        user=User.of(outcome.user) if outcome.user else None,
        errors=[UserError.of(e) for e in outcome.errors],
    )


@strawberry.input
class ResendInvitationInput:
    user_id: strawberry.ID


@strawberry.type
class ResendInvitationPayload:
    user: User | None
    errors: list[UserError]


async def resolve_resend_invitation(info: Info, input: ResendInvitationInput) -> ResendInvitationPayload:
    outcome = await resend(info.context, input.user_id)
    return ResendInvitationPayload(
        user=User.of(outcome.user) if outcome.user else None,
        errors=[UserError.of(e) for e in outcome.errors],
    )


# setUserRole --------------------------------------------------------------------------------
@strawberry.input
class SetUserRoleInput:
    user_id: strawberry.ID
    role: UserRole


@strawberry.type
class SetUserRolePayload:
    user: User | None
    errors: list[UserError]


async def resolve_set_user_role(info: Info, input: SetUserRoleInput) -> SetUserRolePayload:
    outcome = await set_role(info.context, input.user_id, input.role)
    return SetUserRolePayload(
        user=User.of(outcome.user) if outcome.user else None,
        errors=[UserError.of(e) for e in outcome.errors],
    )


# reviewUpgrade ------------------------------------------------------------------------------
@strawberry.input(description="The primary product change, and add-ons to add, in any mode.")
class PrimaryProductChoice:
    mode: PrimaryProductMode
    sku: str | None = strawberry.field(
        default=None, description="The primary to add (ADD_TO) or to switch to (SELECT_NEW)."
    )
    replaces_sku: str | None = strawberry.field(
        default=None,
        description=(
            "SELECT_NEW only: the held primary it replaces; required when the customer holds several."
        ),
    )
    addon_skus: list[str] = strawberry.field(default_factory=list)


@strawberry.input(description="A change to one customer: seats, implementation lead, products.")
class UpgradeInput:
    customer_id: strawberry.ID
    seat_adjustment: int = strawberry.field(
        default=0, description="Added to today's seats; negative to reduce, 0 for no change."
    )
    implementation_lead_id: strawberry.ID
    primary_product: PrimaryProductChoice
    partner_reference: str | None = strawberry.field(
        default=None,
        description=(
            "The partner's own reference for the order, e.g. its purchase-order number: "
            "1 to 64 printable characters."
        ),
    )
    effective_on: dt.date | None = strawberry.field(
        default=None,
        description=(
            "When the change takes effect. Default: today, or the 1st of next month for a seat decrease."
        ),
    )


@strawberry.type
class ReviewUpgradePayload:
    review: UpgradeReview | None
    errors: list[UserError]


def upgrade_request(input: UpgradeInput):
    """The domain's request of an `UpgradeInput` (reviewUpgrade and upgradePreview alike)."""
    choice = input.primary_product
    return upgrade_request_of(
        customer_id=input.customer_id,
        implementation_lead_id=input.implementation_lead_id,
        seat_adjustment=input.seat_adjustment,
        mode=choice.mode,
        sku=choice.sku,
        replaces_sku=choice.replaces_sku,
        addon_skus=choice.addon_skus,
        partner_reference=input.partner_reference,
        effective_on=input.effective_on,
    )


async def resolve_review_upgrade(info: Info, input: UpgradeInput) -> ReviewUpgradePayload:
    outcome = await review_requested_upgrade(info.context, upgrade_request(input))
    return ReviewUpgradePayload(
        review=UpgradeReview.of(outcome.review) if outcome.review else None,
        errors=[UserError.of(e) for e in outcome.errors],
    )


# submitUpgrade ------------------------------------------------------------------------------
@strawberry.input(description="Submit a review as an order; both confirmations are required.")
class SubmitUpgradeInput:
    review_id: strawberry.ID
    confirm_msa: bool = strawberry.field(description="The order is governed by the MSA already in effect.")
    confirm_authorized: bool = strawberry.field(
        description="The submitter is authorized to place this order."
    )


@strawberry.type
class SubmitUpgradePayload:
    order: Order | None
    message: str | None = strawberry.field(
        description="On success: where the order stands now, in a sentence."
    )
    errors: list[UserError]


async def resolve_submit_upgrade(info: Info, input: SubmitUpgradeInput) -> SubmitUpgradePayload:
    outcome = await submit_review(
        info.context,
        input.review_id,
        confirm_msa=input.confirm_msa,
        confirm_authorized=input.confirm_authorized,
    )
    if outcome.order is None:
        return SubmitUpgradePayload(
            order=None, message=None, errors=[UserError.of(e) for e in outcome.errors]
        )
    return SubmitUpgradePayload(order=Order.of(outcome.order), message=outcome.message, errors=[])


# cancelOrder -------------------------------------------------------------------------------
@strawberry.input
class CancelOrderInput:
    order_id: strawberry.ID


@strawberry.type
class CancelOrderPayload:
    order: Order | None
    errors: list[UserError]


async def resolve_cancel_order(info: Info, input: CancelOrderInput) -> CancelOrderPayload:
    outcome = await cancel_requested_order(info.context, input.order_id)
    return CancelOrderPayload(
        order=Order.of(outcome.order) if outcome.order else None,
        errors=[UserError.of(e) for e in outcome.errors],
    )


@strawberry.type
class Mutation(WebhookMutations):
    create_user: CreateUserPayload = strawberry.mutation(
        resolver=resolve_create_user,
        description=(
            "Add a user to the caller's partner (role ADMIN only). The user starts INVITED and is "
            "emailed a one-time link (72 hours) to choose a password."
        ),
    )
    deactivate_user: DeactivateUserPayload = strawberry.mutation(
        resolver=resolve_deactivate_user,
        description=(
            "ADMIN: end a user's access at once; their sessions and API tokens stop working. "
            "The partner's last active ADMIN stays (LAST_ADMIN)."
        ),
    )
    resend_invitation: ResendInvitationPayload = strawberry.mutation(
        resolver=resolve_resend_invitation,
        description="ADMIN: email a new invitation link to a user who has not chosen a password yet.",
    )
    set_user_role: SetUserRolePayload = strawberry.mutation(
        resolver=resolve_set_user_role,
        description="ADMIN: change a user's role; the partner's last active ADMIN keeps theirs (LAST_ADMIN).",
    )
    review_upgrade: ReviewUpgradePayload = strawberry.mutation(
        resolver=resolve_review_upgrade,
        description="Price a change at contracted prices and store it as a review (roles ADMIN, ORDERING).",
    )
    submit_upgrade: SubmitUpgradePayload = strawberry.mutation(
        resolver=resolve_submit_upgrade,
        description="Turn a review into an order, exactly once; the order starts PROCESSING.",
    )
    cancel_order: CancelOrderPayload = strawberry.mutation(
        resolver=resolve_cancel_order,
        description="Cancel an order before its effective date (roles ADMIN, ORDERING).",
    )
