"""The run's demo is seeded once: the first process that asks seeds it under a file lock, the
others read its record (what the command printed, when it started); a failed seeding leaves
no record, and without the run's folder nothing is kept. A stand-in seeding writes a file
here: the real one is what the `seeded` tests check."""

from __future__ import annotations

import fcntl
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from .seeding import Seeding, kept_seeding

STARTED = datetime(2025, 3, 1, 9, 30, 15, 123456, tzinfo=UTC)


class StandIn:
    """Seeds by writing one file; counts its calls; may hold inside until released."""

    def __init__(self, *, hold: bool = False, fail: bool = False) -> None:
        self.calls = 0
        self.fail = fail
        self.inside = threading.Event()
        self.release = threading.Event()
        if not hold:
            self.release.set()

    def __call__(self, data_dir: Path, url: str) -> Seeding:
        self.calls += 1
        data_dir.mkdir(parents=True)
        (data_dir / "seeded.txt").write_text(url)
        self.inside.set()
        self.release.wait(60)
        if self.fail:
            raise RuntimeError("the seeding broke")
        return Seeding(data_dir, url, "  owner owner@x.example password: p\n", STARTED)


def test_the_first_asker_seeds_under_the_lock_and_the_next_reads_the_record(
    tmp_path: Path,
) -> None:
    make = StandIn(hold=True)
    first: list[Seeding | None] = []
    seeding = threading.Thread(
        target=lambda: first.append(kept_seeding(make, folder=str(tmp_path)))
    )
    seeding.start()
    try:
        assert make.inside.wait(60)
        lock_file = tmp_path / "sqlite" / "seeding.lock"
        with lock_file.open("w") as lock, pytest.raises(BlockingIOError):
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert not (tmp_path / "sqlite" / "seeding.json").exists()
    finally:
        make.release.set()
        seeding.join(60)
    second = kept_seeding(StandIn(), folder=str(tmp_path))

    data_dir = tmp_path / "sqlite" / "data"
    url = f"sqlite:///{data_dir / 'crosslive.db'}"
    expected = Seeding(data_dir, url, "  owner owner@x.example password: p\n", STARTED)
    assert (first, second, make.calls) == ([expected], expected, 1)
    assert (data_dir / "seeded.txt").read_text() == url


def test_a_failed_seeding_leaves_no_record_and_the_next_asker_seeds_afresh(
    tmp_path: Path,
) -> None:
    with pytest.raises(RuntimeError, match="the seeding broke"):
        kept_seeding(StandIn(fail=True), folder=str(tmp_path))
    assert not (tmp_path / "sqlite" / "seeding.json").exists()

    again = StandIn()
    made = kept_seeding(again, folder=str(tmp_path))
    assert again.calls == 1  # the half-made folder was cleared first, or mkdir would refuse
    assert made is not None and made.started == STARTED
    assert kept_seeding(StandIn(), folder=str(tmp_path)) == made


def test_without_the_runs_folder_nothing_is_seeded_or_kept(tmp_path: Path) -> None:
    make = StandIn()
    assert kept_seeding(make, folder="") is None
    assert make.calls == 0
