"""Media endpoints and rules that need no running Janus: publish tokens, refusals, media switched
off, viewer-session records and their store scoping, and the generated Janus config."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth import service as auth_service
from crosslive.auth.models import Role
from crosslive.db import transaction
from crosslive.errors import Conflict, NotAuthenticated
from crosslive.media import service
from crosslive.media.janus_config import write_config
from crosslive.media.models import ViewerSession
from crosslive.media.service import SessionFigures, ShowRef
from crosslive.media.tokens import authorize_publisher
from crosslive.settings import Settings
from crosslive.shows.models import Show, ShowHost, ShowState
from tests.conftest import PASSWORD
from tests.media.conftest import SHOW_SLUG, ShowGrant

OFFER = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"


def _login(client: TestClient, email: str) -> dict[str, str]:
    response = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def _staff(factory: sessionmaker[Session], store: str, email: str, role: Role) -> int:
    with transaction(factory) as db:
        seller = auth_service.find_seller(db, store) or auth_service.create_seller(
            db, slug=store, name=store
        )
        user = auth_service.create_staff(
            db, seller, email=email, name="Sam", password=PASSWORD, role=role
        )
        return user.id


def test_whip_checks_the_token_before_anything_and_media_off_is_503(
    app_client: TestClient, live_show: ShowGrant
) -> None:
    sdp = {"Content-Type": "application/sdp"}
    response = app_client.post(f"/whip/{SHOW_SLUG}", content=OFFER, headers=sdp)
    assert response.status_code == 401
    bearer = {**sdp, "Authorization": f"Bearer {live_show.token}"}
    response = app_client.post(f"/whip/{SHOW_SLUG}", content=OFFER, headers=bearer)
    assert response.status_code == 503
    assert response.json() == {"detail": "live video is turned off on this server"}
    response = app_client.post(f"/api/v1/media/shows/{SHOW_SLUG}/viewers")
    assert response.status_code == 503
    response = app_client.post("/api/v1/media/shows/no-such-show/viewers")
    assert response.status_code == 404


def test_publish_tokens_come_from_the_shows_api_for_hosts_of_the_show_and_owners(
    app_client: TestClient,
    live_show: ShowGrant,
    owner: dict[str, str | int],
    session_factory: sessionmaker[Session],
) -> None:
    # The media API no longer issues tokens of its own.
    old = f"/api/v1/media/shows/{live_show.show_id}/publish-token"
    assert app_client.post(old, headers=_login(app_client, str(owner["email"]))).status_code == 404
    url = f"/api/v1/shows/{SHOW_SLUG}/publish-token"
    response = app_client.post(url, headers=_login(app_client, str(owner["email"])))
    assert response.status_code == 201
    fresh = response.json()["token"]
    with transaction(session_factory) as db:
        grant = authorize_publisher(db, SHOW_SLUG, fresh)
        assert (grant.show_id, grant.user_id) == (live_show.show_id, live_show.user_id)
        # Issuing a new token revoked the fixture's one.
        with pytest.raises(NotAuthenticated):
            authorize_publisher(db, SHOW_SLUG, live_show.token)
    _staff(session_factory, "acme", "mod@acme.test", Role.MODERATOR)
    host_id = _staff(session_factory, "acme", "host@acme.test", Role.HOST)
    assert app_client.post(url, headers=_login(app_client, "mod@acme.test")).status_code == 403
    # A host not on this show's line-up may not publish until added to it.
    host = _login(app_client, "host@acme.test")
    assert app_client.post(url, headers=host).status_code == 403
    with transaction(session_factory) as db:
        db.add(ShowHost(show_id=live_show.show_id, user_id=host_id, is_lead=False))
    response = app_client.post(url, headers=host)
    assert response.status_code == 201
    with transaction(session_factory) as db:
        grant = authorize_publisher(db, SHOW_SLUG, response.json()["token"])
        assert (grant.show_id, grant.user_id) == (live_show.show_id, host_id)
    # Another store's owner sees no such show.
    _staff(session_factory, "globex", "owner@globex.test", Role.OWNER)
    other = _login(app_client, "owner@globex.test")
    assert app_client.post(url, headers=other).status_code == 404
    sessions = f"/api/v1/media/shows/{live_show.show_id}/viewer-sessions"
    assert app_client.get(sessions, headers=other).status_code == 404


def test_unknown_tokens_other_shows_and_ended_shows_are_refused(
    live_show: ShowGrant, session_factory: sessionmaker[Session]
) -> None:
    with transaction(session_factory) as db:
        for token in ("nonsense", live_show.token + "x"):
            with pytest.raises(NotAuthenticated) as refused:
                authorize_publisher(db, SHOW_SLUG, token)
            assert refused.value.message == "this publish token is not valid for this show"
        with pytest.raises(NotAuthenticated) as refused:
            authorize_publisher(db, "", "")
        assert refused.value.message == "send the show's publish token as a bearer token"
        with pytest.raises(NotAuthenticated):
            authorize_publisher(db, "another-show", live_show.token)
        show = db.get(Show, live_show.show_id)
        assert show is not None
        show.state = ShowState.ENDED
    with transaction(session_factory) as db, pytest.raises(Conflict) as ended:
        authorize_publisher(db, SHOW_SLUG, live_show.token)
    assert ended.value.message == "the show has ended; nothing more can be published"


def test_viewer_session_records_and_scoped_listing(
    app_client: TestClient,
    live_show: ShowGrant,
    owner: dict[str, str | int],
    session_factory: sessionmaker[Session],
) -> None:
    ref = ShowRef(show_id=live_show.show_id, seller_id=int(owner["seller_id"]))
    figures = SessionFigures(
        first_frame_ms=312,
        freezes=2,
        freeze_s=1.25,
        final_layer=0,
        layer_ups=1,
        layer_downs=2,
        avg_kbps=433.333,
        reports=9,
    )
    with transaction(session_factory) as db:
        service.start_viewer_session(db, ref, "viewer-a", layer=1, viewer_id="kim-123")
        service.record_viewer_figures(db, "viewer-a", figures, end_reason="left")
        service.record_viewer_figures(db, "unknown-viewer", figures, end_reason="left")
        assert db.scalar(select(func.count()).select_from(ViewerSession)) == 1
    response = app_client.get(
        f"/api/v1/media/shows/{live_show.show_id}/viewer-sessions",
        headers=_login(app_client, str(owner["email"])),
    )
    assert response.status_code == 200
    [row] = response.json()
    assert {k: v for k, v in row.items() if k != "id"} == {
        "viewer_id": "kim-123",
        "first_frame_ms": 312,
        "freezes": 2,
        "freeze_s": 1.25,
        "start_layer": 1,
        "final_layer": 0,
        "layer_ups": 1,
        "layer_downs": 2,
        "avg_kbps": 433.3,
        "reports": 9,
        "end_reason": "left",
    }


def test_find_watchable_show_needs_the_store_when_slugs_collide(
    live_show: ShowGrant, session_factory: sessionmaker[Session]
) -> None:
    with transaction(session_factory) as db:
        other = auth_service.create_seller(db, slug="globex", name="Globex")
        db.add(Show(seller_id=other.id, slug=SHOW_SLUG, title="x", scheduled_at=datetime.now(UTC)))
    with transaction(session_factory) as db:
        assert service.find_watchable_show(db, SHOW_SLUG, "acme").show_id == live_show.show_id
        try:
            service.find_watchable_show(db, SHOW_SLUG)
            raise AssertionError("ambiguous slug accepted")
        except Exception as exc:
            assert getattr(exc, "status_code", None) == 409


def test_janus_config_binds_loopback_turns_admin_off_and_maps_nat(settings: Settings) -> None:
    configured = settings.model_copy(
        update={
            "media_ice_interfaces": "eth1",
            "media_stun_server": "stun.example.net:3478",
            "media_turn_server": "turn.example.net:3478",
            "media_turn_user": "crosslive",
            "media_turn_password": 'pa"ss',
            "media_nat_1_1": "203.0.113.7",
        }
    )
    layout = write_config(configured, 18188, "the-api-secret")
    http = (layout.config_dir / "janus.transport.http.jcfg").read_text()
    assert 'ip = "127.0.0.1"' in http
    assert "port = 18188" in http
    assert "admin_http = false" in http
    main = layout.main_config.read_text()
    for line in (
        'ice_enforce_list = "eth1"',
        'stun_server = "stun.example.net"',
        "stun_port = 3478",
        'turn_server = "turn.example.net"',
        'turn_pwd = "pa\\"ss"',
        'nat_1_1_mapping = "203.0.113.7"',
        'api_secret = "the-api-secret"',
    ):
        assert line in main
    plugins = sorted(p.name for p in (layout.config_dir / "plugins").iterdir())
    transports = sorted(p.name for p in (layout.config_dir / "transports").iterdir())
    assert (plugins, transports) == (["libjanus_videoroom.so"], ["libjanus_http.so"])
    assert layout.base_url == "http://127.0.0.1:18188/janus"
