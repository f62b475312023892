"""The seller's CSV of tracking events (shipped / delivered): a form, then the result, with
each bad row named by its line and nothing applied when any row is bad."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from crosslive.auth.models import Role
from crosslive.deps import SessionDep, SettingsDep
from crosslive.errors import DomainError
from crosslive.orders import service
from crosslive.orders.links import OrderLinks
from crosslive.orders.tracking_import import COLUMNS, MAX_BYTES, TrackingImportFailed
from crosslive.web.pages import CheckedForm, PageUser, render

router = APIRouter(prefix="/admin/orders/tracking", include_in_schema=False)
PAGE = "admin/orders/tracking.html"


def _page(request: Request, user: PageUser, status_code: int = 200, **extra: object) -> Response:
    context = {"section": "orders", "columns": ",".join(COLUMNS), **extra}
    return render(request, PAGE, context, user=user, status_code=status_code)


@router.get("", response_class=HTMLResponse)
def form_page(request: Request, user: PageUser) -> Response:
    if user.role != Role.OWNER:
        return _page(request, user, 403, error="only the store owner manages orders")
    return _page(request, user)


@router.post("", response_class=HTMLResponse)
def upload(
    request: Request, db: SessionDep, settings: SettingsDep, user: PageUser, form: CheckedForm
) -> Response:
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        return _page(request, user, 422, error="choose a CSV file")
    data = upload.file.read(MAX_BYTES + 1)
    try:
        report = service.import_tracking(db, user, data, OrderLinks.from_settings(settings))
    except TrackingImportFailed as exc:
        db.rollback()
        return _page(request, user, 422, error=exc.message.split(":")[0], rows=exc.errors)
    except DomainError as exc:
        db.rollback()
        return _page(request, user, exc.status_code, error=exc.message)
    return _page(request, user, report=report)
