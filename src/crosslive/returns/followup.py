"""The follow-up after delivery: what each line of a delivered order is asked, and recording
the buyer's one-click answer.

A line with a size (its product is apparel or shoes, or has a size chart) is asked "How does
it fit?" (fits, too small, too large, something is wrong); any other line "Is everything all
right?" (yes, something is wrong). Answers are taken while the order is delivered and its
return window is open. One answer per line: the same answer again changes nothing, another
one replaces it. A fit answer is also a fit feedback row (crosslive.fit.feedback, source
follow_up), and every change is a `fit_answer` event on the order's show, so the host
console can count answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.catalog import size_option
from crosslive.catalog.models import Category, Product, Variant
from crosslive.errors import NotFound
from crosslive.events import service as events
from crosslive.fit import feedback
from crosslive.fit.models import FitSource, FitVerdict
from crosslive.i18n import N_
from crosslive.orders import service as orders_service
from crosslive.orders.links import LinkExpired
from crosslive.orders.models import Order, OrderLine, OrderStatus
from crosslive.returns.followup_links import BROKEN, FollowUpLinks
from crosslive.returns.followup_models import Answer, FollowUpAnswer

EVENT_KIND = "fit_answer"
SIZED_CATEGORIES = frozenset({Category.APPAREL, Category.SHOES})
FIT_ANSWERS = (Answer.FITS, Answer.TOO_SMALL, Answer.TOO_LARGE, Answer.PROBLEM)
PLAIN_ANSWERS = (Answer.ALL_RIGHT, Answer.PROBLEM)
VERDICTS = {
    Answer.FITS: FitVerdict.FIT,
    Answer.TOO_SMALL: FitVerdict.SMALL,
    Answer.TOO_LARGE: FitVerdict.LARGE,
}
LABELS = {
    Answer.FITS: N_("Fits"),
    Answer.TOO_SMALL: N_("Too small"),
    Answer.TOO_LARGE: N_("Too large"),
    Answer.ALL_RIGHT: N_("Everything is all right"),
    Answer.PROBLEM: N_("Something is wrong"),
}
CLOSED = "this link no longer works: the return window of this order has ended"


@dataclass(frozen=True)
class Question:
    """What one line is asked, and the answer it already has (None: not yet)."""

    line: OrderLine
    product_id: int | None
    sized: bool
    size: str | None  # None: the product has no size option (no fit feedback to record)
    given: Answer | None

    @property
    def answers(self) -> tuple[Answer, ...]:
        return FIT_ANSWERS if self.sized else PLAIN_ANSWERS


@dataclass(frozen=True)
class Answered:
    order: Order
    line: OrderLine
    answer: Answer
    changed: bool  # False: the line already had this answer


def is_open(order: Order, now: datetime) -> bool:
    """Whether ORDER takes answers at NOW: delivered, its return window not ended."""
    return (
        order.status is OrderStatus.DELIVERED
        and order.returns_until is not None
        and now < order.returns_until
    )


@dataclass(frozen=True)
class _Product:
    id: int
    sized: bool
    # The variant's size option ("M" of "Blue / M" under Colour / Size; None: no size option,
    # crosslive.catalog.size_option's rule).
    size: str | None


def _products(db: Session, order: Order) -> dict[int, _Product]:
    """Per variant of ORDER: its product, whether that comes in sizes, the size bought."""
    ids = [line.variant_id for line in order.lines if line.variant_id is not None]
    if not ids:
        return {}
    rows = db.execute(
        select(Variant, Product.id, Product.category, Product.option_names)
        .join(Product, Product.id == Variant.product_id)
        .where(Variant.id.in_(ids))
    ).all()
    charts = size_option.chart_sizes(db, {product_id for _, product_id, _, _ in rows})
    found = {}
    for variant, product_id, category, names in rows:
        chart = charts.get(product_id, frozenset())
        size = size_option.size_of(variant.options, names or [], chart)
        sized = category in SIZED_CATEGORIES or bool(chart)
        found[variant.id] = _Product(product_id, sized, size)
    return found


def given_answers(db: Session, order_id: int) -> dict[int, Answer]:
    rows = db.execute(
        select(FollowUpAnswer.order_line_id, FollowUpAnswer.answer).where(
            FollowUpAnswer.order_id == order_id
        )
    )
    return {line_id: answer for line_id, answer in rows}


def questions(db: Session, order: Order) -> list[Question]:
    """Each line of ORDER with what it is asked and the answer given so far."""
    products = _products(db, order)
    given = given_answers(db, order.id)
    result = []
    for line in order.lines:
        product = products.get(line.variant_id) if line.variant_id is not None else None
        if product is None:  # the variant is gone: ask the plain question
            result.append(Question(line, None, False, line.variant_label, given.get(line.id)))
        else:
            size = product.size
            result.append(Question(line, product.id, product.sized, size, given.get(line.id)))
    return result


def has_answers(db: Session, order_id: int) -> bool:
    found = select(FollowUpAnswer.id).where(FollowUpAnswer.order_id == order_id).limit(1)
    return db.scalar(found) is not None


def _find(db: Session, links: FollowUpLinks, token: str, now: datetime) -> tuple[Order, Question]:
    """The order and line TOKEN answers for; NotFound when it is not a genuine link for one of
    the order's lines, LinkExpired once the order takes no more answers."""
    click = links.read(token)
    order = orders_service.order_by_public_id(db, click.public_id)
    question = next((q for q in questions(db, order) if q.line.id == click.line_id), None)
    if question is None or click.answer not in question.answers:
        raise NotFound(BROKEN)
    if not is_open(order, now):
        raise LinkExpired(CLOSED)
    return order, question


def preview(db: Session, links: FollowUpLinks, token: str, *, now: datetime) -> Answered:
    """What answering TOKEN would record, recording nothing (the page a GET shows)."""
    order, question = _find(db, links, token, now)
    answer = links.read(token).answer
    return Answered(order, question.line, answer, changed=question.given is not answer)


def answer(db: Session, links: FollowUpLinks, token: str, *, now: datetime) -> Answered:
    """Record the answer TOKEN stands for (idempotent: the same answer again changes nothing)."""
    order, question = _find(db, links, token, now)
    chosen = links.read(token).answer
    line = question.line
    # One answer at a time per line: a second click waits here and then sees the first.
    db.execute(select(OrderLine.id).where(OrderLine.id == line.id).with_for_update())
    row = db.scalar(select(FollowUpAnswer).where(FollowUpAnswer.order_line_id == line.id))
    previous = row.answer if row is not None else None
    if previous is chosen:
        return Answered(order, line, chosen, changed=False)
    if row is None:
        db.add(
            FollowUpAnswer(order_id=order.id, order_line_id=line.id, answer=chosen, answered_at=now)
        )
    else:
        row.answer, row.answered_at = chosen, now
    verdict = VERDICTS.get(chosen)
    if verdict is not None and question.product_id is not None and question.size is not None:
        feedback.record(
            db,
            order_line_id=line.id,
            product_id=question.product_id,
            viewer_id=order.viewer_id,
            size=question.size,
            verdict=verdict,
            source=FitSource.FOLLOW_UP,
            at=now,
        )
    db.flush()
    if order.show_id is not None:
        # No personal data: every viewer of the show may replay its log.
        data = {
            "order_id": order.id,
            "line_id": line.id,
            "product_id": question.product_id,
            "answer": chosen.value,
            "previous": previous.value if previous else None,
        }
        events.record(db, order.show_id, EVENT_KIND, data)
    return Answered(order, line, chosen, changed=True)
