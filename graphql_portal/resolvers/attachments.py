"""Where a client downloads an attachment (served by the fulfilment layer's download route)."""

from ..fulfilment.downloads import attachment_url

__all__ = ["attachment_url"]
