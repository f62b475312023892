"""Per show: orders, paid orders, revenue and refunds per currency, chat messages and
questions, and the orders kept after the return window."""

from __future__ import annotations

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from crosslive.chat.models import ChatMessage
from crosslive.insights import audience
from crosslive.insights.report import Report, Table
from crosslive.insights.scope import Scope, start_of
from crosslive.orders.models import Order, Refund
from crosslive.shows.models import Show, ShowHost

SHOW_COLUMNS = ["show_id", "show", "orders", "paid", "messages", "questions", "kept"]
SHOW_COLUMNS += ["answered", "answered_instantly", "avg_answer_s"]


def shows_report(db: Session, scope: Scope) -> Report:
    shows = _shows(db, scope)
    ids = list(shows)
    counts = _order_counts(db, scope, ids)
    chat = _chat_counts(db, ids)
    answered = audience.answers(db, ids)
    table = Table("Shows", SHOW_COLUMNS)
    for show_id, title in shows.items():
        table.add(
            show_id=show_id,
            show=title,
            **counts.get(show_id, _ZERO),
            **chat.get(show_id, _NO_CHAT),
            **answered.get(show_id, _NO_ANSWERS),
        )
    money = Table(
        "Revenue and refunds per show and currency",
        ["show_id", "show", "currency", "revenue_minor", "refunds_minor"],
    )
    for (show_id, currency), (revenue, refunds) in sorted(_money(db, scope, ids).items()):
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
_NO_CHAT = {"messages": 0, "questions": 0}
_NO_ANSWERS: dict[str, int | float | None] = {
    "answered": 0,
    "answered_instantly": 0,
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


def _order_counts(db: Session, scope: Scope, ids: list[int]) -> dict[int, dict[str, int]]:
    kept = audience.kept_order()
    stmt = (
        select(
            Order.show_id,
            func.count().label("orders"),
            func.count(Order.paid_at).label("paid"),
            func.sum(case((kept, 1), else_=0)).label("kept"),
        )
        .where(scope.order_filter(), Order.show_id.in_(ids))
        .group_by(Order.show_id)
    )
    return {
        r.show_id: {"orders": int(r.orders), "paid": int(r.paid), "kept": int(r.kept)}
        for r in db.execute(stmt)
    }


def _chat_counts(db: Session, ids: list[int]) -> dict[int, dict[str, int]]:
    stmt = (
        select(
            ChatMessage.show_id,
            func.count().label("messages"),
            func.sum(case((ChatMessage.is_question, 1), else_=0)).label("questions"),
        )
        .where(ChatMessage.show_id.in_(ids), ChatMessage.is_staff.is_(False))
        .group_by(ChatMessage.show_id)
    )
    return {
        r.show_id: {"messages": int(r.messages), "questions": int(r.questions)}
        for r in db.execute(stmt)
    }


def _money(db: Session, scope: Scope, ids: list[int]) -> dict[tuple[int, str], list[int]]:
    found: dict[tuple[int, str], list[int]] = {}
    paid = (
        select(Order.show_id, Order.currency, func.sum(Order.total_minor))
        .where(scope.order_filter(), Order.show_id.in_(ids), Order.paid_at.is_not(None))
        .group_by(Order.show_id, Order.currency)
    )
    refunds = (
        select(Order.show_id, Refund.currency, func.sum(Refund.amount_minor))
        .join(Order, Order.id == Refund.order_id)
        .where(scope.order_filter(), Order.show_id.in_(ids))
        .group_by(Order.show_id, Refund.currency)
    )
    for column, stmt in enumerate((paid, refunds)):
        for show_id, currency, amount in db.execute(stmt):
            if show_id is not None:
                found.setdefault((show_id, currency), [0, 0])[column] = int(amount)
    return found
