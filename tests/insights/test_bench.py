"""`crosslive bench insights` loads its store in bulk (COPY on PostgreSQL, executemany on
SQLite) and builds the summaries with the rebuild's code: the pages read from them give the
figures the raw rows give."""

from __future__ import annotations

import json

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from crosslive.cli import app
from crosslive.db import transaction
from crosslive.events.models import ViewerAction
from crosslive.insights import bench
from crosslive.insights.scope import Filters, Scope
from crosslive.insights.service import REPORTS
from crosslive.media.models import ViewerSession
from crosslive.orders.models import Order, OrderLine
from crosslive.returns.models import ReturnRequest


def test_the_bulk_store_has_its_rows_and_summaries(
    session_factory: sessionmaker[Session],
) -> None:
    with transaction(session_factory) as db:
        seller_id = bench.build(db, 150)
    with transaction(session_factory) as db:
        mine = Order.seller_id == seller_id
        assert db.scalar(select(func.count()).select_from(Order).where(mine)) == 150
        lines = select(func.count()).select_from(OrderLine).join(Order).where(mine)
        assert db.scalar(lines) == 300
        assert db.scalar(select(func.count()).where(ReturnRequest.seller_id == seller_id)) > 0
        mine_sessions = ViewerSession.seller_id == seller_id
        sessions = db.scalar(select(func.count()).where(mine_sessions))
        assert sessions == 3000
        scope = Scope(seller_id, None, Filters())
        shows = REPORTS["shows"](db, scope).tables
        quality = REPORTS["quality"](db, scope).tables
        # Each session has its own viewer, so the distinct viewers are the sessions.
        assert sum(int(r["viewers"]) for r in shows["funnel"].rows) == 3000
        assert sum(int(r["viewers"]) for r in shows["markets"].rows) == 3000
        assert quality["overall"].rows[0]["sessions"] == 3000
        assert sum(int(r["orders"]) for r in shows["shows"].rows) == 150
        # The actions the database made: per order three viewers, each one funnel step and
        # one credential seen, in the order's show and market.
        actions = select(ViewerAction.kind, func.count()).where(ViewerAction.seller_id == seller_id)
        assert dict(db.execute(actions.group_by(ViewerAction.kind)).all()) == {
            "sheet_opened": 150, "added_to_cart": 150, "checkout_started": 150,
            "credential_seen": 450,
        }  # fmt: skip
        buyer = (ViewerAction.seller_id == seller_id, ViewerAction.viewer_id == "v0")
        first = db.scalars(select(ViewerAction).where(*buyer)).all()
        assert {(a.kind, a.ref_id, a.detail, a.source, a.market_code) for a in first} == {
            ("sheet_opened", 1, "", "", "US"),
            ("credential_seen", 1, "certification", "push", "US"),
        }  # fmt: skip
        assert all(a.created_at.year == 2026 and a.created_at.tzinfo for a in first)
        # The sessions the database made read back as the ORM's datetimes, ended after watch_s.
        for one in db.scalars(select(ViewerSession).where(mine_sessions).limit(50)):
            assert one.ended_at is not None
            watched = (one.ended_at - one.started_at).total_seconds()
            assert abs(watched - one.watch_s) < 0.01
            assert one.viewer_id is not None and one.market_code in ("US", "EU", "JP")


def test_the_command_prints_the_time_of_each_page() -> None:
    result = CliRunner().invoke(
        app, ["bench", "insights", "--orders", "20", "--repeat", "1", "--json"]
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["orders"] == 20
    assert set(figures["pages"]) >= set(REPORTS)
    assert all(page["p95_ms"] >= 0 for page in figures["pages"].values())
