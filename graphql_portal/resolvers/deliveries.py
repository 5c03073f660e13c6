"""What partners are told of a delivery's failure (the fulfilment layer knows what it stored)."""

from ..fulfilment.mail import public_reason

__all__ = ["public_reason"]
