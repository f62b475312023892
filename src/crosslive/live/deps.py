"""Dependencies of the live-room API: a staff member acting from the console."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from crosslive.auth import service as auth_service
from crosslive.auth.models import StaffUser
from crosslive.deps import SESSION_COOKIE, CurrentStaff

CSRF_HEADER = "X-CSRF-Token"


def staff_action(request: Request, user: CurrentStaff) -> StaffUser:
    """Bearer-token callers pass; cookie callers (the console) also send the CSRF header."""
    if request.headers.get("authorization", "").lower().startswith("bearer "):
        return user
    auth_service.check_csrf(
        request.app.state.settings.signing_key(),
        request.cookies.get(SESSION_COOKIE, ""),
        request.headers.get(CSRF_HEADER, ""),
    )
    return user


StaffAction = Annotated[StaffUser, Depends(staff_action)]
