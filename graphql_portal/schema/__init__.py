"""The Strawberry schema, with its limits and error masking configured in one place."""

from __future__ import annotations

import re
from functools import partial
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxTokensLimiter,
    ParserCache,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionResult

from ..observability import OperationMetrics
from ..observability.tracing import OperationSpans
from ..resolvers.context import Context
from ..resolvers.errors import TopLevelErrorCode, is_outage
from .compiled import CompiledExecutor
from .complexity import QueryComplexityLimiter
from .limits import document_limits_rule, limit_overlap_checks
from .mutations import Mutation
from .query import Query
from .read_scope import ReadScope
from .scalars import SCALAR_MAP

MAX_DEPTH = 9
MAX_ALIASES = 30
MAX_TOKENS = 2000

_TOO_COMPLEX = re.compile(
    r"Maximum introspection depth exceeded|Document contains more than \d+ tokens|Validation aborted\."
)


def error_code(error: GraphQLError) -> str:
    """The `extensions.code` of a top-level error."""
    code = (error.extensions or {}).get("code")
    if code:
        return code
    if _TOO_COMPLEX.search(error.message):
        return TopLevelErrorCode.QUERY_TOO_COMPLEX
    if error.path is None:  # refused before execution: syntax, validation, variable values
        return TopLevelErrorCode.BAD_USER_INPUT
    return TopLevelErrorCode.INTERNAL


def outcome_code(error: GraphQLError) -> str:
    """The code a top-level error is counted under: `UNAVAILABLE` for a database outage (the
    transport answers it with 503), else the code the client reads."""
    if is_outage(getattr(error, "original_error", None)):
        return TopLevelErrorCode.UNAVAILABLE
    return error_code(error)


def _should_mask(error: GraphQLError) -> bool:
    """Hide what failed while resolving (bugs, outages), except the errors we raise on purpose.

    Errors without a path come from parsing, validation or coercing variables: they describe
    the request and are the client's to fix, so they stay readable.
    """
    if error.path is None:
        return False
    original = error.original_error
    return not (isinstance(original, GraphQLError) and (original.extensions or {}).get("code"))


# Built once, so ValidationCache's key (which includes the rules) stays the same across requests.
# Strawberry's QueryDepthLimiter and MaxAliasesLimiter walk every path through the fragments, which
# is exponential in the document; ours measures each fragment once (schema/limits.py).
LIMIT_RULES = [document_limits_rule(MAX_DEPTH, MAX_ALIASES)]


class PortalMaskErrors(MaskErrors):
    """Masked errors say only that something failed on our side, with the INTERNAL code."""

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        masked.extensions = {"code": TopLevelErrorCode.INTERNAL}
        # Kept for the server only (never serialised): the transport tells an outage from a bug.
        masked.original_error = error.original_error
        return masked


def build_schema() -> strawberry.Schema:
    limit_overlap_checks()
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        extensions=[
            partial(MaxTokensLimiter, max_token_count=MAX_TOKENS),
            partial(AddValidationRules, LIMIT_RULES),
            QueryComplexityLimiter,
            ReadScope,
            # Before the masking, so it counts the errors as the client reads them.
            partial(OperationMetrics, code_of=outcome_code),
            partial(PortalMaskErrors, should_mask_error=_should_mask, error_message="Internal server error."),
            partial(ParserCache, maxsize=256),
            partial(ValidationCache, maxsize=256),
        ],
        execution_context_class=CompiledExecutor,
        config=StrawberryConfig(scalar_map=SCALAR_MAP),
    )


schema = build_schema()


def trace_operations() -> None:
    """A span per GraphQL operation from now on (the process exports traces)."""
    if OperationSpans not in schema.extensions:
        schema.extensions = (OperationSpans, *schema.extensions)


async def execute_as(
    principal: Any, settings: Any, document: str, variables: dict[str, Any], operation_name: str, request=None
) -> ExecutionResult:
    """Run `document` in-process as `principal`, the way /graphql would (the portal's pages)."""
    context = Context(principal=principal, settings=settings, request=request)
    return await schema.execute(
        document, variable_values=variables, context_value=context, operation_name=operation_name
    )
