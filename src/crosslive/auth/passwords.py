"""Passwords: argon2id hashes, checked off the event loop and a few at a time.

One argon2id check takes 64 MiB of memory and three passes over it (argon2-cffi's default
profile, RFC 9106's low-memory choice): about a tenth of a second of one core. Run on the
event loop it would freeze every WebSocket and video join meanwhile; run in the worker
threads without a cap, forty logins at once (the thread pool's size) would take 2.5 GiB and
every core. `Passwords` runs each hash in a worker thread and lets at most `concurrency`
run at once in the app process; the others wait on the event loop, holding no thread.
"""

from __future__ import annotations

import anyio
import anyio.to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

HASHER = PasswordHasher()
MIN_PASSWORD = 10


def hash_password(password: str) -> str:
    """A new hash, in the calling thread: for the command line and seeding, not requests."""
    return HASHER.hash(password)


class Passwords:
    """The app's one way to hash and check passwords while serving requests (in AppState)."""

    def __init__(self, concurrency: int, hasher: PasswordHasher | None = None) -> None:
        self._hasher = hasher or HASHER
        self._slots = anyio.CapacityLimiter(concurrency)

    @property
    def capacity(self) -> int:
        return int(self._slots.total_tokens)

    @property
    def running(self) -> int:
        """Hashes running now."""
        return int(self._slots.borrowed_tokens)

    @property
    def waiting(self) -> int:
        """Hashes waiting for a free slot."""
        return self._slots.statistics().tasks_waiting

    async def hash(self, password: str) -> str:
        return await anyio.to_thread.run_sync(self._hasher.hash, password, limiter=self._slots)

    async def check(self, stored: str | None, password: str) -> bool:
        """Whether PASSWORD matches the STORED hash. Without one (no such account) it spends
        the same time and says no, so timing does not tell which accounts exist."""
        return await anyio.to_thread.run_sync(self._check, stored, password, limiter=self._slots)

    def needs_rehash(self, stored: str) -> bool:
        """Whether STORED was made with weaker parameters than today's (hash it again)."""
        return self._hasher.check_needs_rehash(stored)

    def _check(self, stored: str | None, password: str) -> bool:
        if stored is None:
            self._hasher.hash(password)
            return False
        try:
            return self._hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False
