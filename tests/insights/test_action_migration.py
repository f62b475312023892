"""Migration 0043 back-fills the per-show action summaries from the viewer actions already
recorded, with its own SQL: the result is what `action_viewers.rebuild` gives, on SQLite and
on PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, insert, text

from crosslive import migrate
from crosslive.db import make_engine, make_session_factory, transaction, utcnow
from crosslive.events.action_viewers import rebuild
from crosslive.events.models import ViewerAction
from crosslive.shows.models import Show, ShowState
from tests.events.test_log_migration import database_url
from tests.factories import old_seller

__all__ = ["database_url"]

COUNTS = "SELECT show_id, market_code, kind, detail, viewers FROM show_action_counts"
MEMBERS = "SELECT show_id, market_code, kind, detail, viewer_id, actions"
MEMBERS += " FROM show_action_viewers"


def _summaries(engine: Engine) -> list[list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        return [sorted(tuple(r) for r in conn.execute(text(q))) for q in (COUNTS, MEMBERS)]


def _store(engine: Engine) -> None:
    """A show and its viewers' actions written with plain inserts (no write hook runs)."""
    with transaction(make_session_factory(engine)) as db:
        seller_id = old_seller(db)
        show = Show(seller_id=seller_id, slug="spring", title="Spring", description="",
                    scheduled_at=utcnow(), duration_minutes=60, language="en", market_codes=[],
                    sponsored=False, state=ShowState.ENDED)  # fmt: skip
        db.add(show)
        db.flush()
        rows = [
            ("v1", "sheet_opened", 1, "", "US"),
            ("v1", "sheet_opened", 2, "", "US"),
            ("v1", "credential_seen", 7, "certification", "US"),
            ("v1", "credential_seen", 8, "reviews", "US"),
            ("v2", "sheet_opened", 1, "", "JP"),
            ("v2", "credential_seen", 7, "certification", "JP"),
            ("v2", "added_to_cart", 0, "", "JP"),
        ]
        db.execute(
            insert(ViewerAction),
            [
                {"seller_id": seller_id, "show_id": show.id, "viewer_id": viewer, "kind": kind,
                 "ref_id": ref, "detail": detail, "market_code": market}
                for viewer, kind, ref, detail, market in rows
            ],
        )  # fmt: skip


def test_the_back_fill_counts_the_recorded_actions_as_a_rebuild_does(database_url: str) -> None:
    migrate.upgrade(database_url, "0035")
    engine = make_engine(database_url)
    _store(engine)
    migrate.upgrade(database_url)
    filled = _summaries(engine)
    counts = {(row[1], row[2], row[3]): row[4] for row in filled[0]}
    assert counts[("*", "sheet_opened", "")] == 2
    assert counts[("*", "credential_seen", "certification")] == 2
    assert counts[("US", "credential_seen", "reviews")] == 1
    assert counts[("JP", "added_to_cart", "")] == 1
    with transaction(make_session_factory(engine)) as db:
        rebuild(db)
    assert _summaries(engine) == filled
    engine.dispose()
