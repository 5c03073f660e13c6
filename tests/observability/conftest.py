"""Fixtures of the observability tests: a real SMTP server."""

from __future__ import annotations

import pytest

from tests.support.smtp import SmtpServer


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    try:
        yield server
    finally:
        server.stop()
