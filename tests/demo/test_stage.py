"""The demo's live show is played by a task the app owns: it runs while the app serves and
is cancelled and awaited when the app stops (what the stage plays: tests/demo/test_seed.py)."""

from __future__ import annotations

import asyncio

from crosslive.app import create_app
from crosslive.demo import stage, viewers_data
from crosslive.settings import Settings
from crosslive.translation.languages import SUPPORTED


def _stage_tasks() -> list[asyncio.Task[object]]:
    return [t for t in asyncio.all_tasks() if t.get_name() == "demo-stage"]


async def test_the_stage_runs_while_the_app_does_and_stops_with_it(settings: Settings) -> None:
    app = create_app(settings)
    async with stage.demo_stage(app):
        await asyncio.sleep(0)
        assert [task.done() for task in _stage_tasks()] == [False]
    assert _stage_tasks() == []


def test_the_script_gives_every_viewer_a_turn_between_the_hosts_pins_and_pushes() -> None:
    beats = list(zip(range(30), stage.script(), strict=False))
    spoken = {beat.viewer.name for _, beat in beats}
    assert spoken == {"Emma", "Lukas", "Yuki", "Camille", "Lucía", "Minji", "Wei"}
    assert [turn for turn, beat in beats if beat.push] == [0, 24]
    assert [turn for turn, beat in beats if beat.pin] == [5, 11, 17, 23, 29]
    languages = {beat.viewer.language for _, beat in beats}
    assert languages == {"en", "de", "ja", "fr", "es", "ko", "zh-Hans"}


def test_every_viewer_line_is_written_in_every_supported_language() -> None:
    for viewer in viewers_data.VIEWERS:
        for line in viewer.lines:
            assert set(line.text) == set(SUPPORTED), (viewer.name, viewer.original(line))
            assert all(text.strip() for text in line.text.values())
