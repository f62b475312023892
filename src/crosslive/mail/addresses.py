"""Email addresses people type: exactly one mailbox, checked by email-validator's parser (not
a pattern), so "a@b.com,c" or "Ana <a@b.com>" can never become a second recipient or a
header. Deliverability is not looked up (no DNS from a checkout)."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

from crosslive.errors import InvalidInput

MAX_LENGTH = 254


def one_address(text: str) -> str:
    """TEXT as one email address (domain in lower case); InvalidInput naming the problem."""
    candidate = text.strip()
    if not candidate:
        raise InvalidInput("enter your email address")
    if len(candidate) > MAX_LENGTH:
        raise InvalidInput(f"an email address has at most {MAX_LENGTH} characters")
    if any(mark in candidate for mark in ",;"):
        raise InvalidInput("enter one email address, not a list")
    try:
        checked = validate_email(candidate, check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidInput(f"{candidate!r} is not an email address: {exc}") from None
    return checked.normalized.lower()
