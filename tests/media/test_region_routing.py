"""Which node a viewer is sent to, and what marks an edge down, with stand-ins for Janus:
a region's edge while it is up and has the whole show, else the origin; an edge whose Janus
refuses the forwarded publisher is down and gets nobody."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.orm import Session, sessionmaker

from crosslive.errors import NotFound
from crosslive.media.regions import Regions
from crosslive.settings import Settings
from tests.media.fake_nodes import FakeOrigin, FakePublisher, janus_of, nodes_with

SHOW = 7


def regions_with(
    settings: Settings, session_factory: sessionmaker[Session]
) -> tuple[Regions, FakeOrigin]:
    """An origin and the edges eu and us, all up; a market (jp-market) sent to us."""
    regions, _ = nodes_with(settings, session_factory, "DE=eu, US=us, jp-market=us")
    assert isinstance(regions.origin, FakeOrigin)
    return regions, regions.origin


def test_a_viewer_goes_to_their_regions_edge_or_the_origin(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    regions, origin = regions_with(settings, session_factory)
    assert regions.home_of(country="de") == "eu"
    assert regions.home_of(market="JP-MARKET", country="DE") == "us"  # the market comes first
    assert regions.home_of(region="us", country="DE") == "us"  # asked outright
    assert regions.home_of(country="BR") == "origin"
    # Without a country, the browser's languages say where the viewer is.
    assert regions.home_of(languages="en-US,en;q=0.9") == "us"
    assert regions.home_of(languages="de, de-DE;q=0.8") == "eu"
    assert regions.home_of(country="BR", languages="de-DE") == "origin"
    assert regions.home_of(languages="fr") == "origin"
    with pytest.raises(NotFound):
        regions.home_of(region="mars")

    async def scenario() -> None:
        origin.publishers["host"] = FakePublisher(feed_id=5, show_id=SHOW)
        # Not forwarded yet: the edge does not have the show, so the origin serves.
        assert regions.serving("eu", SHOW)[0] == "origin"
        await regions.stage_changed(SHOW)
        assert regions.serving("eu", SHOW)[0] == "eu"
        assert regions.serving("us", SHOW)[0] == "us"
        [sent] = [r for r in origin.client.requests if r["request"] == "publish_remotely"][:1]
        assert sent["publisher_id"] == 5 and sent["secret"] == "secret-7"
        # A co-host from the RTMP ingest cannot be forwarded: the whole show plays from the
        # origin rather than without its co-host.
        origin.publishers["obs"] = FakePublisher(feed_id=6, show_id=SHOW, rtp=True)
        await regions.stage_changed(SHOW)
        assert regions.serving("eu", SHOW)[0] == "origin"
        del origin.publishers["obs"]
        await regions.stage_changed(SHOW)
        assert regions.serving("eu", SHOW)[0] == "eu"
        # The host leaves: the edges let go of the show.
        del origin.publishers["host"]
        await regions.stage_changed(SHOW)
        assert not regions.edges["eu"].forwards and not regions.edges["us"].forwards

    asyncio.run(scenario())


def test_an_edge_that_cannot_take_the_show_is_marked_down_and_gets_no_viewers(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    regions, origin = regions_with(settings, session_factory)
    janus_of(regions, "eu").refuse.add("add_remote_publisher")

    async def scenario() -> None:
        origin.publishers["host"] = FakePublisher(feed_id=5, show_id=SHOW)
        await regions.stage_changed(SHOW)
        eu = regions.edges["eu"]
        assert not eu.up and eu.reason.startswith("forwarding to it failed")
        assert regions.serving("eu", SHOW)[0] == "origin"
        assert regions.serving("us", SHOW)[0] == "us"  # the other edge is fine
        status = {node["name"]: node for node in regions.status()}
        assert status["eu"]["up"] is False and status["us"]["shows"] == [SHOW]
        # Nothing is sent to the down edge any more.
        before = len(origin.client.requests)
        await regions.stage_changed(SHOW)
        assert len(origin.client.requests) == before

    asyncio.run(scenario())
