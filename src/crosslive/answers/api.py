"""Instant answers over HTTP: a viewer asks about a show (a chat question gets its answer
published under it); staff read the store's FAQ entries, owners write them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from sqlalchemy.orm import Session

from crosslive.answers import rephrase, service
from crosslive.answers.schemas import AnswerOut, AskIn, FaqIn, FaqOut
from crosslive.auth.deps import CurrentStaff
from crosslive.auth.models import Role
from crosslive.auth.service import require_role
from crosslive.chat import service as chat_service
from crosslive.db import utcnow
from crosslive.deps import SessionDep, SettingsDep, client_ip, enforce
from crosslive.errors import InvalidInput, NotAuthenticated
from crosslive.events.unit import commit_then_publish
from crosslive.ids import PathId
from crosslive.live import audience
from crosslive.ratelimit import Limit
from crosslive.state import state_of
from crosslive.viewers import MaybeViewer

router = APIRouter(tags=["answers"])

# Questions per client address: each costs a sentence encoding (tens of milliseconds).
ASK_LIMIT = Limit("ask:ip", 30, 60.0, "too many questions from your network; try again in a minute")


def _engine(settings: Any) -> service.Engine:
    return service.engine(settings.data_dir / "answers")


@router.post("/live/{slug}/ask", response_model=AnswerOut)
async def ask(
    slug: str, body: AskIn, request: Request, viewer: MaybeViewer, store: str | None = None
) -> AnswerOut:
    """The instant answer to a viewer's question (escalated: it waits for the host)."""
    enforce(request, ASK_LIMIT, client_ip(request))
    if (body.question is None) == (body.message_id is None):
        raise InvalidInput("send either question or message_id")
    if body.message_id is not None and viewer is None:
        raise NotAuthenticated("join the chat to have your question answered")
    eng = _engine(state_of(request.app).settings)
    rephraser = rephrase.Rephraser.from_settings(state_of(request.app).settings)
    languages = request.headers.get("accept-language", "")

    def work(db: Session) -> service.Answer:
        show = service.public_show(db, slug, store)
        market = body.market
        if market is None:
            who = audience.resolve(
                db,
                show.seller_id,
                country=body.country,
                accept_language=languages,
                codes=show.market_codes,
            )
            if who.market is None:
                raise InvalidInput("this show sells to no market; name one")
            market = who.market.code
        question = body.question
        if body.message_id is not None and viewer is not None:
            question = chat_service.viewer_question(db, show.id, body.message_id, viewer.id).body
        answer = service.ask(
            db,
            eng,
            show=show,
            market_code=market,
            question=question or "",
            product_ref=body.product,
            now=utcnow(),
            rephraser=rephraser,
            # Under a chat question, viewers of every language read it.
            every_language=body.message_id is not None,
        )
        if body.message_id is not None:
            service.record_answer(db, show.id, body.message_id, answer)
        return answer

    answer = await commit_then_publish(request.app, work)
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
