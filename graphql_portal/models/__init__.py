"""Tortoise models, one module per aggregate."""

from .attachments import DATABASE_STORE, Attachment, StagedObject
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
    JobPriority,
    JobState,
    OrderStatus,
    PrimaryProductMode,
    ProductKind,
    SessionKind,
    TokenKind,
    UserRole,
    UserStatus,
)
from .jobs import Job
from .orders import Delivery, Order, Review
from .partners import Agreement, ContractedPrice, EnabledAddon, Partner, PartnerUser

__all__ = [
    "DATABASE_STORE",
    "AddonAttachability",
    "Agreement",
    "ApiToken",
    "Attachment",
    "AttachmentKind",
    "AuthSession",
    "ContractedPrice",
    "Customer",
    "CustomerProduct",
    "CustomerStatus",
    "Delivery",
    "DeliveryKind",
    "DeliveryStatus",
    "EnabledAddon",
    "Invitation",
    "Job",
    "JobKind",
    "JobPriority",
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
    "StagedObject",
    "TokenKind",
    "UserRole",
    "UserStatus",
]
