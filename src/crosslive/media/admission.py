"""How many viewers may watch at once: a cap per show and a cap per client address.

Every viewer session holds a Janus subscription (memory, a share of a core, its media
ports), so a show takes at most MEDIA_VIEWERS_PER_SHOW viewers at once on this server and
one address at most MEDIA_VIEWERS_PER_ADDRESS, across all shows. A join claims its seat
before it waits for Janus, so joins racing for the last seat cannot both take it; the seat
is given back when the join fails or the session ends (left, timed out, Janus restarted).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TypeVar

from crosslive.errors import RateLimited
from crosslive.media.errors import ShowFull
from crosslive.ratelimit import Limit
from crosslive.settings import Settings

Key = TypeVar("Key", int, str)

SHOW_FULL = "this show has as many viewers as this server can take; try again in a minute"
ADDRESS_FULL = "too many videos are playing from your network at once; close one and try again"
# A hint only: a seat frees whenever one of the address's sessions ends.
ADDRESS_RETRY_AFTER_S = 10.0


@dataclass(frozen=True)
class Seat:
    """One viewer session's place in its show and its address's count."""

    show_id: int
    address: str


class ViewerSeats:
    def __init__(self, per_show: int, per_address: int) -> None:
        self.per_show = per_show
        self.per_address = per_address
        self._shows: Counter[int] = Counter()
        self._addresses: Counter[str] = Counter()

    def in_show(self, show_id: int) -> int:
        return self._shows[show_id]

    def from_address(self, address: str) -> int:
        return self._addresses[address]

    def claim(self, show_id: int, address: str) -> Seat:
        """A seat for one more viewer of SHOW_ID from ADDRESS, or ShowFull (503) /
        RateLimited (429) with nothing counted."""
        if self._shows[show_id] >= self.per_show:
            raise ShowFull(SHOW_FULL)
        if self._addresses[address] >= self.per_address:
            raise RateLimited(ADDRESS_FULL, retry_after_s=ADDRESS_RETRY_AFTER_S)
        self._shows[show_id] += 1
        self._addresses[address] += 1
        return Seat(show_id, address)

    def release(self, seat: Seat) -> None:
        _take_one(self._shows, seat.show_id)
        _take_one(self._addresses, seat.address)


def _take_one(counts: Counter[Key], key: Key) -> None:
    """One fewer for KEY; a key at zero is dropped, so the counters hold only live ones."""
    if counts[key] <= 1:
        counts.pop(key, None)
    else:
        counts[key] -= 1


def joins_limit(settings: Settings) -> Limit:
    """Joins per client address and minute, whether by POST or with a show's page: enough
    for a household, each page rejoining when the line-up changes and a player retrying (at
    most every 4 s); each join opens a Janus subscription."""
    return Limit(
        "media-join",
        count=settings.media_viewer_joins_per_minute,
        window_seconds=60.0,
        message="too many requests to start watching from your network; try again in a minute",
    )
