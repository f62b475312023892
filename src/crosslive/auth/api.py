"""Log in for an API bearer token; see who you are; log out, here or everywhere; change your
password. Owners list their staff and change their roles."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from crosslive.auth import logins, service
from crosslive.auth.deps import CurrentStaff, StaffOffLoop, session_token
from crosslive.auth.models import Role
from crosslive.auth.schemas import LoginIn, LoginOut, PasswordChangeIn, RoleIn, StaffOut
from crosslive.deps import SessionDep, client_ip
from crosslive.ids import PathId
from crosslive.state import state_of

router = APIRouter(prefix="/auth", tags=["auth"])
staff_router = APIRouter(prefix="/staff", tags=["auth"])


@router.post("/login", response_model=LoginOut)
async def login(body: LoginIn, request: Request) -> LoginOut:
    """A session token for the account. Failed attempts are limited per address and per
    account (429 with Retry-After); `end_other_sessions` signs the account out elsewhere."""
    user, token = await logins.log_in(
        state_of(request.app),
        body.email,
        body.password,
        client_ip(request),
        end_others=body.end_other_sessions,
    )
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


@router.post("/logout-everywhere", status_code=204)
def logout_everywhere(db: SessionDep, user: CurrentStaff) -> Response:
    """End every session of your account, this one included."""
    service.end_all_sessions(db, user.id)
    return Response(status_code=204)


@router.post("/password", status_code=204)
async def change_password(body: PasswordChangeIn, request: Request, user: StaffOffLoop) -> Response:
    """Change your password (the current one is needed); your other sessions end."""
    await logins.change_password(
        state_of(request.app),
        user.id,
        body.current_password,
        body.new_password,
        client_ip(request),
        keep_token=session_token(request) or "",
    )
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
