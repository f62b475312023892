"""Making a replay from Janus recordings (.mjr files as Janus's recorder writes them, holding
ffmpeg's VP8 and Opus): janus-pp-rec and ffmpeg give one H.264/AAC MP4 whose segments follow
each other, and the worker keeps the gap between them as missing minutes."""

from __future__ import annotations

import asyncio
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import run_in_transaction, transaction
from crosslive.events.models import ShowEvent
from crosslive.replays import service
from crosslive.replays.models import Replay, ReplayStatus
from crosslive.replays.worker import ReplayWorker
from crosslive.settings import Settings
from crosslive.shows.models import Show, ShowState
from tests.factories import make_shop
from tests.replays.mjr import record_segment

pytestmark = pytest.mark.skipif(
    subprocess.run(["which", "janus-pp-rec"], capture_output=True).returncode != 0,
    reason="janus-pp-rec (Debian janus-tools) is not installed",
)


def _probe(path: Path) -> list[str]:
    entries = "stream=codec_name:format=duration"
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", entries, "-of", "csv=p=0", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.split()


def test_two_recorded_segments_make_one_replay_with_the_gap_missing(
    settings: Settings, session_factory: sessionmaker[Session], owner: dict[str, str | int]
) -> None:
    shop = make_shop(session_factory)
    first = float(int(time.time()) - 120)
    rec_dir = settings.recordings_dir / str(shop.show_id)
    # The first publisher session; Janus restarted, a second one began 10 s later.
    with ThreadPoolExecutor(2) as pool:  # both at once: each takes its seconds of real time
        done = [
            pool.submit(record_segment, rec_dir, f"videoroom-{shop.show_id}-user-1-1", first),
            pool.submit(record_segment, rec_dir, f"videoroom-{shop.show_id}-user-2-2", first + 12),
        ]
        for job in done:
            job.result()
    (rec_dir / "videoroom-x-user-3-3-video-1.mjr").write_bytes(b"MJR00002")  # never written to
    started = datetime.fromtimestamp(first, UTC)
    with transaction(session_factory) as db:
        show = db.get(Show, shop.show_id)
        assert show is not None
        show.state, show.started_at = ShowState.ENDED, started
        show.ended_at = started + timedelta(seconds=30)

    async def unit(work):  # type: ignore[no-untyped-def]
        return await run_in_transaction(session_factory, work)

    worker = ReplayWorker(settings.model_copy(update={"replay_settle_seconds": 0}), unit)
    settings.replays_dir.mkdir(parents=True, exist_ok=True)
    assert asyncio.run(worker.run_once()) == 1

    with session_factory() as db:
        replay = db.scalar(select(Replay).where(Replay.show_id == shop.show_id))
        assert replay is not None
        assert replay.status is ReplayStatus.READY, replay.error
        assert replay.recorded_from == started
        assert [s["start"] for s in replay.segments] == [0.0, 12.0]
        # The gap between the segments, and the end of the show after the second.
        assert [[round(a), round(b)] for a, b in replay.missing] == [[2, 12], [14, 30]]
        kinds = db.scalars(select(ShowEvent.kind).where(ShowEvent.show_id == shop.show_id)).all()
        assert kinds == [service.READY]
    video = settings.replays_dir / replay.file_name
    codecs_and_length = _probe(video)
    assert codecs_and_length[:2] == ["h264", "aac"]
    assert abs(float(codecs_and_length[-1]) - replay.duration_s) < 0.2
    assert 3.8 < replay.duration_s < 4.4
    # faststart: the index (moov) comes before the media (mdat).
    head = video.read_bytes()[:4096]
    assert head.find(b"moov") != -1 and (
        head.find(b"mdat") == -1 or head.find(b"moov") < head.find(b"mdat")
    )
    assert not rec_dir.exists()  # the raw recording went once the replay was made
    # A second round finds nothing to do.
    assert asyncio.run(worker.run_once()) == 0


def test_a_show_recorded_without_any_media_fails_and_says_so(
    settings: Settings, session_factory: sessionmaker[Session], owner: dict[str, str | int]
) -> None:
    shop = make_shop(session_factory)
    rec_dir = settings.recordings_dir / str(shop.show_id)
    rec_dir.mkdir(parents=True)
    now = datetime.now(UTC)
    with transaction(session_factory) as db:
        show = db.get(Show, shop.show_id)
        assert show is not None
        show.state, show.started_at, show.ended_at = (
            ShowState.ENDED,
            now - timedelta(minutes=3),
            now,
        )

    async def unit(work):  # type: ignore[no-untyped-def]
        return await run_in_transaction(session_factory, work)

    worker = ReplayWorker(settings.model_copy(update={"replay_settle_seconds": 0}), unit)
    assert asyncio.run(worker.run_once()) == 1
    with session_factory() as db:
        replay = db.scalar(select(Replay).where(Replay.show_id == shop.show_id))
        assert replay is not None
        assert (replay.status, replay.error) == (ReplayStatus.FAILED, "nothing was recorded")
        assert replay.missing == [[0.0, 180.0]]
        with pytest.raises(service.NotFound):
            service.public_replay(db, shop.show_slug)
