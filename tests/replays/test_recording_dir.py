"""A show's room records into its own folder; when the folder cannot be made (a full or
read-only disk) the room opens without recording instead of failing the show."""

from __future__ import annotations

from pathlib import Path

from crosslive.media.videoroom import recording_dir, room_create
from crosslive.settings import Settings


def test_the_room_records_into_the_shows_folder(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, secret_key="k")
    folder = recording_dir(settings, 7)
    assert folder == str((tmp_path / "recordings" / "7").resolve())
    body = room_create(7, "secret", "show 7", folder)
    assert (body["record"], body["rec_dir"], body["room"]) == (True, folder, 7)


def test_no_folder_or_replays_off_opens_the_room_unrecorded(tmp_path: Path) -> None:
    (tmp_path / "recordings").write_text("a file where the folder should be")
    assert recording_dir(Settings(data_dir=tmp_path, secret_key="k"), 7) is None
    off = Settings(data_dir=tmp_path / "other", secret_key="k", replays_enabled=False)
    assert recording_dir(off, 7) is None
    assert "record" not in room_create(7, "secret", "show 7", None)
