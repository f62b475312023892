"""Logging in, and changing a password, without blocking the event loop.

Each attempt is counted first, per client address and per account, in the app's limiter (one
atomic step each, so attempts sent at once cannot slip past together); past either limit it
is refused with the exact number of seconds to wait, before any password is checked. The
password is then checked through `Passwords` (off the loop, a few at a time), and the
database work runs in a worker thread. An attempt that succeeds is taken back from both
counts: only failures are limited, so an office logging in behind one address is not.
"""

from __future__ import annotations

import hashlib
import math

from crosslive.auth import service
from crosslive.auth.models import StaffUser
from crosslive.auth.passwords import Passwords
from crosslive.db import run_in_transaction
from crosslive.errors import NotAuthenticated, PermissionDenied, RateLimited
from crosslive.state import AppState

WRONG = "wrong email or password"


def _counts(state: AppState, email: str, address: str) -> list[tuple[str, int, str]]:
    """The attempt counts an attempt goes into: (limiter key, limit, what a refusal says).
    The account is keyed by a hash of its email: limiter keys carry no email in clear."""
    settings = state.settings
    account = hashlib.sha256(service.normal_email(email).encode()).hexdigest()[:32]
    return [
        (f"login:ip:{address}", settings.login_failures_per_address, "from your address"),
        (f"login:acct:{account}", settings.login_failures_per_account, "for this account"),
    ]


def _count_attempt(state: AppState, counts: list[tuple[str, int, str]]) -> None:
    """Count one attempt in every count, or in none: refused past a limit, saying how long
    until the oldest counted failure leaves the window."""
    limiter, window = state.limiter, state.settings.login_failure_window_seconds
    counted: list[str] = []
    for key, limit, whose in counts:
        if limiter.hit(key, limit, window):
            counted.append(key)
            continue
        for done in counted:
            limiter.undo(done)
        wait = max(1, math.ceil(limiter.retry_after(key, limit, window)))
        raise RateLimited(
            f"too many failed logins {whose}; try again in {wait} s", retry_after_s=wait
        )


def _forget_attempt(state: AppState, counts: list[tuple[str, int, str]]) -> None:
    for key, _, _ in counts:
        state.limiter.undo(key)


async def log_in(
    state: AppState, email: str, password: str, address: str, *, end_others: bool = False
) -> tuple[StaffUser, str]:
    """Check EMAIL and PASSWORD from ADDRESS; the staff member and a new session token.
    END_OTHERS ends the account's other sessions (another device, a forgotten browser)."""
    counts = _counts(state, email, address)
    _count_attempt(state, counts)
    factory = state.session_factory
    passwords = state.get(Passwords)
    account = await run_in_transaction(factory, lambda db: service.account_by_email(db, email))
    # No such account: the check still runs (against nothing), so it takes as long.
    stored = account.password_hash if account is not None else None
    if not await passwords.check(stored, password) or account is None:
        raise NotAuthenticated(WRONG)
    _forget_attempt(state, counts)
    new_hash = None
    if passwords.needs_rehash(account.password_hash):
        new_hash = await passwords.hash(password)
    days = state.settings.session_days
    return await run_in_transaction(
        factory,
        lambda db: service.start_session(
            db, account.user_id, days=days, end_others=end_others, new_hash=new_hash
        ),
    )


async def change_password(
    state: AppState, user_id: int, current: str, new: str, address: str, *, keep_token: str
) -> None:
    """Replace the account's password after checking the CURRENT one (a wrong one counts as
    a failed login); every session but KEEP_TOKEN's ends."""
    service.check_new_password(new)
    factory = state.session_factory
    passwords = state.get(Passwords)
    account = await run_in_transaction(factory, lambda db: service.account_by_id(db, user_id))
    counts = _counts(state, account.email, address)
    _count_attempt(state, counts)
    if not await passwords.check(account.password_hash, current):
        raise PermissionDenied("your current password is wrong")
    _forget_attempt(state, counts)
    new_hash = await passwords.hash(new)
    await run_in_transaction(
        factory,
        lambda db: service.set_password_hash(db, user_id, new_hash, keep_token=keep_token),
    )
