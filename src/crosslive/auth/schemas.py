"""Auth API shapes."""

from __future__ import annotations

from pydantic import BaseModel, Field

from crosslive.auth.models import Role


class LoginIn(BaseModel):
    email: str = Field(max_length=254)
    password: str = Field(max_length=1024)
    end_other_sessions: bool = False  # sign the account out everywhere else


class PasswordChangeIn(BaseModel):
    current_password: str = Field(max_length=1024)
    new_password: str = Field(max_length=1024)


class StaffOut(BaseModel):
    id: int
    email: str
    name: str
    role: Role
    seller_id: int

    model_config = {"from_attributes": True}


class LoginOut(BaseModel):
    token: str
    staff: StaffOut


class RoleIn(BaseModel):
    role: Role
