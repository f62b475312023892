"""Viewer playback: Janus offers (server-offer flow), viewers answer, and each viewer's
simulcast layer follows its own getStats reports (see quality.py). One viewer-session row
per playback records what the viewer saw. Each session holds a seat of its show and its
address (admission.py); Janus's events reach their viewer through an index by handle id."""

from __future__ import annotations

import contextlib
import logging
import secrets
import time
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy.orm import Session, sessionmaker

from crosslive.errors import Conflict, DomainError, InvalidInput, NotFound
from crosslive.media.admission import Seat, ViewerSeats
from crosslive.media.errors import MediaUnavailable, NotLive
from crosslive.media.handle_reserve import HandleReserve
from crosslive.media.janus_client import JanusClient, JanusError
from crosslive.media.prejoin import Joined, PrejoinPool, join_subscriber
from crosslive.media.quality import FIRST_UP_AFTER_S, LayerState, PlaybackReport, decide
from crosslive.media.records import SessionRecords
from crosslive.media.service import Audience, SessionFigures, ShowRef
from crosslive.settings import Settings

log = logging.getLogger(__name__)

REPORT_TIMEOUT_S = 30.0
MAX_FEEDS = 3
# An offer handed out with a page (subscribe_waiting) that is not answered this long after
# ends: a page kept in a tab, restored or copied gets 404 and joins again with a POST.
INLINE_OFFER_TTL_S = 15.0


class RoomSource(Protocol):
    def janus(self) -> JanusClient: ...

    def show_publishers(self, show_id: int) -> list[Any]: ...

    def stage_of(self, show_id: int) -> int: ...


@dataclass
class ViewerEntry:
    viewer_id: str
    show: ShowRef
    handle_id: int
    main_mid: str
    layers: LayerState
    last_report: float
    seat: Seat
    sent_layer: int = 1
    stale: bool = False
    first_frame_ms: int | None = None
    freezes: int = 0
    freeze_s: float = 0.0
    kbps_total: float = 0.0
    reports: int = 0
    answered: bool = False
    # Set for an offer handed out with a show's page: the show's slug its answer must name,
    # and until when (monotonic) it may be answered.
    page_show: str = ""
    answer_by: float | None = None

    def figures(self) -> SessionFigures:
        switches = self.layers.switches
        return SessionFigures(
            first_frame_ms=self.first_frame_ms,
            freezes=self.freezes,
            freeze_s=self.freeze_s,
            final_layer=self.layers.layer,
            layer_ups=sum(1 for _, old, new in switches if new > old),
            layer_downs=sum(1 for _, old, new in switches if new < old),
            avg_kbps=self.kbps_total / self.reports if self.reports else 0.0,
            reports=self.reports,
        )


@dataclass(frozen=True)
class Subscription:
    viewer_id: str
    offer_sdp: str
    layer: int
    feeds: int
    stage: int


class ViewerRegistry:
    def __init__(
        self, rooms: RoomSource, session_factory: sessionmaker[Session], settings: Settings
    ) -> None:
        self.rooms = rooms
        self.records = SessionRecords(session_factory)
        self.start_layer = settings.media_start_layer
        self.viewers: dict[str, ViewerEntry] = {}
        # The same entries by Janus handle, for routing Janus's events.
        self._by_handle: dict[int, ViewerEntry] = {}
        self.seats = ViewerSeats(
            settings.media_viewers_per_show, settings.media_viewers_per_address
        )
        self.prejoined = PrejoinPool(
            rooms.janus, settings.media_prejoined_viewers, settings.media_start_layer
        )
        # Handles attached for the rejoins after a Janus restart.
        self.reserve = HandleReserve(rooms.janus)

    def get(self, viewer_id: str) -> ViewerEntry:
        entry = self.viewers.get(viewer_id)
        if entry is None:
            raise NotFound("no such viewer session; start again")
        return entry

    async def subscribe(
        self,
        show: ShowRef,
        address: str,
        layer: int | None = None,
        viewer_id: str | None = None,
        audience: Audience = Audience(),
    ) -> Subscription:
        """Join a viewer at ADDRESS to the show's publishers; VIEWER_ID is who watches
        (their identity). Refused, with nothing joined or recorded, when the show or the
        address has no seat left."""
        start = self.start_layer if layer is None else layer
        feeds = self._feeds(show.show_id)
        if not feeds:
            raise NotLive("the show is not live yet")
        seat = self.seats.claim(show.show_id, address)
        try:
            joined = self.prejoined.take(show.show_id, feeds, start)
            if joined is None:
                client, handle = self.rooms.janus(), self.reserve.take()
                joined = await join_subscriber(client, show.show_id, feeds, start, handle)
        except BaseException:
            self.seats.release(seat)
            raise
        return self._admit(show, joined, seat, viewer_id, audience)

    def subscribe_waiting(
        self,
        show: ShowRef,
        slug: str,
        address: str,
        viewer_id: str | None = None,
        audience: Audience = Audience(),
    ) -> tuple[Subscription, float] | None:
        """An offer to hand out with the show's page (named SLUG): a waiting subscription
        only, never a join of its own (the page must not wait for Janus), and None where there
        is none, the show is not live or ADDRESS or the show has no seat left (the page then
        joins with a POST). Its answer must name SLUG and come within INLINE_OFFER_TTL_S;
        returns it with its time to live in seconds."""
        feeds = self._feeds(show.show_id)
        if not feeds:
            return None
        try:
            seat = self.seats.claim(show.show_id, address)
        except DomainError:
            return None
        joined = self.prejoined.take(show.show_id, feeds, self.start_layer)
        if joined is None:
            self.seats.release(seat)
            return None
        sub = self._admit(show, joined, seat, viewer_id, audience)
        entry = self.viewers[sub.viewer_id]
        entry.page_show = slug
        entry.answer_by = time.monotonic() + INLINE_OFFER_TTL_S
        return sub, INLINE_OFFER_TTL_S

    def _admit(
        self,
        show: ShowRef,
        joined: Joined,
        seat: Seat,
        viewer_id: str | None,
        audience: Audience,
    ) -> Subscription:
        """A viewer session on JOINED, under a new unguessable id."""
        start = joined.layer
        now = time.monotonic()
        entry = ViewerEntry(
            viewer_id=secrets.token_urlsafe(18),
            show=show,
            handle_id=joined.handle_id,
            main_mid=joined.main_mid,
            layers=LayerState(
                layer=start, switched_at=now, up_blocked_until=now + FIRST_UP_AFTER_S
            ),
            sent_layer=start,
            last_report=now,
            seat=seat,
        )
        self.records.started(show, entry.viewer_id, start, viewer_id, audience)
        self.viewers[entry.viewer_id] = entry
        self._by_handle[entry.handle_id] = entry
        stage = self.rooms.stage_of(show.show_id)
        return Subscription(entry.viewer_id, joined.offer_sdp, start, len(joined.feeds), stage)

    async def answer(
        self, viewer_id: str, sdp: str, show: str = "", identity: str | None = None
    ) -> None:
        """Janus's offer answered: once per session. An offer handed out with a page must be
        answered in time and name that page's show (SHOW, a slug), else it is unknown; its
        answer brings the viewer's IDENTITY, which the page's navigation did not carry."""
        entry = self.get(viewer_id)
        if entry.page_show and (
            show != entry.page_show
            or entry.answer_by is None
            or (not entry.answered and time.monotonic() > entry.answer_by)
        ):
            raise NotFound("no such viewer session; start again")
        if entry.answered:
            raise Conflict("this offer was answered already; start again")
        entry.answered = True
        if entry.page_show and identity:
            self.records.identified(entry.viewer_id, identity)
        jsep = {"type": "answer", "sdp": sdp}
        try:
            await self.rooms.janus().message(entry.handle_id, {"request": "start"}, jsep)
        except JanusError as exc:
            if exc.code == 0:  # no answer, or the session went away: the client retries
                reason = f"the media server did not take the answer ({exc.reason})"
                raise MediaUnavailable(reason) from exc
            raise InvalidInput(f"the media server refused the answer ({exc.reason})") from exc

    async def trickle(self, viewer_id: str, candidates: list[dict[str, Any] | None]) -> None:
        entry = self.get(viewer_id)
        for candidate in candidates:
            await self.rooms.janus().trickle(entry.handle_id, candidate)

    async def report(
        self, viewer_id: str, report: PlaybackReport, first_frame_ms: int | None
    ) -> tuple[int, bool]:
        """Take one getStats report; returns (layer now, whether to reconnect)."""
        entry = self.get(viewer_id)
        now = time.monotonic()
        entry.last_report = now
        entry.reports += 1
        entry.kbps_total += report.kbps
        entry.freezes = max(entry.freezes, report.freezes)
        entry.freeze_s = max(entry.freeze_s, report.freeze_s)
        if first_frame_ms is not None and entry.first_frame_ms is None:
            entry.first_frame_ms = first_frame_ms
            self._record(entry)
        if entry.stale:
            return entry.layers.layer, True
        decide(entry.layers, report, now)
        if entry.sent_layer != entry.layers.layer:
            await self._set_layer(entry, entry.layers.layer)
        return entry.layers.layer, False

    async def _set_layer(self, entry: ViewerEntry, layer: int) -> None:
        body = {"request": "configure", "streams": [{"mid": entry.main_mid, "substream": layer}]}
        log.info("viewer layer", extra={"show": entry.show.show_id, "layer": layer})
        entry.sent_layer = layer
        try:
            await self.rooms.janus().message(entry.handle_id, body, timeout=5.0)
        except JanusError as exc:
            log.warning("layer switch failed: %s", exc.reason)

    async def leave(self, viewer_id: str, reason: str = "left") -> None:
        entry = self.viewers.pop(viewer_id, None)
        if entry is None:
            raise NotFound("no such viewer session")
        self._forget(entry)
        with contextlib.suppress(JanusError, MediaUnavailable):
            await self.rooms.janus().detach(entry.handle_id)
        self._record(entry, reason)

    def _forget(self, entry: ViewerEntry) -> None:
        """The session ended: its seat is free and Janus's events no longer reach it."""
        self._by_handle.pop(entry.handle_id, None)
        self.seats.release(entry.seat)

    def _record(self, entry: ViewerEntry, end_reason: str = "") -> None:
        self.records.figures(entry.viewer_id, entry.figures(), end_reason)

    def _feeds(self, show_id: int) -> tuple[int, ...]:
        return tuple(p.feed_id for p in self.rooms.show_publishers(show_id))[:MAX_FEEDS]

    def warm(self, show_id: int) -> None:
        """A publisher is on the air: have subscriptions waiting before the first viewer."""
        self.prejoined.fill(show_id, self._feeds(show_id))

    async def feeds_changed(self, show_id: int) -> None:
        """Publishers came or went: viewers of the show re-subscribe on their next report,
        and the subscriptions waiting for them are thrown away."""
        for entry in self.viewers.values():
            if entry.show.show_id == show_id:
                entry.stale = True
        await self.prejoined.flush(show_id)

    def on_event(self, handle_id: int, event: dict[str, Any]) -> None:
        entry = self._by_handle.get(handle_id)
        if entry is None:
            return
        kind = event.get("janus")
        if kind == "slowlink":
            # Sent to Janus by the reaper within a second (this callback cannot await).
            entry.layers.step_down(time.monotonic())
        elif kind in {"hangup", "detached"}:
            entry.stale = True

    async def reap(self, now: float) -> None:
        await self.prejoined.expire(now)
        await self.reserve.expire(now)
        for entry in list(self.viewers.values()):
            if not entry.answered and entry.answer_by is not None and now > entry.answer_by:
                await self.leave(entry.viewer_id, "expired")
            elif now - entry.last_report > REPORT_TIMEOUT_S:
                await self.leave(entry.viewer_id, "timeout")
            elif entry.sent_layer != entry.layers.layer:
                await self._set_layer(entry, entry.layers.layer)

    def reset(self, reason: str) -> None:
        """Janus went away: every viewer session ends; the pages reconnect by themselves
        (handles for them are attached once there is a new session: `reserve.fill()`)."""
        self.prejoined.reset()
        self.reserve.reset(len(self.viewers))
        for entry in list(self.viewers.values()):
            self._forget(entry)
            self._record(entry, reason)
        self.viewers.clear()
