"""Instant answers over HTTP: a viewer asks about a show; staff read the store's FAQ entries,
owners write them."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from crosslive.answers import service
from crosslive.answers.schemas import AnswerOut, AskIn, FaqIn, FaqOut
from crosslive.auth.deps import CurrentStaff
from crosslive.auth.models import Role
from crosslive.auth.service import require_role
from crosslive.db import utcnow
from crosslive.deps import SessionDep, SettingsDep, client_ip, enforce
from crosslive.ids import PathId
from crosslive.ratelimit import Limit

router = APIRouter(tags=["answers"])

# Questions per client address: each costs a sentence encoding (tens of milliseconds).
ASK_LIMIT = Limit("ask:ip", 30, 60.0, "too many questions from your network; try again in a minute")


def _engine(settings: SettingsDep) -> service.Engine:
    return service.engine(settings.data_dir / "answers")


@router.post("/live/{slug}/ask", response_model=AnswerOut)
def ask(
    slug: str,
    body: AskIn,
    request: Request,
    db: SessionDep,
    settings: SettingsDep,
    store: str | None = None,
) -> AnswerOut:
    """The instant answer a viewer in MARKET gets to QUESTION (escalated: the host answers)."""
    enforce(request, ASK_LIMIT, client_ip(request))
    show = service.public_show(db, slug, store)
    answer = service.ask(
        db,
        _engine(settings),
        show=show,
        market_code=body.market,
        question=body.question,
        product_ref=body.product,
        now=utcnow(),
    )
    return AnswerOut.model_validate(answer.as_dict())


@router.get("/faq", response_model=list[FaqOut])
def list_faq(db: SessionDep, user: CurrentStaff) -> list[FaqOut]:
    return [FaqOut.model_validate(e) for e in service.list_faq(db, user.seller_id)]


@router.post("/faq", response_model=FaqOut, status_code=201)
def create_faq(body: FaqIn, db: SessionDep, settings: SettingsDep, user: CurrentStaff) -> FaqOut:
    require_role(user, Role.OWNER)
    return FaqOut.model_validate(service.save_faq(db, _engine(settings), user.seller_id, body))


@router.put("/faq/{entry_id}", response_model=FaqOut)
def update_faq(
    entry_id: PathId, body: FaqIn, db: SessionDep, settings: SettingsDep, user: CurrentStaff
) -> FaqOut:
    require_role(user, Role.OWNER)
    entry = service.save_faq(db, _engine(settings), user.seller_id, body, entry_id)
    return FaqOut.model_validate(entry)


@router.delete("/faq/{entry_id}", status_code=204)
def delete_faq(entry_id: PathId, db: SessionDep, user: CurrentStaff) -> Response:
    require_role(user, Role.OWNER)
    service.delete_faq(db, user.seller_id, entry_id)
    return Response(status_code=204)
