"""The change-order rules as one pure function: a customer's state and a request in, a plan or errors out.

No I/O here: review computes the plan to show it, submit computes it again under a row lock to
prove nothing moved in between. Every independent violation is reported; checks that depend on
an earlier failed one (attachability to a primary that is not available) are skipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ..models import CustomerStatus, PrimaryProductMode, ProductKind
from .dates import F_EFFECTIVE_ON, F_PARTNER_REFERENCE
from .errors import ErrorCode, UserError, quote
from .pricing import Line, Money, PricingContext

F_CUSTOMER = ("input", "customerId")
F_SEATS = ("input", "seatAdjustment")
F_LEAD = ("input", "implementationLeadId")
F_MODE = ("input", "primaryProduct", "mode")
F_SKU = ("input", "primaryProduct", "sku")
F_REPLACES = ("input", "primaryProduct", "replacesSku")
F_ADDONS = ("input", "primaryProduct", "addonSkus")
MAX_ADDONS = 50
MAX_SEATS = 2**31 - 1  # the seat column is a 32-bit integer


def f_addon(index: int) -> tuple[str, ...]:
    return (*F_ADDONS, str(index))


@dataclass(frozen=True)
class UpgradeRequest:
    """What the partner asks for, as plain values (ids already decoded; None when undecodable)."""

    customer_id: int | None
    implementation_lead_id: int | None
    seat_adjustment: int
    mode: PrimaryProductMode
    sku: str | None = None
    replaces_sku: str | None = None
    addon_skus: tuple[str, ...] = ()
    partner_reference: str | None = None
    effective_on: dt.date | None = None


@dataclass(frozen=True)
class CustomerState:
    """The part of a customer the rules look at."""

    status: CustomerStatus
    seats: int
    skus: frozenset[str]
    lead_id: int | None


@dataclass(frozen=True)
class Plan:
    """A valid change: what the customer holds before and after, priced."""

    seats_before: int
    seats_after: int
    skus_before: frozenset[str]
    skus_after: frozenset[str]
    added: tuple[str, ...]
    removed: str | None
    mode: PrimaryProductMode
    sku: str | None
    replaces_sku: str | None
    addon_skus: tuple[str, ...]
    lines_before: list[Line]
    lines_after: list[Line]
    cost_before: Money
    cost_after: Money

    @property
    def cost_change(self) -> Money:
        return self.cost_after - self.cost_before


@dataclass(frozen=True)
class Choice:
    """The request after shape checks: blank strings are None, bad entries are left out."""

    seat_adjustment: int | None
    mode: PrimaryProductMode | None
    sku: str | None
    replaces_sku: str | None
    addons: tuple[tuple[int, str], ...]
    addon_count: int


def _sku_value(value: object, field: tuple[str, ...], errors: list[UserError]) -> str | None:
    """A SKU from the client: stripped, blank as None; anything but a string is an input error."""
    if value is None:
        return None
    if not isinstance(value, str):
        errors.append(UserError(ErrorCode.INVALID_INPUT, "A SKU must be a string.", field))
        return None
    value = value.strip()
    return value or None


def read_choice(request: UpgradeRequest) -> tuple[Choice, list[UserError]]:
    """Shape checks that need no customer: types, which fields each mode takes, duplicate add-ons."""
    errors: list[UserError] = []
    adjustment = request.seat_adjustment
    if not isinstance(adjustment, int) or isinstance(adjustment, bool):
        errors.append(
            UserError(ErrorCode.INVALID_INPUT, "The seat adjustment must be a whole number.", F_SEATS)
        )
        adjustment = None

    mode = request.mode
    if not isinstance(mode, PrimaryProductMode):
        try:
            mode = PrimaryProductMode(mode)
        except (ValueError, TypeError):
            allowed = ", ".join(m.value for m in PrimaryProductMode)
            errors.append(UserError(ErrorCode.INVALID_INPUT, f"The mode must be one of {allowed}.", F_MODE))
            mode = None

    sku = _sku_value(request.sku, F_SKU, errors)
    if mode is PrimaryProductMode.KEEP_EXISTING and sku is not None:
        errors.append(
            UserError(ErrorCode.INVALID_INPUT, "KEEP_EXISTING takes no primary product SKU.", F_SKU)
        )
        sku = None
    if (
        mode in (PrimaryProductMode.ADD_TO, PrimaryProductMode.SELECT_NEW)
        and sku is None
        and not errors_at(errors, F_SKU)
    ):
        errors.append(
            UserError(ErrorCode.INVALID_INPUT, f"{mode.value} needs the SKU of a primary product.", F_SKU)
        )

    replaces = _sku_value(request.replaces_sku, F_REPLACES, errors)
    if replaces is not None and mode is not PrimaryProductMode.SELECT_NEW:
        errors.append(
            UserError(ErrorCode.INVALID_INPUT, "Only SELECT_NEW names a product it replaces.", F_REPLACES)
        )
        replaces = None

    raw_addons = request.addon_skus if request.addon_skus is not None else ()
    addons: list[tuple[int, str]] = []
    if isinstance(raw_addons, str) or not isinstance(raw_addons, Sequence):
        errors.append(UserError(ErrorCode.INVALID_INPUT, "The add-ons must be a list of SKUs.", F_ADDONS))
        raw_addons = ()
    requested = len(raw_addons)
    if requested > MAX_ADDONS:
        errors.append(
            UserError(ErrorCode.INVALID_INPUT, f"At most {MAX_ADDONS} add-ons per order.", F_ADDONS)
        )
        raw_addons = ()
    seen: set[str] = set()
    for index, raw in enumerate(raw_addons):
        addon_errors: list[UserError] = []
        value = _sku_value(raw, f_addon(index), addon_errors)
        if addon_errors:
            errors.extend(addon_errors)
        elif value is None:
            errors.append(UserError(ErrorCode.INVALID_INPUT, "An add-on SKU is empty.", f_addon(index)))
        elif value in seen:
            errors.append(
                UserError(
                    ErrorCode.INVALID_INPUT, f"The add-on {quote(value)} is listed twice.", f_addon(index)
                )
            )
        else:
            seen.add(value)
            addons.append((index, value))
    choice = Choice(adjustment, mode, sku, replaces, tuple(addons), requested)
    return choice, errors


def errors_at(errors: Sequence[UserError], field: tuple[str, ...]) -> bool:
    return any(error.field == field for error in errors)


def _not_available(pricing: PricingContext, sku: str, role: ProductKind) -> str | None:
    """Why `sku` cannot be ordered as a product of kind `role`, or None when it can."""
    product = pricing.product(sku)
    if product is None:
        return f"There is no product {quote(sku)}."
    if product.kind is not role:
        wanted = "a primary product" if role is ProductKind.PRIMARY else "an add-on"
        return f"{sku} ({product.name}) is not {wanted}."
    if not pricing.in_current_list(sku):
        return f"{sku} ({product.name}) is not in the current price list."
    return None


def _check_primary(
    pricing: PricingContext, state: CustomerState, choice: Choice, errors: list[UserError]
) -> tuple[list[str], str | None, str | None] | None:
    """The primaries after the change, the added primary and the replaced one; None when refused."""
    primaries = pricing.primaries(state.skus)
    mode, sku = choice.mode, choice.sku
    if mode is PrimaryProductMode.KEEP_EXISTING:
        return primaries, None, None
    if mode is None or sku is None:
        return None
    ok = True
    replaced: str | None = None
    if mode is PrimaryProductMode.SELECT_NEW:
        replaced = choice.replaces_sku
        if replaced is None:
            if len(primaries) == 1:
                replaced = primaries[0]
            else:
                held = ", ".join(primaries)
                message = f"The customer holds {held}: name the primary product that {sku} replaces."
                errors.append(UserError(ErrorCode.INVALID_INPUT, message, F_REPLACES))
                ok = False
        elif replaced not in primaries:
            errors.append(
                UserError(
                    ErrorCode.INVALID_INPUT,
                    f"The customer holds no primary product {quote(replaced)}.",
                    F_REPLACES,
                )
            )
            replaced, ok = None, False

    reason = _not_available(pricing, sku, ProductKind.PRIMARY)
    if reason:
        errors.append(UserError(ErrorCode.PRODUCT_NOT_AVAILABLE, reason, F_SKU))
        return None
    if sku in state.skus:
        errors.append(UserError(ErrorCode.ALREADY_HELD, f"The customer already holds {sku}.", F_SKU))
        return None
    if mode is PrimaryProductMode.ADD_TO:
        blocking = [held for held in primaries if not pricing.allowed_beside(sku, [held])]
        if blocking:
            message = f"{sku} cannot be held beside {', '.join(blocking)}."
            errors.append(UserError(ErrorCode.PRODUCT_NOT_AVAILABLE, message, F_SKU))
            return None
        return [*primaries, sku], sku, None
    if not ok or replaced is None:
        return None
    if sku not in pricing.switches.get(replaced, frozenset()):
        errors.append(
            UserError(ErrorCode.PRODUCT_NOT_AVAILABLE, f"{replaced} cannot be replaced by {sku}.", F_SKU)
        )
        return None
    others = [p for p in primaries if p != replaced]
    blocking = [held for held in others if not pricing.allowed_beside(sku, [held])]
    if blocking:
        message = f"{sku} cannot be held beside {', '.join(blocking)}."
        errors.append(UserError(ErrorCode.PRODUCT_NOT_AVAILABLE, message, F_SKU))
        return None
    return [*others, sku], sku, replaced


def _check_addons(
    pricing: PricingContext,
    state: CustomerState,
    choice: Choice,
    result_primaries: list[str] | None,
    errors: list[UserError],
) -> list[str]:
    """The requested add-ons that pass; attachability is judged only when the primaries are known."""
    accepted = []
    for index, sku in choice.addons:
        field = f_addon(index)
        reason = _not_available(pricing, sku, ProductKind.ADDON)
        if reason:
            errors.append(UserError(ErrorCode.PRODUCT_NOT_AVAILABLE, reason, field))
        elif sku in state.skus:
            errors.append(UserError(ErrorCode.ALREADY_HELD, f"The customer already holds {sku}.", field))
        elif sku not in pricing.enabled_addons:
            message = f"{sku} ({pricing.products[sku].name}) is not enabled in your agreement."
            errors.append(UserError(ErrorCode.ADDON_NOT_ENABLED, message, field))
        elif result_primaries is not None and not pricing.attachable(sku, result_primaries):
            message = f"{sku} cannot be attached to {', '.join(result_primaries)}."
            errors.append(UserError(ErrorCode.ADDON_NOT_AVAILABLE, message, field))
        else:
            accepted.append(sku)
    return accepted


def _check_kept_addons(
    pricing: PricingContext, state: CustomerState, result_primaries: list[str], errors: list[UserError]
) -> None:
    """A switch must not strand a held add-on: it would be billed with nothing to attach to.

    Add-ons are never removed by this flow, so such a switch is refused, naming the add-on,
    rather than dropping the add-on silently.
    """
    before = pricing.primaries(state.skus)
    for sku in sorted(state.skus):
        if (
            pricing.is_addon(sku)
            and pricing.attachable(sku, before)
            and not pricing.attachable(sku, result_primaries)
        ):
            message = f"The held add-on {sku} cannot be attached to {', '.join(result_primaries)}."
            errors.append(UserError(ErrorCode.ADDON_NOT_AVAILABLE, message, F_SKU))


def _check_seats(
    pricing: PricingContext, seats_after: int, skus_after: set[str], errors: list[UserError]
) -> None:
    """The seats after the change must fit every product held afterwards."""
    if seats_after < 1:
        errors.append(
            UserError(
                ErrorCode.INVALID_SEAT_COUNT,
                f"The change would leave {seats_after} seats; a customer needs at least 1.",
                F_SEATS,
            )
        )
        return
    products = [pricing.products[sku] for sku in sorted(skus_after)]
    # One error naming the strictest bound: the others follow from it.
    too_few = [p for p in products if seats_after < p.min_seats]
    too_many = [p for p in products if seats_after > p.max_seats]
    if too_few:
        product = max(too_few, key=lambda p: p.min_seats)
        message = (
            f"{product.sku} needs at least {product.min_seats} seats; the change would leave {seats_after}."
        )
        errors.append(UserError(ErrorCode.INVALID_SEAT_COUNT, message, F_SEATS))
    elif too_many:
        product = min(too_many, key=lambda p: p.max_seats)
        message = (
            f"{product.sku} allows at most {product.max_seats} seats; the change would make {seats_after}."
        )
        errors.append(UserError(ErrorCode.INVALID_SEAT_COUNT, message, F_SEATS))
    elif seats_after > MAX_SEATS:
        errors.append(UserError(ErrorCode.INVALID_SEAT_COUNT, "The seat count is out of range.", F_SEATS))


def plan_change(
    pricing: PricingContext,
    state: CustomerState,
    request: UpgradeRequest,
    *,
    lead_valid: bool = True,
) -> tuple[Plan | None, list[UserError]]:
    """Apply the rules to one customer. Errors come in the order of the input's fields."""
    choice, errors = read_choice(request)
    eligibility = pricing.eligibility(state.status, state.skus)
    if not eligibility.eligible:
        errors.append(UserError(ErrorCode.NOT_ELIGIBLE, eligibility.reason or "Not eligible.", F_CUSTOMER))
        return None, sort_errors(errors)

    product_change = (
        choice.mode in (PrimaryProductMode.ADD_TO, PrimaryProductMode.SELECT_NEW) or choice.addon_count > 0
    )
    if choice.seat_adjustment is not None and choice.seat_adjustment < 0 and product_change:
        message = "Product changes cannot be combined with a seat downgrade."
        errors.append(UserError(ErrorCode.PRODUCT_CHANGE_WITH_SEAT_DOWNGRADE, message, F_SEATS))

    primary = _check_primary(pricing, state, choice, errors)
    result_primaries = primary[0] if primary else None
    addons = _check_addons(pricing, state, choice, result_primaries, errors)
    if primary and choice.mode is PrimaryProductMode.SELECT_NEW:
        _check_kept_addons(pricing, state, primary[0], errors)

    added_primary = primary[1] if primary else None
    removed = primary[2] if primary else None
    skus_after = (set(state.skus) - {removed}) | ({added_primary} if added_primary else set()) | set(addons)
    if choice.seat_adjustment is not None:
        _check_seats(pricing, state.seats + choice.seat_adjustment, skus_after, errors)

    if (
        not errors
        and lead_valid
        and choice.seat_adjustment == 0
        and choice.mode is PrimaryProductMode.KEEP_EXISTING
        and not choice.addons
        and request.implementation_lead_id == state.lead_id
    ):
        message = "The order changes nothing: no seats, no products, the same implementation lead."
        errors.append(UserError(ErrorCode.NOTHING_TO_CHANGE, message, None))
    if errors or not lead_valid:
        return None, sort_errors(errors)

    seats_after = state.seats + choice.seat_adjustment
    lines_before = pricing.lines(state.skus, state.seats)
    lines_after = pricing.lines(skus_after, seats_after)
    plan = Plan(
        seats_before=state.seats,
        seats_after=seats_after,
        skus_before=frozenset(state.skus),
        skus_after=frozenset(skus_after),
        added=tuple(sorted(({added_primary} if added_primary else set()) | set(addons))),
        removed=removed,
        mode=choice.mode,
        sku=choice.sku,
        replaces_sku=removed,
        addon_skus=tuple(addons),
        lines_before=lines_before,
        lines_after=lines_after,
        cost_before=pricing.monthly_cost(lines_before),
        cost_after=pricing.monthly_cost(lines_after),
    )
    return plan, []


_FIELD_RANK = {
    F_CUSTOMER: 0,
    F_SEATS: 1,
    F_LEAD: 2,
    F_MODE: 3,
    F_SKU: 4,
    F_REPLACES: 5,
    F_ADDONS: 6,
    F_PARTNER_REFERENCE: 7,
    F_EFFECTIVE_ON: 8,
}


def _rank(error: UserError) -> tuple[int, int]:
    if error.field is None:
        return (99, 0)
    if error.field[: len(F_ADDONS)] == F_ADDONS and len(error.field) > len(F_ADDONS):
        return (_FIELD_RANK[F_ADDONS], int(error.field[-1]) + 1)
    return (_FIELD_RANK.get(error.field, 98), 0)


def sort_errors(errors: list[UserError]) -> list[UserError]:
    """Errors in the order of the input's fields (stable within a field)."""
    return sorted(errors, key=_rank)
