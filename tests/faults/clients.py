"""Clients that behave like the live room's pages: a viewer that reconnects and resumes, a
chatter that keeps what the server accepted."""

from __future__ import annotations

import asyncio
import contextlib
import json
from dataclasses import dataclass, field

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from websockets.asyncio.client import connect
from websockets.exceptions import WebSocketException

from crosslive.db import transaction
from crosslive.events.models import ShowEvent

RECONNECT_S = 0.1


class Viewer:
    """What static/live/socket.js does: follow the show's log, and after any disconnect
    reconnect with ?last_event_id=N. Unlike the page it keeps every kept event's id as it
    arrived (a duplicate or an id out of order stays visible to the test)."""

    def __init__(self, ws_url: str, slug: str) -> None:
        self._base = f"{ws_url}/live/{slug}/ws"
        self.ids: list[int] = []
        self.connects = 0
        self.resyncs = 0
        self._task: asyncio.Task[None] | None = None

    @property
    def last_id(self) -> int | None:
        return max(self.ids) if self.ids else None  # socket.js resumes after the highest

    async def start(self) -> None:
        """Connected and receiving once this returns."""
        self._task = asyncio.create_task(self._follow())
        while self.connects == 0:
            await asyncio.sleep(0.02)

    async def _follow(self) -> None:
        while True:
            url = self._base
            if self.last_id is not None:
                url += f"?last_event_id={self.last_id}"
            with contextlib.suppress(OSError, WebSocketException):
                async with connect(url, open_timeout=5) as ws:
                    self.connects += 1
                    async for text in ws:
                        self._receive(json.loads(text))
            await asyncio.sleep(RECONNECT_S)

    def _receive(self, event: dict[str, object]) -> None:
        if event["kind"] == "resync":
            self.resyncs += 1
        event_id = event.get("id")
        if isinstance(event_id, int):
            self.ids.append(event_id)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


@dataclass
class Chatter:
    """A viewer who joined the chat of one show on one app process."""

    base_url: str
    slug: str
    token: str = ""
    accepted: dict[int, str] = field(default_factory=dict)  # event id -> text
    statuses: list[int] = field(default_factory=list)

    async def join(self, http: httpx.AsyncClient, name: str) -> None:
        response = await http.post(
            f"{self.base_url}/api/v1/live/{self.slug}/viewers", json={"name": name}
        )
        assert response.status_code == 201, response.text
        self.token = response.json()["token"]

    async def say(self, http: httpx.AsyncClient, text: str) -> int | None:
        """Post one message; its status (None: no answer at all). Accepted ones are kept."""
        try:
            response = await http.post(
                f"{self.base_url}/api/v1/live/{self.slug}/messages",
                json={"body": text},
                headers={"X-Viewer-Token": self.token},
            )
        except httpx.TransportError:
            return None
        self.statuses.append(response.status_code)
        if response.status_code == 201:
            self.accepted[response.json()["id"]] = text
        return response.status_code


def kept_events(factory: sessionmaker[Session], show_id: int) -> dict[int, str]:
    """The show's whole event log: id -> the chat text (empty for other kinds)."""
    with transaction(factory) as db:
        rows = db.scalars(
            select(ShowEvent).where(ShowEvent.show_id == show_id).order_by(ShowEvent.id)
        ).all()
        return {row.id: str(row.payload.get("body", "")) for row in rows}


async def caught_up(viewers: list[Viewer], last_id: int, timeout_s: float = 30.0) -> None:
    """Wait until every viewer has received LAST_ID (fails the test after TIMEOUT_S)."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    while any(v.last_id != last_id for v in viewers):
        if asyncio.get_running_loop().time() > deadline:
            got = [v.last_id for v in viewers]
            raise AssertionError(f"viewers stopped at {got}, the log ends at {last_id}")
        await asyncio.sleep(0.05)
