"""Seller admin page for the store's replays: each show's replay with its state, the trim
(start and end), listed or unlisted, delete, and the snippet that embeds it. Changes are
for the show's hosts and the owner (the replays service decides)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crosslive.auth.models import StaffUser
from crosslive.deps import SessionDep, get_settings
from crosslive.errors import DomainError
from crosslive.i18n import A_
from crosslive.replays import service
from crosslive.web.admin_language import seller_error, seller_text
from crosslive.web.pages import CheckedForm, PageUser, form_str, render
from crosslive.web.replay_page import replay_embed_snippet

router = APIRouter(prefix="/admin/replays", include_in_schema=False)

DONE = {
    "trim": A_("Trim saved."),
    "listed": A_("The replay is listed."),
    "unlisted": A_("The replay is unlisted: only people with its link can watch it."),
    "deleted": A_("The replay is deleted."),
}


def _page(
    request: Request,
    db: SessionDep,
    user: StaffUser,
    *,
    notice: str | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    base = get_settings(request).public_url
    rows = [
        {
            "show": show,
            "replay": replay,
            "snippet": replay_embed_snippet(base, show.slug, user.seller.slug, show.title),
            "clock": service.clock,
        }
        for show, replay in service.staff_replays(db, user.seller_id)
    ]
    context = {"rows": rows, "section": "replays", "notice": notice, "error": error}
    return render(request, "admin/replays/list.html", context, user=user, status_code=status_code)


@router.get("", response_class=HTMLResponse)
def list_page(request: Request, db: SessionDep, user: PageUser, done: str = "") -> Response:
    return _page(request, db, user, notice=DONE.get(done))


def _seconds(text: str) -> float | None:
    """'75', '1:15' or '' (None) as seconds; ValueError otherwise."""
    text = text.strip()
    if not text:
        return None
    total = 0.0
    for part in text.split(":"):
        total = total * 60 + float(part)
    return total


@router.post("/{show_id}", response_class=HTMLResponse)
def change(
    request: Request, show_id: int, form: CheckedForm, db: SessionDep, user: PageUser
) -> Response:
    action = form_str(form, "action")
    try:
        _, replay = service.staff_replay(db, user, show_id)
        if action == "trim":
            try:
                trim_in = _seconds(form_str(form, "trim_in")) or 0.0
                trim_out = _seconds(form_str(form, "trim_out"))
            except ValueError:
                message = seller_text(request, A_("Write times as seconds or minutes:seconds."))
                return _page(request, db, user, error=message, status_code=422)
            service.set_trim(db, replay, trim_in, trim_out, get_settings(request).replays_dir)
        elif action in ("listed", "unlisted"):
            service.set_listed(db, replay, action == "listed")
        elif action == "deleted":
            service.delete(db, replay, get_settings(request).replays_dir)
        else:
            return _page(request, db, user, error=f"unknown action {action!r}", status_code=422)
    except DomainError as exc:
        db.rollback()
        return _page(
            request, db, user, error=seller_error(request, exc), status_code=exc.status_code
        )
    return RedirectResponse(f"/admin/replays?done={action}", status_code=303)
