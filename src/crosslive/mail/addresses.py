"""Email addresses people type: exactly one mailbox, checked by email-validator's parser (not
a pattern), so "a@b.com,c" or "Ana <a@b.com>" can never become a second recipient or a
header. Deliverability is not looked up (no DNS from a checkout)."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

from crosslive.errors import InvalidInput
from crosslive.i18n import N_

MAX_LENGTH = 254


class NotAnAddress(InvalidInput):
    """An address email-validator refused. Its reason is English only, so English readers get
    it after the sentence; every other language reads the translated sentence alone."""

    def __init__(self, address: str, reason: str) -> None:
        super().__init__(N_("{address} is not an email address"), address=address)
        self.message = f"{self.message}: {reason}"
        self.args = (self.message,)


def one_address(text: str) -> str:
    """TEXT as one email address (domain in lower case); InvalidInput naming the problem."""
    candidate = text.strip()
    if not candidate:
        raise InvalidInput(N_("enter your email address"))
    if len(candidate) > MAX_LENGTH:
        raise InvalidInput(N_("an email address has at most {count} characters"), count=MAX_LENGTH)
    if any(mark in candidate for mark in ",;"):
        raise InvalidInput(N_("enter one email address, not a list"))
    try:
        checked = validate_email(candidate, check_deliverability=False)
    except EmailNotValidError as exc:
        raise NotAnAddress(repr(candidate), str(exc)) from None
    return checked.normalized.lower()
