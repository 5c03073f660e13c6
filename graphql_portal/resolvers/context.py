"""The per-request context: who asks, the settings, and the request's loaders."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..auth import Principal
from ..fulfilment.downloads import attachment_url
from ..settings import Settings
from .deferred import Maybe, then
from .errors import forbidden
from .loaders import Loader, Loaders


@dataclass
class Context:
    principal: Principal
    settings: Settings
    request: Any = None
    response: Any = None
    loaders: Loaders = field(default_factory=Loaders)
    # API objects made once per request, by (type, id): a page of 500 orders names a few partners
    made: dict[tuple[str, int], Any] = field(default_factory=dict)

    def keep(self, key: tuple[str, int], value: Any) -> Any:
        """`value`, kept under `key` for the rest of the request."""
        self.made[key] = value
        return value

    def made_once(self, kind: str, ident: int, loader: Loader, build: Callable[[Any], Any]) -> Maybe[Any]:
        """The API object `build` makes of `loader`'s row `ident`, made once per request and kept
        under `(kind, ident)`: the same partner, customer or user down a page is one object."""
        key = (kind, ident)
        made = self.made.get(key)
        if made is not None:
            return made
        return then(loader.get(ident), lambda row: self.keep(key, build(row)))

    def partner_id(self) -> int:
        """The caller's partner; reconciliation tokens have none and may not ask partner-only fields."""
        if self.principal.partner_id is None:
            raise forbidden("This field needs a partner user's token.")
        return self.principal.partner_id

    def download_url(self, attachment_id: int) -> str:
        """Where the client downloads an attachment (with its token, or a staff session)."""
        return attachment_url(self.settings, attachment_id)
