"""Trimming cuts the replay's video (stream copy from the keyframe at or before the asked
start, checked with ffprobe), moves chapters, cards, captions and the missing stretches to
the cut's timeline, keeps the uncut video so a later trim can widen it again, and refuses
a bad trim with a clear message, changing nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from crosslive.captions.models import CaptionLine
from crosslive.db import transaction
from crosslive.errors import InvalidInput
from crosslive.replays import service
from crosslive.replays.moments import PinSpan, chapters, holes, pin_spans
from crosslive.settings import Settings
from tests.factories import login_headers
from tests.replays.conftest import probe_duration
from tests.replays.factories import LIVE_AT, Replayed, ended_show_with_replay, replay_row


@pytest.fixture
def replayed(
    session_factory: sessionmaker[Session],
    settings: Settings,
    replay_video: Path,
    owner: dict[str, str | int],
) -> Replayed:
    return ended_show_with_replay(session_factory, video=(replay_video, settings.replays_dir))


def test_a_trim_cuts_the_video_and_moves_what_happened_with_it(
    session_factory: sessionmaker[Session], settings: Settings, replayed: Replayed
) -> None:
    folder = settings.replays_dir
    with transaction(session_factory) as db:
        # The recording: video 0-60 s is show 5-65 s, video 60-120 s is show 95-155 s.
        service.set_trim(db, replayed_row := replay_row(db, replayed), 15.0, 100.0, folder)
        assert (replayed_row.trim_in_s, replayed_row.trim_out_s) == (14.0, 100.0)  # keyframe
    with session_factory() as db:
        replay = replay_row(db, replayed)
        cut = folder / replay.file_name
        assert replay.source_name == "r.mp4" and cut.name != "r.mp4"
        assert probe_duration(cut) == pytest.approx(86.0, abs=0.1)
        assert probe_duration(folder / "r.mp4") == pytest.approx(120.0, abs=0.1)
        assert [c.at for c in chapters(db, replay)] == [0.0, 16.0, 56.0]
        assert pin_spans(db, replay) == [
            PinSpan(replayed.shirt_id, 0.0, 46.0),
            PinSpan(replayed.lamp_id, 56.0, None),
        ]
        # Only the hole inside the cut is left, where the cut jumps over it (60 s - 14 s).
        assert [(h.start, h.end, h.at) for h in holes(replay, LIVE_AT)] == [(65.0, 95.0, 46.0)]
        assert service.playable(replay) == {
            "start": 0.0,
            "end": 86.0,
            "length": 86.0,
            "missing": [("0:00", "0:05"), ("1:05", "1:35"), ("2:35", "2:40")],
        }

    # Trimming again starts from the uncut video: wider than the first cut, the end kept.
    with transaction(session_factory) as db:
        replay = replay_row(db, replayed)
        first_cut = replay.file_name
        service.set_trim(db, replay, 4.0, None, folder)
    with session_factory() as db:
        replay = replay_row(db, replayed)
        assert (replay.trim_in_s, replay.trim_out_s) == (4.0, None)
        assert probe_duration(folder / replay.file_name) == pytest.approx(116.0, abs=0.1)
        assert not (folder / first_cut).exists()  # the superseded cut is removed
        assert [(h.at) for h in holes(replay, LIVE_AT)] == [56.0, 116.0]
    # The whole video again: the uncut file plays, nothing is cut.
    with transaction(session_factory) as db:
        service.set_trim(db, replay_row(db, replayed), 0.0, None, folder)
    with session_factory() as db:
        replay = replay_row(db, replayed)
        assert (replay.file_name, replay.source_name, replay.trim_in_s) == ("r.mp4", "", 0.0)
        assert sorted(p.name for p in folder.glob("*.mp4")) == ["r.mp4"]


def test_the_captions_track_follows_the_cut(
    app_client: TestClient, session_factory: sessionmaker[Session], replayed: Replayed
) -> None:
    with transaction(session_factory) as db:
        db.add(
            CaptionLine(
                show_id=replayed.shop.show_id, start_ms=20_000, end_ms=23_000, lang="en", text="Hi"
            )
        )
    owner = login_headers(app_client, "owner@acme.test")
    url = f"/api/v1/shows/{replayed.shop.show_id}/replay"
    assert app_client.patch(url, json={"trim_in_s": 10}, headers=owner).status_code == 200
    slug = replayed.shop.show_slug
    track = app_client.get(f"/replay/{slug}/captions.vtt", params={"store": "acme"}).text
    # Said 15 s into the video; the cut starts at 10 s.
    assert track.splitlines()[2:4] == ["00:00:05.000 --> 00:00:08.000", "Hi"]
    moments = app_client.get(f"/api/v1/replays/{slug}", params={"store": "acme"}).json()
    assert (moments["start"], moments["end"]) == (0.0, 110.0)
    assert moments["missing"] == [
        {"start": "1:05", "end": "1:35", "at": 50.0},
        {"start": "2:35", "end": "2:40", "at": 110.0},
    ]
    video = app_client.get(moments["video"], headers={"Range": "bytes=0-99"})
    assert video.status_code == 206


@pytest.mark.parametrize(
    ("trim_in", "trim_out"),
    [(50.0, 40.0), (50.0, 50.5), (-1.0, None), (0.0, 500.0), (130.0, None)],
)
def test_a_bad_trim_is_refused_and_changes_nothing(
    session_factory: sessionmaker[Session],
    settings: Settings,
    replayed: Replayed,
    trim_in: float,
    trim_out: float | None,
) -> None:
    folder = settings.replays_dir
    with transaction(session_factory) as db:
        service.set_trim(db, replay_row(db, replayed), 16.0, 100.0, folder)
    before = sorted(p.name for p in folder.iterdir())
    refused = pytest.raises(InvalidInput, match="at least one second between 0 and 120")
    with transaction(session_factory) as db, refused:
        service.set_trim(db, replay_row(db, replayed), trim_in, trim_out, folder)
    with session_factory() as db:
        replay = replay_row(db, replayed)
        assert (replay.trim_in_s, replay.trim_out_s, replay.source_name) == (16.0, 100.0, "r.mp4")
    assert sorted(p.name for p in folder.iterdir()) == before
