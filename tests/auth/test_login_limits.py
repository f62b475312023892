"""Failed logins are limited per account and per address: counted before the password is
checked, in one atomic step; refused with the exact number of seconds to wait; a success does
not count. The limiter's clock is the test's."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crosslive.auth.models import LoginSession
from crosslive.auth.passwords import Passwords
from crosslive.ratelimit import RequestLimiter
from crosslive.settings import Settings
from crosslive.state import state_of
from tests.auth.test_passwords import GatedHasher
from tests.conftest import PASSWORD
from tests.factories import login_form

WRONG = {"detail": "wrong email or password"}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(app_client: TestClient) -> Clock:
    clock = Clock()
    state_of(app_client.app).limiter = RequestLimiter(clock=clock)
    return clock


@pytest.fixture
def checks(app_client: TestClient) -> GatedHasher:
    """Counts the password checks the app makes."""
    hasher = GatedHasher()
    hasher.gate.set()
    state_of(app_client.app).provide(Passwords, Passwords(2, hasher=hasher))
    return hasher


def _login(client: TestClient, email: object, password: str = PASSWORD) -> Any:
    return client.post("/api/v1/auth/login", json={"email": email, "password": password})


def _sessions(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(LoginSession)) or 0


def test_failures_for_an_account_are_limited_with_the_exact_wait(
    app_client: TestClient,
    owner: dict[str, str | int],
    settings: Settings,
    clock: Clock,
    checks: GatedHasher,
    db: Session,
) -> None:
    settings.login_failures_per_account = 3
    for _ in range(3):
        assert _login(app_client, owner["email"], "guess").json() == WRONG
        clock.now += 10
    # At 1030 s: the first failure (1000 s) leaves the 900 s window at 1900 s.
    refused = _login(app_client, owner["email"])
    assert refused.status_code == 429
    assert refused.json() == {
        "detail": "too many failed logins for this account; try again in 870 s"
    }
    assert refused.headers["Retry-After"] == "870"
    # Refused before any password check; even the right password opened no session.
    assert (checks.calls, _sessions(db)) == (3, 0)
    clock.now = 1899.5
    assert _login(app_client, owner["email"]).json() == {
        "detail": "too many failed logins for this account; try again in 1 s"
    }
    clock.now = 1900.0
    assert _login(app_client, owner["email"]).status_code == 200
    assert _sessions(db) == 1


def test_a_successful_login_does_not_count(
    app_client: TestClient, owner: dict[str, str | int], settings: Settings, clock: Clock
) -> None:
    settings.login_failures_per_account = 2
    email = owner["email"]
    statuses = [
        _login(app_client, email, "guess").status_code,
        *(_login(app_client, email).status_code for _ in range(5)),
        _login(app_client, email, "guess").status_code,
        _login(app_client, email).status_code,
    ]
    assert statuses == [401, 200, 200, 200, 200, 200, 401, 429]


def test_failures_from_an_address_are_limited_across_accounts(
    app_client: TestClient, owner: dict[str, str | int], settings: Settings, clock: Clock
) -> None:
    settings.login_failures_per_address = 3
    for name in ("ann", "bob", "cid"):  # no such accounts: they count the same
        assert _login(app_client, f"{name}@acme.test", "guess").json() == WRONG
    refused = _login(app_client, owner["email"])
    assert refused.status_code == 429
    assert refused.json() == {
        "detail": "too many failed logins from your address; try again in 900 s"
    }
    assert refused.headers["Retry-After"] == "900"
    # Another address is not affected.
    elsewhere = TestClient(app_client.app, client=("198.51.100.7", 50000))
    assert _login(elsewhere, owner["email"]).status_code == 200


def test_attempts_sent_at_once_never_pass_the_limit(
    app_client: TestClient, owner: dict[str, str | int], settings: Settings, checks: GatedHasher
) -> None:
    settings.login_failures_per_account = 3

    def attempt(n: int) -> int:
        status: int = _login(app_client, owner["email"], f"guess {n}").status_code
        return status

    with ThreadPoolExecutor(10) as pool:
        statuses = list(pool.map(attempt, range(20)))
    assert sorted(statuses) == [401] * 3 + [429] * 17
    assert checks.calls == 3


def test_the_admin_form_says_how_long_to_wait(
    app_client: TestClient, owner: dict[str, str | int], settings: Settings, clock: Clock
) -> None:
    settings.login_failures_per_account = 1
    email = str(owner["email"])
    failed = app_client.post("/admin/login", data=login_form(app_client, email, password="guess"))
    assert failed.status_code == 401 and "wrong email or password" in failed.text
    clock.now += 300
    refused = app_client.post("/admin/login", data=login_form(app_client, email))
    assert refused.status_code == 429
    assert "too many failed logins for this account; try again in 600 s" in refused.text
    assert refused.headers["Retry-After"] == "600"
    assert app_client.get("/admin", follow_redirects=False).status_code == 303  # not logged in


def test_a_wrong_current_password_counts_as_a_failed_login(
    app_client: TestClient,
    owner: dict[str, str | int],
    auth_headers: dict[str, str],
    settings: Settings,
    clock: Clock,
) -> None:
    settings.login_failures_per_account = 2
    change = {"current_password": "guess", "new_password": "a brand new secret"}
    for _ in range(2):
        wrong = app_client.post("/api/v1/auth/password", json=change, headers=auth_headers)
        assert wrong.json() == {"detail": "your current password is wrong"}
    right = {**change, "current_password": PASSWORD}
    refused = app_client.post("/api/v1/auth/password", json=right, headers=auth_headers)
    assert refused.status_code == 429
    assert refused.json() == {
        "detail": "too many failed logins for this account; try again in 900 s"
    }
    assert _login(app_client, owner["email"]).status_code == 429  # the same account count
