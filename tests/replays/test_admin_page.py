"""The admin Replays page: the store's replays with the embed snippet, and the trim, unlist
and delete forms (a bad trim is a clear error and changes nothing)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from crosslive.replays.models import ReplayVisibility
from crosslive.settings import Settings
from tests.factories import page_login
from tests.replays.factories import ended_show_with_replay, replay_row


def test_the_owner_trims_and_unlists_from_the_admin_page(
    app_client: TestClient,
    session_factory: sessionmaker[Session],
    owner: dict[str, str | int],
    settings: Settings,
    replay_video: Path,
) -> None:
    replayed = ended_show_with_replay(session_factory, video=(replay_video, settings.replays_dir))
    csrf = page_login(app_client, "owner@acme.test")
    page = app_client.get("/admin/replays")
    assert page.status_code == 200
    assert "/embed/replay/spring-drop?store=acme" in page.text
    assert "1:05\u20131:35" in page.text  # the stretch nothing recorded (en dash)

    url = f"/admin/replays/{replayed.shop.show_id}"
    bad = app_client.post(
        url, data={"csrf_token": csrf, "action": "trim", "trim_in": "10", "trim_out": "5"}
    )
    assert bad.status_code == 422
    assert "at least one second between 0 and 120" in bad.text
    done = app_client.post(
        url, data={"csrf_token": csrf, "action": "trim", "trim_in": "0:15", "trim_out": "100"}
    )
    assert done.status_code == 200 and "Trim saved." in done.text
    unlisted = app_client.post(url, data={"csrf_token": csrf, "action": "unlisted"})
    assert unlisted.status_code == 200
    with session_factory() as db:
        replay = replay_row(db, replayed)
        assert (replay.trim_in_s, replay.trim_out_s) == (14.0, 100.0)  # from the keyframe
        assert replay.visibility is ReplayVisibility.UNLISTED


def test_the_embedded_replay_may_be_framed_by_the_stores_sites_only(
    app_client: TestClient, session_factory: sessionmaker[Session], owner: dict[str, str | int]
) -> None:
    ended_show_with_replay(session_factory)
    page = app_client.get("/embed/replay/spring-drop?store=acme&country=US")
    assert page.status_code == 200
    assert "frame-ancestors 'self'" in page.headers["content-security-policy"]
    assert 'class="chapter-title">Linen Shirt<' in page.text
