"""Per-process fan-out of show events to the viewers connected to this process.

Each published event is serialised once, its WebSocket frame built once, and the frame written
to every viewer's transport; a viewer whose write buffer passes the cap is cut and resumes
from its last event id when it reconnects, so one slow phone never holds up the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime
from typing import Any

from crosslive.events.brokers import Broker
from crosslive.events.frames import text_frame
from crosslive.events.languages import LanguageFrames, is_translated
from crosslive.events.subscriber import Subscriber

logger = logging.getLogger(__name__)

PENDING_LIMIT = 1000
AUDIENCE_EVERY_S = 5.0
CATCH_UP_EVERY_S = 1.0


def encode_event(event: dict[str, Any]) -> bytes:
    return json.dumps(event, separators=(",", ":"), ensure_ascii=False).encode()


def channel_for(show_id: int) -> str:
    return f"show.{show_id}"


def _language_key(channel: str, language: str) -> str:
    """Where processes report how many of a channel's viewers read LANGUAGE."""
    return f"{channel}.lang.{language}"


def _age(data: bytes) -> float:
    """Seconds since the event in DATA was made (0 when it does not say)."""
    made = json.loads(data).get("at")
    if not isinstance(made, str):
        return 0.0
    return max(0.0, time.time() - datetime.fromisoformat(made).timestamp())


# Told, for each event this process fans out, how long ago the event was made (seconds).
FanoutObserver = Callable[[float], None]
# The show's kept events after an id, in order (events.service.events_after): None when the
# gap is too long to replay.
CatchUp = Callable[[int, int], Awaitable[list[dict[str, Any]] | None]]


class Hub:
    def __init__(
        self,
        broker: Broker,
        *,
        heartbeat_seconds: float,
        idle_seconds: float,
        on_fanout: FanoutObserver | None = None,
        catch_up: CatchUp | None = None,
    ) -> None:
        self._broker = broker
        self._on_fanout = on_fanout
        self._catch_up = catch_up
        # Per channel, the id of the last kept event fanned out: where a catch-up starts.
        self._last_ids: dict[str, int] = {}
        self._link_down = False
        self._gap = False
        self._recovery: asyncio.Task[None] | None = None
        self._heartbeat = heartbeat_seconds
        self._idle = idle_seconds
        self._channels: dict[str, set[Subscriber]] = {}
        self._ticker: asyncio.Task[None] | None = None
        self._reporter: asyncio.Task[None] | None = None
        self._reported: set[str] = set()
        self.delivered = 0
        self.cut_count = 0

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[Hub]:
        """Owns the broker connection and the heartbeat task for the app's lifetime."""
        await self._broker.start(self._on_message, self._on_link)
        self._ticker = asyncio.create_task(self._tick_forever(), name="events-hub-heartbeat")
        self._reporter = asyncio.create_task(self._report_forever(), name="events-hub-audience")
        try:
            yield self
        finally:
            for task in (self._ticker, self._reporter, self._recovery):
                if task is None:
                    continue
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            self._ticker = self._reporter = self._recovery = None
            for subscribers in self._channels.values():
                for sub in list(subscribers):
                    sub.cut()
            self._channels.clear()
            await self._broker.stop()

    def audiences(self) -> dict[int, int]:
        """Viewers connected to this process, per show id."""
        return {
            int(channel.removeprefix("show.")): len(subscribers)
            for channel, subscribers in self._channels.items()
        }

    def viewers(self, show_id: int) -> int:
        return len(self._channels.get(channel_for(show_id), ()))

    def languages(self, show_id: int) -> set[str]:
        """The languages this process's viewers of the show read."""
        return {s.language for s in self._channels.get(channel_for(show_id), ()) if s.language}

    async def room_languages(self, show_id: int, candidates: tuple[str, ...]) -> set[str]:
        """The languages among CANDIDATES that the show's viewers read, in every process."""
        found = self.languages(show_id)
        channel = channel_for(show_id)
        for language in candidates:
            if language in found:
                continue
            try:
                if await self._broker.other_audience(_language_key(channel, language)) > 0:
                    found.add(language)
            except Exception:  # the broker is away: the languages we know
                break
        return found

    async def audience(self, show_id: int) -> int:
        """Viewers of the show in every app process: ours now, the others' last reports."""
        channel = channel_for(show_id)
        try:
            others = await self._broker.other_audience(channel)
        except Exception:  # the broker is away: count what we know
            logger.warning("other processes' audience unknown; counting this process's only")
            others = 0
        return self.viewers(show_id) + others

    async def report_audience(self) -> None:
        """Tell the other processes how many viewers we hold (0 where we no longer have any)."""
        counts = {channel: len(subs) for channel, subs in self._channels.items()}
        for channel, subs in self._channels.items():  # and per language, for room_languages
            for sub in subs:
                if sub.language:
                    key = _language_key(channel, sub.language)
                    counts[key] = counts.get(key, 0) + 1
        for gone in self._reported - counts.keys():
            counts[gone] = 0
        await self._broker.report_audience(counts)
        self._reported = {channel for channel, count in counts.items() if count}

    def raw_viewers(self, show_id: int) -> int:
        """Viewers served by direct transport writes (the rest use the queued fallback)."""
        return sum(1 for s in self._channels.get(channel_for(show_id), ()) if s.writer)

    async def join(self, show_id: int, sub: Subscriber) -> None:
        channel = channel_for(show_id)
        subscribers = self._channels.get(channel)
        if subscribers is None:
            subscribers = self._channels[channel] = set()
            try:
                await self._broker.subscribe(channel)
            except Exception:  # the broker subscribes it again when its link is back
                logger.warning("subscribing %s failed; catching up from the log", channel)
                self._missed()
        subscribers.add(sub)

    async def leave(self, show_id: int, sub: Subscriber) -> None:
        channel = channel_for(show_id)
        subscribers = self._channels.get(channel)
        if subscribers is None:
            return
        subscribers.discard(sub)
        if not subscribers:
            del self._channels[channel]
            self._last_ids.pop(channel, None)
            try:
                await self._broker.unsubscribe(channel)
            except Exception:
                logger.warning("unsubscribing %s failed", channel)

    async def publish(self, show_id: int, event: dict[str, Any]) -> None:
        """Send an event to every process's viewers. Never raises: the event was committed
        before, so a broker that cannot take it now is caught up from the log later."""
        try:
            await self._broker.publish(channel_for(show_id), encode_event(event))
        except Exception:
            logger.warning("publishing to show %s failed; catching up from the log", show_id)
            self._missed()

    def _on_message(self, channel: str, data: bytes) -> None:
        """One frame for everyone: the hot loop does one write per viewer and nothing else."""
        subscribers = self._channels.get(channel)
        if not subscribers:
            return
        event = json.loads(data)
        event_id = event.get("id")
        if isinstance(event_id, int) and event_id > self._last_ids.get(channel, 0):
            self._last_ids[channel] = event_id
        if is_translated(event):
            self._fan_out_by_language(subscribers, event, event_id)
        else:
            self._fan_out(subscribers, text_frame(data), event_id, data)
        if self._on_fanout is not None:
            self._on_fanout(_age(data))

    def _fan_out(
        self, subscribers: set[Subscriber], frame: bytes, event_id: int | None, data: bytes
    ) -> None:
        failed: list[Subscriber] = []
        waiting: list[Subscriber] = []
        for sub in tuple(subscribers):
            writer = sub.writer
            if sub.pending is not None:
                waiting.append(sub)
            elif writer is not None:
                if not writer.write(frame):
                    failed.append(sub)
            elif not sub.deliver(frame, data):
                failed.append(sub)
        self.delivered += len(subscribers) - len(failed) - len(waiting)
        for sub in failed:
            self._cut(subscribers, sub)
        for sub in waiting:
            self._hold(subscribers, sub, frame, event_id, data)

    def _fan_out_by_language(
        self, subscribers: set[Subscriber], event: dict[str, Any], event_id: int | None
    ) -> None:
        """A translated message: one frame per language present, each viewer gets theirs."""
        frames = LanguageFrames(event, encode_event)
        built: dict[str | None, tuple[bytes, bytes]] = {}  # a plain dict: the fast lookup
        failed: list[Subscriber] = []
        held = 0
        for sub in tuple(subscribers):
            pair = built.get(sub.language)
            if pair is None:
                pair = built[sub.language] = frames.get(sub.language)
            writer = sub.writer
            if sub.pending is not None:
                held += 1
                self._hold(subscribers, sub, pair[0], event_id, pair[1])
            elif writer is not None:
                if not writer.write(pair[0]):
                    failed.append(sub)
            elif not sub.deliver(*pair):
                failed.append(sub)
        self.delivered += len(subscribers) - len(failed) - held
        for sub in failed:
            self._cut(subscribers, sub)

    def _hold(
        self,
        subscribers: set[Subscriber],
        sub: Subscriber,
        frame: bytes,
        event_id: int | None,
        data: bytes,
    ) -> None:
        """A viewer still receiving its backlog gets the event after it, in order."""
        assert sub.pending is not None
        if len(sub.pending) >= PENDING_LIMIT:
            self._cut(subscribers, sub)
        else:
            sub.pending.append((event_id, frame, data))

    def _cut(self, subscribers: set[Subscriber], sub: Subscriber) -> None:
        subscribers.discard(sub)
        self.cut_count += 1
        sub.cut()

    def go_live(self, sub: Subscriber, after_id: int, show_id: int | None = None) -> None:
        """Backlog sent up to after_id: flush what arrived meanwhile, then write directly.
        SHOW_ID: the show whose catch-up point the backlog sets if none is known yet."""
        if show_id is not None and after_id:
            self._last_ids.setdefault(channel_for(show_id), after_id)
        pending = sub.pending or deque()
        sub.pending = None
        for event_id, frame, data in pending:
            if event_id is not None and event_id <= after_id:
                continue
            if not sub.deliver(frame, data):
                sub.cut()
                return
            self.delivered += 1  # held while its viewer caught up: delivered now

    def _on_link(self, up: bool) -> None:
        """The broker lost (False) or regained (True) its link to the other processes."""
        self._link_down = not up
        self._missed()

    def _missed(self) -> None:
        """Events may have gone past our viewers: catch them up from the log (once more
        after the link is back), unless no log to read was given."""
        self._gap = True
        if self._catch_up is not None and (self._recovery is None or self._recovery.done()):
            self._recovery = asyncio.create_task(self._recover(), name="events-hub-catch-up")

    async def _recover(self) -> None:
        while self._gap or self._link_down:
            self._gap = False
            for channel in list(self._channels):
                try:
                    await self.catch_up(channel)
                except Exception:  # the database may be away too: the next round tries again
                    logger.exception("catching up %s failed", channel)
                    self._gap = True
            if self._gap or self._link_down:
                await asyncio.sleep(CATCH_UP_EVERY_S)

    async def catch_up(self, channel: str) -> None:
        """Send the channel's viewers the kept events after the last one fanned out here.

        Live events that arrive meanwhile are held (as during a viewer's own backlog) and
        follow the caught-up ones, so each viewer still sees every id once, in order. A viewer
        still receiving its own backlog, or one whose gap is too long, is cut: it resumes
        from its own last event id when it reconnects."""
        assert self._catch_up is not None
        subscribers = self._channels.get(channel)
        after = self._last_ids.get(channel)
        if not subscribers:
            return
        if after is None:  # nothing kept was fanned out here yet: each resumes on its own
            for sub in list(subscribers):
                self._cut(subscribers, sub)
            return
        held: list[Subscriber] = []
        for sub in list(subscribers):
            if sub.pending is None:
                sub.pending = deque()
                held.append(sub)
            else:
                self._cut(subscribers, sub)
        try:
            events = await self._catch_up(int(channel.removeprefix("show.")), after)
        except BaseException:
            for sub in held:
                self.go_live(sub, after)
            raise
        self._send_caught_up(channel, held, after, events)

    def _send_caught_up(
        self, channel: str, held: list[Subscriber], after: int, events: list[dict[str, Any]] | None
    ) -> None:
        subscribers = self._channels.get(channel, set())
        frames = [LanguageFrames(e, encode_event) for e in events or ()]
        last = events[-1]["id"] if events else after
        if events:
            self._last_ids[channel] = max(last, self._last_ids.get(channel, after))
        for sub in held:
            if sub not in subscribers:
                continue
            if events is None:  # too far behind to replay: the page reloads its state
                self._cut(subscribers, sub)
                continue
            for per_language in frames:
                if not sub.deliver(*per_language.get(sub.language)):
                    self._cut(subscribers, sub)
                    break
            else:
                self.go_live(sub, last)
                self.delivered += len(frames)

    async def _report_forever(self) -> None:
        while True:
            try:
                await self.report_audience()
            except Exception:  # a broker hiccup must not end the reports
                logger.exception("audience report failed")
            await asyncio.sleep(AUDIENCE_EVERY_S)

    async def _tick_forever(self) -> None:
        while True:
            await asyncio.sleep(self._heartbeat)
            self.tick(time.monotonic())

    def tick(self, now: float) -> None:
        """Send a heartbeat to everyone and cut viewers idle past the limit."""
        data = encode_event({"id": None, "kind": "heartbeat", "data": {}})
        frame = text_frame(data)
        for subscribers in list(self._channels.values()):
            for sub in list(subscribers):
                if now - sub.last_seen > self._idle or (
                    sub.pending is None and not sub.deliver(frame, data)
                ):
                    self._cut(subscribers, sub)
