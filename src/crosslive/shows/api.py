"""Shows JSON API: owners plan shows; a show's hosts take it live, end it and publish to it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from crosslive.auth.deps import CurrentStaff
from crosslive.auth.models import Role
from crosslive.auth.service import require_role
from crosslive.deps import SessionDep
from crosslive.ids import PathId
from crosslive.shows import service
from crosslive.shows.models import ShowState
from crosslive.shows.schemas import (
    HostsIn,
    LineupIn,
    PublishTokenOut,
    ShowCreate,
    ShowOut,
    ShowUpdate,
)

router = APIRouter(prefix="/shows", tags=["shows"])


@router.get("", response_model=list[ShowOut])
def list_shows(
    db: SessionDep,
    user: CurrentStaff,
    state: ShowState | None = None,
    limit: Annotated[int, Query(ge=1, le=service.MAX_LIST)] = 100,
) -> list[ShowOut]:
    """The store's shows: live first, then upcoming soonest first, then ended latest first."""
    shows = service.list_shows(db, user.seller_id, state=state, limit=limit)
    return [ShowOut.from_show(show) for show in shows]


@router.post("", response_model=ShowOut, status_code=201)
def create_show(body: ShowCreate, db: SessionDep, user: CurrentStaff) -> ShowOut:
    require_role(user, Role.OWNER)
    return ShowOut.from_show(service.create_show(db, user.seller_id, body))


@router.get("/{ref}", response_model=ShowOut)
def get_show(ref: str, db: SessionDep, user: CurrentStaff) -> ShowOut:
    """A show by id or slug."""
    return ShowOut.from_show(service.staff_show(db, user, ref))


@router.patch("/{ref}", response_model=ShowOut)
def update_show(ref: str, body: ShowUpdate, db: SessionDep, user: CurrentStaff) -> ShowOut:
    require_role(user, Role.OWNER)
    show = service.staff_show(db, user, ref)
    return ShowOut.from_show(service.update_show(db, show, body))


@router.delete("/{ref}", status_code=204)
def delete_show(ref: str, db: SessionDep, user: CurrentStaff) -> Response:
    """Only a scheduled show can be deleted."""
    require_role(user, Role.OWNER)
    service.delete_show(db, service.staff_show(db, user, ref))
    return Response(status_code=204)


@router.put("/{ref}/lineup", response_model=ShowOut)
def set_lineup(ref: str, body: LineupIn, db: SessionDep, user: CurrentStaff) -> ShowOut:
    """Replace the line-up with these products of the store, in this order."""
    require_role(user, Role.OWNER)
    show = service.staff_show(db, user, ref)
    return ShowOut.from_show(service.set_lineup(db, show, body.product_ids))


@router.put("/{ref}/hosts", response_model=ShowOut)
def set_hosts(ref: str, body: HostsIn, db: SessionDep, user: CurrentStaff) -> ShowOut:
    require_role(user, Role.OWNER)
    show = service.staff_show(db, user, ref)
    return ShowOut.from_show(service.set_hosts(db, show, body))


@router.delete("/{ref}/hosts/{user_id}", response_model=ShowOut)
def remove_host(ref: str, user_id: PathId, db: SessionDep, user: CurrentStaff) -> ShowOut:
    """Take a staff member off the show's hosts (owners only). Going live and ending are in
    the live room's API (`crosslive.live.api`), which tells the viewers."""
    require_role(user, Role.OWNER)
    show = service.staff_show(db, user, ref)
    return ShowOut.from_show(service.remove_host(db, show, user_id))


@router.post("/{ref}/publish-token", response_model=PublishTokenOut, status_code=201)
def issue_publish_token(ref: str, db: SessionDep, user: CurrentStaff) -> PublishTokenOut:
    """A new WHIP bearer token for you on this show (your previous one stops working)."""
    show = service.staff_show(db, user, ref)
    token = service.issue_publish_token(db, show, user)
    return PublishTokenOut(token=token, show_id=show.id, show_slug=show.slug, user_id=user.id)
