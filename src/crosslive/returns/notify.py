"""What a return tells the buyer and the show: an email at every step (templates in
returns/emails/, gettext-ready, in the buyer's language when a catalog exists) and an event
on the order's show's log (no personal data: every viewer of the show may replay it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from crosslive.compliance import titles as compliance_titles
from crosslive.events import service as events
from crosslive.i18n import N_
from crosslive.mail import outbox
from crosslive.mail.languages import translations
from crosslive.mail.templates import EmailTemplates
from crosslive.orders import notifications as order_emails
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order
from crosslive.returns.models import ReturnRequest
from crosslive.returns.policy import REASON_TEXT

FOLDER = Path(__file__).parent / "emails"
REQUESTED_EVENT = "return_requested"
STATUS_EVENT = "return_status"
SUBJECTS = {
    "started": N_("{store}: your return is not confirmed yet"),
    "requested": N_("{store}: we received your return request {reference}"),
    "approved": N_("{store}: your return {reference} is approved"),
    "received": N_("{store}: your returned item {reference} arrived"),
    "exchanged": N_("{store}: your exchange {reference} is on its way"),
    "rejected": N_("{store}: about your return {reference}"),
}


def email_buyer(
    db: Session, order: Order, ret: ReturnRequest, links: OrderLinks, step: str, **extra: Any
) -> None:
    """Queue the STEP email about RET to ORDER's buyer."""
    store = order_emails.store_name(db, order)
    lang = order_emails.buyer_language(db, order)
    catalog = translations(lang)
    emails = EmailTemplates(FOLDER, catalog, lang)
    line = next((line for line in order.lines if line.id == ret.order_line_id), None)
    # The item by its product's approved title in the buyer's language, as the order emails.
    variant_id = line.variant_id if line else None
    titles = compliance_titles.line_titles(
        db, order.seller_id, order.market_code, [variant_id], lang
    )
    item = (titles.get(variant_id or 0) or line.product_title) if line else ""
    context = {
        "item": item,
        "order": order,
        "ret": ret,
        "line": line,
        "reason": catalog.gettext(REASON_TEXT[ret.reason]),
        "store_name": store,
        "url": links.url(order),
        **extra,
    }
    email = emails.render(step, context)
    subject = catalog.gettext(SUBJECTS[step]).format(store=store, reference=ret.reference)
    outbox.enqueue(db, to=order.email, subject=subject, text=email.text, html=email.html or "")


def publish(db: Session, order: Order, ret: ReturnRequest, *, first: bool = False) -> None:
    """Record the return's step on the order's show's event log."""
    if order.show_id is None:
        return
    kind = REQUESTED_EVENT if first else STATUS_EVENT
    data = {
        "return_id": ret.id,
        "order_id": order.id,
        "reason": ret.reason.value,
        "status": ret.status.value,
        "outcome": ret.outcome.value,
    }
    events.record(db, order.show_id, kind, data)
