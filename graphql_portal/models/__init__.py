"""Tortoise models, one module per aggregate."""

from .attachments import Attachment
from .auth import ApiToken, AuthSession, Invitation, SignInCounter, StaffUser
from .catalog import (
    AddonAttachability,
    PriceListItem,
    PriceListVersion,
    Product,
    ProductBeside,
    ProductSwitch,
)
from .customers import Customer, CustomerProduct
from .enums import (
    AttachmentKind,
    CustomerStatus,
    DeliveryKind,
    DeliveryStatus,
    JobKind,
    JobState,
    OrderStatus,
    PrimaryProductMode,
    ProductKind,
    SessionKind,
    TokenKind,
    UserRole,
    UserStatus,
)
from .events import (
    ActorKind,
    AuditEvent,
    EventSequence,
    EventType,
    WebhookDelivery,
    WebhookDeliveryStatus,
    WebhookEndpoint,
)
from .jobs import Job
from .orders import Delivery, Order, Review
from .partners import Agreement, ContractedPrice, EnabledAddon, Partner, PartnerUser

__all__ = [
    "ActorKind",
    "AddonAttachability",
    "Agreement",
    "ApiToken",
    "Attachment",
    "AttachmentKind",
    "AuditEvent",
    "AuthSession",
    "ContractedPrice",
    "Customer",
    "CustomerProduct",
    "CustomerStatus",
    "Delivery",
    "DeliveryKind",
    "DeliveryStatus",
    "EnabledAddon",
    "EventSequence",
    "EventType",
    "Invitation",
    "Job",
    "JobKind",
    "JobState",
    "Order",
    "OrderStatus",
    "Partner",
    "PartnerUser",
    "PriceListItem",
    "PriceListVersion",
    "PrimaryProductMode",
    "Product",
    "ProductBeside",
    "ProductKind",
    "ProductSwitch",
    "Review",
    "SessionKind",
    "SignInCounter",
    "StaffUser",
    "TokenKind",
    "UserRole",
    "UserStatus",
    "WebhookDelivery",
    "WebhookDeliveryStatus",
    "WebhookEndpoint",
]
