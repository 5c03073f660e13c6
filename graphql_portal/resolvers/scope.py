"""Which fields the caller may read: the API's side of `auth.scopes`, for the schema's execution path."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError

from ..auth import Principal
from ..auth.scopes import may_read, refusal
from .errors import forbidden


def limited_principal(context: Any) -> Principal | None:
    """The request's principal when its reads are limited to part of the API, else None."""
    principal = getattr(context, "principal", None)
    if isinstance(principal, Principal) and principal.is_reconciliation:
        return principal
    return None


def refused(principal: Principal, type_name: str, field_name: str) -> GraphQLError | None:
    """The FORBIDDEN error for a field `principal` may not read; None when it may."""
    if may_read(principal, type_name, field_name):
        return None
    return forbidden(refusal(type_name, field_name))
