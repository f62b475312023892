"""The store's reviews in the admin: every verified-purchase review (hidden ones included),
hiding a review's words for abuse with a reason from the fixed list, showing it again,
labelling it as incentivised, and the moderation log, which nobody can edit here or anywhere
else. Viewing: every staff member; acting: the owner. Forms carry the CSRF token."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from crosslive.auth.models import Role, StaffUser
from crosslive.db import run_in_transaction, utcnow
from crosslive.deps import SessionDep
from crosslive.errors import DomainError, NotFound, PermissionDenied
from crosslive.events.unit import commit_then_publish
from crosslive.i18n import A_
from crosslive.reviews import moderation
from crosslive.reviews.models import AbuseReason, ReviewActionKind
from crosslive.state import state_of
from crosslive.web.admin_language import seller_error
from crosslive.web.pages import CheckedForm, PageUser, PageUserOffLoop, form_str, render

router = APIRouter(prefix="/admin/reviews", include_in_schema=False)

REASONS = {
    AbuseReason.HARASSMENT: A_("Harassment"),
    AbuseReason.HATE: A_("Hate speech"),
    AbuseReason.PERSONAL_DATA: A_("Someone's personal data"),
    AbuseReason.SPAM: A_("Spam or advertising"),
    AbuseReason.SEXUAL: A_("Sexual content"),
    AbuseReason.ILLEGAL: A_("Illegal content"),
}
ACTIONS = {
    ReviewActionKind.POSTED: A_("posted by the buyer"),
    ReviewActionKind.HIDDEN: A_("hidden for abuse"),
    ReviewActionKind.RESTORED: A_("shown again"),
    ReviewActionKind.INCENTIVE_LABELLED: A_("labelled as incentivised"),
}
NOTICES = {
    "hide": A_("Hidden for abuse; its stars still count and the log keeps why."),
    "restore": A_("Shown again."),
    "incentive": A_("Labelled as incentivised."),
}
OWNER_ONLY = A_("only the store owner moderates reviews; you are {role}")


def _page(
    request: Request,
    db: Session,
    user: StaffUser,
    *,
    notice: str | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    context = {
        "reviews": moderation.seller_reviews(db, user.seller_id),
        "log": moderation.moderation_log(db, user.seller_id)[:200],
        "reasons": REASONS,
        "actions": ACTIONS,
        "can_moderate": user.role == Role.OWNER,
        "notice": notice,
        "error": error,
        "section": "reviews",
    }
    return render(request, "admin/reviews.html", context, user=user, status_code=status_code)


@router.get("", response_class=HTMLResponse)
def reviews_page(request: Request, db: SessionDep, user: PageUser, done: str = "") -> Response:
    return _page(request, db, user, notice=NOTICES.get(done))


def _apply(db: Session, user: StaffUser, review_id: int, action: str, form: FormData) -> None:
    if user.role != Role.OWNER:
        raise PermissionDenied(OWNER_ONLY, role=user.role.value)
    who = moderation.Moderator(user.seller_id, user.id, user.name)
    now = utcnow()
    if action == "hide":
        reason, note = form_str(form, "reason"), form_str(form, "note")
        moderation.hide(db, who, review_id, reason, note, now=now)
    elif action == "restore":
        moderation.restore(db, who, review_id, form_str(form, "note"), now=now)
    elif action == "incentive":
        moderation.label_incentive(db, who, review_id, form_str(form, "given"), now=now)
    else:
        raise NotFound(f"no such step: {action}")


@router.post("/{review_id}/{action}", response_class=HTMLResponse)
async def act(
    request: Request, review_id: int, action: str, user: PageUserOffLoop, form: CheckedForm
) -> Response:
    try:
        await commit_then_publish(request.app, lambda db: _apply(db, user, review_id, action, form))
    except DomainError as exc:
        message, code = seller_error(request, exc), exc.status_code
        factory = state_of(request.app).session_factory
        return await run_in_transaction(
            factory, lambda db: _page(request, db, user, error=message, status_code=code)
        )
    return RedirectResponse(f"/admin/reviews?done={action}", status_code=303)
