"""The follow-up email, a configurable time after delivery (CROSSLIVE_FOLLOW_UP_HOURS): "How
does it fit?" with a one-click answer link per line and answer (returns.followup_links).

Delivery schedules it (the `returns.follow_up` job, through the app's delivered hooks); the
scheduler runs it once. When it runs it sends nothing for an order that is no longer
delivered (closed, cancelled) or whose return window has ended, whose buyer already answered
(on the order page) or that has no email address.

Written in the buyer's language through gettext (the templates' {% trans %} blocks and the
answer labels): the language recorded on the order when a catalog exists for it, else the
market's first language (orders.notifications.buyer_language); English without a catalog.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from crosslive.compliance import titles as compliance_titles
from crosslive.i18n import N_
from crosslive.mail import outbox
from crosslive.mail.languages import Translations
from crosslive.mail.languages import translations as catalog_for
from crosslive.mail.templates import EmailTemplates
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order, OrderLine, OrderStatus
from crosslive.orders.notifications import buyer_language, store_name
from crosslive.returns import followup
from crosslive.returns.followup_links import FollowUpLinks
from crosslive.scheduler import service as scheduler

log = logging.getLogger(__name__)
FOLLOW_UP = "returns.follow_up"
EMAILS = Path(__file__).parent / "emails"
SUBJECT = N_("{store}: how does it fit?")


@dataclass(frozen=True)
class Choice:
    label: str
    url: str


@dataclass(frozen=True)
class LineBlock:
    line: OrderLine
    sized: bool
    choices: list[Choice]


def schedule(db: Session, order: Order, *, hours: float) -> bool:
    """The delivered hook: ask ORDER's buyer HOURS after its delivery; once per order."""
    delivered = order.delivered_at
    if delivered is None:
        return False
    due = delivered + timedelta(hours=hours)
    return scheduler.schedule(db, FOLLOW_UP, due, {"order_id": order.id}, key=f"order:{order.id}")


def why_not(db: Session, order: Order | None, now: datetime) -> str | None:
    """Why ORDER gets no follow-up email at NOW (None: it gets one)."""
    if order is None:
        return "the order is gone"
    if order.status is not OrderStatus.DELIVERED:
        return f"the order is {order.status.value}"
    if not followup.is_open(order, now):
        return "the return window has ended"
    if followup.has_answers(db, order.id):
        return "the buyer already answered"
    if not order.email.strip():
        return "the order has no email address"
    return None


def send(
    db: Session,
    payload: Mapping[str, Any],
    *,
    links: FollowUpLinks,
    order_links: OrderLinks,
    now: datetime,
    translations: Translations = catalog_for,
) -> bool:
    """The `returns.follow_up` job: queue the email for the order in PAYLOAD; False (and
    nothing queued) when `why_not` finds a reason."""
    order = db.get(Order, int(payload["order_id"]))
    reason = why_not(db, order, now)
    if reason is not None or order is None:
        log.info("follow-up not sent", extra={"order_id": payload.get("order_id"), "why": reason})
        return False
    language = buyer_language(db, order, translations)
    catalog = translations(language)
    blocks = [
        LineBlock(
            question.line,
            question.sized,
            [
                Choice(catalog.gettext(followup.LABELS[a]), links.url(order, question.line.id, a))
                for a in question.answers
            ],
        )
        for question in followup.questions(db, order)
    ]
    store = store_name(db, order)
    # Each item by its product's approved title in the buyer's language, as the order emails.
    titles = compliance_titles.line_titles(
        db, order.seller_id, order.market_code, [b.line.variant_id for b in blocks], language
    )
    email = EmailTemplates(EMAILS, catalog).render(
        "follow_up",
        {
            "order": order,
            "store_name": store,
            "questions": blocks,
            "line_titles": titles,
            "url": order_links.url(order),
            # The review form of the reviews domain, under the same signed order link.
            "review_url": order_links.url(order) + "/reviews",
        },
    )
    subject = catalog.gettext(SUBJECT).format(store=store)
    outbox.enqueue(db, to=order.email, subject=subject, text=email.text, html=email.html or "")
    return True
