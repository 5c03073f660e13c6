"""Loopback ports for the servers tests start."""

import socket


def free_port() -> int:
    """A loopback port nobody listens on now (aiosmtpd's Controller needs a concrete one)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
