"""One public show lookup (shows.service.public_show) behind every viewer route: when two
stores share a show's slug, each route asks for the store instead of guessing or claiming the
show does not exist, and answers normally once it is given."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker
from starlette.websockets import WebSocketDisconnect

from crosslive.db import transaction, utcnow
from crosslive.shows.models import Show, ShowState
from tests.chat.factories import Room, make_other_store

AMBIGUOUS = "several stores have a show 'spring-drop'; add ?store=STORE"


@pytest.fixture
def shared_slug(session_factory: sessionmaker[Session], room: Room) -> None:
    rival = make_other_store(session_factory)
    with transaction(session_factory) as db:
        db.add(
            Show(
                seller_id=rival["seller_id"],
                slug=room.slug,
                title="Rival drop",
                scheduled_at=utcnow(),
                state=ShowState.ENDED,
            )
        )


@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", "/live/spring-drop"),
        ("GET", "/embed/spring-drop"),
        ("GET", "/api/v1/live/spring-drop/events"),
        ("POST", "/api/v1/live/spring-drop/viewers"),
        ("GET", "/api/v1/shows/spring-drop/cart?market=US"),
        ("GET", "/shows/spring-drop/cart?market=US"),
        ("POST", "/api/v1/media/shows/spring-drop/viewers"),
    ],
)
def test_a_shared_slug_needs_the_store_on_every_viewer_route(
    app_client: TestClient, shared_slug: None, method: str, path: str
) -> None:
    body = {"name": "Kim"} if path.endswith("/viewers") else None
    ambiguous = app_client.request(method, path, json=body)
    assert ambiguous.status_code == 409
    assert ambiguous.json() == {"detail": AMBIGUOUS}
    joiner = "&" if "?" in path else "?"
    chosen = app_client.request(method, f"{path}{joiner}store=acme", json=body)
    # acme's show is found: media is off in this app (503), everything else answers.
    assert chosen.status_code in (200, 201, 503)
    if chosen.status_code == 503:
        assert chosen.json() == {"detail": "live video is turned off on this server"}


def test_the_event_socket_refuses_a_shared_slug_without_the_store(
    app_client: TestClient, shared_slug: None
) -> None:
    with (
        pytest.raises(WebSocketDisconnect) as closed,
        app_client.websocket_connect("/live/spring-drop/ws") as ws,
    ):
        ws.receive_json()
    assert closed.value.code == 4404
    with app_client.websocket_connect("/live/spring-drop/ws?store=acme") as ws:
        ws.send_text("ping")


def test_an_ended_show_has_no_video(app_client: TestClient, shared_slug: None) -> None:
    ended = app_client.post("/api/v1/media/shows/spring-drop/viewers?store=rival")
    assert ended.status_code == 404
    assert ended.json() == {"detail": "the show has ended"}
