"""The demo's live show keeps going while `crosslive demo` serves: at a calm pace simulated
viewers (demo.viewers_data) chat and ask in their languages and get instant answers, the host
pins the line-up's products in turn and pushes a credential card now and then.

`demo_stage(app)` is one of the app's lifespans (the demo command adds it): it owns the task
that plays the script and the one that keeps the simulated viewers in the live room while the
show is live (demo.presence), and cancels and awaits them when the server stops. Each beat is
one unit of work through `commit_then_publish`, so viewers get it like any host or viewer
action.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import itertools
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from crosslive.answers import service as answers_service
from crosslive.auth import service as auth_service
from crosslive.chat.moderation import ProfanityFilter
from crosslive.db import run_in_transaction, utcnow
from crosslive.demo import calls, live_show, stage_moves, store_data
from crosslive.demo.presence import Presence
from crosslive.demo.viewers_data import VIEWERS, DemoViewer, Line
from crosslive.errors import DomainError
from crosslive.events.unit import commit_then_publish, hub_of
from crosslive.live import service as live_service
from crosslive.settings import Settings
from crosslive.shows.models import Show, ShowState
from crosslive.state import state_of

log = logging.getLogger(__name__)

BEAT_S = 5.0  # one viewer line per beat
PIN_EVERY = 6  # beats between the host pinning the next product (30 s)
PUSH_EVERY = 24  # beats between credential cards (2 min: a card covers the picture for 12 s)


@dataclass(frozen=True)
class Beat:
    turn: int
    viewer: DemoViewer
    line: Line
    pin: bool
    push: bool


def stage_lines() -> list[tuple[DemoViewer, Line]]:
    """Every viewer's lines after their opening one, viewers taking turns, the questions
    spread evenly among the remarks."""
    lines = [
        (viewer, viewer.lines[index])
        for index in range(1, max(len(v.lines) for v in VIEWERS))
        for viewer in VIEWERS
        if index < len(viewer.lines)
    ]
    groups = [[x for x in lines if x[1].question], [x for x in lines if not x[1].question]]
    spread = [((i + 0.5) / len(group), x) for group in groups for i, x in enumerate(group)]
    return [x for _, x in sorted(spread, key=lambda pair: pair[0])]


def script() -> Iterator[Beat]:
    """The show's beats, forever: a viewer's line each, with the host's pins and pushes."""
    for turn, (viewer, line) in enumerate(itertools.cycle(stage_lines())):
        pin = turn % PIN_EVERY == PIN_EVERY - 1
        yield Beat(turn, viewer, line, pin=pin, push=turn % PUSH_EVERY == 0)


def the_live_show(db: Session) -> Show | None:
    """The demo's live show while it is live (after someone pressed End show: None)."""
    seller = auth_service.find_seller(db, store_data.STORE_SLUG)
    show = live_show.live_show(db, seller.id) if seller is not None else None
    return show if show is not None and show.state == ShowState.LIVE else None


def play(
    db: Session,
    beat: Beat,
    *,
    settings: Settings,
    profanity: ProfanityFilter,
    answers: answers_service.Engine | None,
) -> list[dict[str, Any]]:
    """One beat in the live show; the events it recorded (none when the show is not live)."""
    show = the_live_show(db)
    if show is None:
        return []
    now = utcnow()
    if beat.pin or not live_service.pinned_products(db, show.id):
        stage_moves.next_pin(db, show)
    if beat.push:
        # The seed pushed the first card; the stage goes on from the second.
        stage_moves.push_card(db, show, beat.turn // PUSH_EVERY + 1, now.date())
    if beat.turn % calls.CALL_EVERY == calls.CALL_EVERY - 1:
        calls.keep_one_waiting(db, show, beat.turn, now)
    return stage_moves.say(
        db,
        show,
        beat.viewer,
        beat.line,
        signing_key=settings.signing_key(),
        profanity=profanity,
        answers=answers,
        now=now,
    )


def _answers(settings: Settings) -> answers_service.Engine | None:
    """The instant answers' engine, loaded (questions go unanswered when it cannot be)."""
    try:
        engine = answers_service.engine(settings.data_dir / "answers")
        engine.warm()
    except Exception:
        log.warning("demo stage: instant answers unavailable", exc_info=True)
        return None
    return engine


async def run_stage(app: Any, beat_s: float = BEAT_S) -> None:
    state = state_of(app)
    settings = state.settings
    profanity = state.get(ProfanityFilter)
    answers = await asyncio.to_thread(_answers, settings)
    for beat in script():
        work = functools.partial(
            play, beat=beat, settings=settings, profanity=profanity, answers=answers
        )
        try:
            await commit_then_publish(app, work)
        except DomainError as exc:  # a host's change in the console: the next beat goes on
            log.info("demo stage: beat %s skipped: %s", beat.turn, exc)
        except Exception:  # never take the server down; the next beat tries again
            log.exception("demo stage: beat %s failed", beat.turn)
        await asyncio.sleep(beat_s)


def live_show_id(db: Session) -> int | None:
    show = the_live_show(db)
    return show.id if show is not None else None


async def look(app: Any, presence: Presence) -> None:
    """The simulated viewers where the show is: in its room while it is live, else in none."""
    await presence.follow(await run_in_transaction(state_of(app).session_factory, live_show_id))


async def keep_present(app: Any, presence: Presence, every_s: float = BEAT_S) -> None:
    """The simulated viewers in the live show's room while it is live, out of it once it
    ended (a look every EVERY_S); they leave when this is cancelled (the app stops)."""
    try:
        while True:
            try:
                await look(app, presence)
            except Exception:  # the database may be away: the next look tries again
                log.exception("demo stage: the viewers' presence failed")
            await asyncio.sleep(every_s)
    finally:
        await presence.leave()


@asynccontextmanager
async def demo_stage(app: Any) -> AsyncIterator[None]:
    """Play the demo's live show, its viewers present, while the app runs."""
    tasks = [
        asyncio.create_task(run_stage(app), name="demo-stage"),
        asyncio.create_task(keep_present(app, Presence(hub_of(app))), name="demo-audience"),
    ]
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
