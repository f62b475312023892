"""The follow-up's one-click answer pages (returns.followup), no login: the signed link is
the key.

GET shows the answer and one button that records it; a small module submits that form as
soon as the page opens, so a person's click on the email link is one click, while a mail
scanner that only fetches the link changes nothing. POST records the answer and thanks the
buyer: after "too small" or "too large" with the exchange (the returns form with the reason
filled in), after "something is wrong" with the returns form, both for that line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from crosslive.db import utcnow
from crosslive.deps import SessionDep, SettingsDep, client_ip, enforce
from crosslive.errors import NotFound
from crosslive.events.unit import commit_then_publish
from crosslive.orders.links import LinkExpired, OrderLinks
from crosslive.orders.models import Order
from crosslive.orders.ratelimit import ORDER_PAGE_BY_ADDRESS
from crosslive.returns import followup
from crosslive.returns.followup_links import FollowUpLinks
from crosslive.returns.followup_models import Answer
from crosslive.settings import Settings
from crosslive.state import state_of
from crosslive.web.pages import render

router = APIRouter(include_in_schema=False)
EXCHANGE_REASONS = {Answer.TOO_SMALL: "too_small", Answer.TOO_LARGE: "too_large"}


def return_form_url(order_links: OrderLinks, answered: followup.Answered) -> str | None:
    """Where to go next after ANSWERED: the returns form for the line (with the size reason
    for an exchange), or None when all is well."""
    if answered.answer not in EXCHANGE_REASONS and answered.answer is not Answer.PROBLEM:
        return None
    url = f"/orders/{order_links.token(answered.order)}/return?line={answered.line.id}"
    reason = EXCHANGE_REASONS.get(answered.answer)
    return f"{url}&reason={reason}" if reason else url


@dataclass(frozen=True)
class PageChoice:
    answer: Answer
    label: str
    path: str  # where its button posts


def order_page_questions(
    db: Session, settings: Settings, order: Order
) -> list[tuple[followup.Question, list[PageChoice]]]:
    """The "Does it fit?" block of the buyer's order page: each line's question and answer
    buttons while the order takes answers; empty otherwise."""
    if not followup.is_open(order, utcnow()):
        return []
    links = FollowUpLinks.from_settings(settings)
    return [
        (
            question,
            [
                PageChoice(a, followup.LABELS[a], links.path(order, question.line.id, a))
                for a in question.answers
            ],
        )
        for question in followup.questions(db, order)
    ]


def _private(response: HTMLResponse) -> HTMLResponse:
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _problem(request: Request, exc: NotFound | LinkExpired) -> HTMLResponse:
    context: dict[str, Any] = {"message": exc.message}
    return render(
        request, "returns/follow_up_problem.html", context, status_code=exc.status_code, viewer=True
    )


@router.get("/follow-up/{token}", response_class=HTMLResponse)
def confirm(token: str, request: Request, db: SessionDep, settings: SettingsDep) -> HTMLResponse:
    enforce(request, ORDER_PAGE_BY_ADDRESS, client_ip(request))
    try:
        answered = followup.preview(db, FollowUpLinks.from_settings(settings), token, now=utcnow())
    except (NotFound, LinkExpired) as exc:
        return _private(_problem(request, exc))
    context = {"answered": answered, "label": followup.LABELS[answered.answer]}
    return _private(render(request, "returns/follow_up_confirm.html", context, viewer=True))


@router.post("/follow-up/{token}", response_class=HTMLResponse)
async def record(token: str, request: Request) -> HTMLResponse:
    enforce(request, ORDER_PAGE_BY_ADDRESS, client_ip(request))
    settings = state_of(request.app).settings
    links, order_links = FollowUpLinks.from_settings(settings), OrderLinks.from_settings(settings)
    try:
        answered = await commit_then_publish(
            request.app, lambda db: followup.answer(db, links, token, now=utcnow())
        )
    except (NotFound, LinkExpired) as exc:
        return _private(_problem(request, exc))
    context = {
        "answered": answered,
        "label": followup.LABELS[answered.answer],
        "order_url": f"/orders/{order_links.token(answered.order)}",
        "return_url": return_form_url(order_links, answered),
        "exchange": answered.answer in EXCHANGE_REASONS,
    }
    return _private(render(request, "returns/follow_up_thanks.html", context, viewer=True))
