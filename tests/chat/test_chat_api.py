"""Viewer chat through the API and the WebSocket event log (TestClient: the fallback writer)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.websockets import WebSocketDisconnect

from crosslive.chat.models import ChatMessage, ChatMute
from crosslive.events.models import ShowEvent
from tests.chat.factories import Room, bearer, viewer_headers


def _post(client: TestClient, room: Room, headers: dict[str, str], body: str, **extra: Any) -> Any:
    return client.post(
        f"/api/v1/live/{room.slug}/messages", json={"body": body, **extra}, headers=headers
    )


def _receive_until(ws: Any, kind: str) -> dict[str, Any]:
    while True:
        event: dict[str, Any] = ws.receive_json()
        if event["kind"] == kind:
            return event


def test_message_reaches_a_connected_viewer(app_client: TestClient, room: Room) -> None:
    alice = viewer_headers(app_client, room.slug, "Alice")
    with app_client.websocket_connect(f"/live/{room.slug}/ws") as ws:
        response = _post(app_client, room, alice, "Is the linen pre-washed?", question=True)
        assert response.status_code == 201, response.text
        sent = response.json()
        event = _receive_until(ws, "message")
    assert event == sent
    assert event["data"] == {
        "message_id": event["data"]["message_id"],
        "name": "Alice",
        "body": "Is the linen pre-washed?",
        "staff": False,
        "question": True,
    }


def test_resume_replays_only_what_was_missed(app_client: TestClient, room: Room) -> None:
    bob = viewer_headers(app_client, room.slug, "Bob")
    first = _post(app_client, room, bob, "one").json()
    second = _post(app_client, room, bob, "two").json()
    third = _post(app_client, room, bob, "three").json()
    assert first["id"] < second["id"] < third["id"]
    with app_client.websocket_connect(f"/live/{room.slug}/ws?last_event_id={first['id']}") as ws:
        replayed = [ws.receive_json(), ws.receive_json()]
    assert [e["data"]["body"] for e in replayed] == ["two", "three"]
    assert [e["id"] for e in replayed] == [second["id"], third["id"]]


def test_new_viewer_gets_recent_history(app_client: TestClient, room: Room) -> None:
    carol = viewer_headers(app_client, room.slug, "Carol")
    _post(app_client, room, carol, "hello")
    with app_client.websocket_connect(f"/live/{room.slug}/ws") as ws:
        event = ws.receive_json()
    assert (event["kind"], event["data"]["body"]) == ("message", "hello")


def test_profanity_is_masked_in_several_languages(app_client: TestClient, room: Room) -> None:
    dan = viewer_headers(app_client, room.slug, "Dan")
    english = _post(app_client, room, dan, "this is shit").json()
    german = _post(app_client, room, dan, "so eine Scheiße").json()
    assert english["data"]["body"] == "this is ***"
    assert german["data"]["body"] == "so eine ***"


def test_rate_limit_refuses_and_stores_nothing(
    app_client: TestClient, room: Room, db: Session
) -> None:
    eve = viewer_headers(app_client, room.slug, "Eve")
    for index in range(5):
        assert _post(app_client, room, eve, f"m{index}").status_code == 201
    refused = _post(app_client, room, eve, "one too many")
    assert refused.status_code == 429
    assert refused.json() == {"detail": "slow down: at most 5 messages every 10 seconds"}
    count = db.scalar(select(func.count(ChatMessage.id)).where(ChatMessage.body == "one too many"))
    assert count == 0
    # Another viewer is not limited by Eve's burst.
    assert (
        _post(app_client, room, viewer_headers(app_client, room.slug, "Fay"), "hi").status_code
        == 201
    )


def test_forged_or_missing_viewer_token_is_refused(
    app_client: TestClient, room: Room, db: Session
) -> None:
    token = viewer_headers(app_client, room.slug, "Gus")["X-Viewer-Token"]
    body, _ = token.rsplit(".", 1)
    forged = _post(app_client, room, {"X-Viewer-Token": f"{body}.{'0' * 32}"}, "hi")
    missing = _post(app_client, room, {}, "hi")
    assert (forged.status_code, missing.status_code) == (401, 401)
    assert db.scalar(select(func.count(ChatMessage.id))) == 0


def test_empty_and_overlong_messages_are_refused(app_client: TestClient, room: Room) -> None:
    hal = viewer_headers(app_client, room.slug, "Hal")
    assert _post(app_client, room, hal, "   ").json() == {"detail": "write a message first"}
    assert _post(app_client, room, hal, "x" * 501).json() == {
        "detail": "a message has at most 500 characters"
    }
    korean = _post(app_client, room, {**hal, "Accept-Language": "ko-KR"}, "x" * 501)
    assert korean.json() == {"detail": "메시지는 최대 500자까지 쓸 수 있습니다"}


def test_moderator_deletes_and_the_log_forgets_the_text(
    app_client: TestClient, room: Room, db: Session
) -> None:
    ivy = viewer_headers(app_client, room.slug, "Ivy")
    sent = _post(app_client, room, ivy, "buy cheap pills at spam.example").json()
    mod = bearer(app_client, room.moderator_email)
    message_id = sent["data"]["message_id"]
    with app_client.websocket_connect(f"/live/{room.slug}/ws?last_event_id={sent['id']}") as ws:
        deleted = app_client.delete(f"/api/v1/host/{room.slug}/messages/{message_id}", headers=mod)
        assert deleted.status_code == 200, deleted.text
        event = _receive_until(ws, "message_deleted")
    assert event["data"] == {"message_id": message_id}
    stored = db.get(ShowEvent, sent["id"])
    assert stored is not None and stored.payload == {"message_id": message_id, "deleted": True}
    message = db.get(ChatMessage, message_id)
    assert message is not None and message.body == "" and message.deleted_at is not None


def test_muted_viewer_cannot_write(app_client: TestClient, room: Room, db: Session) -> None:
    jay = viewer_headers(app_client, room.slug, "Jay")
    sent = _post(app_client, room, jay, "spam").json()
    mod = bearer(app_client, room.moderator_email)
    muted = app_client.post(
        f"/api/v1/host/{room.slug}/messages/{sent['data']['message_id']}/mute", headers=mod
    )
    assert muted.status_code == 200, muted.text
    refused = _post(app_client, room, jay, "more spam")
    assert refused.status_code == 403
    assert refused.json() == {"detail": "a moderator muted you in this show"}
    assert db.scalar(select(func.count(ChatMute.id))) == 1
    assert db.scalar(select(func.count(ChatMessage.id))) == 1


def test_unknown_show_socket_is_closed(app_client: TestClient, room: Room) -> None:
    with (
        pytest.raises(WebSocketDisconnect) as closed,
        app_client.websocket_connect("/live/nope/ws"),
    ):
        pass
    assert closed.value.code == 4404
