"""The event socket on a real uvicorn server: frames go straight to the viewer's transport.

This covers the uvicorn detail the fan-out relies on (the ASGI send callable's protocol owns
the transport); if an upgrade moves it, raw_viewers drops to 0 and this test fails.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from crosslive.events.unit import hub_of
from crosslive.settings import Settings
from tests.chat.factories import Room
from tests.e2e.conftest import LiveServer


@pytest.fixture
def server(settings: Settings, room: Room) -> Iterator[LiveServer]:
    live = LiveServer(settings)
    live.start()
    yield live
    live.stop()


def test_message_arrives_through_the_raw_transport(server: LiveServer, room: Room) -> None:
    ws_url = server.url.replace("http://", "ws://") + f"/live/{room.slug}/ws"
    with connect(ws_url, open_timeout=10) as ws, httpx.Client(base_url=server.url) as http:
        token = http.post(f"/api/v1/live/{room.slug}/viewers", json={"name": "Kim"}).json()
        # The join has been processed once the server has the viewer registered.
        http.get("/api/v1/health")
        sent = http.post(
            f"/api/v1/live/{room.slug}/messages",
            json={"body": "<b>hi</b>"},
            headers={"X-Viewer-Token": token["token"]},
        ).json()
        received = json.loads(ws.recv(timeout=10))
        assert hub_of(server.app).raw_viewers(room.show_id) == 1
    assert received == sent
    assert received["data"]["body"] == "<b>hi</b>"


def test_a_bad_resume_cursor_is_refused_with_422_by_the_server(
    server: LiveServer, room: Room
) -> None:
    ws_url = server.url.replace("http://", "ws://") + f"/live/{room.slug}/ws?last_event_id=-1"
    with pytest.raises(InvalidStatus) as refused:
        connect(ws_url, open_timeout=10)
    assert refused.value.response.status_code == 422
    detail = json.loads(refused.value.response.body or b"{}")["detail"]
    assert detail[0]["loc"] == ["query", "last_event_id"]
    assert hub_of(server.app).raw_viewers(room.show_id) == 0
