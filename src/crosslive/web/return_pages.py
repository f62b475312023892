"""The buyer's return pages, under the signed order link (no account, no login session: the
link is the key, so there is no ambient authority for a cross-site form to borrow).

GET /orders/{token}/return?line=&reason= shows the form (both preselected when given);
POST shows the outcome the market's policy decided, with a confirm button; confirming goes
back to the order page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData, UploadFile

from crosslive.compliance import titles
from crosslive.db import utcnow
from crosslive.deps import SessionDep, SettingsDep, client_ip, enforce
from crosslive.errors import DomainError, InvalidInput, NotFound
from crosslive.events.unit import commit_then_publish
from crosslive.orders.links import LinkExpired, OrderLinks
from crosslive.orders.models import Order
from crosslive.orders.providers import Providers
from crosslive.orders.ratelimit import ORDER_PAGE_BY_ADDRESS
from crosslive.orders.refunds import refunds_automatically
from crosslive.returns import requests
from crosslive.returns.models import ReturnReason, ReturnRequest
from crosslive.returns.policy import REASON_TEXT, WindowClosed
from crosslive.settings import Settings
from crosslive.state import state_of
from crosslive.web import language
from crosslive.web.pages import SubmittedForm, form_str, render

router = APIRouter(include_in_schema=False)


def _private(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _problem(request: Request, exc: DomainError, title: str = "") -> Response:
    context = {"message": exc.message, "title": title}
    page = render(
        request, "orders/link_problem.html", context, status_code=exc.status_code, viewer=True
    )
    return _private(page)


def _line_titles(db: Session, request: Request, order: Order) -> dict[int, str]:
    """Variant id -> its product's title as the order page writes it to this buyer."""
    variants = [line.variant_id for line in order.lines]
    lang = language.page_language(request)
    return titles.line_titles(db, order.seller_id, order.market_code, variants, lang)


def _message(request: Request, exc: DomainError) -> str:
    """EXC's message in the page's language."""
    return exc.translated(language.page_catalog(request), language.page_language(request))


def _closed(request: Request, token: str, order: Order, exc: WindowClosed) -> Response:
    """No form: why a return cannot be asked for now, and what happens next."""
    context = {"token": token, "order": order, "closed": exc.why}
    page = render(
        request, "orders/return_closed.html", context, status_code=exc.status_code, viewer=True
    )
    return _private(page)


def _form(
    db: Session,
    request: Request,
    token: str,
    order: Order,
    values: dict[str, str],
    error: str = "",
    status_code: int = 200,
) -> Response:
    context = {
        "token": token,
        "order": order,
        "reasons": REASON_TEXT,
        "values": values,
        "error": error,
        "max_photos": requests.MAX_PHOTOS,
        "line_titles": _line_titles(db, request, order),
    }
    page = render(request, "orders/return_form.html", context, status_code=status_code, viewer=True)
    return _private(page)


@router.get("/orders/{token}/return", response_class=HTMLResponse)
def return_form(
    token: str,
    request: Request,
    db: SessionDep,
    settings: SettingsDep,
    line: str = "",
    reason: str = "",
) -> Response:
    enforce(request, ORDER_PAGE_BY_ADDRESS, client_ip(request))
    try:
        order = requests.order_for(db, OrderLinks.from_settings(settings), token)
        requests.check_window(db, order, utcnow())
    except (NotFound, LinkExpired) as exc:
        return _problem(request, exc)
    except WindowClosed as exc:
        return _closed(request, token, order, exc)
    known = reason if reason in {r.value for r in ReturnReason} else ""
    return _form(db, request, token, order, {"line": line, "reason": known, "quantity": "1"})


def _photos(form: FormData) -> list[bytes]:
    files = [f for f in form.getlist("photos") if isinstance(f, UploadFile) and f.filename]
    if len(files) > requests.MAX_PHOTOS:
        raise InvalidInput(f"send at most {requests.MAX_PHOTOS} photos")
    # The form was read on the event loop; its spooled files are read here, in the worker.
    return [f.file.read() for f in files]


def _start(db: Session, settings: Settings, order: Order, form: FormData) -> ReturnRequest:
    try:
        line_id, quantity = int(form_str(form, "line")), int(form_str(form, "quantity", "1"))
    except ValueError:
        raise InvalidInput("choose the item and how many to return") from None
    photos = _photos(form)
    ret = requests.start(
        db,
        order,
        line_id=line_id,
        quantity=quantity,
        reason=form_str(form, "reason"),
        note=form_str(form, "note"),
        now=utcnow(),
        remind_days=settings.return_reminder_days,
    )
    for data in photos:
        requests.add_photo(db, settings, ret, data)
    return ret


@router.post("/orders/{token}/return", response_class=HTMLResponse)
def preview(
    token: str, request: Request, db: SessionDep, settings: SettingsDep, form: SubmittedForm
) -> Response:
    """Start (or change) the return and show its outcome before it is confirmed."""
    enforce(request, ORDER_PAGE_BY_ADDRESS, client_ip(request))
    try:
        order = requests.order_for(db, OrderLinks.from_settings(settings), token)
    except (NotFound, LinkExpired) as exc:
        return _problem(request, exc)
    try:
        ret = _start(db, settings, order, form)
    except WindowClosed as exc:
        db.rollback()
        return _closed(request, token, order, exc)
    except DomainError as exc:
        db.rollback()
        values = {k: form_str(form, k) for k in ("line", "reason", "quantity", "note")}
        return _form(db, request, token, order, values, _message(request, exc), exc.status_code)
    context = {
        "token": token,
        "order": order,
        "ret": ret,
        "reasons": REASON_TEXT,
        "steps": requests.instructions(db, order, ret),
        "refunds_at_once": refunds_automatically(order, Providers.from_settings(settings)),
        "refund_days": settings.manual_refund_days,
        "line_titles": _line_titles(db, request, order),
    }
    return _private(render(request, "orders/return_outcome.html", context, viewer=True))


@router.post("/orders/{token}/return/{return_id}/confirm", response_class=HTMLResponse)
async def confirm(token: str, return_id: int, request: Request) -> Response:
    """Confirm the outcome shown, then back to the order page (which shows the return)."""
    enforce(request, ORDER_PAGE_BY_ADDRESS, client_ip(request))
    settings = state_of(request.app).settings
    links = OrderLinks.from_settings(settings)
    providers = Providers.from_settings(settings)

    def work(db: Session) -> None:
        order = requests.order_for(db, links, token)
        ret = requests.find(db, order, return_id)
        requests.confirm(db, order, ret, links, now=utcnow(), providers=providers)

    try:
        await commit_then_publish(request.app, work)
    except (NotFound, LinkExpired) as exc:
        return _problem(request, exc)
    except DomainError as exc:
        return _problem(request, exc, "Your return was not confirmed")
    return RedirectResponse(f"/orders/{token}?return={return_id}", status_code=303)
