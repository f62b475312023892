"""The seller's dashboard (/admin): what is on air or next, what waits for the seller, and
the last 7 days against the 7 before. It only composes the domains' own counting functions
(one query each, whatever the store's size); each figure links to the page where the work
is done. Money and returns are the owner's, as on their pages; a host sees their shows'
figures; every role sees the show, the questions and the stock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import anyio.from_thread
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from crosslive.auth.models import Role, Seller, StaffUser
from crosslive.catalog.inventory import LOW_STOCK
from crosslive.chat import service as chat_service
from crosslive.consultations import service as consultations_service
from crosslive.db import utcnow
from crosslive.deps import SessionDep
from crosslive.events.hub import Hub
from crosslive.i18n import A_
from crosslive.insights import week_figures
from crosslive.insights.scope import Filters, Scope
from crosslive.money import format_money_in
from crosslive.orders import service as orders_service
from crosslive.returns import handling
from crosslive.shows import upcoming
from crosslive.shows.models import Show, ShowState
from crosslive.state import state_of
from crosslive.trust import attention
from crosslive.web.admin_language import admin_language
from crosslive.web.pages import PageUser, render

router = APIRouter(prefix="/admin", include_in_schema=False)

AREAS = (
    ("/admin/products", A_("Products")),
    ("/admin/credentials", A_("Credentials")),
    ("/admin/markets", A_("Markets")),
    ("/admin/shows", A_("Shows")),
)


@dataclass(frozen=True)
class Task:
    """One count waiting for the seller; the page shows it when it is not zero."""

    key: str  # names the figure in the page (data-task), for tests and styles
    count: int
    label: str  # an A_() message; %(days)s / %(units)s filled in by the template
    href: str


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    last: str
    before: str


def _tasks(db: Session, user: StaffUser, show: Show | None, now: datetime) -> list[Task]:
    questions_at = f"/host/{show.slug}" if show and show.state == ShowState.LIVE else "/admin/shows"
    tasks: list[Task] = []
    if user.role == Role.OWNER:
        orders = orders_service.waiting(db, user, now)
        returns = handling.waiting(db, user)
        tasks += [
            Task("to_ship", orders.to_ship, A_("Paid orders to ship"), "/admin/orders?status=paid"),
            Task(
                "holds_ending",
                orders.holds_ending,
                A_("Unpaid orders whose hold ends within 24 h"),
                "/admin/orders?status=pending_payment",
            ),
            Task("to_review", returns.to_review, A_("Return requests to review"), "/admin/returns"),
            Task("to_refund", returns.to_refund, A_("Refunds to issue"), "/admin/returns"),
        ]
    tasks.append(
        Task(
            "questions",
            chat_service.unanswered_count(db, user.seller_id),
            A_("Viewer questions without an answer"),
            questions_at,
        )
    )
    if user.role in (Role.OWNER, Role.HOST):
        calls = consultations_service.waiting_count(db, user.seller_id)
        tasks.append(Task("calls", calls, A_("Video call requests waiting"), "/admin/calls"))
    stock = upcoming.lineup_stock(db, user.seller_id, now)
    credentials = attention.needing_attention(db, user.seller_id, now.date())
    tasks += [
        Task(
            "sold_out", stock.sold_out, A_("Sold-out variants in a coming show"), "/admin/products"
        ),
        Task(
            "low_stock",
            stock.low,
            A_("Variants with %(units)s or fewer left in a coming show"),
            "/admin/products",
        ),
        Task(
            "expiring",
            credentials.expiring,
            A_("Credentials that expire within %(days)s days"),
            "/admin/credentials",
        ),
        Task(
            "withdrawn",
            credentials.withdrawn,
            A_("Credentials withdrawn by staff"),
            "/admin/credentials",
        ),
    ]
    return tasks


def _money(revenue: dict[str, int], seller: Seller, lang: str) -> str:
    """The seller's currency first (0 when none came in), then any other currency sold in."""
    first = format_money_in(revenue.get(seller.base_currency, 0), seller.base_currency, lang)
    others = [
        format_money_in(v, c, lang) for c, v in sorted(revenue.items()) if c != seller.base_currency
    ]
    return " + ".join([first, *others])


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f} %"


def _figures(db: Session, user: StaffUser, now: datetime, lang: str) -> list[Figure]:
    if user.role not in (Role.OWNER, Role.HOST):
        return []
    last, before = week_figures.last_weeks(db, Scope.of(user, Filters()), now.date())
    return [
        Figure("orders", A_("Orders"), str(last.orders), str(before.orders)),
        Figure(
            "revenue",
            A_("Revenue (paid)"),
            _money(last.revenue, user.seller, lang),
            _money(before.revenue, user.seller, lang),
        ),
        Figure(
            "return_rate", A_("Return rate"), _rate(last.return_rate), _rate(before.return_rate)
        ),
    ]


def _watching(request: Request, show: Show | None) -> int | None:
    """The live show's viewers in every app process (with Redis fan-out, the others' counts
    as they last reported them, a process silent for 20 s left out); None off the air."""
    hub = state_of(request.app).find(Hub)
    if hub is None or show is None or show.state != ShowState.LIVE:
        return None
    return anyio.from_thread.run(hub.audience, show.id)


@router.get("", response_class=HTMLResponse)
def dashboard(request: Request, db: SessionDep, user: PageUser) -> HTMLResponse:
    now = utcnow()
    show = upcoming.live_or_next(db, user.seller_id, now)
    watching = _watching(request, show)
    tasks = [task for task in _tasks(db, user, show, now) if task.count]
    context = {
        "show": show,
        "watching": watching,
        "tasks": tasks,
        "units": LOW_STOCK,
        "days": attention.EXPIRING_DAYS,
        "figures": _figures(db, user, now, admin_language(request)),
        "areas": AREAS,
    }
    return render(request, "admin/dashboard.html", context, user=user)
