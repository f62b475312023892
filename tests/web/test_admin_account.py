"""The admin's login form carries a CSRF token before any session exists; a login can sign
the account out elsewhere; the account page changes the password and signs out everywhere."""

from __future__ import annotations

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crosslive.auth.models import LoginSession, StaffUser
from tests.conftest import PASSWORD
from tests.factories import csrf_of, login_form, login_headers, page_login

EXPIRED = "the form expired; reload the page and try again"
NEW = "a brand new secret"


def _sessions(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(LoginSession)) or 0


def _me(client: TestClient, headers: dict[str, str]) -> int:
    status: int = client.get("/api/v1/auth/me", headers=headers).status_code
    return status


def test_the_login_page_sets_a_pre_login_cookie_and_signs_the_form_with_it(
    app_client: TestClient,
) -> None:
    page = app_client.get("/admin/login")
    cookie = page.headers["set-cookie"]
    assert cookie.startswith("crosslive_login=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/admin/login" in cookie
    assert len(csrf_of(page.text)) == 64
    # The same browser keeps its cookie, so the token stays the same across reloads.
    assert csrf_of(app_client.get("/admin/login").text) == csrf_of(page.text)


def test_a_login_without_the_forms_token_is_refused_and_logs_nobody_in(
    app_client: TestClient, owner: dict[str, str | int], db: Session
) -> None:
    email = str(owner["email"])
    form = login_form(app_client, email)
    missing = app_client.post("/admin/login", data={**form, "csrf_token": ""})
    forged = app_client.post("/admin/login", data={**form, "csrf_token": "0" * 64})
    for refused in (missing, forged):
        assert refused.status_code == 403
        assert EXPIRED in refused.text
    assert _sessions(db) == 0
    assert app_client.get("/admin", follow_redirects=False).status_code == 303
    # The refusal's page carries a token that works.
    retry = {**form, "csrf_token": csrf_of(forged.text)}
    assert app_client.post("/admin/login", data=retry, follow_redirects=False).status_code == 303


def test_a_token_from_another_browser_or_without_the_cookie_is_refused(
    app_client: TestClient, owner: dict[str, str | int], db: Session
) -> None:
    email = str(owner["email"])
    attacker = TestClient(app_client.app)
    planted = login_form(attacker, email)  # a token valid for the attacker's own cookie
    app_client.get("/admin/login")
    assert app_client.post("/admin/login", data=planted).status_code == 403
    app_client.cookies.clear()
    assert app_client.post("/admin/login", data=planted).status_code == 403
    assert _sessions(db) == 0


def test_the_login_form_can_sign_out_the_other_sessions(
    app_client: TestClient, owner: dict[str, str | int]
) -> None:
    email = str(owner["email"])
    api, other_api = login_headers(app_client, email), login_headers(app_client, email)
    app_client.post("/admin/login", data=login_form(app_client, email))
    assert [_me(app_client, h) for h in (api, other_api)] == [200, 200]
    fresh = TestClient(app_client.app)
    done = fresh.post("/admin/login", data=login_form(fresh, email, end_others="yes"))
    assert done.status_code == 200 and "Acme Outfitters" in done.text
    assert [_me(app_client, h) for h in (api, other_api)] == [401, 401]
    assert app_client.get("/admin", follow_redirects=False).status_code == 303
    assert fresh.get("/admin", follow_redirects=False).status_code == 200


def test_the_account_page_changes_the_password(
    app_client: TestClient, owner: dict[str, str | int], db: Session
) -> None:
    email = str(owner["email"])
    elsewhere = login_headers(app_client, email)
    csrf = page_login(app_client, email)
    assert 'href="/admin/account"' in app_client.get("/admin").text
    user = db.get(StaffUser, owner["user_id"])
    assert user is not None
    before = user.password_hash

    def change(current: str, new: str, confirm: str, token: str = csrf) -> httpx.Response:
        fields = {
            "csrf_token": token,
            "current_password": current,
            "new_password": new,
            "confirm_password": confirm,
        }
        return app_client.post("/admin/account/password", data=fields, follow_redirects=False)

    forged = change(PASSWORD, NEW, NEW, token="forged")
    wrong = change("not it", NEW, NEW)
    differ = change(PASSWORD, NEW, NEW + "!")
    assert forged.status_code == 403
    assert wrong.status_code == 403
    assert "your current password is wrong" in wrong.text
    assert differ.status_code == 422
    assert "the new password and its confirmation differ" in differ.text
    db.refresh(user)
    assert user.password_hash == before and _me(app_client, elsewhere) == 200

    done = change(PASSWORD, NEW, NEW)
    assert done.status_code == 303
    assert done.headers["location"] == "/admin/account?done=password"
    page = app_client.get(done.headers["location"])
    assert "Password changed. Your other sessions were signed out." in page.text
    assert _me(app_client, elsewhere) == 401
    login = {"email": email, "password": NEW}
    assert app_client.post("/api/v1/auth/login", json=login).status_code == 200


def test_sign_out_everywhere_from_the_account_page(
    app_client: TestClient, owner: dict[str, str | int], db: Session
) -> None:
    email = str(owner["email"])
    elsewhere = login_headers(app_client, email)
    csrf = page_login(app_client, email)
    forged = app_client.post("/admin/account/sign-out-everywhere", data={"csrf_token": "x"})
    assert forged.status_code == 403
    assert _sessions(db) == 2 and _me(app_client, elsewhere) == 200
    done = app_client.post(
        "/admin/account/sign-out-everywhere", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert (done.status_code, done.headers["location"]) == (303, "/admin/login")
    assert _sessions(db) == 0
    assert _me(app_client, elsewhere) == 401
    assert app_client.get("/admin", follow_redirects=False).status_code == 303
