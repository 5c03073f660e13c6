"""The partner portal at the site's root: pages for partner users, built on the public schema."""

from .app import portal_app
from .middleware import partner_from_request

__all__ = ["partner_from_request", "portal_app"]
