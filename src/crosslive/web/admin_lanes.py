"""Seller admin: lane costs per market and what they mean for returns (break-even prices,
the suggested keep-it amount, products whose returns would eat their margin, products damaged
in transit more than their category with how to pack them). Owners only."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crosslive.auth.models import Role, StaffUser
from crosslive.auth.service import require_role
from crosslive.deps import SessionDep
from crosslive.errors import DomainError, InvalidInput
from crosslive.i18n import A_
from crosslive.markets import service as markets_service
from crosslive.money import parse_amount, to_decimal
from crosslive.returns import service
from crosslive.returns.damage import MIN_RETURNS
from crosslive.returns.damage_report import DamageCounts, RequestCounts, damage_report
from crosslive.returns.schemas import LaneIn
from crosslive.state import state_of
from crosslive.web.admin_language import seller_error
from crosslive.web.pages import CheckedForm, PageUser, form_str, render

router = APIRouter(prefix="/admin/lanes", include_in_schema=False)
FIELDS = (
    ("outbound", A_("Outbound shipping")),
    ("return_shipping", A_("Return shipping")),
    ("handling", A_("Handling a return")),
)


def _page(
    request: Request, db: SessionDep, user: StaffUser, error: str | None = None, status: int = 200
) -> HTMLResponse:
    economics = service.lane_economics(db, user)
    counts = state_of(request.app).find(DamageCounts)
    damage_rows = damage_report(db, user, counts.source if counts else RequestCounts())
    values = {
        m.market_id: {
            n: str(to_decimal(getattr(m.lane, f"{n}_minor"), m.currency)) for n, _ in FIELDS
        }
        for m in economics.markets
        if m.lane is not None
    }
    context = {
        "economics": economics,
        "damage_rows": damage_rows,
        "min_returns": MIN_RETURNS,
        "values": values,
        "fields": FIELDS,
        "error": error,
        "section": "markets",
    }
    return render(request, "admin/lanes.html", context, user=user, status_code=status)


@router.get("", response_class=HTMLResponse)
def lanes_page(request: Request, db: SessionDep, user: PageUser) -> HTMLResponse:
    require_role(user, Role.OWNER)
    return _page(request, db, user)


@router.post("/{market_id}")
def lane_submit(
    request: Request, market_id: int, db: SessionDep, user: PageUser, form: CheckedForm
) -> Response:
    require_role(user, Role.OWNER)
    market = markets_service.get_market(db, user.seller_id, market_id)
    try:
        amounts = {}
        for name, label in FIELDS:
            text = form_str(form, name)
            if not text:
                raise InvalidInput(
                    A_("{market}: enter the {cost} cost"), market=market.code, cost=label.lower()
                )
            amounts[f"{name}_minor"] = parse_amount(text, market.currency)
        service.set_lane(db, user, market_id, LaneIn(**amounts))
    except DomainError as exc:
        db.rollback()
        return _page(request, db, user, seller_error(request, exc), exc.status_code)
    return RedirectResponse("/admin/lanes", status_code=303)
