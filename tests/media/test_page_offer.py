"""Offers handed out with a show's page: only a subscription already waiting is handed out
(the page never waits for a join, and gets none when nothing waits or no seat is left), its
answer must name that show, it is answered once, and unanswered it ends after its time to
live and gives its seat back. A stand-in Janus records what is asked of it."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from crosslive.errors import Conflict, NotFound
from crosslive.media import viewers as viewers_module
from crosslive.media.service import ShowRef
from crosslive.media.viewers import ViewerRegistry
from crosslive.settings import Settings
from tests.media.conftest import run_async
from tests.media.test_prejoin import FakeJanus, Rooms, settle
from tests.media.test_viewer_seats import CAFE, HOME, shows  # noqa: F401 (fixture)

SDP = "v=0 an answer"


class AnsweringJanus(FakeJanus):
    """Also takes answers: each `start` with its jsep is recorded."""

    def __init__(self) -> None:
        super().__init__()
        self.started: list[tuple[int, str]] = []

    async def message(  # type: ignore[override]
        self,
        handle_id: int,
        body: dict[str, Any],
        jsep: dict[str, Any] | None = None,
        timeout: float | None = None,
    ) -> tuple[dict[str, Any], dict[str, Any] | None]:
        if body["request"] == "start":
            assert jsep is not None
            self.started.append((handle_id, jsep["sdp"]))
            return {}, None
        return await super().message(handle_id, body)


def registry(
    settings: Settings, factory: sessionmaker[Session], janus: FakeJanus, waiting: int
) -> ViewerRegistry:
    limits = {
        "media_viewers_per_show": 100,
        "media_viewers_per_address": 1,
        "media_prejoined_viewers": waiting,
    }
    return ViewerRegistry(Rooms(janus), factory, settings.model_copy(update=limits))  # type: ignore[arg-type]


async def warmed(viewers: ViewerRegistry, show: ShowRef) -> None:
    viewers.warm(show.show_id)
    await settle(viewers.prejoined, show.show_id)


def test_a_page_gets_a_waiting_offer_answered_once_and_only_for_its_show(
    settings: Settings,
    session_factory: sessionmaker[Session],
    shows: tuple[ShowRef, ShowRef],  # noqa: F811
) -> None:
    show = shows[0]

    async def scenario() -> None:
        janus = AnsweringJanus()
        viewers = registry(settings, session_factory, janus, waiting=1)
        await warmed(viewers, show)
        joins = len(janus.joins)
        got = viewers.subscribe_waiting(show, "morning", HOME)
        assert got is not None
        sub, ttl_s = got
        assert ttl_s == viewers_module.INLINE_OFFER_TTL_S
        assert sub.offer_sdp.startswith("v=0 handle ")
        assert len(janus.joins) == joins  # handed out, nothing joined for it
        assert viewers.seats.from_address(HOME) == 1

        # Another show's page cannot answer it, nor can a client that names no show.
        for other in ("evening", ""):
            with pytest.raises(NotFound):
                await viewers.answer(sub.viewer_id, SDP, other)
        assert janus.started == []

        await viewers.answer(sub.viewer_id, SDP, "morning")
        handle = viewers.viewers[sub.viewer_id].handle_id
        assert janus.started == [(handle, SDP)]
        with pytest.raises(Conflict):
            await viewers.answer(sub.viewer_id, SDP, "morning")
        assert janus.started == [(handle, SDP)]  # the second answer reached nothing

        # The taken one is replaced in the background, and the next page gets that one.
        await settle(viewers.prejoined, show.show_id)
        assert viewers.prejoined.waiting(show.show_id) == 1
        again = viewers.subscribe_waiting(show, "morning", CAFE)
        assert again is not None and again[0].viewer_id != sub.viewer_id
        await viewers.records.close()

    run_async(scenario)


def test_no_waiting_subscription_or_no_seat_means_no_offer_and_nothing_held(
    settings: Settings,
    session_factory: sessionmaker[Session],
    shows: tuple[ShowRef, ShowRef],  # noqa: F811
) -> None:
    show = shows[0]

    async def scenario() -> None:
        janus = AnsweringJanus()
        viewers = registry(settings, session_factory, janus, waiting=0)
        assert viewers.subscribe_waiting(show, "morning", HOME) is None
        assert janus.joins == []  # the page never waits for a join: it POSTs instead
        assert (viewers.seats.in_show(show.show_id), len(viewers.viewers)) == (0, 0)

        viewers = registry(settings, session_factory, janus, waiting=1)
        await warmed(viewers, show)
        # HOME already holds its one seat (a POSTed join): no offer, and the waiting
        # subscription stays for someone else.
        await viewers.subscribe(show, HOME)
        assert viewers.prejoined.waiting(show.show_id) in (0, 1)
        await settle(viewers.prejoined, show.show_id)
        assert viewers.subscribe_waiting(show, "morning", HOME) is None
        assert viewers.prejoined.waiting(show.show_id) == 1
        assert viewers.seats.from_address(HOME) == 1
        await viewers.records.close()

    run_async(scenario)


def test_an_unanswered_page_offer_expires_and_gives_its_seat_back(
    settings: Settings,
    session_factory: sessionmaker[Session],
    shows: tuple[ShowRef, ShowRef],  # noqa: F811
) -> None:
    show = shows[0]

    async def scenario() -> None:
        janus = AnsweringJanus()
        viewers = registry(settings, session_factory, janus, waiting=1)
        await warmed(viewers, show)
        got = viewers.subscribe_waiting(show, "morning", HOME)
        assert got is not None
        entry = viewers.viewers[got[0].viewer_id]
        assert entry.answer_by is not None
        entry.answer_by -= viewers_module.INLINE_OFFER_TTL_S + 1  # its time is up
        with pytest.raises(NotFound):
            await viewers.answer(got[0].viewer_id, SDP, "morning")
        assert janus.started == []

        await viewers.reap(entry.last_report + 1)  # well before the report timeout
        assert got[0].viewer_id not in viewers.viewers
        assert entry.handle_id in janus.detached
        assert viewers.seats.from_address(HOME) == 0
        with pytest.raises(NotFound):
            await viewers.answer(got[0].viewer_id, SDP, "morning")
        await viewers.records.close()

    run_async(scenario)
