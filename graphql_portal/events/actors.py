"""Who is acting, and from where: set once where a request is authenticated, read by `record`.

The API (`/graphql`), the portal and the admin each set the actor of a request where they learn who
sent it (`acting_as`); the worker and the service's own steps act as `SERVICE`, the command line as
`COMMAND_LINE`. The address is the request's client host as Starlette reports it (behind trusted
proxies, the visitor's).
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from ..models import ActorKind

MAX_NAME = 254
MAX_ADDRESS = 64


@dataclass(frozen=True)
class Actor:
    """`user_id`: the partner user who acted; `ref`: which staff member or token (`staff:3`)."""

    kind: ActorKind
    name: str
    user_id: int | None = None
    ref: str | None = None
    address: str | None = None

    @classmethod
    def partner_user(cls, user, *, address: str | None = None, token_id: int | None = None) -> Actor:
        ref = f"token:{token_id}" if token_id is not None else None
        return cls(ActorKind.PARTNER_USER, user.name, user.id, ref, address)

    @classmethod
    def staff(cls, staff, *, address: str | None = None) -> Actor:
        return cls(ActorKind.STAFF, staff.email, None, f"staff:{staff.id}", address)

    @classmethod
    def reconciliation(cls, token_id: int, name: str, *, address: str | None = None) -> Actor:
        return cls(ActorKind.RECONCILIATION, name, None, f"token:{token_id}", address)

    @classmethod
    def visitor(cls, address: str | None) -> Actor:
        """Someone not signed in (a sign-in page, an invitation link): only the address is known."""
        return dataclasses.replace(SERVICE, name="visitor", address=address)

    def at(self, address: str | None) -> Actor:
        return dataclasses.replace(self, address=address)

    @property
    def is_visitor(self) -> bool:
        return self.kind is ActorKind.SYSTEM and self.name == "visitor"

    def or_self(self, user) -> Actor:
        """This actor, or, for a visitor (someone using their own link), the user `user` from the
        visitor's address."""
        return Actor.partner_user(user, address=self.address) if self.is_visitor else self


SERVICE = Actor(ActorKind.SYSTEM, "graphql-portal")
COMMAND_LINE = Actor(ActorKind.SYSTEM, "graphql-portal command line")

_current: ContextVar[Actor] = ContextVar("graphql_portal_actor", default=SERVICE)


def current_actor() -> Actor:
    """Who the code running now acts for (`SERVICE` unless a request or command set it)."""
    return _current.get()


@contextlib.contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    """Record what runs inside the block as done by `actor`."""
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)


def client_address(request) -> str | None:
    """The client host of a Starlette request (after any trusted-proxy rewrite), or None."""
    client = getattr(request, "client", None)
    host = client.host if client is not None else None
    return host[:MAX_ADDRESS] if host else None
