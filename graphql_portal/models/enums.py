"""Enumerations stored in the database (their values are the API's enum names)."""

from enum import Enum, IntEnum


class ProductKind(str, Enum):
    PRIMARY = "PRIMARY"
    ADDON = "ADDON"


class UserRole(str, Enum):
    ADMIN = "ADMIN"
    ORDERING = "ORDERING"
    VIEWER = "VIEWER"


class UserStatus(str, Enum):
    """A partner user's access: INVITED until a password is chosen; DEACTIVATED ends it."""

    INVITED = "INVITED"
    ACTIVE = "ACTIVE"
    DEACTIVATED = "DEACTIVATED"


class CustomerStatus(str, Enum):
    ACTIVE = "ACTIVE"
    SUSPENDED = "SUSPENDED"


class PrimaryProductMode(str, Enum):
    KEEP_EXISTING = "KEEP_EXISTING"
    ADD_TO = "ADD_TO"
    SELECT_NEW = "SELECT_NEW"


class OrderStatus(str, Enum):
    PROCESSING = "PROCESSING"
    COMPLETED = "COMPLETED"
    ATTENTION_NEEDED = "ATTENTION_NEEDED"
    SCHEDULED = "SCHEDULED"
    CANCELLED = "CANCELLED"


class DeliveryKind(str, Enum):
    SUBMITTER_ADDENDUM = "SUBMITTER_ADDENDUM"
    IMPLEMENTATION_LEAD = "IMPLEMENTATION_LEAD"
    CANCELLATION = "CANCELLATION"
    LEAD_CANCELLATION = "LEAD_CANCELLATION"


class DeliveryStatus(str, Enum):
    PENDING = "PENDING"
    SENT = "SENT"
    FAILED = "FAILED"


class AttachmentKind(str, Enum):
    ADDENDUM = "ADDENDUM"
    DOCUMENT = "DOCUMENT"


class JobKind(str, Enum):
    RENDER_ADDENDUM = "RENDER_ADDENDUM"
    SEND_EMAIL = "SEND_EMAIL"
    APPLY_CHANGE = "APPLY_CHANGE"
    SEND_INVITATION = "SEND_INVITATION"
    # The email telling a partner's ADMINs that a webhook endpoint was disabled.
    SEND_WEBHOOK_DISABLED = "SEND_WEBHOOK_DISABLED"


class JobPriority(IntEnum):
    """Which due job a worker claims first (the lower value): what an order owes before account
    emails, so a flood of "forgot password" never delays an order's documents."""

    ORDER = 0
    ACCOUNT = 1


class JobState(str, Enum):
    PENDING = "PENDING"
    RUNNING = "RUNNING"
    DONE = "DONE"
    FAILED = "FAILED"


class TokenKind(str, Enum):
    PARTNER_USER = "PARTNER_USER"
    RECONCILIATION = "RECONCILIATION"


class SessionKind(str, Enum):
    STAFF = "STAFF"
    PARTNER_USER = "PARTNER_USER"
