"""Media routes: WHIP publishing (RFC 9725) and the viewer server-offer playback API."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy.orm import Session

from crosslive.auth.deps import CurrentStaff
from crosslive.auth.models import StaffUser
from crosslive.db import run_in_transaction
from crosslive.deps import SessionDep, client_ip, enforce
from crosslive.errors import Conflict, InvalidInput, NotAuthenticated, NotFound
from crosslive.ids import PathId
from crosslive.media import service, stage, tokens
from crosslive.media.admission import joins_limit
from crosslive.media.errors import MediaUnavailable
from crosslive.media.gateway import MediaGateway
from crosslive.media.lifespan import media_of, regions_of
from crosslive.media.publishers.rtmp_ingests import APP as RTMP_APP
from crosslive.media.publishers.rtmp_ingests import Ingest, NoFreePort, RtmpIngests
from crosslive.media.quality import PlaybackReport
from crosslive.media.schemas import (
    Candidates,
    LayerAdvice,
    MediaNodeOut,
    PublisherOut,
    RtmpIngestOut,
    RtpPublisherOut,
    SdpAnswer,
    StatsReport,
    ViewerOffer,
    ViewerSessionOut,
)
from crosslive.media.viewers import ViewerRegistry
from crosslive.shows import service as shows_service
from crosslive.shows.models import Show
from crosslive.state import state_of
from crosslive.viewers import MaybeViewer, viewer_if_any

whip_router = APIRouter(tags=["media"])
router = APIRouter(prefix="/media", tags=["media"])

Result = TypeVar("Result")
MAX_SDP_BYTES = 100_000
SDP_TYPE = "application/sdp"


def gateway(request: Request) -> MediaGateway:
    media = media_of(request.app)
    if media is None:
        raise MediaUnavailable("live video is turned off on this server")
    return media


def _node_for(
    request: Request, show_id: int, region: str, market: str, country: str
) -> tuple[str, ViewerRegistry]:
    """The media node that serves this viewer (the only one, without edge nodes)."""
    media, regions = gateway(request), regions_of(request.app)
    if regions is None:
        return "", media.viewers
    languages = request.headers.get("accept-language", "")
    return regions.serving(regions.home_of(region, market, country, languages), show_id)


def _viewers(request: Request, viewer_id: str) -> ViewerRegistry:
    """The viewer registry of the node playing VIEWER_ID."""
    media, regions = gateway(request), regions_of(request.app)
    return media.viewers if regions is None else regions.registry_of(viewer_id)


async def _in_transaction(request: Request, work: Callable[[Session], Result]) -> Result:
    return await run_in_transaction(state_of(request.app).session_factory, work)


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("bearer "):
        raise NotAuthenticated(tokens.MISSING)
    return header[7:].strip()


async def _grant(
    request: Request, slug: str, *, spend: bool = False, stage_ok: bool = True
) -> tokens.PublishGrant:
    """The publisher behind the bearer token: a host's publish token, or (STAGE_OK) a
    viewer's one-time stage pass with their own viewer token alongside (SPEND: its one use)."""
    token = _bearer(request)
    if stage_ok and token.startswith(stage.PASS_PREFIX):
        viewer = viewer_if_any(request)
        viewer_id = viewer.id if viewer is not None else None
        return await _in_transaction(
            request,
            lambda db: tokens.authorize_stage(db, slug, token, viewer_id, publish=spend),
        )
    return await _in_transaction(request, lambda db: tokens.authorize_publisher(db, slug, token))


async def _staff_show(request: Request, user: StaffUser, show_id: int) -> Show:
    return await _in_transaction(request, lambda db: shows_service.staff_show(db, user, show_id))


async def _sdp_body(request: Request) -> str:
    if request.headers.get("content-type", "").split(";")[0].strip() != SDP_TYPE:
        raise InvalidInput("send the offer as application/sdp")
    body = await request.body()
    if len(body) > MAX_SDP_BYTES:
        raise InvalidInput("the offer is too large")
    return body.decode("utf-8", errors="replace")


@whip_router.post("/whip/{show_slug}", status_code=201, response_class=Response)
async def whip_publish(show_slug: str, request: Request) -> Response:
    """Publish into a show: an SDP offer in, the SDP answer out, Location to end it."""
    # A host's token is checked first; a viewer's one-time stage pass is spent only once
    # the offer and the media server are there to use it.
    spent_last = _bearer(request).startswith(stage.PASS_PREFIX)
    grant = None if spent_last else await _grant(request, show_slug)
    offer = await _sdp_body(request)
    media = gateway(request)
    if grant is None:
        grant = await _grant(request, show_slug, spend=True)
    resource_id, answer = await media.publish(grant, offer)
    location = f"/whip/{show_slug}/{resource_id}"
    return Response(answer, 201, {"Location": location}, media_type=SDP_TYPE)


@whip_router.post("/whip/{show_slug}/rtp", status_code=201, response_model=RtpPublisherOut)
async def rtp_publish(show_slug: str, request: Request, response: Response) -> RtpPublisherOut:
    """Publish into a show as RTP to a port on the server's loopback (for the RTMP ingest,
    which encodes three simulcast layers itself). DELETE the Location to end it; POST
    `{Location}/alive` at least every few seconds to keep it."""
    grant = await _grant(request, show_slug, stage_ok=False)
    target = await gateway(request).publish_rtp(grant)
    response.headers["Location"] = f"/whip/{show_slug}/{target.resource_id}"
    return RtpPublisherOut.model_validate(target, from_attributes=True)


@whip_router.post("/whip/{show_slug}/{resource_id}/alive", status_code=204)
async def publisher_alive(show_slug: str, resource_id: str, request: Request) -> Response:
    """204 while the session is on the air (and keeps an RTP one); 404 when the server does
    not know it (publish again); 409 when a newer publish of the same host replaced it."""
    gateway(request).alive(await _grant(request, show_slug), resource_id)
    return Response(status_code=204)


@whip_router.delete("/whip/{show_slug}/{resource_id}", response_class=Response)
async def whip_end(show_slug: str, resource_id: str, request: Request) -> Response:
    grant = await _grant(request, show_slug)
    await gateway(request).unpublish(grant, resource_id)
    return Response(status_code=200)


@whip_router.patch("/whip/{show_slug}/{resource_id}", response_class=Response)
async def whip_patch(show_slug: str, resource_id: str) -> Response:
    """Trickle and ICE restart are not offered: the answer already carries every candidate."""
    return Response(status_code=405, headers={"Allow": "DELETE"})


@router.get("/shows/{show_id}/publishers", response_model=list[PublisherOut])
def show_publishers(
    show_id: PathId, request: Request, user: CurrentStaff, db: SessionDep
) -> list[PublisherOut]:
    show = shows_service.staff_show(db, user, show_id)
    return [
        PublisherOut(
            feed_id=p.feed_id,
            user_id=p.user_id,
            connected=p.connected,
            kind="rtp" if p.rtp else "whip",
            on_stage=bool(p.viewer_id),
        )
        for p in gateway(request).show_publishers(show.id)
    ]


@router.get("/shows/{show_id}/viewer-sessions", response_model=list[ViewerSessionOut])
async def show_viewer_sessions(show_id: PathId, request: Request, user: CurrentStaff) -> list:
    """Every playback of the show, including those that ended just before this request
    (their rows are written in the background)."""
    media = media_of(request.app)
    if media is not None:
        await media.viewers.records.flush()

    def listing(db: Session) -> list:
        show = shows_service.staff_show(db, user, show_id)
        return service.viewer_sessions(db, user.seller_id, show.id)

    return await _in_transaction(request, listing)


def _rtmp(request: Request) -> RtmpIngests:
    ingests = gateway(request).rtmp
    if ingests is None:
        raise NotFound("RTMP is not enabled on this server (CROSSLIVE_MEDIA_RTMP_PORTS)")
    return ingests


def _rtmp_out(request: Request, ingest: Ingest) -> RtmpIngestOut:
    settings = state_of(request.app).settings
    host = settings.media_rtmp_host or request.url.hostname or "localhost"
    publishers = gateway(request).show_publishers(ingest.show_id)
    return RtmpIngestOut(
        server_url=f"rtmp://{host}:{ingest.port}/{RTMP_APP}",
        stream_key=ingest.key,
        restarts=ingest.restarts,
        on_air=any(p.rtp and p.user_id == ingest.user_id for p in publishers),
    )


@router.post("/shows/{show_id}/rtmp", status_code=201, response_model=RtmpIngestOut)
async def open_rtmp(show_id: PathId, request: Request, user: CurrentStaff) -> RtmpIngestOut:
    """An RTMP server URL and stream key for OBS, for you on this show. Asking again while
    it runs gives the same ones. It publishes with a new publish token of yours, so the
    console's camera (which takes another) and OBS cannot both be on."""
    ingests = _rtmp(request)

    def grant(db: Session) -> tuple[int, str, str]:
        show = shows_service.staff_show(db, user, show_id)
        if ingests.get(show.id, user.id) is not None:
            return show.id, show.slug, ""
        ingests.free_port()  # none free: refuse before the host's token is replaced
        # Committed when the unit of work ends, before the ingest publishes with it.
        return show.id, show.slug, shows_service.issue_publish_token(db, show, user)

    # One at a time: a double click must not issue two tokens, the first revoked by the second.
    async with ingests.opening:
        try:
            show_id, slug, token = await _in_transaction(request, grant)
            ingest = ingests.open(show_id, slug, user.id, token)
        except NoFreePort:
            raise Conflict("every RTMP port is in use; try again when a show ends") from None
    return _rtmp_out(request, ingest)


@router.get("/shows/{show_id}/rtmp", response_model=RtmpIngestOut)
async def get_rtmp(show_id: PathId, request: Request, user: CurrentStaff) -> RtmpIngestOut:
    ingests = _rtmp(request)
    show = await _staff_show(request, user, show_id)
    ingest = ingests.get(show.id, user.id)
    if ingest is None:
        raise NotFound("no RTMP listener for you on this show")
    return _rtmp_out(request, ingest)


@router.delete("/shows/{show_id}/rtmp", status_code=204, response_class=Response)
async def close_rtmp(show_id: PathId, request: Request, user: CurrentStaff) -> Response:
    ingests = _rtmp(request)
    show = await _staff_show(request, user, show_id)
    await ingests.close(show.id, user.id)
    return Response(status_code=204)


@router.post("/shows/{show_slug}/viewers", status_code=201, response_model=ViewerOffer)
async def start_viewing(
    show_slug: str,
    request: Request,
    response: Response,
    viewer: MaybeViewer,
    store: str = "",
    layer: Annotated[int | None, Query(ge=0, le=2)] = None,
    region: Annotated[str, Query(max_length=32)] = "",
    market: Annotated[str, Query(max_length=8, pattern="^[A-Za-z0-9_-]*$")] = "",
    country: Annotated[str, Query(max_length=2, pattern="^[A-Za-z]{0,2}$")] = "",
) -> ViewerOffer:
    """Start playback: returns Janus's offer for the show's publishers (host first).
    A reconnecting player passes the layer it last played (`layer`) to resume there; the
    room passes the viewer's market and country, kept with the device for the insights.
    Limited per client address (joins per minute, sessions at once) and per show.
    With edge nodes, the viewer is served by the node of `region` (else of their `market`,
    else of their `country`, else of the country in their Accept-Language), or the origin
    while that node is down."""
    started = time.perf_counter()
    address = client_ip(request)
    enforce(request, joins_limit(state_of(request.app).settings), address)
    # Off the event loop: a slow disk must not hold up every other viewer's signalling.
    show = await _in_transaction(
        request, lambda db: service.find_watchable_show(db, show_slug, store)
    )
    node, viewers = _node_for(request, show.show_id, region, market, country)
    audience = service.Audience(
        market.upper(), country.upper(), service.device_of(request.headers.get("user-agent", ""))
    )
    sub = await viewers.subscribe(show, address, layer, viewer.id if viewer else None, audience)
    # The player subtracts this from the request's time to estimate the link's round trip.
    response.headers["Server-Timing"] = f"join;dur={(time.perf_counter() - started) * 1000:.1f}"
    regions = regions_of(request.app)
    edge_api = regions.edge_pass(node, show.show_id, sub.viewer_id) if regions else None
    return ViewerOffer(
        viewer_id=sub.viewer_id,
        sdp=sub.offer_sdp,
        layer=sub.layer,
        feeds=sub.feeds,
        stage=sub.stage,
        node=node,
        edge=regions is not None and node in regions.edges,
        edge_api=edge_api,
    )


@router.post("/viewers/{viewer_id}/answer", status_code=204, response_class=Response)
async def viewer_answer(
    viewer_id: str, body: SdpAnswer, request: Request, viewer: MaybeViewer
) -> Response:
    """The viewer's answer, once per session: 409 for a second one; an offer handed out
    with a show's page is unknown (404) once expired or answered for another show."""
    identity = viewer.id if viewer else None
    await _viewers(request, viewer_id).answer(viewer_id, body.sdp, body.show, identity)
    return Response(status_code=204)


@router.post("/viewers/{viewer_id}/candidates", status_code=204, response_class=Response)
async def viewer_candidates(viewer_id: str, body: Candidates, request: Request) -> Response:
    await _viewers(request, viewer_id).trickle(viewer_id, body.candidates)
    return Response(status_code=204)


@router.post("/viewers/{viewer_id}/stats", response_model=LayerAdvice)
async def viewer_stats(viewer_id: str, body: StatsReport, request: Request) -> LayerAdvice:
    figures = body.model_dump(exclude={"first_frame_ms"})
    layer, reconnect = await _viewers(request, viewer_id).report(
        viewer_id, PlaybackReport(**figures), body.first_frame_ms
    )
    return LayerAdvice(layer=layer, reconnect=reconnect)


@router.delete("/viewers/{viewer_id}", status_code=204, response_class=Response)
async def stop_viewing(viewer_id: str, request: Request) -> Response:
    # Already gone (timed out, or the server restarted): ending twice is fine.
    with contextlib.suppress(NotFound):
        await _viewers(request, viewer_id).leave(viewer_id)
    return Response(status_code=204)


@router.get("/nodes", response_model=list[MediaNodeOut])
def media_nodes(request: Request, user: CurrentStaff) -> list[MediaNodeOut]:
    """The origin and edge nodes, whether each is up (and why not) and its viewers now."""
    regions = regions_of(request.app)
    if regions is None:
        media = gateway(request)
        return [MediaNodeOut(name="", role="origin", viewers=len(media.viewers.viewers))]
    return [MediaNodeOut.model_validate(node) for node in regions.status()]
