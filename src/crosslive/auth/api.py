"""Log in for an API bearer token; see who you are; log out. Owners list their staff and
change their roles."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from crosslive.auth import service
from crosslive.auth.deps import CurrentStaff, session_token
from crosslive.auth.models import Role
from crosslive.auth.schemas import LoginIn, LoginOut, RoleIn, StaffOut
from crosslive.deps import SessionDep, SettingsDep
from crosslive.ids import PathId

router = APIRouter(prefix="/auth", tags=["auth"])
staff_router = APIRouter(prefix="/staff", tags=["auth"])


@router.post("/login", response_model=LoginOut)
def login(body: LoginIn, db: SessionDep, settings: SettingsDep) -> LoginOut:
    user = service.authenticate(db, body.email, body.password)
    token = service.start_session(db, user, days=settings.session_days)
    return LoginOut(token=token, staff=StaffOut.model_validate(user))


@router.get("/me", response_model=StaffOut)
def me(user: CurrentStaff) -> StaffOut:
    return StaffOut.model_validate(user)


@router.post("/logout", status_code=204)
def logout(request: Request, db: SessionDep, _user: CurrentStaff) -> Response:
    token = session_token(request)
    if token:
        service.end_session(db, token)
    return Response(status_code=204)


@staff_router.get("", response_model=list[StaffOut])
def list_staff(db: SessionDep, user: CurrentStaff) -> list[StaffOut]:
    """Everyone who works in your store, by name (owners only)."""
    service.require_role(user, Role.OWNER)
    staff = service.staff_with_roles(db, user.seller_id, list(Role))
    return [StaffOut.model_validate(member) for member in staff]


@staff_router.patch("/{user_id}", response_model=StaffOut)
def change_role(user_id: PathId, body: RoleIn, db: SessionDep, user: CurrentStaff) -> StaffOut:
    """Give a staff member another role (owners only; a store keeps at least one owner)."""
    return StaffOut.model_validate(service.change_role(db, user, user_id, body.role))
