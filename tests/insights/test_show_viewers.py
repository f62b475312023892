"""The distinct viewers per show and market (crosslive.media.show_viewers) stay exactly what
counting the raw sessions gives, and what a rebuild gives, as sessions are started, moved to
another market, and deleted; the funnel reads them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction
from crosslive.insights.audience import viewer_of
from crosslive.insights.scope import Filters, Scope
from crosslive.insights.service import REPORTS
from crosslive.media import service as media
from crosslive.media.models import ViewerSession
from crosslive.media.show_viewers import (
    EVERY_MARKET,
    MarketViewer,
    MarketViewerCount,
    ShowViewer,
    ShowViewerCount,
    rebuild,
)
from tests.insights.scenario import Scenario
from tests.insights.test_summaries import store

__all__ = ["store"]


def _kept(db: Session) -> list[tuple[Any, ...]]:
    c, v, mc, mv = ShowViewerCount, ShowViewer, MarketViewerCount, MarketViewer
    counts = db.execute(select(c.show_id, c.market_code, c.viewers).where(c.viewers != 0))
    markets = db.execute(select(mc.market_code, mc.viewers).where(mc.viewers != 0))
    members = db.execute(select(v.show_id, v.market_code, v.viewer, v.sessions))
    in_markets = db.execute(select(mv.market_code, mv.viewer, mv.sessions))
    kept = sorted(tuple(r) for r in counts) + sorted(tuple(r) for r in markets)
    return kept + sorted(tuple(r) for r in members) + sorted(tuple(r) for r in in_markets)


def _counted(db: Session) -> list[tuple[Any, ...]]:
    """The same counts straight from the raw sessions."""
    s = ViewerSession
    distinct = func.count(func.distinct(viewer_of()))
    per_market = db.execute(
        select(s.show_id, s.market_code, distinct).group_by(s.show_id, s.market_code)
    )
    overall = db.execute(select(s.show_id, distinct).group_by(s.show_id))
    rows = [tuple(r) for r in per_market]
    rows += [(show_id, EVERY_MARKET, n) for show_id, n in overall]
    markets = db.execute(select(s.market_code, distinct).group_by(s.market_code))
    return sorted(rows) + sorted(tuple(r) for r in markets)


def _check(factory: sessionmaker[Session], seller_id: int) -> list[tuple[Any, ...]]:
    """The kept counts equal the raw counts and survive a rebuild unchanged."""
    with transaction(factory) as db:
        kept = _kept(db)
        counts = [r for r in kept if len(r) == 3 and isinstance(r[0], int)]
        counts += [r for r in kept if len(r) == 2]
        assert counts == _counted(db)
    with transaction(factory) as db:
        rebuild(db, seller_id)
    with transaction(factory) as db:
        assert _kept(db) == kept
    return counts


def _funnel(factory: sessionmaker[Session], seller_id: int, market: str | None) -> dict[str, int]:
    """Viewers per show in the funnel; checks the markets table of the whole store against
    the same table for one show at a time (which counts the raw sessions)."""
    with transaction(factory) as db:
        report = REPORTS["shows"](db, Scope(seller_id, None, Filters(market=market)))
        whole = {r["market"]: r["viewers"] for r in report.tables["markets"].rows}
        raw = select(func.count(func.distinct(viewer_of())))
        for market_code, n in whole.items():
            code = "" if market_code == "unknown" else market_code
            assert db.scalar(raw.where(ViewerSession.market_code == code)) == n
    return {r["show"]: r["viewers"] for r in report.tables["funnel"].rows}


def test_the_viewer_counts_follow_each_session_written(
    session_factory: sessionmaker[Session], store: tuple[Scenario, int]
) -> None:
    scenario, seller_id = store
    before = _check(session_factory, seller_id)
    spring = _funnel(session_factory, seller_id, None)["Spring show"]
    eu = _funnel(session_factory, seller_id, "EU")["Spring show"]
    show = media.ShowRef(show_id=scenario.show1, seller_id=seller_id)
    audience = media.Audience(market_code="EU", country="FR", device="phone")
    with transaction(session_factory) as db:
        media.start_viewer_session(db, show, "new-1", 1, "newcomer", audience)
        media.start_viewer_session(db, show, "new-2", 1, "newcomer", audience)
    _check(session_factory, seller_id)
    # One more viewer, however many sessions.
    assert _funnel(session_factory, seller_id, None)["Spring show"] == spring + 1
    assert _funnel(session_factory, seller_id, "EU")["Spring show"] == eu + 1
    with transaction(session_factory) as db:
        row = db.scalar(select(ViewerSession).where(ViewerSession.viewer_key == "new-1"))
        assert row is not None
        row.market_code = "JP"
    _check(session_factory, seller_id)
    assert _funnel(session_factory, seller_id, "EU")["Spring show"] == eu + 1
    assert _funnel(session_factory, seller_id, "JP")["Spring show"] >= 1
    with transaction(session_factory) as db:
        for key in ("new-1", "new-2"):
            db.delete(db.scalar(select(ViewerSession).where(ViewerSession.viewer_key == key)))
    assert _check(session_factory, seller_id) == before
    assert _funnel(session_factory, seller_id, None)["Spring show"] == spring
