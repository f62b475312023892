"""Janus and the RTMP ingests (with their ffmpeg) end when the app is killed outright."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crosslive.media.lab.netlab import NetLab
from crosslive.settings import Settings

# The app's side, in a process of its own: start the children the way the app does, print
# their pids, then wait to be killed.
PARENT = """
import asyncio, os, sys
from crosslive.media.publishers.rtmp_ingests import RtmpIngests
from crosslive.media.supervisor import JanusSupervisor
from crosslive.settings import Settings

async def main():
    settings = Settings(media_rtmp_ports="19391")
    async def ready(url):
        pass
    janus = JanusSupervisor(settings, ready)
    await janus.start()
    ingests = RtmpIngests(settings)
    ingest = ingests.open(7, "a-show", 3, "a-token")
    while descendants(os.getpid(), "ffmpeg") == []:
        await asyncio.sleep(0.05)
    print(janus.pid, ingest.process.pid, *descendants(os.getpid(), "ffmpeg"), flush=True)
    await asyncio.sleep(600)

def descendants(pid, name):
    found = []
    for child in open(f"/proc/{pid}/task/{pid}/children").read().split():
        if open(f"/proc/{child}/comm").read().strip() == name:
            found.append(int(child))
        found += descendants(int(child), name)
    return found

asyncio.run(main())
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(
    shutil.which("janus") is None or shutil.which("ffmpeg") is None,
    reason="Janus and ffmpeg are not installed",
)
def test_janus_and_rtmp_ingests_end_when_the_app_is_killed(
    netlab: NetLab, settings: Settings, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "CROSSLIVE_DATA_DIR": str(settings.data_dir),
        "CROSSLIVE_DATABASE_URL": settings.database_url,
        "CROSSLIVE_SECRET_KEY": "test-secret",
    }
    log = (tmp_path / "parent.log").open("wb")
    parent = subprocess.Popen(
        [*netlab.prefix(netlab.server_ns), sys.executable, "-c", PARENT],
        env=env,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    children: list[int] = []
    try:
        assert parent.stdout is not None
        line = parent.stdout.readline()
        assert line, (tmp_path / "parent.log").read_text()
        children = [int(pid) for pid in line.split()]
        janus, ingest, ffmpeg = children
        assert all(_alive(pid) for pid in (janus, ingest, ffmpeg))
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(_alive(p) for p in (janus, ingest, ffmpeg)):
            time.sleep(0.05)
        assert [p for p in (janus, ingest, ffmpeg) if _alive(p)] == []
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        for pid in filter(_alive, children):  # left behind: do not let them outlive the test
            os.kill(pid, signal.SIGKILL)
        log.close()
