"""Seller admin: a market's landed cost (tax, duty regime, de minimis, IOSS number, duty
rates per category) and the shipping fee of each warehouse route. Owners only."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from crosslive.auth.models import Role, StaffUser
from crosslive.auth.service import require_role
from crosslive.catalog.models import Category
from crosslive.deps import SessionDep
from crosslive.errors import DomainError, InvalidInput
from crosslive.i18n import A_
from crosslive.landed import service
from crosslive.landed.breakdown import Regime
from crosslive.landed.schemas import LandedSettingsIn, ShippingFeeIn
from crosslive.markets import service as markets_service
from crosslive.markets.models import Market
from crosslive.money import parse_amount, to_decimal
from crosslive.web.admin_language import seller_error
from crosslive.web.pages import CheckedForm, PageUser, form_str, render

router = APIRouter(prefix="/admin/markets", include_in_schema=False)
CATEGORIES = [c.value for c in Category]


def percent_bp(text: str, what: str) -> int:
    """'7.25' -> 725 basis points; '' -> 0."""
    try:
        value = Decimal(text.strip() or "0")
    except InvalidOperation:
        raise InvalidInput(
            A_("{what}: {text} is not a percentage"), what=what, text=repr(text[:20])
        ) from None
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int) or not 0 <= value <= 100 or exponent < -2:
        raise InvalidInput(
            A_("{what}: a percentage from 0 to 100 with at most 2 decimals"), what=what
        )
    return int(value * 100)


def parse_settings(form: FormData, market: Market) -> LandedSettingsIn:
    regime = form_str(form, "regime")
    if regime not in {r.value for r in Regime}:
        raise InvalidInput(A_("choose who pays duties: DDP or DAP"))
    de_minimis = form_str(form, "de_minimis")
    ioss = form_str(form, "ioss_number").upper()
    if len(ioss) > 32 or (ioss and not (ioss.isascii() and ioss.isalnum())):
        raise InvalidInput(A_("an IOSS number is letters and digits (IM + 10 digits)"))
    return _settings(
        taxes=form_str(form, "taxes") == "on",
        regime=Regime(regime),
        de_minimis_minor=parse_amount(de_minimis, market.currency) if de_minimis else None,
        ioss_number=ioss,
        sales_tax_bp=min(percent_bp(form_str(form, "sales_tax"), A_("sales tax")), 5000),
        duty_bp={
            c: percent_bp(form_str(form, f"duty_{c}"), f"duty on {c}")
            for c in CATEGORIES
            if form_str(form, f"duty_{c}")
        },
        reduced_categories=[c for c in CATEGORIES if form_str(form, f"reduced_{c}") == "on"],
    )


def _settings(**fields: object) -> LandedSettingsIn:
    try:
        return LandedSettingsIn.model_validate(fields)
    except ValidationError as exc:
        raise InvalidInput(str(exc.errors()[0]["msg"])) from None


def parse_fee(form: FormData, currency: str) -> ShippingFeeIn:
    """Flat fee, bands written '500=4.00, 2000=9.00' (up to grams = fee), free above."""
    bands: list[tuple[int, int]] = []
    for part in form_str(form, "bands").replace(";", ",").split(","):
        if not part.strip():
            continue
        grams, _, fee = (p.strip() for p in part.partition("="))
        if not (grams.isascii() and grams.isdigit() and len(grams) <= 7 and fee):
            raise InvalidInput(
                A_("weight band {band}: write grams=fee, e.g. 500=4.00"),
                band=repr(part.strip()[:30]),
            )
        bands.append((int(grams), parse_amount(fee, currency)))
    free = form_str(form, "free_above")
    flat = form_str(form, "flat")
    return ShippingFeeIn(
        flat_minor=parse_amount(flat, currency) if flat else 0,
        bands=bands[:20],
        free_above_minor=parse_amount(free, currency) if free else None,
    )


def _page(
    request: Request, db: SessionDep, user: StaffUser, market: Market, error: str | None = None
) -> HTMLResponse:
    settings = service.get_settings(db, user.seller_id, market.code)
    fees = {f.warehouse_code: f for f in service.shipping_fees(db, market)}
    context = {
        "market": market,
        "settings": settings,
        "categories": CATEGORIES,
        "fees": fees,
        "default_de_minimis": to_decimal(service.default_de_minimis(market), market.currency),
        "to_decimal": to_decimal,
        "error": error,
        "section": "markets",
    }
    status = 422 if error else 200
    return render(request, "admin/markets/landed.html", context, user=user, status_code=status)


@router.get("/{market_id}/landed", response_class=HTMLResponse)
def landed_page(request: Request, market_id: int, db: SessionDep, user: PageUser) -> HTMLResponse:
    market = markets_service.get_market(db, user.seller_id, market_id)
    return _page(request, db, user, market)


@router.post("/{market_id}/landed")
def landed_submit(
    request: Request, market_id: int, db: SessionDep, user: PageUser, form: CheckedForm
) -> Response:
    require_role(user, Role.OWNER)
    market = markets_service.get_market(db, user.seller_id, market_id)
    try:
        service.put_settings(db, user.seller_id, market.code, parse_settings(form, market))
    except DomainError as exc:
        db.rollback()
        return _page(request, db, user, market, seller_error(request, exc))
    return RedirectResponse(f"/admin/markets/{market_id}/landed", status_code=303)


@router.post("/{market_id}/shipping/{warehouse_code}")
def shipping_submit(
    request: Request,
    market_id: int,
    warehouse_code: str,
    db: SessionDep,
    user: PageUser,
    form: CheckedForm,
) -> Response:
    require_role(user, Role.OWNER)
    market = markets_service.get_market(db, user.seller_id, market_id)
    try:
        fee = parse_fee(form, market.currency)
        service.put_shipping_fee(db, user.seller_id, market.code, warehouse_code, fee)
    except DomainError as exc:
        db.rollback()
        return _page(request, db, user, market, seller_error(request, exc))
    return RedirectResponse(f"/admin/markets/{market_id}/landed", status_code=303)
