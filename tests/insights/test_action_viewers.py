"""The distinct viewers per show, market, step and credential type
(crosslive.events.action_viewers) stay exactly what counting the raw viewer actions gives, and
what a rebuild gives, as actions are recorded (repeats included); the funnel and the
credentials table read them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction
from crosslive.events.action_viewers import (
    CREDENTIAL_SEEN,
    EVERY_MARKET,
    ShowActionCount,
    ShowActionViewer,
    rebuild,
)
from crosslive.events.actions import Action, ActionKind, SeenWhere, record
from crosslive.events.models import ViewerAction
from crosslive.insights.scope import Filters, Scope
from crosslive.insights.service import REPORTS
from tests.insights.scenario import Scenario
from tests.insights.test_summaries import store

__all__ = ["store"]


def _kept(db: Session) -> list[tuple[Any, ...]]:
    c, v = ShowActionCount, ShowActionViewer
    counts = db.execute(
        select(c.show_id, c.market_code, c.kind, c.detail, c.viewers).where(c.viewers != 0)
    )
    members = db.execute(select(v.show_id, v.market_code, v.kind, v.detail, v.viewer_id, v.actions))
    return sorted(tuple(r) for r in counts) + sorted(tuple(r) for r in members)


def _counted(db: Session) -> list[tuple[Any, ...]]:
    """The distinct viewers straight from the raw actions."""
    a = ViewerAction
    detail = case((a.kind == CREDENTIAL_SEEN, a.detail), else_="")
    distinct = func.count(func.distinct(a.viewer_id))
    per_market = db.execute(
        select(a.show_id, a.market_code, a.kind, detail, distinct).group_by(
            a.show_id, a.market_code, a.kind, detail
        )
    )
    overall = db.execute(
        select(a.show_id, a.kind, detail, distinct).group_by(a.show_id, a.kind, detail)
    )
    rows = [tuple(r) for r in per_market]
    rows += [(show_id, EVERY_MARKET, kind, d, n) for show_id, kind, d, n in overall]
    return sorted(rows)


def _check(factory: sessionmaker[Session], seller_id: int) -> list[tuple[Any, ...]]:
    """The kept counts equal the raw counts and survive a rebuild unchanged."""
    with transaction(factory) as db:
        kept = _kept(db)
        counts = [r for r in kept if len(r) == 5]
        assert counts == _counted(db)
    with transaction(factory) as db:
        rebuild(db, seller_id)
    with transaction(factory) as db:
        assert _kept(db) == kept
    return counts


def _reports(factory: sessionmaker[Session], seller_id: int, market: str | None) -> Any:
    with transaction(factory) as db:
        scope = Scope(seller_id, None, Filters(market=market))
        funnel = REPORTS["shows"](db, scope).tables["funnel"].rows
        credentials = REPORTS["effects"](db, scope).tables["credentials"].rows
    steps = {
        r["show"]: (r["sheet_opened"], r["added_to_cart"], r["checkout_started"]) for r in funnel
    }
    return steps, credentials


def test_the_step_counts_follow_each_action_recorded(
    session_factory: sessionmaker[Session], store: tuple[Scenario, int]
) -> None:
    scenario, seller_id = store
    before = _check(session_factory, seller_id)
    steps, _ = _reports(session_factory, seller_id, None)
    eu_steps, _ = _reports(session_factory, seller_id, "EU")
    sheet, cart, checkout = steps["Spring show"]
    sheet_1, sheet_2 = Action(ActionKind.SHEET_OPENED, 1), Action(ActionKind.SHEET_OPENED, 2)
    seen = Action(ActionKind.CREDENTIAL_SEEN, 9001, "lab_test", SeenWhere.PUSH.value)
    batches = [
        ("newcomer-1", "EU", [sheet_1, sheet_2]),
        ("newcomer-1", "EU", [sheet_1, Action(ActionKind.ADDED_TO_CART)]),
        ("newcomer-2", "JP", [Action(ActionKind.ADDED_TO_CART), seen]),
        ("newcomer-2", "JP", [seen, Action(ActionKind.CHECKOUT_STARTED)]),
    ]  # fmt: skip
    for viewer, market, actions in batches:
        with transaction(session_factory) as db:
            record(
                db,
                seller_id=seller_id,
                show_id=scenario.show1,
                viewer_id=viewer,
                market_code=market,
                actions=actions,
            )
    after = _check(session_factory, seller_id)
    assert after != before
    steps, credentials = _reports(session_factory, seller_id, None)
    # One more viewer per step, however many sheets or repeats.
    assert steps["Spring show"] == (sheet + 1, cart + 2, checkout + 1)
    eu = _reports(session_factory, seller_id, "EU")[0]["Spring show"]
    assert eu == tuple(n + d for n, d in zip(eu_steps["Spring show"], (1, 1, 0), strict=True))
    assert "lab_test" in {r["credential_type"] for r in credentials}
