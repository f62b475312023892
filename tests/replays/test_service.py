"""Replays from the event log: chapters at each pin and credential push, the products pinned
at each moment, missing minutes, the trim, and who may change a replay."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth.models import Role, StaffUser
from crosslive.errors import NotFound, PermissionDenied
from crosslive.events.models import ShowEvent
from crosslive.replays import service
from crosslive.replays.models import ReplayVisibility
from crosslive.replays.moments import Chapter, PinSpan, chapters, pin_spans
from crosslive.settings import Settings
from tests.factories import add_staff, login_headers, other_store
from tests.replays.factories import Replayed, ended_show_with_replay, replay_row


@pytest.fixture
def replayed(
    session_factory: sessionmaker[Session],
    owner: dict[str, str | int],
    settings: Settings,
    replay_video: Path,
) -> Replayed:
    email = add_staff(session_factory, int(owner["seller_id"]), "host@acme.test")
    with session_factory() as db:
        host = db.scalar(select(StaffUser).where(StaffUser.email == email))
        assert host is not None
    video = (replay_video, settings.replays_dir)
    return ended_show_with_replay(session_factory, host_user_id=host.id, video=video)


def test_chapters_and_pins_sit_on_the_recordings_timeline(
    session_factory: sessionmaker[Session], replayed: Replayed
) -> None:
    with session_factory() as db:
        replay = replay_row(db, replayed)
        assert chapters(db, replay) == [
            Chapter(10.0, "product", replayed.shirt_id, "Linen Shirt"),
            Chapter(30.0, "credential", replayed.credential_id, "OEKO-TEX 100"),
            Chapter(70.0, "product", replayed.lamp_id, "Lamp"),
        ]
        # Unpinned while nothing recorded: the shirt's card goes where recording resumed.
        assert pin_spans(db, replay) == [
            PinSpan(replayed.shirt_id, 10.0, 60.0),
            PinSpan(replayed.lamp_id, 70.0, None),
        ]
        assert replay.duration_s == 120.0
        assert replay.missing == [[0.0, 5.0], [65.0, 95.0], [155.0, 160.0]]
        assert service.playable(replay)["missing"] == [
            ("0:00", "0:05"),
            ("1:05", "1:35"),
            ("2:35", "2:40"),
        ]
        ready = db.scalars(
            select(ShowEvent.payload).where(
                ShowEvent.show_id == replay.show_id, ShowEvent.kind == service.READY
            )
        ).all()
        assert ready == [{"replay_id": replay.id, "duration_s": 120.0}]


def _user(db: Session, email: str) -> StaffUser:
    user = db.scalar(select(StaffUser).where(StaffUser.email == email))
    assert user is not None
    return user


def test_only_the_shows_hosts_and_the_owner_change_a_replay(
    session_factory: sessionmaker[Session], owner: dict[str, str | int], replayed: Replayed
) -> None:
    seller_id = int(owner["seller_id"])
    add_staff(session_factory, seller_id, "other-host@acme.test", name="Otto")
    add_staff(session_factory, seller_id, "mod@acme.test", Role.MODERATOR, name="Mia")
    rival = other_store(session_factory)
    slug = replayed.shop.show_slug
    with session_factory() as db:
        for email in ("owner@acme.test", "host@acme.test"):
            assert service.staff_replay(db, _user(db, email), slug)[1].id == replayed.replay_id
        for email in ("other-host@acme.test", "mod@acme.test"):
            with pytest.raises(PermissionDenied):
                service.staff_replay(db, _user(db, email), slug)
        with pytest.raises(NotFound):
            service.staff_replay(db, _user(db, str(rival["email"])), replayed.shop.show_id)


def test_unlist_and_delete_through_the_api(
    app_client: TestClient,
    session_factory: sessionmaker[Session],
    replayed: Replayed,
    settings: Settings,
) -> None:
    owner = login_headers(app_client, "owner@acme.test")
    url = f"/api/v1/shows/{replayed.shop.show_id}/replay"
    add_staff(session_factory, replayed.shop.seller_id, "mod@acme.test", Role.MODERATOR)
    moderator = login_headers(app_client, "mod@acme.test")
    assert app_client.patch(url, json={"listed": False}, headers=moderator).status_code == 403
    assert app_client.delete(url, headers=moderator).status_code == 403
    public = f"/api/v1/replays/{replayed.shop.show_slug}"
    assert app_client.get(public).status_code == 200

    changed = app_client.patch(url, json={"listed": False, "trim_in_s": 4}, headers=owner)
    assert changed.status_code == 200, changed.text
    assert (changed.json()["visibility"], changed.json()["trim_in_s"]) == ("unlisted", 4.0)
    moments = app_client.get(public).json()  # unlisted: still plays from its link
    assert [c["at"] for c in moments["chapters"]] == [6.0, 26.0, 66.0]
    with session_factory() as db:
        replay = replay_row(db, replayed)
        files = [settings.replays_dir / replay.file_name, settings.replays_dir / replay.source_name]
    assert all(f.is_file() for f in files)  # the cut video and the uncut one

    assert app_client.delete(url, headers=owner).status_code == 204
    assert app_client.get(public).status_code == 404
    assert app_client.get(f"/replay/{replayed.shop.show_slug}/video").status_code == 404
    with session_factory() as db:
        assert replay_row(db, replayed).visibility is ReplayVisibility.DELETED
    assert not any(f.exists() for f in files)  # both videos gone for good
