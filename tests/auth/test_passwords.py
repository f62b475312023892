"""Password checks run off the event loop, at most PASSWORD_HASH_CONCURRENCY at once, and
both logins (the API's and the admin form's) go through the app's one cap."""

from __future__ import annotations

import asyncio
import threading

from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from crosslive.auth.models import StaffUser
from crosslive.auth.passwords import Passwords
from crosslive.settings import Settings
from crosslive.state import state_of
from tests.conftest import PASSWORD
from tests.factories import login_form


class GatedHasher(PasswordHasher):
    """Every check waits until the test opens the gate; counts how many run at once."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.gate = threading.Event()
        self._lock = threading.Lock()
        self.active = 0
        self.peak = 0
        self.calls = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        with self._lock:
            self.calls += 1
            self.active += 1
            self.peak = max(self.peak, self.active)
        try:
            if not self.gate.wait(timeout=30):
                raise RuntimeError("the test never opened the gate")
            return super().verify(hash, password)
        finally:
            with self._lock:
                self.active -= 1


async def _until(condition: object, what: str) -> None:
    for _ in range(1000):
        if condition():  # type: ignore[operator]
            return
        await asyncio.sleep(0.005)
    raise AssertionError(f"never reached: {what}")


async def test_no_more_checks_run_at_once_than_the_cap_and_the_loop_stays_free() -> None:
    hasher = GatedHasher()
    stored = hasher.hash(PASSWORD)
    passwords = Passwords(2, hasher=hasher)
    guesses = [PASSWORD if n % 2 == 0 else f"wrong {n}" for n in range(8)]
    checks = [asyncio.create_task(passwords.check(stored, guess)) for guess in guesses]
    await _until(lambda: hasher.active >= 2, "two checks running")
    # The event loop is free while they run (this coroutine keeps running), and however
    # often it turns, the other six stay waiting for a slot, holding no thread.
    for _ in range(20):
        await asyncio.sleep(0.005)
    assert (hasher.active, passwords.running, passwords.waiting) == (2, 2, 6)
    hasher.gate.set()
    assert await asyncio.gather(*checks) == [True, False] * 4
    assert (hasher.peak, hasher.calls, passwords.running, passwords.waiting) == (2, 8, 0, 0)


def test_the_app_caps_checks_by_the_setting_and_both_logins_go_through_the_cap(
    app_client: TestClient, owner: dict[str, str | int], settings: Settings
) -> None:
    state = state_of(app_client.app)
    assert state.get(Passwords).capacity == settings.password_hash_concurrency == 2
    hasher = GatedHasher()
    hasher.gate.set()
    state.provide(Passwords, Passwords(1, hasher=hasher))
    email = str(owner["email"])
    api = app_client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert api.status_code == 200
    form = app_client.post("/admin/login", data=login_form(app_client, email))
    assert form.status_code == 200 and "Acme Outfitters" in form.text
    assert hasher.calls == 2


def test_a_hash_made_with_weaker_parameters_is_replaced_at_login(
    app_client: TestClient, owner: dict[str, str | int], db: Session
) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=512, parallelism=1).hash(PASSWORD)
    user = db.get(StaffUser, owner["user_id"])
    assert user is not None
    user.password_hash = weak
    db.commit()
    login = {"email": owner["email"], "password": PASSWORD}
    assert app_client.post("/api/v1/auth/login", json=login).status_code == 200
    db.refresh(user)
    assert user.password_hash != weak and "m=1024" in user.password_hash
    assert app_client.post("/api/v1/auth/login", json=login).status_code == 200
