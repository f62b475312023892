"""The insights a staff member or the command line asks for, scoped and filtered."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.auth import service as auth_service
from crosslive.auth.models import StaffUser
from crosslive.catalog.models import Category
from crosslive.errors import NotFound
from crosslive.events import action_viewers
from crosslive.insights import (  # noqa: F401  (write hooks)
    advice_days,
    effect_hooks,
    line_days,
    line_hooks,
    show_chat,
    watcher_rebuild,
)
from crosslive.insights.economics_report import economics_report
from crosslive.insights.effects import effects_report
from crosslive.insights.quality_report import quality_report
from crosslive.insights.report import Report, Table
from crosslive.insights.returns_report import returns_report
from crosslive.insights.scope import Filters, Scope
from crosslive.insights.shows_report import shows_report
from crosslive.markets.models import Market
from crosslive.media import session_days, show_viewers
from crosslive.shows.models import Show, ShowHost

REPORTS: dict[str, Callable[[Session, Scope], Report]] = {
    "returns": returns_report,
    "effects": effects_report,
    "economics": economics_report,
    "shows": shows_report,
    "quality": quality_report,
}


def report(db: Session, user: StaffUser, name: str, filters: Filters) -> Report:
    """Report NAME as USER may see it: owners the whole store, hosts their own shows."""
    return _build(name)(db, Scope.of(user, filters))


def table(db: Session, user: StaffUser, name: str, key: str, filters: Filters) -> Table:
    found = report(db, user, name, filters).tables.get(key)
    if found is None:
        raise NotFound(f"the {name} insights have no table {key!r}")
    return found


def store_report(db: Session, store: str, name: str, filters: Filters) -> Report:
    """Report NAME over the whole store with slug STORE (the command line)."""
    seller = auth_service.find_seller(db, store)
    if seller is None:
        raise NotFound(f"no store {store!r}")
    return _build(name)(db, Scope(seller.id, None, filters.checked()))


def rebuild_summaries(db: Session, store: str) -> dict[str, int]:
    """Recompute the summary tables of the store with slug STORE from its raw records;
    returns how many records of each kind were summed."""
    seller = auth_service.find_seller(db, store)
    if seller is None:
        raise NotFound(f"no store {store!r}")
    return rebuild_seller(db, seller.id)


REBUILDS: dict[str, Callable[[Session, int], int]] = {
    "viewer_sessions": session_days.rebuild,
    "show_viewers": show_viewers.rebuild,
    "order_lines": line_days.rebuild,
    "chat_messages": show_chat.rebuild,
    "show_action_viewers": action_viewers.rebuild,
    "order_advice": advice_days.rebuild,
    "watchers": watcher_rebuild.rebuild,
}


def rebuild_seller(
    db: Session, seller_id: int, seconds: dict[str, float] | None = None
) -> dict[str, int]:
    """Recompute every summary table of the store SELLER_ID (the rebuild command, and the
    benchmark after its bulk loads); SECONDS, when given, gets the time each rebuild took
    (as `rebuild_NAME`)."""
    counted = {}
    for name, rebuild in REBUILDS.items():
        started = time.perf_counter()
        counted[name] = rebuild(db, seller_id)
        if seconds is not None:
            seconds[f"rebuild_{name}"] = round(time.perf_counter() - started, 2)
    return counted


def _build(name: str) -> Callable[[Session, Scope], Report]:
    if name not in REPORTS:
        raise NotFound(f"no insights {name!r}; one of {', '.join(REPORTS)}")
    return REPORTS[name]


@dataclass(frozen=True)
class Choices:
    """What the filters offer USER: the shows they may see, the store's markets, categories."""

    shows: list[tuple[int, str]]
    markets: list[str]
    categories: list[str]


def choices(db: Session, user: StaffUser) -> Choices:
    scope = Scope.of(user, Filters())
    shows = select(Show.id, Show.title).where(Show.seller_id == scope.seller_id)
    if scope.host_id is not None:
        hosted = select(ShowHost.show_id).where(ShowHost.user_id == scope.host_id)
        shows = shows.where(Show.id.in_(hosted))
    markets = select(Market.code).where(Market.seller_id == scope.seller_id)
    return Choices(
        shows=[(i, t) for i, t in db.execute(shows.order_by(Show.scheduled_at.desc()))],
        markets=list(db.scalars(markets.order_by(Market.code))),
        categories=[c.value for c in Category],
    )
