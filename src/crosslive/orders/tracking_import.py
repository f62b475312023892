"""Tracking events applied to orders: a seller's CSV file, or what a tracking provider says.

The CSV has a header row naming its columns, in any order:

    order,tracking_number,carrier,status,timestamp
    1042,1Z999AA10123456784,UPS,shipped,2026-03-02T09:00:00+01:00
    ,1Z999AA10123456784,,delivered,2026-03-05 14:30

- order: the order number (1042 or #1042) or its payment reference (CL-...); or leave it
  empty and give the tracking number of an order already shipped;
- status: shipped (needs the tracking number; carrier optional) or delivered;
- timestamp: ISO 8601; without an offset it is UTC.

The whole file is one transaction: every row is checked and applied in file order, and if
any row is bad the error names each bad row's line and nothing is applied.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.errors import DomainError, InvalidInput
from crosslive.orders import lifecycle
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order, OrderStatus, Payment
from crosslive.orders.tracking import TrackingEvent, TrackingProvider, TrackingStatus

log = logging.getLogger(__name__)
MAX_ROWS = 5000
MAX_BYTES = 1024 * 1024
COLUMNS = ("order", "tracking_number", "carrier", "status", "timestamp")


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


class TrackingImportFailed(InvalidInput):
    """Bad rows; nothing was applied."""

    def __init__(self, errors: list[RowError]) -> None:
        shown = "; ".join(f"line {e.line}: {e.message}" for e in errors[:20])
        super().__init__(f"{len(errors)} bad row(s), nothing was applied: {shown}")
        self.errors = errors


@dataclass
class ImportReport:
    rows: int = 0
    changed: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)


def _text(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise TrackingImportFailed(
            [RowError(line, "not UTF-8 text; save the file as UTF-8")]
        ) from None
    if "\x00" in text:
        raise TrackingImportFailed([RowError(1, "a NUL byte: this is not a text CSV file")])
    return text


def _timestamp(text: str) -> datetime:
    try:
        at = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"timestamp {text!r} is not ISO 8601 (2026-03-05T14:30+01:00)") from None
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def _event(cells: dict[str, str]) -> TrackingEvent:
    status = cells.get("status", "").strip().lower()
    if status not in {s.value for s in TrackingStatus}:
        raise InvalidInput(f"status {status!r}: write shipped or delivered")
    event = TrackingEvent(
        status=TrackingStatus(status),
        at=_timestamp(cells.get("timestamp", "")),
        order_reference=cells.get("order", "").strip().lstrip("#"),
        tracking_number=cells.get("tracking_number", "").strip(),
        carrier=cells.get("carrier", "").strip(),
    )
    if not event.order_reference and not event.tracking_number:
        raise InvalidInput("give the order or its tracking number")
    if event.status is TrackingStatus.SHIPPED and not event.tracking_number:
        raise InvalidInput("a shipped row needs the tracking number")
    return event


def parse(data: bytes) -> list[tuple[int, TrackingEvent]]:
    """The events of a CSV file with their line numbers; TrackingImportFailed naming every
    bad line."""
    reader = csv.DictReader(io.StringIO(_text(data), newline=""))
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    missing = [c for c in ("status", "timestamp") if c not in header]
    if missing or not {"order", "tracking_number"} & set(header):
        need = ", ".join(COLUMNS)
        raise TrackingImportFailed([RowError(1, f"the header row must name the columns {need}")])
    reader.fieldnames = header
    events: list[tuple[int, TrackingEvent]] = []
    errors: list[RowError] = []
    for cells in reader:
        line = reader.line_num
        if len(events) + len(errors) >= MAX_ROWS:
            raise TrackingImportFailed([RowError(line, f"more than {MAX_ROWS} rows; split it")])
        try:
            events.append((line, _event({k: v or "" for k, v in cells.items() if k})))
        except InvalidInput as exc:
            errors.append(RowError(line, exc.message))
    if errors:
        raise TrackingImportFailed(errors)
    return events


def find_order(db: Session, seller_id: int, event: TrackingEvent) -> Order:
    query = select(Order).where(Order.seller_id == seller_id)
    ref = event.order_reference
    if ref.isdigit():
        found = list(db.scalars(query.where(Order.id == int(ref))))
    elif ref:
        found = list(db.scalars(query.join(Payment).where(Payment.reference == ref.upper())))
    else:
        found = list(db.scalars(query.where(Order.tracking_number == event.tracking_number)))
    if not found:
        raise InvalidInput(f"no order {ref or 'with tracking number ' + event.tracking_number}")
    if len(found) > 1:
        raise InvalidInput(f"tracking number {event.tracking_number} is on {len(found)} orders")
    return found[0]


def apply(
    db: Session, order: Order, event: TrackingEvent, links: OrderLinks, now: datetime
) -> bool:
    if event.status is TrackingStatus.SHIPPED:
        return lifecycle.ship(
            db,
            order,
            links,
            now=now,
            carrier=event.carrier or order.carrier,
            number=event.tracking_number,
            at=event.at,
        )
    return lifecycle.deliver(db, order, links, now=now, at=event.at)


def import_csv(
    db: Session, seller_id: int, data: bytes, links: OrderLinks, now: datetime
) -> ImportReport:
    """Apply every row of DATA to the store's orders; TrackingImportFailed if any is bad
    (the caller's transaction then rolls back what the good rows did)."""
    report = ImportReport()
    for line, event in parse(data):
        report.rows += 1
        try:
            changed = apply(db, find_order(db, seller_id, event), event, links, now)
        except DomainError as exc:
            report.errors.append(RowError(line, exc.message))
            continue
        report.changed += changed
        report.unchanged += not changed
    if report.errors:
        raise TrackingImportFailed(report.errors)
    return report


def poll(db: Session, provider: TrackingProvider, links: OrderLinks, now: datetime) -> int:
    """Scheduled, for a provider that knows deliveries: ask it about shipped orders and mark
    the delivered ones; how many changed. A store-ambiguous or bad event is skipped."""
    shipped = list(
        db.scalars(
            select(Order)
            .where(Order.status == OrderStatus.SHIPPED, Order.tracking_number != "")
            .order_by(Order.shipped_at)
            .limit(500)
        )
    )
    by_number: dict[str, list[Order]] = {}
    for order in shipped:
        by_number.setdefault(order.tracking_number, []).append(order)
    changed = 0
    for event in _events(provider, sorted(by_number)):
        orders = by_number.get(event.tracking_number, [])
        if event.status is not TrackingStatus.DELIVERED or len(orders) != 1:
            continue
        try:
            changed += lifecycle.deliver(db, orders[0], links, now=now, at=event.at)
        except DomainError as exc:
            log.warning("tracking event for order %s skipped: %s", orders[0].id, exc.message)
    return changed


def _events(provider: TrackingProvider, numbers: Sequence[str]) -> list[TrackingEvent]:
    return provider.events(numbers) if numbers else []
