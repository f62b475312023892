from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crosslive.auth import service
from crosslive.auth.models import LoginSession, Role, StaffUser
from crosslive.auth.passwords import Passwords
from crosslive.errors import Conflict, InvalidInput, PermissionDenied
from tests.conftest import PASSWORD


def test_login_returns_token_that_identifies_the_user(
    app_client: TestClient, owner: dict[str, str | int]
) -> None:
    response = app_client.post(
        "/api/v1/auth/login", json={"email": "OWNER@acme.test ", "password": PASSWORD}
    )
    assert response.status_code == 200
    token = response.json()["token"]
    me = app_client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json() == {
        "id": owner["user_id"],
        "email": "owner@acme.test",
        "name": "Olive",
        "role": "owner",
        "seller_id": owner["seller_id"],
    }


def test_wrong_password_is_refused_and_creates_no_session(
    app_client: TestClient, owner: dict[str, str | int], db: Session
) -> None:
    response = app_client.post(
        "/api/v1/auth/login", json={"email": owner["email"], "password": "not the password"}
    )
    assert response.status_code == 401
    assert response.json() == {"detail": "wrong email or password"}
    assert db.scalar(select(func.count()).select_from(LoginSession)) == 0


def test_token_is_stored_hashed_and_logout_ends_it(
    app_client: TestClient, api_token: str, db: Session
) -> None:
    stored = db.scalars(select(LoginSession.token_sha256)).all()
    assert len(stored) == 1 and api_token not in stored[0]
    headers = {"Authorization": f"Bearer {api_token}"}
    assert app_client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    assert app_client.get("/api/v1/auth/me", headers=headers).status_code == 401


def test_me_without_token_is_401(app_client: TestClient) -> None:
    response = app_client.get("/api/v1/auth/me")
    assert response.status_code == 401
    assert response.json() == {"detail": "log in first"}


async def test_passwords_are_argon2_hashed(db: Session, owner: dict[str, str | int]) -> None:
    user = db.get(StaffUser, owner["user_id"])
    assert user is not None
    assert user.password_hash.startswith("$argon2id$")
    checks = Passwords(1)
    assert await checks.check(user.password_hash, PASSWORD) is True
    assert await checks.check(user.password_hash, PASSWORD + "!") is False
    assert await checks.check(None, PASSWORD) is False  # no such account
    assert await checks.check("not a hash", PASSWORD) is False


def test_staff_rules(db: Session) -> None:
    seller = service.create_seller(db, slug="shop", name="Shop")
    with pytest.raises(InvalidInput, match="at least 10"):
        service.create_staff(db, seller, email="a@b.co", name="A", password="short", role=Role.HOST)
    with pytest.raises(InvalidInput, match="not an email"):
        service.create_staff(db, seller, email="nope", name="A", password=PASSWORD, role=Role.HOST)
    host = service.create_staff(
        db, seller, email="a@b.co", name="A", password=PASSWORD, role=Role.HOST
    )
    with pytest.raises(Conflict):
        service.create_staff(
            db, seller, email="A@b.co", name="B", password=PASSWORD, role=Role.HOST
        )
    with pytest.raises(Conflict):
        service.create_seller(db, slug="shop", name="Again")
    with pytest.raises(PermissionDenied, match="owner role"):
        service.require_role(host, Role.OWNER)


def test_csrf_token_is_bound_to_the_session() -> None:
    token = service.csrf_token("key", "session-a")
    service.check_csrf("key", "session-a", token)
    with pytest.raises(PermissionDenied):
        service.check_csrf("key", "session-b", token)
