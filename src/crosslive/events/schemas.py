"""The event as clients receive it (WebSocket frames and the history API)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class EventOut(BaseModel):
    id: int | None
    kind: str
    data: dict[str, Any]
    at: str | None = None
