"""Seller admin: markets (from presets or by hand), warehouses, delivery days, return
policies and trust weights. Staff read; owners write."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from crosslive.auth.models import Role, StaffUser
from crosslive.auth.service import require_role
from crosslive.deps import SessionDep
from crosslive.errors import DomainError, InvalidInput
from crosslive.fit.sizes import SizeSystem
from crosslive.i18n import A_
from crosslive.ids import id_from_text, is_whole_number
from crosslive.markets import service, warehouses
from crosslive.markets.models import LabelPaidBy, Market
from crosslive.markets.presets import CREDENTIAL_TYPES, DISCLOSURES, PRESETS
from crosslive.markets.schemas import MarketUpdate, RouteIn, WarehouseIn, WarehouseUpdate
from crosslive.money import parse_amount, to_decimal
from crosslive.web.admin_credentials import TYPE_LABELS
from crosslive.web.admin_language import admin_language, seller_error
from crosslive.web.pages import CheckedForm, PageUser, form_str, render

router = APIRouter(prefix="/admin", include_in_schema=False)
WEIGHT_LABELS = {t.value: label for t, label in TYPE_LABELS.items()}
_TEXT_FIELDS = (
    "name",
    "currency",
    "languages",
    "countries",
    "size_system",
    "return_window_days",
    "return_label_paid_by",
    "return_warehouse_id",
    "keep_it_below",
)


WEEKDAY_LABELS = [A_("Mon"), A_("Tue"), A_("Wed"), A_("Thu"), A_("Fri"), A_("Sat"), A_("Sun")]
MAX_DIGITS = 9  # days and weights; a longer number is a typo, not a window


def _int(form: FormData, name: str, label: str) -> int:
    text = form_str(form, name)
    if not is_whole_number(text) or len(text) > MAX_DIGITS:
        raise InvalidInput(A_("{label} must be a whole number"), label=label)
    return int(text)


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def _routes(form: FormData, warehouse_ids: list[int]) -> list[RouteIn]:
    routes = []
    for wid in warehouse_ids:
        if form_str(form, f"serve_{wid}") != "on":
            continue
        low = _int(form, f"min_{wid}", A_("the fastest delivery (days)"))
        high = _int(form, f"max_{wid}", A_("the slowest delivery (days)"))
        if not (0 <= low <= 120 and 0 <= high <= 120):
            raise InvalidInput(A_("delivery days must be 0 to 120"))
        routes.append(RouteIn(warehouse_id=wid, delivery_days_min=low, delivery_days_max=high))
    return routes


def parse_market_form(form: FormData, currency_now: str, warehouse_ids: list[int]) -> MarketUpdate:
    """The edit form as a full market update; InvalidInput with a clear message if unusable."""
    size = form_str(form, "size_system")
    paid_by = form_str(form, "return_label_paid_by")
    if size not in {s.value for s in SizeSystem} or paid_by not in {p.value for p in LabelPaidBy}:
        raise InvalidInput(A_("choose a size system and who pays the return label"))
    window = _int(form, "return_window_days", A_("the return window (days)"))
    if not 0 <= window <= 365:
        raise InvalidInput(A_("the return window must be 0 to 365 days"))
    currency = form_str(form, "currency").upper() or currency_now
    keep_it = form_str(form, "keep_it_below") or "0"
    return_wh = form_str(form, "return_warehouse_id")
    # Built without pydantic's checks: the service validates every field with clear messages.
    return MarketUpdate.model_construct(
        name=form_str(form, "name")[:100] or None,
        currency=currency,
        languages=_split(form_str(form, "languages")),
        countries=_split(form_str(form, "countries")),
        size_system=SizeSystem(size),
        return_window_days=window,
        return_label_paid_by=LabelPaidBy(paid_by),
        return_warehouse_id=id_from_text(return_wh),
        keep_it_below_minor=parse_amount(keep_it, currency),
        required_disclosures=[v for v in form.getlist("disclosures") if isinstance(v, str)],
        trust_weights={
            t: _int(form, f"weight_{t}", f"the weight of {WEIGHT_LABELS[t]}")
            for t in CREDENTIAL_TYPES
        },
        routes=_routes(form, warehouse_ids),
    )


def _stored_values(market: Market) -> dict[str, Any]:
    return {
        "name": market.name,
        "currency": market.currency,
        "languages": ", ".join(market.languages),
        "countries": ", ".join(market.countries),
        "size_system": market.size_system.value,
        "return_window_days": str(market.return_window_days),
        "return_label_paid_by": market.return_label_paid_by.value,
        "return_warehouse_id": str(market.return_warehouse_id or ""),
        "keep_it_below": str(to_decimal(market.keep_it_below_minor, market.currency)),
        "disclosures": list(market.required_disclosures),
        "weights": {k: str(v) for k, v in service.effective_weights(market).items()},
        "routes": {
            r.warehouse_id: {"min": str(r.delivery_days_min), "max": str(r.delivery_days_max)}
            for r in market.routes
        },
    }


def _typed_values(form: FormData, warehouse_ids: list[int]) -> dict[str, Any]:
    values: dict[str, Any] = {n: form_str(form, n) for n in _TEXT_FIELDS}
    values["disclosures"] = [v for v in form.getlist("disclosures") if isinstance(v, str)]
    values["weights"] = {t: form_str(form, f"weight_{t}") for t in CREDENTIAL_TYPES}
    values["routes"] = {
        wid: {"min": form_str(form, f"min_{wid}"), "max": form_str(form, f"max_{wid}")}
        for wid in warehouse_ids
        if form_str(form, f"serve_{wid}") == "on"
    }
    return values


def _edit_page(
    request: Request,
    db: SessionDep,
    user: StaffUser,
    market: Market,
    values: dict[str, Any],
    error: str | None = None,
) -> HTMLResponse:
    context = {
        "section": "markets",
        "market": market,
        "values": values,
        "warehouses": warehouses.list_warehouses(db, user.seller_id),
        "size_systems": [s.value for s in SizeSystem],
        "disclosures": DISCLOSURES,
        "weight_labels": WEIGHT_LABELS,
        "can_edit": user.role == Role.OWNER,
        "error": error,
        "weekday_labels": WEEKDAY_LABELS,
    }
    status = 422 if error else 200
    return render(request, "admin/markets/edit.html", context, user=user, status_code=status)


def _list_page(
    request: Request, db: SessionDep, user: StaffUser, error: str | None = None
) -> HTMLResponse:
    markets = service.list_markets(db, user.seller_id)
    have = {m.code for m in markets}
    context = {
        "section": "markets",
        "rows": [
            {
                "market": m,
                "delivery": service.delivery_promise(m, lang=admin_language(request)),
                "returns": service.return_terms(m, admin_language(request)),
            }
            for m in markets
        ],
        "presets": [p for code, p in PRESETS.items() if code not in have],
        "warehouses": warehouses.list_warehouses(db, user.seller_id),
        "can_edit": user.role == Role.OWNER,
        "error": error,
    }
    return render(
        request, "admin/markets/list.html", context, user=user, status_code=422 if error else 200
    )


@router.get("/markets", response_class=HTMLResponse)
def list_page(request: Request, db: SessionDep, user: PageUser) -> HTMLResponse:
    return _list_page(request, db, user)


@router.post("/markets/presets/{code}")
def add_preset(
    request: Request, code: str, db: SessionDep, user: PageUser, form: CheckedForm
) -> Response:
    require_role(user, Role.OWNER)
    try:
        with_warehouse = form_str(form, "with_warehouse") == "on"
        market = service.add_preset(db, user.seller_id, code, with_warehouse=with_warehouse)
    except DomainError as exc:
        db.rollback()
        return _list_page(request, db, user, seller_error(request, exc))
    return RedirectResponse(f"/admin/markets/{market.id}", status_code=303)


@router.get("/markets/{market_id}", response_class=HTMLResponse)
def edit_page(request: Request, market_id: int, db: SessionDep, user: PageUser) -> HTMLResponse:
    market = service.get_market(db, user.seller_id, market_id)
    return _edit_page(request, db, user, market, _stored_values(market))


@router.post("/markets/{market_id}")
def update_submit(
    request: Request, market_id: int, db: SessionDep, user: PageUser, form: CheckedForm
) -> Response:
    require_role(user, Role.OWNER)
    market = service.get_market(db, user.seller_id, market_id)
    warehouse_ids = [w.id for w in warehouses.list_warehouses(db, user.seller_id)]
    try:
        update = parse_market_form(form, market.currency, warehouse_ids)
        service.update_market(db, user.seller_id, market_id, update)
    except DomainError as exc:
        db.rollback()
        market = service.get_market(db, user.seller_id, market_id)
        values = _typed_values(form, warehouse_ids)
        return _edit_page(request, db, user, market, values, seller_error(request, exc))
    return RedirectResponse("/admin/markets", status_code=303)


@router.post("/markets/{market_id}/support")
def support_submit(
    request: Request, market_id: int, db: SessionDep, user: PageUser, form: CheckedForm
) -> Response:
    """Local support for the market: hours in the store's time zone, the response time."""
    require_role(user, Role.OWNER)
    market = service.get_market(db, user.seller_id, market_id)
    try:
        given = form_str(form, "support_response_hours")
        service.set_support(
            market,
            timezone=form_str(form, "support_timezone"),
            opens=form_str(form, "support_opens"),
            closes=form_str(form, "support_closes"),
            weekdays=[
                int(d)
                for d in form.getlist("support_weekdays")
                if isinstance(d, str) and d.isdigit()
            ],
            response_hours=_int(form, "support_response_hours", A_("the response time"))
            if given
            else 0,
        )
        db.flush()
    except DomainError as exc:
        db.rollback()
        market = service.get_market(db, user.seller_id, market_id)
        return _edit_page(
            request, db, user, market, _stored_values(market), seller_error(request, exc)
        )
    return RedirectResponse(f"/admin/markets/{market_id}", status_code=303)


@router.post("/markets/{market_id}/delete")
def delete_submit(market_id: int, db: SessionDep, user: PageUser, form: CheckedForm) -> Response:
    require_role(user, Role.OWNER)
    service.delete_market(db, user.seller_id, market_id)
    return RedirectResponse("/admin/markets", status_code=303)


def _warehouse_fields(form: FormData) -> dict[str, Any]:
    """The warehouse form as given (built without pydantic's checks: the warehouses service
    checks every field with clear messages)."""
    return {
        "code": form_str(form, "code"),
        "name": form_str(form, "name")[:200],
        "city": form_str(form, "city")[:100],
        "country": form_str(form, "country"),
    }


@router.post("/warehouses")
def add_warehouse(request: Request, db: SessionDep, user: PageUser, form: CheckedForm) -> Response:
    require_role(user, Role.OWNER)
    try:
        data = WarehouseIn.model_construct(**_warehouse_fields(form))
        warehouses.create_warehouse(db, user.seller_id, data)
    except DomainError as exc:
        db.rollback()
        return _list_page(request, db, user, seller_error(request, exc))
    return RedirectResponse("/admin/markets", status_code=303)


@router.post("/warehouses/{warehouse_id}")
def update_warehouse(
    request: Request, warehouse_id: int, db: SessionDep, user: PageUser, form: CheckedForm
) -> Response:
    require_role(user, Role.OWNER)
    try:
        data = WarehouseUpdate.model_construct(**_warehouse_fields(form))
        warehouses.update_warehouse(db, user.seller_id, warehouse_id, data)
    except DomainError as exc:
        db.rollback()
        return _list_page(request, db, user, seller_error(request, exc))
    return RedirectResponse("/admin/markets", status_code=303)


@router.post("/warehouses/{warehouse_id}/delete")
def delete_warehouse(
    warehouse_id: int, db: SessionDep, user: PageUser, form: CheckedForm
) -> Response:
    require_role(user, Role.OWNER)
    warehouses.delete_warehouse(db, user.seller_id, warehouse_id)
    return RedirectResponse("/admin/markets", status_code=303)
