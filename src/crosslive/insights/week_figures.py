"""The last 7 days against the 7 before, for the seller's dashboard, read from the summary
tables the reports use (two queries, however many orders): orders and paid revenue per
currency from `show_order_days`, units sold and returned from `order_line_days`.

Days are order days (UTC) and the last 7 end with TODAY. As in the reports, orders without
a show are not counted, and the return rate is over delivered lines by the day their order
was placed, so the latest week's rate still grows as returns come in. A host sees their own
shows' figures (insights.scope)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import ColumnElement, case, func, literal, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from crosslive.insights.line_days import LineDay
from crosslive.insights.scope import Scope
from crosslive.insights.show_days import ShowOrderDay
from crosslive.insights.stats import rate
from crosslive.shows.models import ShowHost

DAYS = 7
LAST, BEFORE = 0, 1


@dataclass
class Week:
    orders: int = 0
    revenue: dict[str, int] = field(default_factory=dict)  # currency -> minor units, paid
    units: int = 0
    returned_units: int = 0

    @property
    def return_rate(self) -> float | None:
        return rate(self.returned_units, self.units)


def _period(
    day: ColumnElement[date] | InstrumentedAttribute[date], today: date
) -> ColumnElement[int]:
    return case((day > today - timedelta(days=DAYS), literal(LAST)), else_=literal(BEFORE))


def _where(
    model: type[ShowOrderDay] | type[LineDay], scope: Scope, today: date
) -> list[ColumnElement[bool]]:
    parts: list[ColumnElement[bool]] = [
        model.seller_id == scope.seller_id,
        model.day > today - timedelta(days=2 * DAYS),
        model.day <= today,
    ]
    if scope.host_id is not None:
        hosted = select(ShowHost.show_id).where(ShowHost.user_id == scope.host_id)
        parts.append(model.show_id.in_(hosted))
    return parts


def last_weeks(db: Session, scope: Scope, today: date) -> tuple[Week, Week]:
    """The last DAYS days up to TODAY, and the DAYS before them."""
    weeks = (Week(), Week())
    period = _period(ShowOrderDay.day, today).label("period")
    orders = (
        select(
            period,
            ShowOrderDay.currency,
            func.sum(ShowOrderDay.orders),
            func.sum(ShowOrderDay.revenue_minor),
        )
        .where(*_where(ShowOrderDay, scope, today))
        .group_by(period, ShowOrderDay.currency)
    )
    for at, currency, count, revenue in db.execute(orders):
        week = weeks[int(at)]
        week.orders += int(count or 0)
        if revenue:
            week.revenue[currency] = week.revenue.get(currency, 0) + int(revenue)
    returned = LineDay.return_refund_units + LineDay.exchange_units + LineDay.keep_it_units
    period = _period(LineDay.day, today).label("period")
    lines = (
        select(period, func.sum(LineDay.units), func.sum(returned))
        .where(*_where(LineDay, scope, today))
        .group_by(period)
    )
    for at, units, back in db.execute(lines):
        weeks[int(at)].units += int(units or 0)
        weeks[int(at)].returned_units += int(back or 0)
    return weeks
