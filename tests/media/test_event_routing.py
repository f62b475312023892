"""Janus's events reach their publisher or viewer through the gateway's and the viewer
registry's tables by handle id, kept in step with attach and detach: with thousands of
viewers and publishers, an event walks none of them (the registries are swapped for ones
that refuse to be walked), an unknown handle's event changes nothing, and a handle's events
stop once its publisher or viewer is gone."""

from __future__ import annotations

import asyncio
from typing import Any, NoReturn

from sqlalchemy.orm import Session, sessionmaker

from crosslive.media.gateway import MediaGateway
from crosslive.media.service import ShowRef
from crosslive.media.tokens import PublishGrant
from crosslive.media.viewers import ViewerRegistry
from crosslive.settings import Settings
from tests.media.conftest import run_async
from tests.media.test_prejoin import FakeJanus, Rooms

MANY = 3000
UNKNOWN_HANDLE = 1


class NoWalking(dict):  # type: ignore[type-arg]
    """A dict that may be looked up and changed, never walked."""

    def _refuse(self, *args: object) -> NoReturn:
        raise AssertionError("an event walked the whole registry")

    __iter__ = values = items = keys = _refuse  # type: ignore[assignment]


def test_viewer_events_go_by_handle_and_stop_when_the_viewer_leaves(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    roomy = settings.model_copy(
        update={
            "media_viewers_per_show": MANY,
            "media_viewers_per_address": MANY,
            "media_prejoined_viewers": 0,
        }
    )

    async def scenario() -> None:
        viewers = ViewerRegistry(Rooms(FakeJanus()), session_factory, roomy)  # type: ignore[arg-type]
        viewers.records.started = lambda *args, **kwargs: None  # type: ignore[method-assign]
        show = ShowRef(show_id=7, seller_id=1)
        ids = [(await viewers.subscribe(show, f"address-{n}")).viewer_id for n in range(MANY)]
        entries = dict(viewers.viewers)
        target = entries[ids[1234]]
        for entry in entries.values():  # long enough on their layer to step down at once
            entry.layers.switched_at -= 60.0
        viewers.viewers = NoWalking(entries)

        viewers.on_event(UNKNOWN_HANDLE, {"janus": "hangup"})
        viewers.on_event(target.handle_id, {"janus": "slowlink"})
        viewers.on_event(target.handle_id, {"janus": "hangup"})

        assert [e.viewer_id for e in entries.values() if e.stale] == [target.viewer_id]
        assert target.layers.layer == roomy.media_start_layer - 1
        others = [e for e in entries.values() if e is not target]
        assert {e.layers.layer for e in others} == {roomy.media_start_layer}

        viewers.viewers = entries
        gone = entries[ids[99]]
        await viewers.leave(gone.viewer_id)
        viewers.on_event(gone.handle_id, {"janus": "hangup"})
        assert gone.stale is False
        other = entries[ids[100]]
        viewers.reset("server_restart")
        viewers.on_event(other.handle_id, {"janus": "hangup"})
        assert other.stale is False

    run_async(scenario)


class FakeClient(FakeJanus):
    """Answers a WHIP publisher's join like Janus: its feed id and an SDP answer."""

    def __init__(self) -> None:
        super().__init__()
        self.lost = asyncio.Event()

    async def request(self, handle_id: int, body: dict[str, Any]) -> dict[str, Any]:
        return {"videoroom": "created", "room": body["room"]}

    async def message(  # type: ignore[override]
        self, handle_id: int, body: dict[str, Any], jsep: dict[str, Any] | None = None
    ) -> tuple[dict[str, Any], dict[str, Any] | None]:
        return {"id": handle_id * 10}, {"type": "answer", "sdp": "v=0"}


def test_publisher_events_go_by_handle_and_stop_when_the_publisher_is_evicted(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    async def scenario() -> None:
        gateway = MediaGateway(
            settings.model_copy(update={"media_prejoined_viewers": 0}), session_factory
        )
        client = FakeClient()
        gateway.client = client  # type: ignore[assignment]
        grants = [PublishGrant(show_id=n, seller_id=1, user_id=n) for n in range(1, MANY + 1)]
        resources = [(await gateway.publish(grant, "v=0\r\nm=audio"))[0] for grant in grants]
        entries = dict(gateway.publishers)
        target = entries[resources[2024]]
        gateway.publishers = NoWalking(entries)

        gateway._on_event(UNKNOWN_HANDLE, {"janus": "webrtcup"})
        gateway._on_event(target.handle_id, {"janus": "media", "type": "video", "receiving": True})
        gateway._on_event(target.handle_id, {"janus": "hangup"})

        assert [e.resource_id for e in entries.values() if e.dead] == [target.resource_id]
        assert [e.resource_id for e in entries.values() if e.receiving] == [target.resource_id]
        assert not any(e.connected for e in entries.values())

        gateway.publishers = entries
        gone = entries[resources[7]]
        await gateway.unpublish(grants[7], gone.resource_id)
        assert client.detached == [gone.handle_id]
        gateway._on_event(gone.handle_id, {"janus": "hangup"})
        assert gone.dead is False
        await gateway.viewers.records.close()

    run_async(scenario)
