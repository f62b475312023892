"""Per show: orders, paid orders, revenue and refunds per currency, chat messages and
questions, and the orders kept after the return window (read from the summaries:
crosslive.insights.show_figures)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.insights import audience, show_figures
from crosslive.insights.report import Report, Table
from crosslive.insights.scope import Scope, start_of
from crosslive.shows.models import Show, ShowHost

SHOW_COLUMNS = ["show_id", "show", "orders", "paid", "messages", "questions", "kept"]
SHOW_COLUMNS += ["answered", "answered_instantly", "avg_answer_s"]


def shows_report(db: Session, scope: Scope) -> Report:
    shows = _shows(db, scope)
    ids = list(shows)
    counts = show_figures.order_counts(db, scope, ids)
    chat = show_figures.chat(db, ids)
    instantly = audience.answered_instantly(db, ids)
    table = Table("Shows", SHOW_COLUMNS)
    for show_id, title in shows.items():
        table.add(
            show_id=show_id,
            show=title,
            **counts.get(show_id, _ZERO),
            **chat.get(show_id, _NO_CHAT),
            answered_instantly=instantly.get(show_id, 0),
        )
    money = Table(
        "Revenue and refunds per show and currency",
        ["show_id", "show", "currency", "revenue_minor", "refunds_minor"],
    )
    found = show_figures.money(db, scope, ids)
    for (show_id, currency), (revenue, refunds) in sorted(found.items()):
        money.add(
            show_id=show_id,
            show=shows[show_id],
            currency=currency,
            revenue_minor=revenue,
            refunds_minor=refunds,
        )
    tables = {
        "shows": table,
        "funnel": audience.funnel_table(db, scope, shows),
        "viewers": audience.concurrency_table(db, scope, shows, audience.live_times(db, ids)),
        "markets": audience.markets_table(db, scope, ids),
        "money": money,
    }
    return Report("shows", scope.filters.as_dict(), tables)


_ZERO = {"orders": 0, "paid": 0, "kept": 0}
_NO_CHAT: dict[str, int | float | None] = {
    "messages": 0,
    "questions": 0,
    "answered": 0,
    "avg_answer_s": None,
}


def _shows(db: Session, scope: Scope) -> dict[int, str]:
    f = scope.filters
    stmt = select(Show.id, Show.title).where(Show.seller_id == scope.seller_id)
    if scope.host_id is not None:
        stmt = stmt.where(
            Show.id.in_(select(ShowHost.show_id).where(ShowHost.user_id == scope.host_id))
        )
    if f.show_id is not None:
        stmt = stmt.where(Show.id == f.show_id)
    if f.since is not None:
        stmt = stmt.where(Show.scheduled_at >= start_of(f.since))
    if f.until is not None:
        stmt = stmt.where(Show.scheduled_at < start_of(f.until, days=1))
    return {i: t for i, t in db.execute(stmt.order_by(Show.scheduled_at, Show.id))}
