"""The order-line and return summaries the Returns and Economics reports read stay exactly
what a rebuild from the raw orders, lines and returns gives: after a delivery and a return
moved by compare-and-set UPDATEs, lines and orders changed or deleted through the ORM, a
deleted product; and `crosslive insights rebuild` recomputes them."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from crosslive.catalog.models import Product
from crosslive.cli import app
from crosslive.db import transaction
from crosslive.fit.models import FitFeedback, FitVerdict
from crosslive.insights.answer_days import FitAnswerDay, RefundDay
from crosslive.insights.line_days import OUTCOME_SUMS, LineDay, ReturnDay, rebuild
from crosslive.insights.scope import Filters, Scope
from crosslive.insights.service import REPORTS
from crosslive.orders import lifecycle
from crosslive.orders.models import Order, OrderLine, OrderStatus, Refund
from crosslive.returns.models import ReturnReason, ReturnRequest, ReturnStatus
from crosslive.settings import Settings
from tests.factories import add_staff
from tests.insights.scenario import DAY, Scenario, build


@pytest.fixture
def store(
    session_factory: sessionmaker[Session], owner: dict[str, str | int]
) -> tuple[Scenario, int]:
    seller_id = int(owner["seller_id"])
    add_staff(session_factory, seller_id, "hana@acme.test")
    return build(session_factory, seller_id, "hana@acme.test"), seller_id


def _summaries(db: Session) -> list[tuple[Any, ...]]:
    lines = [
        (d.seller_id, d.day, d.show_id, d.market_id, d.market_code, d.currency, d.variant_id,
         d.line_title, d.lines, d.units, d.revenue_minor,
         *(getattr(d, name) for name in OUTCOME_SUMS))
        for d in db.scalars(select(LineDay)) if d.lines
    ]  # fmt: skip
    returns = [
        (d.seller_id, d.day, d.show_id, d.market_id, d.market_code, d.currency, d.variant_id,
         d.line_title, d.reason, d.outcome, d.returns, d.units, d.refund_minor)
        for d in db.scalars(select(ReturnDay)) if d.returns
    ]  # fmt: skip
    refunds = [
        (d.seller_id, d.day, d.show_id, d.market_code, d.currency, d.refunds, d.amount_minor)
        for d in db.scalars(select(RefundDay)) if d.refunds
    ]  # fmt: skip
    answers = [
        (d.seller_id, d.day, d.show_id, d.market_code, d.product_id, d.size, d.verdict, d.answers)
        for d in db.scalars(select(FitAnswerDay)) if d.answers
    ]  # fmt: skip
    return [*sorted(lines), *sorted(returns), *sorted(refunds), *sorted(answers)]


def _same_as_rebuilt(factory: sessionmaker[Session], seller_id: int) -> list[tuple[Any, ...]]:
    with transaction(factory) as db:
        kept = _summaries(db)
    with transaction(factory) as db:
        rebuild(db, seller_id)
    with transaction(factory) as db:
        assert _summaries(db) == kept
    return kept


def _table(factory: sessionmaker[Session], seller_id: int, report: str, table: str) -> Any:
    with transaction(factory) as db:
        found = REPORTS[report](db, Scope(seller_id, None, Filters())).tables[table]
    return [tuple(row.values()) for row in found.rows]


def _market_units(factory: sessionmaker[Session], seller_id: int) -> dict[str, tuple[int, int]]:
    rows = _table(factory, seller_id, "returns", "by_market")
    return {market: (units, returned) for market, units, returned, _ in rows}


def test_the_line_summaries_follow_each_write(
    session_factory: sessionmaker[Session], store: tuple[Scenario, int]
) -> None:
    scenario, seller_id = store
    before = _same_as_rebuilt(session_factory, seller_id)
    # 5 line groups (4 delivered orders), 3 counted returns, 2 refund rows, 4 fit answers
    assert len(before) == 5 + 3 + 2 + 4
    assert _market_units(session_factory, seller_id) == {"EU": (1, 0), "US": (7, 4)}
    # A delivery moves the order by a compare-and-set UPDATE: its line counts from now on.
    with transaction(session_factory) as db:
        shipped = db.scalar(select(Order).where(Order.status == OrderStatus.SHIPPED))
        assert shipped is not None
        assert lifecycle.move(db, shipped, OrderStatus.DELIVERED, delivered_at=DAY)
    assert _same_as_rebuilt(session_factory, seller_id) != before
    assert _market_units(session_factory, seller_id) == {"EU": (1, 0), "US": (8, 4)}
    # So does the store rejecting a return: it no longer counts.
    with transaction(session_factory) as db:
        db.execute(
            update(ReturnRequest)
            .where(ReturnRequest.reason == ReturnReason.DEFECT)
            .values(status=ReturnStatus.REJECTED)
            .execution_options(synchronize_session=False)
        )
    _same_as_rebuilt(session_factory, seller_id)
    reasons = [row[0] for row in _table(session_factory, seller_id, "returns", "by_reason")]
    assert reasons == ["too_large", "too_small"]
    # ORM changes: a line's quantity, an order's day and market (with its refund and fit
    # answer), a return deleted, a refund added, a fit answer changed.
    with transaction(session_factory) as db:
        o4 = db.scalars(
            select(Order).where(
                Order.currency == "USD", Order.show_id == scenario.show2, Order.total_minor == 6000
            )
        ).one()
        db.add(
            Refund(
                order_id=o4.id,
                payment_id=o4.payments[0].id,
                amount_minor=500,
                currency="USD",
                idempotency_key="extra",
            )
        )
        answer = db.scalars(
            select(FitFeedback).where(FitFeedback.verdict == FitVerdict.LARGE)
        ).one()
        answer.verdict = FitVerdict.FIT
        line = db.scalars(select(OrderLine).where(OrderLine.quantity == 3)).one()
        line.quantity, line.line_total_minor = 4, 8000
        eu = db.scalars(select(Order).where(Order.market_code == "EU")).one()
        eu.created_at = DAY - timedelta(days=3)
        eu.market_code = "US"
        db.execute(delete(ReturnRequest).where(ReturnRequest.reason == ReturnReason.TOO_LARGE))
    _same_as_rebuilt(session_factory, seller_id)
    assert _market_units(session_factory, seller_id) == {"US": (10, 2)}
    assert _table(session_factory, seller_id, "returns", "refunds") == [("USD", 3, 10500)]
    answers = _table(session_factory, seller_id, "returns", "fit_answers")
    assert [row[2:7] for row in answers] == [
        ("L", 0, 1, 0, 1),
        ("M", 0, 2, 0, 2),
        ("S", 1, 0, 0, 1),
    ]
    # An order deleted: its lines go with it (ORM), its returns by the database's cascade.
    with transaction(session_factory) as db:
        returned = db.scalar(
            select(Order).join(ReturnRequest).where(ReturnRequest.reason == ReturnReason.TOO_SMALL)
        )
        db.delete(returned)
    _same_as_rebuilt(session_factory, seller_id)
    assert _market_units(session_factory, seller_id) == {"US": (8, 0)}
    # A deleted product takes its variants; the lines keep their own title, no product.
    with transaction(session_factory) as db:
        lamp = db.get(Product, scenario.lamp)
        db.delete(lamp)
    _same_as_rebuilt(session_factory, seller_id)
    products = _table(session_factory, seller_id, "returns", "by_product")
    assert sorted((row[1], row[3]) for row in products) == [("Linen Shirt", 3), ("x", 5)]
    assert {row[0] for row in products} == {None, scenario.shirt}


def test_the_rebuild_command_recomputes_lost_line_summaries(
    settings: Settings, session_factory: sessionmaker[Session], store: tuple[Scenario, int]
) -> None:
    _, seller_id = store
    expected = {
        name: _table(session_factory, seller_id, *name.split("."))
        for name in (
            *("returns.by_product", "returns.outcomes", "returns.fit_answers"),
            *("returns.refunds", "economics.by_market_category"),
        )
    }
    with transaction(session_factory) as db:
        db.execute(delete(LineDay))
        db.execute(delete(ReturnDay))
        db.execute(delete(RefundDay))
        db.execute(delete(FitAnswerDay))
    assert _table(session_factory, seller_id, "returns", "by_product") == []
    env = {
        "CROSSLIVE_DATABASE_URL": settings.resolved_database_url,
        "CROSSLIVE_DATA_DIR": str(settings.data_dir),
    }
    result = CliRunner().invoke(app, ["insights", "rebuild", "--store", "acme"], env=env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["summarized"]["order_lines"] == 5
    for name, rows in expected.items():
        assert _table(session_factory, seller_id, *name.split(".")) == rows
