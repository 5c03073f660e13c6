"""The staff admin: server-rendered pages for customers, orders, deliveries and partner users."""

from .app import admin_app
from .sessions import staff_from_request

__all__ = ["admin_app", "staff_from_request"]
