"""The Change Options form as the browser sends it, and as the API's `UpgradeInput`.

Turning form text into the input's types (a whole number, one of three modes, a calendar date)
and refusing a form that says two things at once (a product picked under a mode that is not the
one chosen: without JavaScript nothing else keeps the two together) are the only checks done
here; every rule about what may be ordered, and when, is the API's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

MODES = ("KEEP_EXISTING", "ADD_TO", "SELECT_NEW")
_WHOLE = re.compile(r"[+-]?\d{1,9}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_VALUE = 100
# The API judges the reference (1 to 64 printable characters); this only bounds what travels on.
MAX_REFERENCE = 300
MAX_ADDONS = 30


def _text(params: Mapping[str, Any], name: str) -> str:
    value = params.get(name)
    return value.strip()[:MAX_VALUE] if isinstance(value, str) else ""


def _raw(params: Mapping[str, Any], name: str, limit: int) -> str:
    """As typed (blanks and all, so the API can say what is wrong with them), but bounded."""
    value = params.get(name)
    return value[:limit] if isinstance(value, str) else ""


def _date(text: str) -> str | None:
    """`YYYY-MM-DD` of a real calendar date, as the API's `Date` reads it; None for anything else."""
    if not _DATE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        return None


@dataclass(frozen=True)
class Choices:
    seat_adjustment: str = "0"
    lead_id: str = ""
    mode: str = "KEEP_EXISTING"
    add_to: str = ""
    select_new: str = ""  # "<new sku>|<replaced sku>"
    addons: tuple[str, ...] = field(default_factory=tuple)
    partner_reference: str = ""
    effective_on: str = ""

    @classmethod
    def from_params(cls, params: Any) -> Choices:
        """From a query string or a posted form (both multi-dicts)."""
        addons = params.getlist("addonSkus") if hasattr(params, "getlist") else []
        addons = [a[:MAX_VALUE] for a in addons if isinstance(a, str) and a]
        return cls(
            seat_adjustment=_text(params, "seatAdjustment") or "0",
            lead_id=_text(params, "implementationLeadId"),
            mode=_text(params, "mode") or "KEEP_EXISTING",
            add_to=_text(params, "addToSku"),
            select_new=_text(params, "selectNew"),
            addons=tuple(dict.fromkeys(addons))[:MAX_ADDONS],
            partner_reference=_raw(params, "partnerReference", MAX_REFERENCE),
            effective_on=_text(params, "effectiveOn"),
        )

    def with_lead(self, lead: dict[str, Any] | None) -> Choices:
        """Today's lead is selected until another is chosen."""
        if self.lead_id or not lead:
            return self
        return replace(self, lead_id=lead["id"])

    def as_params(self) -> dict[str, Any]:
        """For the query string of the review page and of "Change" (back to the options)."""
        return {
            "seatAdjustment": self.seat_adjustment,
            "implementationLeadId": self.lead_id,
            "mode": self.mode,
            "addToSku": self.add_to,
            "selectNew": self.select_new,
            "addonSkus": list(self.addons),
            "partnerReference": self.partner_reference,
            "effectiveOn": self.effective_on,
        }

    def _mode_errors(self) -> dict[str, list[str]]:
        """A product picked in one mode's drop-down while another mode is chosen, or none picked
        in the chosen mode's: never priced as something the person did not see."""
        picked = {"ADD_TO": self.add_to, "SELECT_NEW": self.select_new}
        named = {"ADD_TO": "Primary product to add", "SELECT_NEW": "New primary product"}
        mode_words = {"KEEP_EXISTING": "Keep Existing", "ADD_TO": "Add to", "SELECT_NEW": "Select New"}
        for mode, sku in picked.items():
            if sku and mode != self.mode:
                return {
                    "mode": [
                        f"A product is chosen in “{named[mode]}” but “{mode_words[self.mode]}” is selected: "
                        f"choose “{mode_words[mode]}”, or set “{named[mode]}” back to “Choose a product…”."
                    ]
                }
        if self.mode == "ADD_TO" and not self.add_to:
            return {"addToSku": ["Choose the primary product to add."]}
        if self.mode == "SELECT_NEW" and not self.select_new:
            return {"selectNew": ["Choose the new primary product."]}
        return {}

    def as_input(self, customer_id: str) -> tuple[dict[str, Any] | None, dict[str, list[str]]]:
        """The `UpgradeInput`, or the form fields that cannot be turned into one."""
        errors: dict[str, list[str]] = {}
        if not _WHOLE.fullmatch(self.seat_adjustment):
            errors["seatAdjustment"] = ["Enter a whole number of seats, for example 10 or -5."]
        if self.mode not in MODES:
            errors["mode"] = ["Choose Keep Existing, Add to or Select New."]
        effective_on = None
        if self.effective_on:
            effective_on = _date(self.effective_on)
            if effective_on is None:
                errors["effectiveOn"] = [
                    "Enter a date that exists, or leave the field empty for the default."
                ]
        if not errors:
            errors.update(self._mode_errors())
        if errors:
            return None, errors
        primary: dict[str, Any] = {"mode": self.mode, "addonSkus": list(self.addons)}
        if self.mode == "ADD_TO":
            primary["sku"] = self.add_to or None
        elif self.mode == "SELECT_NEW":
            new, _, replaced = self.select_new.partition("|")
            primary["sku"] = new or None
            primary["replacesSku"] = replaced or None
        return {
            "customerId": customer_id,
            "seatAdjustment": int(self.seat_adjustment),
            "implementationLeadId": self.lead_id,
            "primaryProduct": primary,
            # An empty field is no reference; anything else goes as typed, for the API to judge.
            "partnerReference": self.partner_reference or None,
            "effectiveOn": effective_on,
        }, {}
