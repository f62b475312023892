"""A resume cursor into a show's event log is a non-negative event id; anything else is
refused with 422 and the log is left as it was."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.testclient import WebSocketDenialResponse

from crosslive.events.models import ShowEvent
from tests.chat.factories import Room, viewer_headers


def _say(client: TestClient, room: Room, body: str) -> Any:
    headers = viewer_headers(client, room.slug, "Kim")
    response = client.post(
        f"/api/v1/live/{room.slug}/messages", json={"body": body}, headers=headers
    )
    assert response.status_code == 201, response.text
    return response.json()


@pytest.mark.parametrize("after", ["-1", "abc", "1.5", ""])
def test_history_refuses_a_bad_cursor(
    app_client: TestClient, room: Room, db: Session, after: str
) -> None:
    _say(app_client, room, "hello")
    before = db.scalar(select(func.count(ShowEvent.id)))
    response = app_client.get(f"/api/v1/live/{room.slug}/events", params={"after": after})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "after"]
    assert db.scalar(select(func.count(ShowEvent.id))) == before


def test_history_after_a_good_cursor_lists_only_later_events(
    app_client: TestClient, room: Room
) -> None:
    first = _say(app_client, room, "one")
    second = _say(app_client, room, "two")
    everything = app_client.get(f"/api/v1/live/{room.slug}/events", params={"after": 0}).json()
    later = app_client.get(f"/api/v1/live/{room.slug}/events", params={"after": first["id"]}).json()
    assert [e["id"] for e in everything][-2:] == [first["id"], second["id"]]
    assert [e["id"] for e in later] == [second["id"]]


@pytest.mark.parametrize("cursor", ["-1", "abc", "1e3"])
def test_socket_refuses_a_bad_cursor_before_the_handshake(
    app_client: TestClient, room: Room, db: Session, cursor: str
) -> None:
    _say(app_client, room, "hello")
    before = db.scalar(select(func.count(ShowEvent.id)))
    with (
        pytest.raises(WebSocketDenialResponse) as refused,
        app_client.websocket_connect(f"/live/{room.slug}/ws?last_event_id={cursor}"),
    ):
        pass
    assert refused.value.status_code == 422
    assert refused.value.json()["detail"][0]["loc"] == ["query", "last_event_id"]
    assert db.scalar(select(func.count(ShowEvent.id))) == before
