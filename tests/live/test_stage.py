"""A viewer on stage: the host's invitation reaches only that viewer, the one-time pass is
bound to the show and the viewer, spent by one publish, expires, and dies when the host
removes the viewer, the viewer leaves or the show ends."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Invited:
    """The host invited Ana in a live show: the client, the room, the host's and Ana's
    headers and the invitation id."""

    client: TestClient
    room: Room
    settings: Settings
    host: dict[str, str]
    ana: dict[str, str]
    invitation: int

    @property
    def ana_id(self) -> str:
        return _viewer_id(self.settings, self.ana)

    @property
    def accept_url(self) -> str:
        return f"/api/v1/live/{self.room.slug}/stage/{self.invitation}/accept"

    def accept(self, headers: dict[str, str] | None = None) -> int:
        """Accept the invitation as HEADERS (Ana by default); the status code."""
        return self.client.post(self.accept_url, headers=headers or self.ana).status_code

    def accepted(self) -> str:
        """Ana accepts; her one-time pass."""
        response = self.client.post(self.accept_url, headers=self.ana)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["whip_url"] == f"/whip/{self.room.slug}"
        return str(body["token"])

    def show(self, db: Session) -> Show:
        show = db.get(Show, self.room.show_id)
        assert show is not None
        return show

    def ended(self, db: Session, reason: str) -> None:
        """The invitation's row says it ended for REASON."""
        row = db.get(StageInvitation, self.invitation)
        assert row is not None and row.end_reason == reason


@pytest.fixture
def invited(
    app_client: TestClient, room: Room, settings: Settings, session_factory: sessionmaker[Session]
) -> Invited:
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
    return Invited(app_client, room, settings, host, ana, int(event["data"]["invitation_id"]))


def test_invitation_is_addressed_to_that_viewer_only(invited: Invited, db: Session) -> None:
    row = db.get(StageInvitation, invited.invitation)
    assert row is not None
    assert row.viewer_id == invited.ana_id
    bob, _ = _say(invited.client, invited.room, "Bob")
    assert invited.accept(bob) == 404
    assert stage.tag(row.viewer_id) != stage.tag(_viewer_id(invited.settings, bob))
    assert invited.accepted().startswith(stage.PASS_PREFIX)
    assert invited.accept() == 409


def test_the_pass_is_single_use_and_bound_to_show_and_viewer(invited: Invited, db: Session) -> None:
    room, token, ana_id = invited.room, invited.accepted(), invited.ana_id
    bob_id = _viewer_id(invited.settings, _say(invited.client, room, "Bob")[0])
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


def test_the_pass_expires_unused(invited: Invited, db: Session) -> None:
    token = invited.accepted()
    later = utcnow() + stage.PASS_TTL + timedelta(seconds=1)
    with pytest.raises(NotAuthenticated):
        stage.authorize(db, invited.show(db), token, invited.ana_id, publish=True, now=later)


def test_an_invitation_expires_unanswered(invited: Invited, db: Session) -> None:
    later = utcnow() + stage.INVITE_TTL + timedelta(seconds=1)
    with pytest.raises(Conflict):
        stage.accept(db, invited.show(db), invited.ana_id, invited.invitation, now=later)


def test_no_publish_without_a_pass(app_client: TestClient, room: Room, db: Session) -> None:
    with pytest.raises(NotAuthenticated):
        tokens.authorize_stage(db, room.slug, "stage_made-up", "anyone", publish=True)
    refused = app_client.post(
        f"/whip/{room.slug}", content="v=0\r\nm=video", headers={"Content-Type": "application/sdp"}
    )
    assert refused.status_code in {401, 503}  # no token; or no media server in this test


def test_removed_or_left_kills_the_pass(invited: Invited, db: Session) -> None:
    client, room, host = invited.client, invited.room, invited.host
    token, ana_id = invited.accepted(), invited.ana_id
    tokens.authorize_stage(db, room.slug, token, ana_id, publish=True)
    db.commit()
    listed = client.get(f"/api/v1/host/{room.slug}/stage", headers=host).json()
    assert listed == [{"invitation_id": invited.invitation, "name": "Ana", "state": "on_stage"}]
    # Someone is on stage: another invitation must wait until they are removed.
    bob, bob_message = _say(client, room, "Bob")
    invite_url = f"/api/v1/host/{room.slug}/stage/invite"
    busy = client.post(invite_url, json={"message_id": bob_message}, headers=host)
    assert busy.status_code == 409
    assert client.post(f"/api/v1/host/{room.slug}/stage/remove", headers=host).status_code == 204
    db.expire_all()
    with pytest.raises(NotAuthenticated):
        tokens.authorize_stage(db, room.slug, token, ana_id, publish=False)
    invited.ended(db, "removed")
    # Bob is invited next, and declines.
    again = client.post(invite_url, json={"message_id": bob_message}, headers=host)
    assert again.status_code == 200
    left = client.post(f"/api/v1/live/{room.slug}/stage/leave", headers=bob)
    assert left.status_code == 204
    db.expire_all()
    reasons = db.scalars(select(StageInvitation.end_reason).order_by(StageInvitation.id)).all()
    assert reasons == ["removed", "left"]


def test_the_show_ending_ends_the_stage(invited: Invited, db: Session) -> None:
    room, token = invited.room, invited.accepted()
    ended = invited.client.post(f"/api/v1/host/{room.slug}/end", headers=invited.host)
    assert ended.status_code == 200
    db.expire_all()
    with pytest.raises(NotAuthenticated):
        tokens.authorize_stage(db, room.slug, token, invited.ana_id, publish=True)
    invited.ended(db, "show_ended")


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
