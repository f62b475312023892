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
