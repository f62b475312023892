"""What one app instance owns, typed: the settings, the database, the request limiter, and the
long-lived parts the domains add at start-up (the event hub, the media gateway, the fit model).

`create_app` builds one `AppState` and keeps it on `app.state.crosslive`; everything else
reads it through `state_of(app)`. A domain's long-lived part is stored and looked up by its
class, so a lookup is as typed as an attribute and no code reaches into `app.state` by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from crosslive.ratelimit import Limiter
from crosslive.settings import Settings

Part = TypeVar("Part")


@dataclass
class AppState:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    limiter: Limiter
    _parts: dict[type, object] = field(default_factory=dict)

    def provide(self, kind: type[Part], part: Part) -> None:
        """Make PART the app's one KIND (the composition root and lifespans call this)."""
        self._parts[kind] = part

    def withdraw(self, kind: type[Part]) -> None:
        self._parts.pop(kind, None)

    def find(self, kind: type[Part]) -> Part | None:
        """The app's KIND, or None where this app runs without one (media turned off)."""
        return cast(Part | None, self._parts.get(kind))

    def get(self, kind: type[Part]) -> Part:
        part = self.find(kind)
        if part is None:
            raise LookupError(f"this app has no {kind.__name__}")
        return part


def state_of(app: Any) -> AppState:
    """The state of APP (a FastAPI/Starlette app; requests and WebSockets pass `.app`)."""
    state: AppState = app.state.crosslive
    return state
