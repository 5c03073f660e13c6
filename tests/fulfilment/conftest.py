"""Fixtures of the fulfilment tests: a real SMTP server per test."""

from __future__ import annotations

import pytest

from tests.support.smtp import SmtpServer


@pytest.fixture
def smtp():
    """A running SMTP server on a free loopback port; its `mailbox` keeps what it accepted."""
    server = SmtpServer().start()
    try:
        yield server
    finally:
        server.stop()
