"""The live room's light report of what a viewer did on the page: product sheets opened and
credentials seen (pushed full screen, or in an opened sheet's trust panel). The page batches
them and sends a few at a time; each is kept once per viewer and show (crosslive.events.actions).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from sqlalchemy import select

from crosslive.catalog.models import Product
from crosslive.deps import SessionDep, client_ip, enforce
from crosslive.events.actions import MAX_BATCH, Action, ActionKind
from crosslive.events.actions import record as record_actions
from crosslive.ids import Id
from crosslive.markets.models import Market
from crosslive.orders.ratelimit import AGAIN
from crosslive.ratelimit import Limit
from crosslive.shows import service as shows_service
from crosslive.trust.models import Credential
from crosslive.viewers import AnyViewer

router = APIRouter(prefix="/live", tags=["viewer actions"])
ACTIONS_BY_VIEWER = Limit("actions:v", count=30, window_seconds=60.0, message=AGAIN)
ACTIONS_BY_ADDRESS = Limit("actions:ip", count=600, window_seconds=60.0, message=AGAIN)


class ActionIn(BaseModel):
    kind: Literal["sheet_opened", "credential_seen"]
    ref: Id
    where: Literal["push", "panel"] | None = None


class ActionsIn(BaseModel):
    market: Annotated[str | None, Field(max_length=8)] = None
    actions: list[ActionIn] = Field(min_length=1, max_length=MAX_BATCH)


@router.post("/{slug}/actions", status_code=204)
def report_actions(
    slug: str,
    body: ActionsIn,
    request: Request,
    db: SessionDep,
    viewer: AnyViewer,
    store: str | None = None,
) -> None:
    """Record the sheets this viewer opened and the credentials they saw. Products and
    credentials of another store are ignored, as is a market the store does not have."""
    enforce(request, ACTIONS_BY_VIEWER, viewer.id)
    enforce(request, ACTIONS_BY_ADDRESS, client_ip(request))
    show = shows_service.public_show(db, slug, store)
    wanted_products = {a.ref for a in body.actions if a.kind == "sheet_opened"}
    wanted_credentials = {a.ref for a in body.actions if a.kind == "credential_seen"}
    products = set(
        db.scalars(
            select(Product.id).where(
                Product.seller_id == show.seller_id, Product.id.in_(wanted_products)
            )
        )
    )
    found = select(Credential.id, Credential.type).where(
        Credential.seller_id == show.seller_id, Credential.id.in_(wanted_credentials)
    )
    credentials = {i: t for i, t in db.execute(found)}
    actions = []
    for a in body.actions:
        if a.kind == "sheet_opened" and a.ref in products:
            actions.append(Action(ActionKind.SHEET_OPENED, a.ref))
        elif a.kind == "credential_seen" and a.ref in credentials:
            where = a.where or "push"
            kind = str(credentials[a.ref].value)
            actions.append(Action(ActionKind.CREDENTIAL_SEEN, a.ref, kind, where))
    market = ""
    if body.market:
        found = db.scalar(
            select(Market.code).where(
                Market.seller_id == show.seller_id, Market.code == body.market
            )
        )
        market = found or ""
    record_actions(
        db,
        seller_id=show.seller_id,
        show_id=show.id,
        viewer_id=viewer.id,
        market_code=market,
        actions=actions,
    )
