"""The one rule for a valid email address, its stored form and its lookup key.

Syntax only (no DNS): `email-validator` knows RFC 5322 and its pitfalls, where a hand-written
pattern let `x<carl@contoso.example>.y` and `eve2,bob@evil.example` through to the mail server.
Local parts must be ASCII (`allow_smtputf8=False`), so every address can be handed to any SMTP
server; an internationalized domain is stored readable and sent in its IDNA (ASCII) form.
"""

from __future__ import annotations

from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

MAX_LENGTH = 254


class InvalidEmail(ValueError):
    """Not an email address we can send to; the message says why."""


@dataclass(frozen=True)
class EmailAddress:
    normalized: str  # what is stored and shown: the domain lower-cased, the local part as given
    ascii: str  # what goes to the mail server

    @property
    def key(self) -> str:
        """Unique across users: addresses differing only in case are one mailbox in practice."""
        return self.normalized.lower()


def parse_email(text: str) -> EmailAddress:
    """The address in `text` (surrounding spaces ignored), or `InvalidEmail`."""
    if not isinstance(text, str):
        raise InvalidEmail("an email address is text")
    value = text.strip()
    if len(value) > MAX_LENGTH:
        raise InvalidEmail(f"an email address has at most {MAX_LENGTH} characters")
    try:
        found = validate_email(value, check_deliverability=False, allow_smtputf8=False, strict=True)
    except EmailNotValidError as exc:
        raise InvalidEmail(str(exc)) from None
    return EmailAddress(normalized=found.normalized, ascii=found.ascii_email or found.normalized)


def email_key(text: str) -> str:
    """The key to look a user up by: the normalized address's, or the text's when it is none."""
    try:
        return parse_email(text).key
    except InvalidEmail:
        return text.strip().lower()
