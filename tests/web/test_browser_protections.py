"""Every page carries a Content-Security-Policy that allows scripts from this site and the
inline scripts the pages carry (by hash: each one on a page must be in the policy), files
people uploaded are sandboxed, nothing is sniffed, and an https site gets HSTS and Secure
login cookies without being told twice."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from crosslive.app import create_app
from crosslive.db import transaction
from crosslive.settings import Settings
from crosslive.shows.models import Show, ShowState
from crosslive.state import state_of
from crosslive.web import live_room
from crosslive.web.headers import script_hash
from crosslive.web.pages import inline_scripts
from tests.chat.factories import Room
from tests.factories import login_form
from tests.web.policy import INLINE_SCRIPT, directives

SCRIPTS = inline_scripts()
SESSION = "crosslive_session="


def _expected_policy(connect: str) -> str:
    hashes = " ".join(sorted(script_hash(text) for text in SCRIPTS.values()))
    return (
        f"default-src 'self'; script-src 'self' {hashes}; style-src 'self'; "
        f"img-src 'self' https:; media-src 'self'; connect-src {connect}; "
        "worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'self'"
    )


def test_a_page_gets_the_whole_policy(app_client: TestClient) -> None:
    page = app_client.get("/admin/login")
    assert page.headers["content-security-policy"] == _expected_policy("'self' ws://testserver")
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "strict-transport-security" not in page.headers
    # The three inline scripts, and nothing else, are allowed by hash.
    assert len(directives(page)["script-src"].split()) == 1 + 3


def test_over_https_the_socket_address_is_wss(settings: Settings) -> None:
    app = create_app(settings)
    with TestClient(app, base_url="https://live.example.com") as client:
        page = client.get("/admin/login")
    state_of(app).engine.dispose()
    assert directives(page)["connect-src"] == "'self' wss://live.example.com"


def test_a_host_header_that_is_not_a_host_stays_out_of_the_policy(app_client: TestClient) -> None:
    page = app_client.get("/admin/login", headers={"Host": "x; script-src *"})
    assert directives(page)["connect-src"] == "'self'"
    assert (
        directives(page)["script-src"] == directives(app_client.get("/admin/login"))["script-src"]
    )


def test_every_inline_script_of_a_live_room_is_allowed_by_its_hash(
    app_client: TestClient,
    room: Room,
    session_factory: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with transaction(session_factory) as db:
        show = db.get(Show, room.show_id)
        assert show is not None
        show.state = ShowState.LIVE
    # As with live video on: the page pre-warms the join with two more inline scripts.
    monkeypatch.setattr(live_room, "media_of", lambda app: object())
    for url in (f"/live/{room.slug}?country=US", f"/embed/{room.slug}?country=US"):
        page = app_client.get(url)
        assert page.status_code == 200
        inline = INLINE_SCRIPT.findall(page.text)
        assert inline == [SCRIPTS["identity_js"], SCRIPTS["early_join_js"], SCRIPTS["join_now_js"]]
        allowed = directives(page)["script-src"].split()
        assert [script_hash(text) in allowed for text in inline] == [True, True, True]
        # The join's address travels in a meta tag, so the script itself never varies; it
        # carries the viewer's market and country for the video-quality insights.
        join = f'<meta name="crosslive-join" content="/api/v1/media/shows/{room.slug}/viewers'
        assert f'{join}?store=acme&amp;market=US&amp;country=US">' in page.text


def test_the_cart_page_carries_no_inline_script_but_the_identity(
    app_client: TestClient, room: Room
) -> None:
    page = app_client.get(f"/shows/{room.slug}/cart?market=US")
    assert page.status_code == 200
    assert INLINE_SCRIPT.findall(page.text) == [SCRIPTS["identity_js"]]
    assert script_hash(SCRIPTS["identity_js"]) in directives(page)["script-src"].split()
    assert '<script type="module" src="/static/shop/cart-page.js"></script>' in page.text


def test_an_uploaded_photo_is_sandboxed_and_not_sniffed(
    app_client: TestClient, settings: Settings
) -> None:
    (settings.media_dir / "photo.png").write_bytes(b"<html><script>alert(1)</script>")
    served = app_client.get("/media/photo.png")
    assert served.status_code == 200
    assert served.headers["content-security-policy"] == (
        "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    )
    assert served.headers["x-content-type-options"] == "nosniff"


def test_json_answers_are_not_sniffed_either(app_client: TestClient) -> None:
    assert app_client.get("/api/v1/health").headers["x-content-type-options"] == "nosniff"


@pytest.fixture
def https_client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings.model_copy(update={"base_url": "https://live.example.com/"}))
    with TestClient(app, base_url="https://live.example.com") as client:
        yield client
    state_of(app).engine.dispose()


def test_an_https_site_sends_hsts_and_secure_login_cookies(
    https_client: TestClient, owner: dict[str, str | int]
) -> None:
    page = https_client.get("/admin/login")
    assert page.headers["strict-transport-security"] == "max-age=31536000"
    login = https_client.post(
        "/admin/login", data=login_form(https_client, str(owner["email"])), follow_redirects=False
    )
    assert login.status_code == 303
    [session] = [c for c in login.headers.get_list("set-cookie") if c.startswith(SESSION)]
    assert "; Secure" in session
    assert login.headers["strict-transport-security"] == "max-age=31536000"


def test_an_http_site_sends_neither(app_client: TestClient, owner: dict[str, str | int]) -> None:
    login = app_client.post(
        "/admin/login", data=login_form(app_client, str(owner["email"])), follow_redirects=False
    )
    assert login.status_code == 303
    [session] = [c for c in login.headers.get_list("set-cookie") if c.startswith(SESSION)]
    assert "Secure" not in session
    assert "strict-transport-security" not in login.headers
