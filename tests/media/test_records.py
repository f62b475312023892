"""Viewer-session rows are written in the background, in order, without holding up the
event loop, and a failed write does not stop the ones after it."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.media import service
from crosslive.media.models import ViewerSession
from crosslive.media.records import SessionRecords
from crosslive.media.service import SessionFigures, ShowRef
from tests.media.conftest import ShowGrant, run_async

FIGURES = SessionFigures(
    first_frame_ms=180,
    freezes=1,
    freeze_s=0.4,
    final_layer=0,
    layer_ups=0,
    layer_downs=1,
    avg_kbps=410.0,
    reports=4,
)


def _ref(live_show: ShowGrant, owner: dict[str, str | int]) -> ShowRef:
    return ShowRef(show_id=live_show.show_id, seller_id=int(owner["seller_id"]))


def _rows(factory: sessionmaker[Session]) -> list[ViewerSession]:
    with factory() as db:
        return list(db.scalars(select(ViewerSession).order_by(ViewerSession.id)))


def test_a_session_is_created_before_its_figures_are_recorded(
    live_show: ShowGrant, owner: dict[str, str | int], session_factory: sessionmaker[Session]
) -> None:
    async def scenario() -> None:
        records = SessionRecords(session_factory)
        records.started(_ref(live_show, owner), "viewer-a", layer=1)
        records.figures("viewer-a", FIGURES, end_reason="left")
        await records.close()

    run_async(scenario)
    [row] = _rows(session_factory)
    assert (row.viewer_key, row.start_layer, row.final_layer) == ("viewer-a", 1, 0)
    assert (row.first_frame_ms, row.layer_downs, row.end_reason) == (180, 1, "left")


def test_a_slow_database_does_not_hold_up_the_event_loop(
    live_show: ShowGrant,
    owner: dict[str, str | int],
    session_factory: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    disk = threading.Event()
    write = service.start_viewer_session

    def slow(db: Session, **kwargs: Any) -> int:
        disk.wait(10)
        return write(db, **kwargs)

    monkeypatch.setattr(service, "start_viewer_session", slow)

    async def scenario() -> None:
        records = SessionRecords(session_factory)
        records.started(_ref(live_show, owner), "viewer-b", layer=1)
        # The loop keeps running other work while the write waits for the "disk".
        assert await asyncio.wait_for(asyncio.sleep(0.05, result="ran"), 5) == "ran"
        assert _rows(session_factory) == []
        disk.set()
        await records.close()

    run_async(scenario)
    assert [row.viewer_key for row in _rows(session_factory)] == ["viewer-b"]


def test_a_failed_write_is_logged_and_the_next_ones_still_happen(
    live_show: ShowGrant,
    owner: dict[str, str | int],
    session_factory: sessionmaker[Session],
    caplog: pytest.LogCaptureFixture,
) -> None:
    ref = _ref(live_show, owner)

    async def scenario() -> None:
        records = SessionRecords(session_factory)
        records.started(ref, "viewer-c", layer=1)
        records.started(ref, "viewer-c", layer=1)  # the same key twice: a unique-key violation
        records.started(ref, "viewer-d", layer=2)
        await records.close()

    run_async(scenario)
    assert "could not record a viewer session" in caplog.text
    assert [row.viewer_key for row in _rows(session_factory)] == ["viewer-c", "viewer-d"]
    with session_factory() as db:
        assert db.scalar(select(func.count()).select_from(ViewerSession)) == 2
