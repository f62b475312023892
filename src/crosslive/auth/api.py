"""Log in for an API bearer token; see who you are; log out."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from crosslive.auth import service
from crosslive.auth.schemas import LoginIn, LoginOut, StaffOut
from crosslive.deps import CurrentStaff, SessionDep, SettingsDep, session_token

router = APIRouter(prefix="/auth", tags=["auth"])


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
