"""Which addresses a webhook may be sent to: the one rule, checked when an endpoint is saved and
again on the address a name resolves to when a delivery connects.

An endpoint URL is an absolute `https://` URL of at most 2,000 characters without credentials.
Its host must be public: private, loopback, link-local, shared (CGNAT), multicast and reserved
addresses are refused, literally or as what the name resolves to, unless
`PORTAL_WEBHOOKS_ALLOW_PRIVATE=1`; with it, those (but never 0.0.0.0 or multicast) are allowed,
and so is plain `http://`, to them only. IPv4 addresses inside IPv6 (mapped, 6to4, Teredo,
NAT64) are judged as the IPv4 address they carry.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from enum import Enum
from urllib.parse import SplitResult, urlsplit

MAX_URL_LENGTH = 2000
Ip = ipaddress.IPv4Address | ipaddress.IPv6Address
HTTP_ONLY_PRIVATE = "Use https://; plain http:// is accepted only for receivers on private addresses."
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class Refusal(str, Enum):
    """Why a URL is refused: it is not one (INVALID_URL), or it points where we do not send."""

    INVALID_URL = "INVALID_URL"
    URL_NOT_ALLOWED = "URL_NOT_ALLOWED"


@dataclass(frozen=True)
class Refused:
    reason: Refusal
    message: str


@dataclass(frozen=True)
class Target:
    """Where a URL points: its scheme, host (a name, or an address when `ip` is set) and port."""

    scheme: str
    host: str
    port: int
    ip: Ip | None


def _carried(ip: Ip) -> Ip:
    """The IPv4 address an IPv6 address carries, when it carries one."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip.sixtofour is not None:
            return ip.sixtofour
        if ip.teredo is not None:
            return ip.teredo[1]
        if ip in _NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


def is_public(ip: Ip) -> bool:
    ip = _carried(ip)
    return ip.is_global and not ip.is_multicast and not ip.is_reserved


def is_allowed(ip: Ip, allow_private: bool) -> bool:
    """Whether a webhook may connect to `ip`."""
    if is_public(ip):
        return True
    ip = _carried(ip)
    return allow_private and not (ip.is_unspecified or ip.is_multicast)


def parse_target(url: str) -> Target | Refused:
    """The target of an endpoint URL, or why it is not a URL we accept (INVALID_URL)."""
    if not isinstance(url, str) or not url.strip():
        return Refused(Refusal.INVALID_URL, "Give the endpoint's URL, e.g. https://hooks.example.com/portal.")
    if len(url) > MAX_URL_LENGTH:
        return Refused(Refusal.INVALID_URL, f"A URL has at most {MAX_URL_LENGTH:,} characters.")
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return Refused(Refusal.INVALID_URL, "A URL has no spaces or control characters.")
    try:
        parts: SplitResult = urlsplit(url)
        port = parts.port
    except ValueError:
        return Refused(Refusal.INVALID_URL, "This is not a valid URL (check the host and the port).")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return Refused(
            Refusal.INVALID_URL, "Give an absolute http(s) URL, e.g. https://hooks.example.com/portal."
        )
    if parts.username is not None or parts.password is not None:
        return Refused(Refusal.INVALID_URL, "A URL with a user name or password is not accepted.")
    host = parts.hostname
    try:
        ip: Ip | None = ipaddress.ip_address(host)
    except ValueError:
        ip = None
        try:
            host.encode("idna")
        except UnicodeError:
            return Refused(Refusal.INVALID_URL, "The host name is not valid.")
    return Target(parts.scheme, host, port or (443 if parts.scheme == "https" else 80), ip)


def _not_allowed(message: str) -> Refused:
    return Refused(Refusal.URL_NOT_ALLOWED, message)


def check_addresses(target: Target, addresses: list[Ip], allow_private: bool) -> Refused | None:
    """Whether `target` may be called at `addresses` (what its host is, or resolves to)."""
    for ip in addresses:
        if not is_allowed(ip, allow_private):
            shown = target.host if target.ip is not None else f"{target.host} ({ip})"
            return _not_allowed(
                f"{shown} is a private, loopback or link-local address; webhooks go to public addresses only."
            )
    if target.scheme == "http" and (not allow_private or any(is_public(ip) for ip in addresses)):
        return _not_allowed(
            "Use https://; plain http:// is accepted only for receivers on private addresses."
        )
    return None


async def resolve(host: str, port: int) -> list[Ip]:
    """The addresses `host` resolves to (itself when it is an address); [] when it does not."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return []
    found: list[Ip] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        ip = ipaddress.ip_address(sockaddr[0].split("%", 1)[0])
        if ip not in found:
            found.append(ip)
    return found


async def check_url(url: str, allow_private: bool) -> Refused | None:
    """Why an endpoint may not have `url`, or None. A name is resolved now; one that does not
    resolve (yet) is accepted, as every delivery checks what it resolves to then."""
    target = parse_target(url)
    if isinstance(target, Refused):
        return target
    addresses = await resolve(target.host, target.port)
    if not addresses:
        if target.scheme == "http":
            return _not_allowed(f"{target.host} does not resolve. {HTTP_ONLY_PRIVATE}")
        return None
    return check_addresses(target, addresses, allow_private)
