"""Partners and their users: add a user, resend an invitation, deactivate a user (after a
confirmation page), issue an API token (shown once), revoke one."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from ...auth import AuthError, IssuedToken, create_user_token, revoke_token
from ...events import Change
from ...events import log as events
from ...models import ApiToken, Customer, Partner, PartnerUser, UserRole, UserStatus
from ...ordering.users import add_partner_user, deactivate, send_invitation_again
from ..rendering import checked_form, redirect, render
from ..sessions import session_of
from .params import or_404, path_id

MAX_TOKEN_NAME = 200


async def partner_list(request: Request) -> Response:
    partners = await Partner.all().select_related("agreement")
    users = dict(
        await PartnerUser.annotate(n=Count("id")).group_by("partner_id").values_list("partner_id", "n")
    )
    customers = dict(
        await Customer.annotate(n=Count("id")).group_by("partner_id").values_list("partner_id", "n")
    )
    return render(request, "partners.html", {"partners": partners, "users": users, "customers": customers})


async def _partner(request: Request) -> Partner:
    return or_404(await Partner.filter(id=path_id(request, "partner_id")).select_related("agreement").first())


async def _page(
    request: Request,
    partner: Partner,
    *,
    form: dict[str, str] | None = None,
    errors: dict[str, list[str]] | None = None,
    issued: tuple[PartnerUser, IssuedToken] | None = None,
    status_code: int = 200,
    template: str = "partner.html",
) -> Response:
    users = await PartnerUser.filter(partner_id=partner.id).order_by("name", "id")
    tokens = await ApiToken.filter(user__partner_id=partner.id).order_by("-created_at", "-id")
    tokens_by_user: dict[int, list[ApiToken]] = {}
    for token in tokens:
        tokens_by_user.setdefault(token.user_id, []).append(token)
    return render(
        request,
        template,
        {
            "partner": partner,
            "users": users,
            "tokens_by_user": tokens_by_user,
            "roles": list(UserRole),
            "form": form or {"name": "", "email": "", "role": UserRole.ORDERING.value},
            "errors": errors or {},
            "issued": issued,
        },
        status_code,
    )


async def partner_detail(request: Request) -> Response:
    return await _page(request, await _partner(request))


async def create_user(request: Request) -> Response:
    form = await checked_form(request)
    partner = await _partner(request)
    values = {key: str(form.get(key) or "") for key in ("name", "email", "role")}
    user, errors = await add_partner_user(partner.id, values["name"], values["email"], values["role"])
    if errors:
        by_field: dict[str, list[str]] = {}
        for error in errors:
            by_field.setdefault(error.field[-1] if error.field else "form", []).append(error.message)
        return await _page(request, partner, form=values, errors=by_field, status_code=400)
    session_of(request).flash("ok", f"Added {user.name} <{user.email}> as {user.role.value}.")
    return redirect(request, f"/partners/{partner.id}#user-{user.id}")


async def issue_token(request: Request) -> Response:
    """Issue a token and show it on this response only; it is stored hashed and never shown again.

    The page posts with htmx and gets back only the users section, so reloading the page is a
    GET that neither shows the token again nor issues another one.
    """
    form = await checked_form(request)
    partner = await _partner(request)
    user = or_404(await PartnerUser.filter(id=path_id(request, "user_id"), partner_id=partner.id).first())
    label = str(form.get("name") or "").strip()[:MAX_TOKEN_NAME] or None
    issued = await create_user_token(user.email, name=label)
    template = "_partner_users.html" if request.headers.get("hx-request") else "partner.html"
    return await _page(request, partner, issued=(user, issued), template=template)


async def revoke(request: Request) -> Response:
    await checked_form(request)
    partner = await _partner(request)
    token = or_404(
        await ApiToken.filter(id=path_id(request, "token_id"), user__partner_id=partner.id).first()
    )
    session = session_of(request)
    try:
        await revoke_token(token.prefix)
    except AuthError as exc:  # deleted in between
        session.flash("error", str(exc))
    else:
        session.flash("ok", f"Token {token.prefix}… is revoked; requests with it are refused from now on.")
    return redirect(request, f"/partners/{partner.id}#user-{token.user_id}")


async def _partner_user(request: Request) -> tuple[Partner, PartnerUser]:
    """The partner of the path and its user of the path; a user of another partner is not there."""
    partner = await _partner(request)
    user = await PartnerUser.filter(id=path_id(request, "user_id"), partner_id=partner.id).first()
    return partner, or_404(user)


async def resend_invitation(request: Request) -> Response:
    """A new invitation email (the earlier link stops working when it is sent), as the API's
    `resendInvitation` does; an ACTIVE or DEACTIVATED user gets none and the page says why."""
    await checked_form(request)
    partner, user = await _partner_user(request)
    session = session_of(request)
    errors = await send_invitation_again(user)
    for error in errors:
        session.flash("error", error.message)
    if not errors:
        session.flash("ok", f"A new invitation is on its way to {user.email}.")
    return redirect(request, f"/partners/{partner.id}#user-{user.id}")


async def confirm_deactivation(request: Request) -> Response:
    partner, user = await _partner_user(request)
    if user.status is UserStatus.DEACTIVATED:
        session_of(request).flash("ok", f"{user.name} <{user.email}> is already deactivated.")
        return redirect(request, f"/partners/{partner.id}#user-{user.id}")
    return render(
        request,
        "confirm_deactivation.html",
        {
            "title": f"Deactivate {user.name}?",
            "who": f"{user.name} <{user.email}>, {user.role.value} at {partner.name}",
            "consequences": [
                "they can no longer sign in to the partner portal, and any session they have open ends;",
                "their API tokens stop working;",
                "they can no longer be chosen as a customer's implementation lead.",
            ],
            "action": f"/partners/{partner.id}/users/{user.id}/deactivate",
            "back": f"/partners/{partner.id}#user-{user.id}",
        },
    )


async def deactivate_user(request: Request) -> Response:
    """The same deactivation as the API's `deactivateUser`: sessions, links and tokens end now."""
    await checked_form(request)
    partner, user = await _partner_user(request)
    async with in_transaction():
        before = user.status
        user = await deactivate(user)
        if before is not user.status:
            await events.staff_action(
                "deactivate user",
                partner_id=partner.id,
                user_id=user.id,
                changes=[Change("status", before, user.status)],
            )
    session_of(request).flash("ok", f"{user.name} <{user.email}> is deactivated and signed out everywhere.")
    return redirect(request, f"/partners/{partner.id}#user-{user.id}")
