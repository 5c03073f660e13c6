"""Top-level errors: the codes a response's `errors[].extensions.code` carries, and their factories."""

from __future__ import annotations

from enum import StrEnum

from graphql import GraphQLError

from ..db import is_unavailable
from ..ordering.errors import ErrorCode

# Whether an error's cause says the database cannot be reached (the schema counts it as such).
is_outage = is_unavailable


class TopLevelErrorCode(StrEnum):
    """What a client switches on when a whole field or request fails (not a mutation's `errors`)."""

    UNAUTHENTICATED = "UNAUTHENTICATED"
    # The same word as the domain's: a client reads one meaning whichever channel carries it.
    FORBIDDEN = ErrorCode.FORBIDDEN.value
    BAD_USER_INPUT = "BAD_USER_INPUT"
    QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
    INTERNAL = "INTERNAL"
    UNAVAILABLE = "UNAVAILABLE"


def forbidden(message: str = "Not allowed for this token.") -> GraphQLError:
    return GraphQLError(message, extensions={"code": TopLevelErrorCode.FORBIDDEN})


def bad_input(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": TopLevelErrorCode.BAD_USER_INPUT})
