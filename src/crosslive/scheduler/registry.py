"""Which code runs a job of each kind: the domains that own the kinds register handlers at
app start (the scheduler imports none of them)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

# A handler does its job's work in the session it is given (the runner commits it, together
# with marking the job done). It must leave things right when run again after a crash: the
# first run's work either committed with the job marked done, or rolled back.
Handler = Callable[[Session, Mapping[str, Any]], None]


@dataclass(frozen=True)
class JobKind:
    name: str
    handler: Handler
    max_attempts: int = 8
    retry_seconds: float = 30.0  # first retry delay; doubles each time, at most an hour


class JobRegistry:
    """The job kinds one app runs (one registry per app, filled while it is built)."""

    def __init__(self) -> None:
        self._kinds: dict[str, JobKind] = {}

    def register(
        self,
        name: str,
        handler: Handler,
        *,
        max_attempts: int = 8,
        retry_seconds: float = 30.0,
    ) -> None:
        if name in self._kinds:
            raise ValueError(f"job kind {name!r} is already registered")
        if max_attempts < 1 or retry_seconds <= 0:
            raise ValueError("a job kind needs max_attempts >= 1 and retry_seconds > 0")
        self._kinds[name] = JobKind(name, handler, max_attempts, retry_seconds)

    def kind(self, name: str) -> JobKind | None:
        return self._kinds.get(name)

    def names(self) -> frozenset[str]:
        return frozenset(self._kinds)
