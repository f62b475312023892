"""The demo's simulated viewers are in the live room they chat in: while its show is live they
are its audience in the hub (as a real viewer's socket is), so the owner's dashboard and the
host console's counters count them; they leave when the show ends and when the app stops."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from crosslive.app import create_app
from crosslive.auth.models import StaffUser
from crosslive.db import transaction
from crosslive.demo import stage, store_data
from crosslive.demo.presence import Presence
from crosslive.demo.viewers_data import VIEWERS
from crosslive.events.hub import Hub
from crosslive.events.unit import hub_of
from crosslive.shows import service as shows_service
from crosslive.shows.models import Show
from crosslive.state import state_of
from tests.factories import csrf_of

from .conftest import Seeded

WATCHING = re.compile(r'<p class="muted" id="watching">(\d+) viewers? watching</p>')
SLUG = store_data.LIVE_SHOW.slug


@dataclass(frozen=True)
class Room:
    client: TestClient
    hub: Hub
    presence: Presence
    show_id: int

    def look(self) -> None:
        self.client.portal.call(stage.look, self.client.app, self.presence)  # type: ignore[union-attr]

    def audience(self) -> int:
        return self.client.portal.call(self.hub.audience, self.show_id)  # type: ignore[union-attr]

    def watching(self) -> int | None:
        """The dashboard's viewers watching (None: the page shows no such figure)."""
        page = self.client.get("/admin")
        assert page.status_code == 200, page.text
        found = WATCHING.search(page.text)
        return int(found.group(1)) if found else None

    def console_viewers(self) -> int:
        counters = self.client.get(f"/api/v1/host/{SLUG}/counters")
        assert counters.status_code == 200, counters.text
        return int(counters.json()["viewers"])


@pytest.fixture
def room(demo_copy: Seeded) -> Iterator[Room]:
    """The owner logged in on an app serving a copy of the demo, its viewers not yet joined."""
    app = create_app(demo_copy.settings)
    try:
        with TestClient(app) as client:
            login = client.post(
                "/admin/login",
                data={
                    "email": store_data.OWNER_EMAIL,
                    "password": demo_copy.passwords[store_data.OWNER_EMAIL],
                    "csrf_token": csrf_of(client.get("/admin/login").text),
                },
            )
            assert login.status_code == 200, login.text
            with transaction(demo_copy.factory) as db:
                show_id = db.scalars(select(Show.id).where(Show.slug == SLUG)).one()
            hub = hub_of(app)
            yield Room(client, hub, Presence(hub), show_id)
    finally:
        state_of(app).engine.dispose()


def _end_the_show(demo: Seeded) -> None:
    with transaction(demo.factory) as db:
        show = db.scalars(select(Show).where(Show.slug == SLUG)).one()
        host = db.scalars(select(StaffUser).where(StaffUser.email == store_data.HOST_EMAIL)).one()
        shows_service.end(db, show, host)


def test_the_simulated_viewers_are_counted_while_the_show_is_live(
    room: Room, demo_copy: Seeded
) -> None:
    assert room.watching() == 0
    room.look()
    assert room.presence.count() == len(VIEWERS) > 0
    assert room.watching() == len(VIEWERS)
    assert room.console_viewers() == len(VIEWERS)
    # Each reads in their own language: the room's languages are theirs.
    languages = {viewer.language for viewer in VIEWERS}
    room_languages = room.client.portal.call(  # type: ignore[union-attr]
        room.hub.room_languages, room.show_id, tuple(sorted(languages))
    )
    assert room_languages == languages
    # A real look again changes nothing: nobody joins twice.
    room.look()
    assert room.watching() == len(VIEWERS)

    # The hub cuts whoever falls silent; like a page reconnecting, they join again.
    room.hub.tick(time.monotonic() + demo_copy.settings.chat_idle_seconds + 1)
    assert room.watching() == 0
    room.look()
    assert room.watching() == len(VIEWERS)

    # Someone presses End show: the viewers leave the room.
    _end_the_show(demo_copy)
    room.look()
    assert room.presence.count() == 0
    assert room.audience() == 0
    assert room.console_viewers() == 0


def test_the_viewers_come_with_the_stage_and_leave_when_it_stops(room: Room) -> None:
    async def while_kept() -> tuple[int, int]:
        task = asyncio.create_task(stage.keep_present(room.client.app, room.presence, 0.01))
        async with asyncio.timeout(30):
            while room.presence.count() < len(VIEWERS):
                await asyncio.sleep(0.01)
        present = await room.hub.audience(room.show_id)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return present, await room.hub.audience(room.show_id)

    present, after = room.client.portal.call(while_kept)  # type: ignore[union-attr]
    assert (present, after) == (len(VIEWERS), 0)
    assert room.watching() == 0
