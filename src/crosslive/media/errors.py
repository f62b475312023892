"""Media errors: each maps to one HTTP status through the app's DomainError handler."""

from __future__ import annotations

from crosslive.errors import DomainError, NotFound


class MediaUnavailable(DomainError):
    """The media server is off or restarting; clients retry."""

    status_code = 503


class NotLive(NotFound):
    """Nobody is publishing into this show right now."""


class ShowFull(MediaUnavailable):
    """The show has as many viewers as this server takes for one show; clients retry."""
