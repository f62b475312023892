"""A viewer on stage: the host's invitation reaches only that viewer, the one-time pass is
bound to the show and the viewer, spent by one publish, expires, and dies when the host
removes the viewer, the viewer leaves or the show ends."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction, utcnow
from crosslive.errors import Conflict, NotAuthenticated
from crosslive.media import stage, tokens
from crosslive.media.gateway import MediaGateway, PublisherEntry
from crosslive.media.models import StageInvitation
from crosslive.settings import Settings
from crosslive.shows.models import Show, ShowState
from crosslive.viewers import read
from tests.chat.factories import Room, bearer, viewer_headers


def _live(factory: sessionmaker[Session], room: Room) -> None:
    with transaction(factory) as db:
        show = db.get(Show, room.show_id)
        assert show is not None
        show.state = ShowState.LIVE


def _say(client: TestClient, room: Room, name: str) -> tuple[dict[str, str], int]:
    """A viewer joins the chat as NAME and writes; their headers and the message id."""
    headers = viewer_headers(client, room.slug, name)
    sent = client.post(
        f"/api/v1/live/{room.slug}/messages", json={"body": "can I show mine?"}, headers=headers
    )
    assert sent.status_code == 201, sent.text
    return headers, int(sent.json()["data"]["message_id"])


def _viewer_id(settings: Settings, headers: dict[str, str]) -> str:
    return read(settings.signing_key(), headers["X-Viewer-Token"]).id


@pytest.fixture
def invited(
    app_client: TestClient, room: Room, session_factory: sessionmaker[Session]
) -> tuple[dict[str, str], dict[str, str], int]:
    """The host invited Ana; (host headers, Ana's headers, the invitation id)."""
    _live(session_factory, room)
    host = bearer(app_client, room.host_email)
    ana, message_id = _say(app_client, room, "Ana")
    with app_client.websocket_connect(f"/live/{room.slug}/ws") as ws:
        response = app_client.post(
            f"/api/v1/host/{room.slug}/stage/invite", json={"message_id": message_id}, headers=host
        )
        assert response.status_code == 200, response.text
        while (event := ws.receive_json())["kind"] != "stage_invited":
            pass
    return host, ana, int(event["data"]["invitation_id"])


def _accept(client: TestClient, room: Room, invitation: int, headers: dict[str, str]) -> str:
    response = client.post(f"/api/v1/live/{room.slug}/stage/{invitation}/accept", headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["whip_url"] == f"/whip/{room.slug}"
    return str(body["token"])


def test_invitation_is_addressed_to_that_viewer_only(
    app_client: TestClient,
    room: Room,
    settings: Settings,
    db: Session,
    invited: tuple[dict[str, str], dict[str, str], int],
) -> None:
    _, ana, invitation = invited
    row = db.get(StageInvitation, invitation)
    assert row is not None
    assert row.viewer_id == _viewer_id(settings, ana)
    bob, _ = _say(app_client, room, "Bob")
    taken = app_client.post(f"/api/v1/live/{room.slug}/stage/{invitation}/accept", headers=bob)
    assert taken.status_code == 404
    assert stage.tag(row.viewer_id) != stage.tag(_viewer_id(settings, bob))
    assert _accept(app_client, room, invitation, ana).startswith(stage.PASS_PREFIX)
    again = app_client.post(f"/api/v1/live/{room.slug}/stage/{invitation}/accept", headers=ana)
    assert again.status_code == 409


def test_the_pass_is_single_use_and_bound_to_show_and_viewer(
    app_client: TestClient,
    room: Room,
    settings: Settings,
    db: Session,
    invited: tuple[dict[str, str], dict[str, str], int],
) -> None:
    _, ana, invitation = invited
    token = _accept(app_client, room, invitation, ana)
    ana_id = _viewer_id(settings, ana)
    bob_id = _viewer_id(settings, _say(app_client, room, "Bob")[0])
    with pytest.raises(NotAuthenticated):
        tokens.authorize_stage(db, room.slug, token, bob_id, publish=True)
    with pytest.raises(NotAuthenticated):
        tokens.authorize_stage(db, room.slug, token, None, publish=True)
    with pytest.raises(NotAuthenticated):  # not published yet: nothing to check or end
        tokens.authorize_stage(db, room.slug, token, ana_id, publish=False)
    grant = tokens.authorize_stage(db, room.slug, token, ana_id, publish=True)
    assert (grant.show_id, grant.user_id, grant.viewer_id) == (room.show_id, 0, ana_id)
    with pytest.raises(NotAuthenticated):  # spent
        tokens.authorize_stage(db, room.slug, token, ana_id, publish=True)
    assert tokens.authorize_stage(db, room.slug, token, ana_id, publish=False) == grant
    with pytest.raises(NotAuthenticated):  # a host's publish token check knows nothing of it
        tokens.authorize_publisher(db, room.slug, token)


def test_the_pass_expires_unused(
    app_client: TestClient,
    room: Room,
    settings: Settings,
    db: Session,
    invited: tuple[dict[str, str], dict[str, str], int],
) -> None:
    _, ana, invitation = invited
    token = _accept(app_client, room, invitation, ana)
    show = db.get(Show, room.show_id)
    assert show is not None
    later = utcnow() + stage.PASS_TTL + timedelta(seconds=1)
    with pytest.raises(NotAuthenticated):
        stage.authorize(db, show, token, _viewer_id(settings, ana), publish=True, now=later)


def test_an_invitation_expires_unanswered(
    app_client: TestClient,
    room: Room,
    settings: Settings,
    db: Session,
    invited: tuple[dict[str, str], dict[str, str], int],
) -> None:
    _, ana, invitation = invited
    show = db.get(Show, room.show_id)
    assert show is not None
    later = utcnow() + stage.INVITE_TTL + timedelta(seconds=1)
    with pytest.raises(Conflict):
        stage.accept(db, show, _viewer_id(settings, ana), invitation, now=later)


def test_no_publish_without_a_pass(app_client: TestClient, room: Room, db: Session) -> None:
    with pytest.raises(NotAuthenticated):
        tokens.authorize_stage(db, room.slug, "stage_made-up", "anyone", publish=True)
    refused = app_client.post(
        f"/whip/{room.slug}", content="v=0\r\nm=video", headers={"Content-Type": "application/sdp"}
    )
    assert refused.status_code in {401, 503}  # no token; or no media server in this test


def test_removed_or_left_kills_the_pass(
    app_client: TestClient,
    room: Room,
    settings: Settings,
    db: Session,
    invited: tuple[dict[str, str], dict[str, str], int],
) -> None:
    host, ana, invitation = invited
    token = _accept(app_client, room, invitation, ana)
    ana_id = _viewer_id(settings, ana)
    tokens.authorize_stage(db, room.slug, token, ana_id, publish=True)
    db.commit()
    listed = app_client.get(f"/api/v1/host/{room.slug}/stage", headers=host).json()
    assert listed == [{"invitation_id": invitation, "name": "Ana", "state": "on_stage"}]
    # Someone is on stage: another invitation must wait until they are removed.
    bob, bob_message = _say(app_client, room, "Bob")
    busy = app_client.post(
        f"/api/v1/host/{room.slug}/stage/invite", json={"message_id": bob_message}, headers=host
    )
    assert busy.status_code == 409
    assert (
        app_client.post(f"/api/v1/host/{room.slug}/stage/remove", headers=host).status_code == 204
    )
    db.expire_all()
    with pytest.raises(NotAuthenticated):
        tokens.authorize_stage(db, room.slug, token, ana_id, publish=False)
    row = db.get(StageInvitation, invitation)
    assert row is not None and row.end_reason == "removed"
    # Bob is invited next, and declines.
    again = app_client.post(
        f"/api/v1/host/{room.slug}/stage/invite", json={"message_id": bob_message}, headers=host
    )
    assert again.status_code == 200
    left = app_client.post(f"/api/v1/live/{room.slug}/stage/leave", headers=bob)
    assert left.status_code == 204
    db.expire_all()
    reasons = db.scalars(select(StageInvitation.end_reason).order_by(StageInvitation.id)).all()
    assert reasons == ["removed", "left"]


def test_the_show_ending_ends_the_stage(
    app_client: TestClient,
    room: Room,
    settings: Settings,
    db: Session,
    invited: tuple[dict[str, str], dict[str, str], int],
) -> None:
    host, ana, invitation = invited
    token = _accept(app_client, room, invitation, ana)
    assert app_client.post(f"/api/v1/host/{room.slug}/end", headers=host).status_code == 200
    db.expire_all()
    with pytest.raises(NotAuthenticated):
        tokens.authorize_stage(db, room.slug, token, _viewer_id(settings, ana), publish=True)
    row = db.get(StageInvitation, invitation)
    assert row is not None and row.end_reason == "show_ended"


def test_only_the_shows_hosts_invite_and_invitations_are_rate_limited(
    app_client: TestClient, room: Room, session_factory: sessionmaker[Session]
) -> None:
    _live(session_factory, room)
    _, message_id = _say(app_client, room, "Ana")
    url = f"/api/v1/host/{room.slug}/stage/invite"
    body = {"message_id": message_id}
    for email in (room.moderator_email, room.other_host_email):
        refused = app_client.post(url, json=body, headers=bearer(app_client, email))
        assert refused.status_code == 403
    assert app_client.post(url, json=body).status_code == 401
    host = bearer(app_client, room.host_email)
    codes = [app_client.post(url, json=body, headers=host).status_code for _ in range(8)]
    assert 429 in codes and codes[0] == 200


def test_removal_evicts_the_viewers_publisher_at_once(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    gateway = MediaGateway(settings, session_factory)

    def entry(resource: str, user_id: int, viewer_id: str) -> PublisherEntry:
        made = PublisherEntry(resource, 7, user_id, 0, 1, time.monotonic(), viewer_id=viewer_id)
        gateway.publishers[resource] = made
        return made

    entry("host", 3, "")
    entry("guest", 0, "ana")
    assert asyncio.run(gateway.evict_viewer(7, "ana")) == 1
    assert [p.resource_id for p in gateway.show_publishers(7)] == ["host"]
    assert asyncio.run(gateway.evict_viewer(7, "")) == 0
