"""The event log: the audit trail, the webhook feed and the API's `auditEvents` in one.

- `actors`: who acts and from where (`acting_as`, `current_actor`), set where a request is
  authenticated;
- `recording`: `record` writes an event (and its webhook deliveries) in the caller's transaction;
- `log`: one call per kind of change (`order_submitted`, `user_deactivated`, ...);
- `payloads`: what a webhook says of an event; `trail`: reading the trail; `targets`: which
  webhook addresses may be called; `retention`: pruning what has been kept long enough.
"""

from .actors import COMMAND_LINE, SERVICE, Actor, acting_as, client_address, current_actor
from .recording import ORDER_TYPES, WEBHOOK_TYPES, Change, record, webhook_name

__all__ = [
    "COMMAND_LINE",
    "ORDER_TYPES",
    "SERVICE",
    "WEBHOOK_TYPES",
    "Actor",
    "Change",
    "acting_as",
    "client_address",
    "current_actor",
    "record",
    "webhook_name",
]
