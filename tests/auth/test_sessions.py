"""Ending sessions through the API: at login (`end_other_sessions`), by changing the
password (the current one is needed; this session stays) and by signing out everywhere."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from crosslive.auth.models import StaffUser
from tests.conftest import PASSWORD
from tests.factories import login_form, login_headers, other_store

NEW = "a brand new secret"


def _me(client: TestClient, headers: dict[str, str]) -> int:
    status: int = client.get("/api/v1/auth/me", headers=headers).status_code
    return status


def _login(client: TestClient, email: object, password: str = PASSWORD, **extra: Any) -> Any:
    return client.post("/api/v1/auth/login", json={"email": email, "password": password, **extra})


def _bearer(response: Any) -> dict[str, str]:
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def test_a_login_can_end_the_accounts_other_sessions(
    app_client: TestClient, owner: dict[str, str | int], session_factory: Any
) -> None:
    email = str(owner["email"])
    laptop, phone = login_headers(app_client, email), login_headers(app_client, email)
    rival = login_headers(app_client, str(other_store(session_factory)["email"]))
    kept = _bearer(_login(app_client, email))
    assert [_me(app_client, h) for h in (laptop, phone, kept)] == [200, 200, 200]
    fresh = _bearer(_login(app_client, email, end_other_sessions=True))
    assert [_me(app_client, h) for h in (laptop, phone, kept, fresh)] == [401, 401, 401, 200]
    assert _me(app_client, rival) == 200  # another account's session is untouched


def test_sign_out_everywhere_ends_every_session_of_the_account(
    app_client: TestClient, owner: dict[str, str | int], session_factory: Any
) -> None:
    email = str(owner["email"])
    laptop, phone = login_headers(app_client, email), login_headers(app_client, email)
    rival = login_headers(app_client, str(other_store(session_factory)["email"]))
    done = app_client.post("/api/v1/auth/logout-everywhere", headers=laptop)
    assert done.status_code == 204
    assert [_me(app_client, h) for h in (laptop, phone, rival)] == [401, 401, 200]


def test_a_password_change_needs_the_current_one_and_ends_the_other_sessions(
    app_client: TestClient, owner: dict[str, str | int], db: Session
) -> None:
    email = str(owner["email"])
    here, elsewhere = login_headers(app_client, email), login_headers(app_client, email)
    user = db.get(StaffUser, owner["user_id"])
    assert user is not None
    before = user.password_hash

    def change(current: str, new: str) -> Any:
        body = {"current_password": current, "new_password": new}
        return app_client.post("/api/v1/auth/password", json=body, headers=here)

    wrong = change("not it", NEW)
    short = change(PASSWORD, "short")
    assert (wrong.status_code, wrong.json()) == (403, {"detail": "your current password is wrong"})
    assert short.status_code == 422
    assert short.json() == {"detail": "password must be at least 10 characters"}
    db.refresh(user)
    assert user.password_hash == before  # nothing changed
    assert [_me(app_client, h) for h in (here, elsewhere)] == [200, 200]

    assert change(PASSWORD, NEW).status_code == 204
    assert [_me(app_client, h) for h in (here, elsewhere)] == [200, 401]
    assert _login(app_client, email).status_code == 401
    assert _login(app_client, email, NEW).status_code == 200


def test_a_password_change_by_cookie_needs_the_csrf_header(
    app_client: TestClient, owner: dict[str, str | int], db: Session
) -> None:
    app_client.post("/admin/login", data=login_form(app_client, str(owner["email"])))
    body = {"current_password": PASSWORD, "new_password": NEW}
    refused = app_client.post("/api/v1/auth/password", json=body)
    assert refused.status_code == 403
    assert refused.json() == {"detail": "the form expired; reload the page and try again"}
    assert _login(app_client, owner["email"]).status_code == 200  # the password is unchanged
