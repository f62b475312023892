"""Where a one-to-one call's room lives, with stand-ins for each node's Janus: on the node of
the viewer's region, both sides publishing and watching there; on the next node up while
that node is down at the first join; and when it goes down or restarts mid-call, both sides
are told to join again and meet on the fallback node."""

from __future__ import annotations

import asyncio

from sqlalchemy.orm import Session, sessionmaker

from crosslive.media.calls import CALL_ROOM_BASE, CallRooms
from crosslive.settings import Settings
from tests.media.fake_nodes import OFFER, FakeOrigin, janus_of, nodes_with

CALL = 9
ROOM = CALL_ROOM_BASE + CALL


def test_a_call_of_a_viewer_in_eu_is_held_on_eus_janus_for_both_sides(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    regions, calls = nodes_with(settings, session_factory)
    eu = janus_of(regions, "eu")

    async def scenario() -> None:
        # The host (next to the origin) joins first: the room still goes to the viewer's node.
        assert await calls.publish(CALL, "host", OFFER, "eu") == "answer from eu"
        assert await calls.publish(CALL, "viewer", OFFER, "eu") == "answer from eu"
        assert (await calls.watch(CALL, "viewer"))[1] == "offer from eu"
        resource, offer = await calls.watch(CALL, "host")
        assert offer == "offer from eu"
        await calls.answer(CALL, "host", resource, "v=0 answer")
        assert calls.placed(CALL) == "eu"
        assert calls.joined(CALL, "host") == (True, True)
        assert calls.joined(CALL, "viewer") == (True, True)
        await calls.close(CALL)

    asyncio.run(scenario())
    [created] = eu.asked("create")
    assert (created["room"], created["record"], created["is_private"]) == (ROOM, False, True)
    assert [(r["display"], r["room"]) for r in eu.asked("joinandconfigure")] == [
        ("host", ROOM),
        ("viewer", ROOM),
    ]
    assert [r["room"] for r in eu.asked("join")] == [ROOM, ROOM]
    assert len(eu.asked("start")) == 1
    assert [r["room"] for r in eu.asked("destroy")] == [ROOM]
    assert eu.handles == set()  # both publishers and both watchers detached
    # Nothing of the call went anywhere else.
    assert janus_of(regions, "origin").requests == []
    assert janus_of(regions, "us").requests == []


def test_a_call_whose_region_is_down_at_the_first_join_goes_up_to_the_origin(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    regions, calls = nodes_with(settings, session_factory)
    regions.edges["eu"].up = False
    us = janus_of(regions, "us")
    us.refuse.add("create")  # marked up, but its Janus no longer answers

    async def scenario() -> None:
        assert await calls.publish(CALL, "host", OFFER, "eu") == "answer from origin"
        assert await calls.publish(CALL, "viewer", OFFER, "eu") == "answer from origin"
        assert calls.placed(CALL) == "origin"
        # The node is kept for the call: eu coming back does not split the two sides.
        regions.edges["eu"].up = True
        assert (await calls.watch(CALL, "viewer"))[1] == "offer from origin"
        assert calls.placed(CALL) == "origin"
        # A second call from a region whose node fails when asked also lands on the origin.
        assert await calls.publish(CALL + 1, "viewer", OFFER, "us") == "answer from origin"

    asyncio.run(scenario())
    assert janus_of(regions, "eu").requests == []
    assert [r["room"] for r in us.asked("create")] == [ROOM + 1]
    assert [r["room"] for r in janus_of(regions, "origin").asked("create")] == [ROOM, ROOM + 1]
    # A region nobody configured any more is the origin's.
    assert regions.call_nodes("mars") == ["origin"]


def test_when_the_calls_node_goes_down_both_sides_are_told_and_meet_on_the_fallback(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    regions, calls = nodes_with(settings, session_factory)
    eu, origin = janus_of(regions, "eu"), janus_of(regions, "origin")

    async def scenario() -> None:
        await calls.publish(CALL, "host", OFFER, "eu")
        await calls.publish(CALL, "viewer", OFFER, "eu")
        regions.edges["eu"].up = False  # the health check marked it down
        assert calls.joined(CALL, "host") == calls.joined(CALL, "viewer") == (False, False)
        assert calls.placed(CALL) == ""  # between rooms until a side joins again
        # The viewer joins again first: the room opens on the next node up.
        assert await calls.publish(CALL, "viewer", OFFER, "eu") == "answer from origin"
        assert calls.joined(CALL, "viewer") == (True, False)
        assert calls.joined(CALL, "host") == (False, False)  # still on the dead node's room
        assert await calls.publish(CALL, "host", OFFER, "eu") == "answer from origin"
        assert (await calls.watch(CALL, "host"))[1] == "offer from origin"
        assert calls.joined(CALL, "host") == (True, True)
        assert calls.placed(CALL) == "origin"
        # eu answers again before the call ends: the room the call left there goes too.
        regions.edges["eu"].up = True
        await calls.close(CALL)

    asyncio.run(scenario())
    assert [r["room"] for r in eu.asked("create")] == [ROOM]
    assert [r["room"] for r in origin.asked("create")] == [ROOM]
    assert [r["display"] for r in origin.asked("joinandconfigure")] == ["viewer", "host"]
    assert [r["room"] for r in origin.asked("destroy")] == [ROOM]
    assert [r["room"] for r in eu.asked("destroy")] == [ROOM]


def test_a_restart_of_the_calls_edge_moves_the_call_and_a_down_edge_is_not_waited_for(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    regions, calls = nodes_with(settings, session_factory)
    us, origin = janus_of(regions, "us"), janus_of(regions, "origin")

    async def scenario() -> None:
        await calls.publish(CALL, "host", OFFER, "us")
        await calls.publish(CALL, "viewer", OFFER, "us")
        # The edge's Janus restarted (a new session, a new generation): its rooms are gone.
        regions.edges["us"].generation += 1
        assert calls.joined(CALL, "host") == calls.joined(CALL, "viewer") == (False, False)
        # It is up again, so the call's room opens there again.
        assert await calls.publish(CALL, "host", OFFER, "us") == "answer from us"
        assert await calls.publish(CALL, "viewer", OFFER, "us") == "answer from us"
        assert calls.joined(CALL, "viewer")[0] is True
        # Then it goes down for good: the call moves to the origin and ends there.
        regions.edges["us"].up = False
        await calls.publish(CALL, "viewer", OFFER, "us")
        await calls.close(CALL)
        assert calls.rooms == {} and calls.left == {}

    asyncio.run(scenario())
    assert [r["room"] for r in us.asked("create")] == [ROOM, ROOM]
    assert us.asked("destroy") == []  # the down edge was not asked
    assert [r["room"] for r in origin.asked("destroy")] == [ROOM]


def test_with_one_node_a_janus_restart_has_both_sides_join_again_on_the_fresh_janus() -> None:
    origin = FakeOrigin()
    calls = CallRooms(origin)  # type: ignore[arg-type]

    async def scenario() -> None:
        await calls.publish(CALL, "host", OFFER)
        await calls.publish(CALL, "viewer", OFFER)
        assert calls.placed(CALL) == "origin" and calls.joined(CALL, "host")[0] is True
        origin.generation += 1  # a fresh Janus: the room and both handles are gone
        assert calls.joined(CALL, "host") == calls.joined(CALL, "viewer") == (False, False)
        assert calls.publishing(CALL) == []
        assert await calls.publish(CALL, "viewer", OFFER) == "answer from origin"
        assert calls.joined(CALL, "host") == (False, False)
        assert calls.joined(CALL, "viewer") == (True, False)
        await calls.close(CALL)

    asyncio.run(scenario())
    assert [r["room"] for r in origin.client.asked("create")] == [ROOM, ROOM]
    assert [r["room"] for r in origin.client.asked("destroy")] == [ROOM]
