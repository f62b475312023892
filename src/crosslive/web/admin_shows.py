"""Seller admin pages for shows: the list, planning a new show, editing one, going live."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from crosslive.auth.models import Role, StaffUser
from crosslive.catalog import service as catalog_service
from crosslive.compliance import claims
from crosslive.deps import SessionDep
from crosslive.errors import DomainError, InvalidInput, NotFound
from crosslive.i18n import A_
from crosslive.ids import id_from_text
from crosslive.markets import service as markets_service
from crosslive.shows import service
from crosslive.shows.models import Show, ShowState
from crosslive.shows.schemas import ShowCreate, ShowUpdate
from crosslive.web import market_findings
from crosslive.web.admin_language import seller_error
from crosslive.web.pages import CheckedForm, PageUser, form_str, render

router = APIRouter(prefix="/admin/shows", include_in_schema=False)

NOTICES = {
    "created": A_("Show created."),
    "saved": A_("Changes saved."),
    "deleted": A_("Show deleted."),
    "live": A_("The show is live."),
    "ended": A_("The show has ended."),
}
FIELD_LABELS = {
    "title": A_("Title"),
    "description": A_("Description"),
    "scheduled_at": A_("Scheduled time"),
    "duration_minutes": A_("Duration"),
    "language": A_("Language"),
}


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _message(exc: DomainError | ValidationError) -> str:
    if isinstance(exc, DomainError):
        return exc.message
    first = exc.errors()[0]
    label = FIELD_LABELS.get(str(first["loc"][-1]) if first["loc"] else "", A_("Form"))
    return f"{label}: {first['msg'].removeprefix('Value error, ')}"


def _ids(form: FormData, name: str) -> list[int]:
    values = [v.strip() for v in form.getlist(name) if isinstance(v, str) and v.strip()]
    ids = [id_from_text(v) for v in values]
    if any(i is None for i in ids):
        raise InvalidInput(f"{name} must be ids")
    return [i for i in ids if i is not None]


def _typed(form: FormData) -> dict[str, Any]:
    """What was typed, kept as text so a refused form shows it again unchanged."""
    return {
        "title": form_str(form, "title"),
        "description": form_str(form, "description"),
        "scheduled_at": form_str(form, "scheduled_at"),
        "scheduled_local": form_str(form, "scheduled_local"),
        "duration_minutes": form_str(form, "duration_minutes"),
        "language": form_str(form, "language"),
        "market_codes": [v for v in form.getlist("market_codes") if isinstance(v, str)],
        "sponsored": form_str(form, "sponsored") == "1",
        "lead_host_id": form_str(form, "lead_host_id"),
        "co_host_ids": [v for v in form.getlist("co_host_ids") if isinstance(v, str)],
        "product_ids": [v for v in form.getlist("product_ids") if isinstance(v, str)],
    }


def _submitted(form: FormData) -> dict[str, Any]:
    """The form as the fields of ShowCreate / ShowUpdate."""
    typed = _typed(form)
    if not typed["scheduled_at"]:
        raise InvalidInput(A_("Scheduled time: pick a date and time"))
    lead = typed["lead_host_id"]
    if lead and id_from_text(lead) is None:
        raise InvalidInput(A_("lead_host_id must be an id"))
    return {
        "title": typed["title"],
        "description": typed["description"],
        "scheduled_at": typed["scheduled_at"],
        "duration_minutes": typed["duration_minutes"] or "60",
        "language": typed["language"] or "en",
        "market_codes": typed["market_codes"],
        "sponsored": typed["sponsored"],
        "hosts": {
            "lead_host_id": int(lead) if lead else None,
            "co_host_ids": _ids(form, "co_host_ids"),
        },
        "product_ids": _ids(form, "product_ids"),
    }


def _values(show: Show) -> dict[str, Any]:
    utc = show.scheduled_at.astimezone(UTC)
    return {
        "title": show.title,
        "description": show.description,
        "scheduled_at": utc.isoformat().replace("+00:00", "Z"),
        "scheduled_local": utc.strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": str(show.duration_minutes),
        "language": show.language,
        "market_codes": list(show.market_codes),
        "sponsored": show.sponsored,
        "lead_host_id": next((str(h.user_id) for h in show.hosts if h.is_lead), ""),
        "co_host_ids": [str(h.user_id) for h in show.hosts if not h.is_lead],
        "product_ids": [str(i.product_id) for i in show.lineup],
    }


def _form_page(
    request: Request,
    db: Session,
    user: StaffUser,
    values: dict[str, Any],
    *,
    show: Show | None = None,
    error: str | None = None,
    notice: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    products = catalog_service.product_choices(db, user.seller_id)
    context = {
        "section": "shows",
        "show": show,
        "values": values,
        "error": error,
        "notice": notice,
        "markets": markets_service.list_markets(db, user.seller_id),
        "hosts": service.host_candidates(db, user.seller_id),
        "products": products,
        "product_titles": {str(pid): title for pid, title in products},
        "can_edit": user.role == Role.OWNER,
        "can_run": show is not None and service.can_host(show, user),
        # Per market: the claims in the show's title and description the rules flag.
        "claim_rules": market_findings.claim_table(claims.show_findings(db, show)) if show else [],
    }
    return render(request, "admin/shows/form.html", context, user=user, status_code=status_code)


def _list_page(
    request: Request,
    db: Session,
    user: StaffUser,
    *,
    state: str = "",
    notice: str | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    chosen = ShowState(state) if state in {s.value for s in ShowState} else None
    context = {
        "section": "shows",
        "shows": service.list_shows(db, user.seller_id, state=chosen),
        "markets": {m.code: m for m in markets_service.list_markets(db, user.seller_id)},
        "state": chosen.value if chosen else "",
        "states": [s.value for s in ShowState],
        "notice": notice,
        "error": error,
        "can_edit": user.role == Role.OWNER,
    }
    return render(request, "admin/shows/list.html", context, user=user, status_code=status_code)


def _owners_only(request: Request, db: Session, user: StaffUser) -> HTMLResponse | None:
    if user.role == Role.OWNER:
        return None
    message = f"only the store owner can plan shows; you are {user.role.value}"
    return _list_page(request, db, user, error=message, status_code=403)


@router.get("", response_class=HTMLResponse)
def list_page(
    request: Request, db: SessionDep, user: PageUser, state: str = "", done: str = ""
) -> HTMLResponse:
    return _list_page(request, db, user, state=state, notice=NOTICES.get(done))


@router.get("/new", response_class=HTMLResponse)
def new_page(request: Request, db: SessionDep, user: PageUser) -> HTMLResponse:
    denied = _owners_only(request, db, user)
    if denied is not None:
        return denied
    values = {"duration_minutes": "60", "language": "en", "market_codes": [], "product_ids": []}
    return _form_page(request, db, user, values)


@router.post("/new", response_class=HTMLResponse)
def create(request: Request, db: SessionDep, user: PageUser, form: CheckedForm) -> Response:
    denied = _owners_only(request, db, user)
    if denied is not None:
        return denied
    try:
        show = service.create_show(db, user.seller_id, ShowCreate.model_validate(_submitted(form)))
    except (DomainError, ValidationError) as exc:
        db.rollback()
        return _form_page(request, db, user, _typed(form), error=_message(exc), status_code=422)
    return _redirect(f"/admin/shows?done=created#show-{show.id}")


@router.get("/{show_id}", response_class=HTMLResponse)
def edit_page(
    request: Request, show_id: int, db: SessionDep, user: PageUser, done: str = ""
) -> HTMLResponse:
    try:
        show = service.staff_show(db, user, show_id)
    except NotFound as exc:
        return _list_page(request, db, user, error=seller_error(request, exc), status_code=404)
    return _form_page(request, db, user, _values(show), show=show, notice=NOTICES.get(done))


@router.post("/{show_id}", response_class=HTMLResponse)
def update(
    request: Request, show_id: int, db: SessionDep, user: PageUser, form: CheckedForm
) -> Response:
    denied = _owners_only(request, db, user)
    if denied is not None:
        return denied
    show = service.staff_show(db, user, show_id)
    try:
        service.update_show(db, show, ShowUpdate.model_validate(_submitted(form)))
    except (DomainError, ValidationError) as exc:
        db.rollback()
        show = service.staff_show(db, user, show_id)
        error = _message(exc)
        return _form_page(request, db, user, _typed(form), show=show, error=error, status_code=422)
    return _redirect(f"/admin/shows/{show_id}?done=saved")


@router.post("/{show_id}/delete", response_class=HTMLResponse)
def delete(
    request: Request, show_id: int, db: SessionDep, user: PageUser, form: CheckedForm
) -> Response:
    denied = _owners_only(request, db, user)
    if denied is not None:
        return denied
    show = service.staff_show(db, user, show_id)
    try:
        service.delete_show(db, show)
    except DomainError as exc:
        return _form_page(
            request,
            db,
            user,
            _values(show),
            show=show,
            error=seller_error(request, exc),
            status_code=409,
        )
    return _redirect("/admin/shows?done=deleted")


def _move(request: Request, db: Session, user: StaffUser, show_id: int, live: bool) -> Response:
    show = service.staff_show(db, user, show_id)
    try:
        if live:
            service.go_live(db, show, user)
        else:
            service.end(db, show, user)
    except DomainError as exc:
        db.rollback()
        show = service.staff_show(db, user, show_id)
        return _form_page(
            request,
            db,
            user,
            _values(show),
            show=show,
            error=seller_error(request, exc),
            status_code=exc.status_code,
        )
    return _redirect(f"/admin/shows/{show_id}?done={'live' if live else 'ended'}")


@router.post("/{show_id}/go-live", response_class=HTMLResponse)
def go_live(
    request: Request, show_id: int, db: SessionDep, user: PageUser, form: CheckedForm
) -> Response:
    """The show's hosts and the store owner take it live."""
    return _move(request, db, user, show_id, live=True)


@router.post("/{show_id}/end", response_class=HTMLResponse)
def end(
    request: Request, show_id: int, db: SessionDep, user: PageUser, form: CheckedForm
) -> Response:
    return _move(request, db, user, show_id, live=False)
