"""Runs the media gateway for as long as the app runs (when media is enabled)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from crosslive.events.unit import announce_now
from crosslive.media.calls import CallRooms
from crosslive.media.edge_api_local import LocalEdgeApis
from crosslive.media.gateway import MediaGateway
from crosslive.media.regions import NodesChanged, Regions
from crosslive.media.schemas import ShowNodeOut
from crosslive.state import state_of


def media_of(app: Any) -> MediaGateway | None:
    """The app's media gateway; None while live video is turned off (or not yet started)."""
    return state_of(app).find(MediaGateway)


def calls_of(app: Any) -> CallRooms | None:
    """The private rooms of one-to-one video calls; None while live video is turned off."""
    return state_of(app).find(CallRooms)


def regions_of(app: Any) -> Regions | None:
    """The origin and edge nodes; None with one media node (the default)."""
    return state_of(app).find(Regions)


def show_nodes(app: Any, show_id: int) -> list[ShowNodeOut]:
    """Each media node, up or down, with the show's viewers it plays to (the host console);
    none with one media node, whose viewers are all the show's."""
    regions = regions_of(app)
    return regions.show_nodes(show_id) if regions is not None else []


# The show's event: a node its viewers play from went down or came back up (no figures: the
# event log is public; the host console asks for them).
MEDIA_NODES = "media_nodes"


def nodes_announcer(app: Any) -> NodesChanged:
    """What tells the live shows' pages that an edge went down or came back up."""

    async def announce(show_ids: set[int]) -> None:
        for show_id in sorted(show_ids):
            await announce_now(app, show_id, MEDIA_NODES, {})

    return announce


@asynccontextmanager
async def media_lifespan(app: Any) -> AsyncIterator[None]:
    state = state_of(app)
    if not state.settings.media_enabled:
        yield
        return

    # With edge nodes (CROSSLIVE_MEDIA_NODES), every change on the origin goes down to them
    # before the pages hear of it, so viewers who rejoin find it on their edge.
    edges: list[Regions] = []

    async def on_stage(show_id: int, publishers: int, stage: int) -> None:
        for regions in edges:
            await regions.stage_changed(show_id)
        await announce_now(app, show_id, "stage", {"publishers": publishers, "stage": stage})

    async def on_restart(show_ids: set[int], generation: int) -> None:
        # The pages of these shows drop their dead connections and rejoin now (viewers) or
        # publish again (the host console), instead of waiting for ICE to give up.
        for regions in edges:
            await regions.origin_restarted()
        for show_id in sorted(show_ids):
            await announce_now(app, show_id, "media_restart", {"generation": generation})

    media = MediaGateway(state.settings, state.session_factory, on_stage, on_restart)
    await media.start()
    state.provide(MediaGateway, media)
    local_apis: list[LocalEdgeApis] = []
    if state.settings.media_node_specs:
        edges.append(Regions(media, state.settings, state.session_factory, nodes_announcer(app)))
        # The viewer API beside each child edge, listening before the edges' first check.
        local_apis.append(LocalEdgeApis(list(edges[0].edges.values()), state.settings))
        await local_apis[0].start()
        await edges[0].start()
        state.provide(Regions, edges[0])
    # A call's room is on the node of its viewer's region (calls.py), as a show's viewers are.
    state.provide(CallRooms, CallRooms(media, edges[0] if edges else None))
    try:
        yield
    finally:
        for regions in edges:
            state.withdraw(Regions)
            await regions.stop()
        for apis in local_apis:
            await apis.stop()
        state.withdraw(CallRooms)
        state.withdraw(MediaGateway)
        await media.stop()
