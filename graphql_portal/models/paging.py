"""Keyset paging: the filter for "rows after this one" in an `(column, id)` order.

Every list that pages (the API's connections, the admin's lists) pages by a sort column and the
id, over an index on `(column, id)`, never with OFFSET.
"""

from __future__ import annotations

from typing import Any

from tortoise.expressions import Q


def after_key(column: str, value: Any, last_id: int, *, descending: bool = False) -> Q:
    """Rows strictly after `(value, last_id)` in `(column, id)` order (both descending with `descending`).

    The redundant bound on `column` alone lets the database start the index scan at the cursor
    instead of filtering every earlier row, so the last page of a long pass is as fast as the first.
    """
    if descending:
        return Q(**{f"{column}__lte": value}) & (Q(**{f"{column}__lt": value}) | Q(id__lt=last_id))
    return Q(**{f"{column}__gte": value}) & (Q(**{f"{column}__gt": value}) | Q(id__gt=last_id))
