"""The host console's media nodes, with stand-ins for each node's Janus: per node (origin, eu,
us), whether it is up and how many of the show's viewers it plays to now, counted from the
seats of the viewer sessions the app hands to it; an edge going down or back up is told to the
show's event log, and the console says "down" in its own language."""

from __future__ import annotations

import asyncio
import re
from html import unescape
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction, utcnow
from crosslive.media.gateway import MediaGateway
from crosslive.media.lifespan import MEDIA_NODES, nodes_announcer
from crosslive.media.regions import Regions
from crosslive.media.service import ShowRef
from crosslive.media.viewers import ViewerRegistry
from crosslive.settings import Settings
from crosslive.shows.models import Show
from crosslive.state import state_of
from tests.chat.factories import Room, bearer
from tests.factories import page_login
from tests.media.fake_nodes import FakeOrigin, FakePublisher, janus_of, nodes_with

CHINESE = {"Accept-Language": "zh-CN,zh;q=0.9"}


def _counts(regions: Regions, show_id: int) -> list[tuple[str, bool, int]]:
    return [(n.name, n.up, n.viewers) for n in regions.show_nodes(show_id)]


def _other_show(session_factory: sessionmaker[Session], room: Room) -> int:
    with transaction(session_factory) as db:
        show = Show(seller_id=room.seller_id, slug="summer", title="Summer", scheduled_at=utcnow())
        db.add(show)
        db.flush()
        return show.id


async def _answers() -> bool:
    return True


def test_each_node_counts_the_viewers_it_plays_to_per_show_and_says_when_it_is_down(
    settings: Settings, session_factory: sessionmaker[Session], room: Room
) -> None:
    show, other = room.show_id, _other_show(session_factory, room)
    regions, _ = nodes_with(settings, session_factory)
    origin = regions.origin
    assert isinstance(origin, FakeOrigin)
    heard: list[set[int]] = []

    async def on_change(show_ids: set[int]) -> None:
        heard.append(show_ids)

    regions.on_change = on_change

    async def watch(home: str, show_id: int, address: str) -> tuple[ViewerRegistry, str]:
        node, registry = regions.serving(home, show_id)
        assert node == home
        sub = await registry.subscribe(ShowRef(show_id, room.seller_id), address)
        return registry, sub.viewer_id

    async def scenario() -> None:
        origin.publishers["host"] = FakePublisher(feed_id=5, show_id=show)
        origin.publishers["other"] = FakePublisher(feed_id=8, show_id=other)
        await regions.stage_changed(show)
        await regions.stage_changed(other)
        assert heard == []  # forwarded to every edge: nothing went down
        eu, first = await watch("eu", show, "10.0.0.1")
        await watch("eu", show, "10.0.0.2")
        await watch("us", show, "10.0.0.3")
        await watch("origin", show, "10.0.0.4")
        await watch("eu", other, "10.0.0.5")
        assert _counts(regions, show) == [("origin", True, 1), ("eu", True, 2), ("us", True, 1)]
        assert _counts(regions, other) == [("origin", True, 0), ("eu", True, 1), ("us", True, 0)]
        await eu.leave(first)
        assert _counts(regions, show)[1] == ("eu", True, 1)

        # eu refuses a co-host's forward: it is down, and every live show is told so.
        janus_of(regions, "eu").refuse.add("add_remote_publisher")
        origin.publishers["cohost"] = FakePublisher(feed_id=6, show_id=show)
        await regions.stage_changed(show)
        assert heard == [{show, other}]
        # Its viewer still holds a seat there until they have moved to another node.
        assert _counts(regions, show) == [("origin", True, 1), ("eu", False, 1), ("us", True, 1)]
        await regions.stage_changed(show)
        assert len(heard) == 1  # still down: nothing new to tell

        # Its Janus answers and takes the show again: up, and told so.
        janus_of(regions, "eu").refuse.clear()
        for edge in regions.edges.values():
            edge.supervisor = None  # run elsewhere: the health check asks its Janus
            edge.answers = _answers  # type: ignore[method-assign]
        await regions.check_once()
        assert heard == [{show, other}, {show, other}]
        assert [n.up for n in regions.show_nodes(show)] == [True, True, True]

        # The origin's Janus session is lost (it restarts): the origin is down.
        origin.client.lost.set()
        assert _counts(regions, show)[0] == ("origin", False, 1)
        status = {node["name"]: node for node in regions.status()}
        assert status["origin"]["up"] is False and status["origin"]["reason"]
        for registry in [origin.viewers, *(e.viewers for e in regions.edges.values())]:
            assert registry is not None
            await registry.records.flush()

    asyncio.run(scenario())


def _receive_until(ws: Any, kind: str) -> dict[str, Any]:
    while True:
        event: dict[str, Any] = ws.receive_json()
        if event["kind"] == kind:
            return event


def _node_box(page: str, name: str) -> str:
    match = re.search(rf'<div class="counter[^"]*" data-node="{name}">.*?</div>', page, re.S)
    assert match, f"no node {name} on the console"
    return match.group(0)


def _join(client: TestClient, slug: str, region: str) -> str:
    query = f"?region={region}" if region else ""
    joined = client.post(f"/api/v1/media/shows/{slug}/viewers{query}")
    assert joined.status_code == 201, joined.text
    assert joined.json()["node"] == (region or "origin")
    viewer_id: str = joined.json()["viewer_id"]
    return viewer_id


def test_the_console_shows_each_nodes_viewers_and_a_down_node_in_its_language(
    app_client: TestClient,
    settings: Settings,
    session_factory: sessionmaker[Session],
    room: Room,
) -> None:
    page_login(app_client, room.host_email)
    assert "data-node=" not in app_client.get(f"/host/{room.slug}").text  # one media node
    regions, _ = nodes_with(settings, session_factory)
    origin = regions.origin
    assert isinstance(origin, FakeOrigin)
    regions.on_change = nodes_announcer(app_client.app)
    state = state_of(app_client.app)
    state.provide(MediaGateway, origin)  # type: ignore[arg-type]
    state.provide(Regions, regions)
    origin.publishers["host"] = FakePublisher(feed_id=5, show_id=room.show_id)
    app_client.portal.call(regions.stage_changed, room.show_id)  # type: ignore[union-attr]

    gone = _join(app_client, room.slug, "eu")
    for region in ("eu", "us", ""):
        _join(app_client, room.slug, region)
    left = app_client.delete(f"/api/v1/media/viewers/{gone}")
    assert left.status_code == 204
    host = bearer(app_client, room.host_email)
    counters = app_client.get(f"/api/v1/host/{room.slug}/counters", headers=host)
    assert counters.status_code == 200, counters.text
    assert counters.json()["nodes"] == [
        {"name": "origin", "role": "origin", "up": True, "viewers": 1},
        {"name": "eu", "role": "edge", "up": True, "viewers": 1},
        {"name": "us", "role": "edge", "up": True, "viewers": 1},
    ]

    # eu cannot take a co-host's forward: down, and the show's event log says so at once.
    janus_of(regions, "eu").refuse.add("add_remote_publisher")
    origin.publishers["cohost"] = FakePublisher(feed_id=6, show_id=room.show_id)
    with app_client.websocket_connect(f"/live/{room.slug}/ws") as ws:
        app_client.portal.call(regions.stage_changed, room.show_id)  # type: ignore[union-attr]
        event = _receive_until(ws, MEDIA_NODES)
    assert event["data"] == {}  # the event log is public: the console asks for the figures
    nodes = app_client.get(f"/api/v1/host/{room.slug}/counters", headers=host).json()["nodes"]
    assert [(n["name"], n["up"]) for n in nodes] == [("origin", True), ("eu", False), ("us", True)]

    page = unescape(app_client.get(f"/host/{room.slug}", headers=CHINESE).text)
    eu, us, top = (_node_box(page, name) for name in ("eu", "us", "origin"))
    assert "is-down" in eu and "边缘节点 eu" in eu and ">不可用<" in eu and ">1<" in eu
    assert "is-down" not in us and "边缘节点 us" in us and ">正常<" in us and ">1<" in us
    assert "源站" in top and ">正常<" in top and ">1<" in top
    assert '"down": "不可用"' in page  # for the console's refresh (host.js)
    english = _node_box(app_client.get(f"/host/{room.slug}").text, "eu")
    assert ">down<" in english and "Edge eu" in english
