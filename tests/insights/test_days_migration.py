"""Migration 0029 back-fills the per-day viewer-session summaries from the sessions already
recorded, with its own copy of the tables: the result is what `session_days.rebuild` gives,
on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import Engine, insert, text

from crosslive import migrate
from crosslive.db import make_engine, make_session_factory, transaction, utcnow
from crosslive.media.models import ViewerSession
from crosslive.media.session_days import rebuild
from crosslive.shows.models import Show, ShowState
from tests.events.test_log_migration import database_url
from tests.factories import old_seller

__all__ = ["database_url"]

DAYS = (
    "SELECT show_id, day, market_code, country, device, sessions, watch_ds, freeze_ms, freezes,"
    " kbps_ds2, switches, under_10s, under_60s, under_300s, under_900s FROM viewer_session_days"
)
FRAMES = "SELECT show_id, day, market_code, country, device, bucket_ms, sessions"
FRAMES += " FROM viewer_first_frames"


def _summaries(engine: Engine) -> list[list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        return [sorted(tuple(r) for r in conn.execute(text(q))) for q in (DAYS, FRAMES)]


def _store(engine: Engine) -> None:
    """A show and its sessions written with plain inserts, as before the summaries existed
    (no write hook runs)."""
    started = utcnow().replace(hour=23, minute=59, second=50, microsecond=0)
    with transaction(make_session_factory(engine)) as db:
        seller_id = old_seller(db)
        show = Show(seller_id=seller_id, slug="spring", title="Spring", description="",
                    scheduled_at=started, duration_minutes=60, language="en", market_codes=[],
                    sponsored=False, state=ShowState.ENDED)  # fmt: skip
        db.add(show)
        db.flush()
        rows = [{"viewer_key": "open", "started_at": started, "first_frame_ms": 500}]
        for n, (watch, first, market) in enumerate(
            [(4.25, 812, "US"), (75.0, 1234, "US"), (1300.5, None, "JP"), (30.0, 99, "")]
        ):
            rows.append({
                "viewer_key": f"k{n}", "viewer_id": f"v{n}", "started_at": started,
                "ended_at": started + timedelta(seconds=watch), "watch_s": watch,
                "first_frame_ms": first, "freezes": n, "freeze_s": 0.4 * n, "layer_ups": n,
                "layer_downs": 1, "avg_kbps": 850.5 + n, "market_code": market,
                "country": market[:2], "device": "phone",
            })  # fmt: skip
        db.execute(
            insert(ViewerSession), [{"seller_id": seller_id, "show_id": show.id} | r for r in rows]
        )


def test_the_back_fill_sums_the_recorded_sessions_as_a_rebuild_does(database_url: str) -> None:
    migrate.upgrade(database_url, "0036")
    engine = make_engine(database_url)
    _store(engine)
    migrate.upgrade(database_url)
    filled = _summaries(engine)
    assert len(filled[0]) == 3 and sum(row[5] for row in filled[0]) == 4
    assert sorted(row[5] for row in filled[1]) == [90, 810, 1230]
    with transaction(make_session_factory(engine)) as db:
        rebuild(db)
    assert _summaries(engine) == filled
    engine.dispose()
