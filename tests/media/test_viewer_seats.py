"""Viewer seats: a show takes at most MEDIA_VIEWERS_PER_SHOW viewers at once and an address
at most MEDIA_VIEWERS_PER_ADDRESS; a refused join joins and records nothing; a seat comes
back when its session ends (left, timed out, Janus restarted) or its join fails, and joins
racing for the last seat cannot both take it. A stand-in Janus records what is asked of it;
the viewer-session rows go to the test's real database."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction
from crosslive.errors import RateLimited
from crosslive.media import viewers as viewers_module
from crosslive.media.admission import ADDRESS_FULL, SHOW_FULL
from crosslive.media.errors import NotLive, ShowFull
from crosslive.media.models import ViewerSession
from crosslive.media.service import ShowRef
from crosslive.media.viewers import ViewerRegistry
from crosslive.settings import Settings
from crosslive.shows.models import Show
from tests.media.conftest import run_async
from tests.media.test_prejoin import FakeJanus, Rooms

HOME, CAFE, OFFICE = "198.51.100.7", "198.51.100.8", "198.51.100.9"


def registry(
    settings: Settings, factory: sessionmaker[Session], janus: FakeJanus, per_show: int
) -> ViewerRegistry:
    limits = {
        "media_viewers_per_show": per_show,
        "media_viewers_per_address": 2,
        "media_prejoined_viewers": 0,
    }
    return ViewerRegistry(Rooms(janus), factory, settings.model_copy(update=limits))  # type: ignore[arg-type]


@pytest.fixture
def shows(
    owner: dict[str, str | int], session_factory: sessionmaker[Session]
) -> tuple[ShowRef, ShowRef]:
    seller = int(owner["seller_id"])
    with transaction(session_factory) as db:
        made = [
            Show(seller_id=seller, slug=slug, title=slug, scheduled_at=datetime.now(UTC))
            for slug in ("morning", "evening")
        ]
        db.add_all(made)
        db.flush()
        first, second = (ShowRef(show_id=show.id, seller_id=seller) for show in made)
        return first, second


def rows(factory: sessionmaker[Session]) -> int:
    with transaction(factory) as db:
        return int(db.scalar(select(func.count()).select_from(ViewerSession)) or 0)


def test_a_full_show_refuses_with_503_until_a_viewer_leaves(
    settings: Settings, session_factory: sessionmaker[Session], shows: tuple[ShowRef, ShowRef]
) -> None:
    show, other = shows

    async def scenario() -> None:
        janus = FakeJanus()
        viewers = registry(settings, session_factory, janus, per_show=2)
        first = await viewers.subscribe(show, HOME)
        await viewers.subscribe(show, CAFE)
        with pytest.raises(ShowFull) as full:
            await viewers.subscribe(show, OFFICE)
        assert (full.value.status_code, full.value.message) == (503, SHOW_FULL)
        assert len(janus.joins) == 2  # the refused join asked nothing of Janus
        assert (viewers.seats.in_show(show.show_id), len(viewers.viewers)) == (2, 2)
        # Another show's seats are its own.
        await viewers.subscribe(other, OFFICE)

        await viewers.leave(first.viewer_id)
        assert viewers.seats.in_show(show.show_id) == 1
        assert viewers.seats.from_address(HOME) == 0
        await viewers.subscribe(show, OFFICE)
        assert viewers.seats.in_show(show.show_id) == 2
        await viewers.records.close()

    run_async(scenario)
    assert rows(session_factory) == 4  # the refused join recorded nothing


def test_an_address_holds_at_most_its_share_across_shows_and_gets_429(
    settings: Settings, session_factory: sessionmaker[Session], shows: tuple[ShowRef, ShowRef]
) -> None:
    show, other = shows

    async def scenario() -> None:
        janus = FakeJanus()
        viewers = registry(settings, session_factory, janus, per_show=100)
        await viewers.subscribe(show, HOME)
        kept = await viewers.subscribe(other, HOME)
        with pytest.raises(RateLimited) as refused:
            await viewers.subscribe(show, HOME)
        error = refused.value
        assert (error.status_code, error.message, error.retry_after_s) == (429, ADDRESS_FULL, 10)
        assert len(janus.joins) == 2
        assert viewers.seats.in_show(show.show_id) == 1
        await viewers.subscribe(show, CAFE)  # another address is not held back

        await viewers.leave(kept.viewer_id)
        await viewers.subscribe(show, HOME)
        assert viewers.seats.from_address(HOME) == 2
        await viewers.records.close()

    run_async(scenario)
    assert rows(session_factory) == 4


def test_timed_out_sessions_a_restart_and_failed_joins_give_their_seats_back(
    settings: Settings, session_factory: sessionmaker[Session], shows: tuple[ShowRef, ShowRef]
) -> None:
    show = shows[0]

    async def scenario() -> None:
        janus = FakeJanus()
        viewers = registry(settings, session_factory, janus, per_show=2)
        home = await viewers.subscribe(show, HOME)
        cafe = await viewers.subscribe(show, CAFE)
        now = viewers.viewers[home.viewer_id].last_report + viewers_module.REPORT_TIMEOUT_S + 1
        viewers.viewers[cafe.viewer_id].last_report = now  # CAFE reported; HOME went quiet
        await viewers.reap(now)
        assert list(viewers.viewers) == [cafe.viewer_id]
        assert (viewers.seats.in_show(show.show_id), viewers.seats.from_address(HOME)) == (1, 0)

        viewers.reset("server_restart")
        assert (viewers.seats.in_show(show.show_id), viewers.seats.from_address(CAFE)) == (0, 0)

        janus.fail_joins = True
        with pytest.raises(NotLive):
            await viewers.subscribe(show, HOME)
        assert (viewers.seats.in_show(show.show_id), viewers.seats.from_address(HOME)) == (0, 0)
        await viewers.records.close()

    run_async(scenario)


def test_joins_racing_for_the_last_seat_do_not_both_take_it(
    settings: Settings, session_factory: sessionmaker[Session], shows: tuple[ShowRef, ShowRef]
) -> None:
    show = shows[0]

    async def scenario() -> None:
        janus = FakeJanus()
        janus.gate = asyncio.Event()  # Janus is slow to answer the joins
        viewers = registry(settings, session_factory, janus, per_show=1)
        first = asyncio.create_task(viewers.subscribe(show, HOME))
        second = asyncio.create_task(viewers.subscribe(show, CAFE))
        await asyncio.sleep(0.01)  # both are under way; Janus has answered neither
        janus.gate.set()
        outcomes = await asyncio.gather(first, second, return_exceptions=True)
        assert [type(outcome).__name__ for outcome in outcomes] == ["Subscription", "ShowFull"]
        # The loser asked nothing of Janus.
        assert (len(janus.joins), viewers.seats.in_show(show.show_id)) == (1, 1)
        await viewers.records.close()

    run_async(scenario)
