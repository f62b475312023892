"""The per-day viewer-session summaries the insights read stay exactly what a rebuild from the
raw sessions gives: after a session starts, ends, changes its figures after the end, and is
deleted; and `crosslive insights rebuild` recomputes them."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from crosslive.cli import app
from crosslive.db import transaction
from crosslive.insights.scope import Filters, Scope
from crosslive.insights.service import REPORTS
from crosslive.media import service as media
from crosslive.media.models import ViewerSession
from crosslive.media.session_days import FirstFrameDay, SessionDay, rebuild
from crosslive.media.show_peaks import ShowPeak
from crosslive.settings import Settings
from tests.factories import add_staff
from tests.insights.audience_scenario import add_session, build_audience
from tests.insights.scenario import Scenario, build


@pytest.fixture
def store(
    session_factory: sessionmaker[Session], owner: dict[str, str | int]
) -> tuple[Scenario, int]:
    seller_id = int(owner["seller_id"])
    add_staff(session_factory, seller_id, "hana@acme.test")
    scenario = build(session_factory, seller_id, "hana@acme.test")
    build_audience(session_factory, seller_id, scenario)
    return scenario, seller_id


def _summaries(db: Session) -> list[tuple[Any, ...]]:
    days = db.execute(
        select(SessionDay).order_by(
            SessionDay.show_id, SessionDay.market_code, SessionDay.country, SessionDay.device
        )
    ).scalars()
    frames = db.execute(select(FirstFrameDay)).scalars()
    kept = [
        (d.show_id, d.day, d.market_code, d.country, d.device, d.sessions, d.watch_ds, d.freeze_ms,
         d.freezes, d.kbps_ds2, d.switches, d.under_10s, d.under_60s, d.under_300s, d.under_900s)
        for d in days if d.sessions
    ]  # fmt: skip
    counts = sorted(
        (f.show_id, f.day, f.market_code, f.country, f.device, f.bucket_ms, f.sessions)
        for f in frames
        if f.sessions
    )
    return [*kept, *counts]


def _same_as_rebuilt(factory: sessionmaker[Session], seller_id: int) -> list[tuple[Any, ...]]:
    with transaction(factory) as db:
        kept = _summaries(db)
    with transaction(factory) as db:
        rebuild(db, seller_id)
    with transaction(factory) as db:
        assert _summaries(db) == kept
    return kept


def _quality(factory: sessionmaker[Session], seller_id: int) -> dict[str, Any]:
    with transaction(factory) as db:
        report = REPORTS["quality"](db, Scope(seller_id, None, Filters()))
    return report.tables["overall"].rows[0]


def test_the_summaries_follow_each_session_written(
    session_factory: sessionmaker[Session], store: tuple[Scenario, int]
) -> None:
    scenario, seller_id = store
    before = _same_as_rebuilt(session_factory, seller_id)
    assert sum(row[5] for row in before if len(row) == 15) == 5
    show = media.ShowRef(show_id=scenario.show1, seller_id=seller_id)
    with transaction(session_factory) as db:
        audience = media.Audience(market_code="EU", country="FR", device="phone")
        media.start_viewer_session(db, show, "new-key", 1, "n", audience)
    # Not ended: nothing counts yet.
    assert _same_as_rebuilt(session_factory, seller_id) == before
    assert _quality(session_factory, seller_id)["sessions"] == 5
    figures = media.SessionFigures(1234, 2, 3.5, 2, 1, 1, 900.0, 4)
    with transaction(session_factory) as db:
        media.record_viewer_figures(db, "new-key", figures, end_reason="left")
        row = db.scalar(select(ViewerSession).where(ViewerSession.viewer_key == "new-key"))
        assert row is not None
        # Back-date its start so the session has watch time (and a day) of its own.
        row.started_at = row.started_at - timedelta(seconds=30)
        row.watch_s = 30.0
    ended = _same_as_rebuilt(session_factory, seller_id)
    assert ended != before
    overall = _quality(session_factory, seller_id)
    assert (overall["sessions"], overall["lost_first_10s"]) == (6, 1)
    # A figures report after the end changes the counted figures: old out, new in.
    later = media.SessionFigures(2500, 3, 9.0, 1, 2, 2, 300.0, 6)
    with transaction(session_factory) as db:
        media.record_viewer_figures(db, "new-key", later)
    changed = _same_as_rebuilt(session_factory, seller_id)
    assert changed != ended
    with transaction(session_factory) as db:
        row = db.scalar(select(ViewerSession).where(ViewerSession.viewer_key == "new-key"))
        db.delete(row)
    assert _same_as_rebuilt(session_factory, seller_id) == before
    assert _quality(session_factory, seller_id)["sessions"] == 5


def test_the_rebuild_command_recomputes_lost_summaries(
    settings: Settings, session_factory: sessionmaker[Session], store: tuple[Scenario, int]
) -> None:
    _, seller_id = store
    expected = _quality(session_factory, seller_id)
    with transaction(session_factory) as db:
        db.execute(delete(SessionDay))
        db.execute(delete(FirstFrameDay))
    assert _quality(session_factory, seller_id)["sessions"] == 0
    env = {
        "CROSSLIVE_DATABASE_URL": settings.resolved_database_url,
        "CROSSLIVE_DATA_DIR": str(settings.data_dir),
    }
    result = CliRunner().invoke(app, ["insights", "rebuild", "--store", "acme"], env=env)
    assert result.exit_code == 0, result.output
    summarized = json.loads(result.output)["summarized"]
    assert summarized["viewer_sessions"] == 5 and summarized["show_viewers"] > 0
    assert _quality(session_factory, seller_id) == expected
    bad = CliRunner().invoke(app, ["insights", "rebuild", "--store", "nope"], env=env)
    assert bad.exit_code == 1


def _peaks(factory: sessionmaker[Session], seller_id: int) -> dict[Any, Any]:
    with transaction(factory) as db:
        report = REPORTS["shows"](db, Scope(seller_id, None, Filters()))
    return {r["show"]: r["peak_concurrent"] for r in report.tables["viewers"].rows}


def test_a_remembered_peak_is_forgotten_when_a_session_of_the_show_is_written(
    session_factory: sessionmaker[Session], store: tuple[Scenario, int]
) -> None:
    scenario, seller_id = store
    # Spring show: v 0-1800 s, x 900-2700 s and y 1000-1200 s overlap.
    assert _peaks(session_factory, seller_id) == {"Spring show": 3, "Lamp night": 1}
    with transaction(session_factory) as db:
        assert db.scalar(select(func.count()).select_from(ShowPeak)) == 2
        row = ("z", "US", "US", "phone", 1100, 50.0, 900, 0, 0.0, 500.0, (0, 0))
        add_session(db, seller_id, scenario.show1, *row)
    assert _peaks(session_factory, seller_id) == {"Spring show": 4, "Lamp night": 1}


def test_the_rebuild_rounds_halves_as_the_hooks_do(
    session_factory: sessionmaker[Session], store: tuple[Scenario, int]
) -> None:
    """The rebuild works the figures out in SQL; Python's round() takes halves to the even
    number, and so must the SQL (0.25 s is 2 tenths, 0.35 s is 4; 2.5 ms frozen is 2)."""
    scenario, seller_id = store
    with transaction(session_factory) as db:
        for n, (watch, frozen, kbps) in enumerate(
            ((0.25, 0.0025, 0.25), (0.35, 0.0035, 0.35), (1.05, 0.0015, 12.45))
        ):
            add_session(db, seller_id, scenario.show2, f"h{n}", "JP", "JP", "phone", 7 + n,
                        watch, 5 + n, 1, frozen, kbps, (0, 0))  # fmt: skip
    with transaction(session_factory) as db:
        row = db.scalars(
            select(SessionDay).where(SessionDay.market_code == "JP", SessionDay.device == "phone")
        ).one()
        assert (row.sessions, row.watch_ds, row.freeze_ms) == (3, 2 + 4 + 10, 2 + 4 + 2)
        assert row.kbps_ds2 == 2 * 2 + 4 * 4 + 124 * 10
    _same_as_rebuilt(session_factory, seller_id)
