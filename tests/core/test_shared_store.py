"""A module marked `shared_store` shares one store, and nothing a test leaves on the client
reaches the next one (tests/shared_store.py)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient

from crosslive.settings import Settings
from crosslive.state import state_of
from crosslive.viewers import VIEWER_HEADER
from tests.chat.factories import Room
from tests.shared_store import MARK, SharedStore, check_marks

pytestmark = pytest.mark.shared_store


def test_the_fixtures_hand_out_the_modules_store(
    _shared_store: SharedStore,
    settings: Settings,
    app_client: TestClient,
    owner: dict[str, str | int],
    room: Room,
    api_token: str,
) -> None:
    assert settings is _shared_store.settings
    assert app_client is _shared_store.client
    assert owner is _shared_store.made["owner"] and room is _shared_store.made["room"]
    assert api_token == _shared_store.made["api_token"]


@pytest.mark.parametrize("run", [1, 2])
def test_a_test_finds_no_cookie_header_or_count_an_earlier_one_left(
    app_client: TestClient, room: Room, run: int
) -> None:
    assert not app_client.cookies and VIEWER_HEADER not in app_client.headers
    assert "X-Left" not in app_client.headers
    cart = app_client.get(f"/api/v1/shows/{room.slug}/cart", params={"market": "US"})
    assert cart.status_code == 200, cart.text
    assert VIEWER_HEADER in app_client.headers  # the cart handed out a viewer token
    app_client.cookies.set("left", "behind")
    app_client.headers["X-Left"] = "behind"
    assert state_of(app_client.app).limiter.hit("left", 1, 3600)  # type: ignore[arg-type]


def test_a_module_half_marked_is_refused() -> None:
    module = SimpleNamespace(__name__="tests.half")

    def item(marked: bool) -> SimpleNamespace:
        mark = pytest.mark.shared_store.mark if marked else None
        return SimpleNamespace(module=module, get_closest_marker=lambda name: mark)

    check_marks([item(True), item(True)])  # type: ignore[list-item]
    with pytest.raises(pytest.UsageError, match=f"tests.half: mark the whole module {MARK}"):
        check_marks([item(True), item(False)])  # type: ignore[list-item]
