"""The gateway runs a real Janus and starts a new one (with a new session) when it dies."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy.orm import Session, sessionmaker

from crosslive.media.gateway import MediaGateway
from crosslive.settings import Settings


@pytest.mark.skipif(shutil.which("janus") is None, reason="Janus is not installed")
def test_janus_restarts_after_it_dies_and_the_gateway_reconnects(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    # On its own thread: a browser test's Playwright may already run a loop on this one.
    with ThreadPoolExecutor(1) as pool:
        gateway = pool.submit(asyncio.run, _restart_scenario(settings, session_factory)).result()
    assert gateway.supervisor.process is not None
    assert gateway.supervisor.process.returncode is not None


async def _restart_scenario(
    settings: Settings, session_factory: sessionmaker[Session]
) -> MediaGateway:
    gateway = MediaGateway(settings.model_copy(update={"media_enabled": True}), session_factory)
    await gateway.start()
    try:
        assert gateway.generation == 1
        first_pid = gateway.supervisor.pid
        assert first_pid is not None
        info = await gateway.janus().info()
        assert info["version_string"] == "1.1.2"
        assert sorted(info["plugins"]) == ["janus.plugin.videoroom"]
        await gateway.ensure_room(77)
        os.kill(first_pid, signal.SIGKILL)
        for _ in range(200):
            if gateway.generation == 2:
                break
            await asyncio.sleep(0.05)
        assert gateway.generation == 2
        assert gateway.supervisor.restarts == 1
        assert gateway.supervisor.pid not in (None, first_pid)
        assert gateway.rooms == set()  # forgotten; made again on the next publish
        await gateway.ensure_room(77)
        assert gateway.rooms == {77}
    finally:
        await gateway.stop()
    return gateway


@pytest.mark.skipif(shutil.which("janus") is None, reason="Janus is not installed")
def test_a_reaper_round_while_the_new_janus_starts_leaves_the_rebuild_and_the_news_to_it(
    settings: Settings, session_factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The old session is lost before the new Janus answers (a slow start): the reaper must
    not rebuild on the old layout (its API secret is gone), and the show must still hear of
    the restart once the new Janus is there."""
    with ThreadPoolExecutor(1) as pool:
        announced = pool.submit(
            asyncio.run, _slow_start_scenario(settings, session_factory, monkeypatch)
        ).result()
    assert announced == [({77}, 2)]


async def _slow_start_scenario(
    settings: Settings, session_factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> list[tuple[set[int], int]]:
    announced: list[tuple[set[int], int]] = []

    async def on_restart(shows: set[int], generation: int) -> None:
        announced.append((shows, generation))

    enabled = settings.model_copy(update={"media_enabled": True})
    gateway = MediaGateway(enabled, session_factory, on_restart=on_restart)
    await gateway.start()
    try:
        await gateway.ensure_room(77)
        supervisor, client = gateway.supervisor, gateway.janus()
        answered = asyncio.Event()
        first_wait = supervisor._wait_ready

        async def slow_wait_ready() -> None:
            await answered.wait()  # the new Janus runs, but is not taken as ready yet
            await first_wait()

        monkeypatch.setattr(supervisor, "_wait_ready", slow_wait_ready)
        assert supervisor.pid is not None
        os.kill(supervisor.pid, signal.SIGKILL)
        for _ in range(200):
            if client.lost.is_set():
                break
            await asyncio.sleep(0.05)
        assert client.lost.is_set()
        for _ in range(3):  # the reaper's rounds meanwhile
            await gateway.reap_once()
            await asyncio.sleep(0.2)
        assert gateway.generation == 1
        answered.set()
        for _ in range(200):
            if gateway.generation == 2 and announced:
                break
            await asyncio.sleep(0.05)
        assert gateway.generation == 2
        await gateway.ensure_room(77)  # the new session works
    finally:
        await gateway.stop()
    return announced
