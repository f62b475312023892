"""Janus locked down: files holding secrets are owner-only from the moment they exist, Janus
itself refuses API requests without the secret made for its start and room changes without
the room's secret, and the gateway, which has both, still does its work."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.orm import Session, sessionmaker

from crosslive.media.gateway import MediaGateway
from crosslive.media.janus_config import write_config
from crosslive.media.lab.netlab import NetLab
from crosslive.media.lab.nsexec import run_in_netns
from crosslive.media.tokens import PublishGrant
from crosslive.settings import Settings

SECRET_FILES = ("janus/janus.jcfg", "janus/dtls/dtls-key.pem", "secret_key")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def no_umask() -> Iterator[None]:
    """Umask 0: a file made with the usual 0666 stays 0666, so an owner-only mode can only
    come from the code asking for it."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def test_files_holding_secrets_are_made_owner_only_never_tightened_later(
    tmp_path: Path, no_umask: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_chmod(*args: object, **kwargs: object) -> None:
        raise AssertionError("a mode changed after the file was made")

    for owner, name in ((os, "chmod"), (os, "fchmod"), (Path, "chmod")):
        monkeypatch.setattr(owner, name, no_chmod)
    settings = Settings(data_dir=tmp_path, secret_key="")
    stale = tmp_path / "janus" / "janus.jcfg"
    stale.parent.mkdir()
    stale.write_text('general: { api_secret = "an old one" }\n')  # 0666, from an older version

    layout = write_config(settings, 18188, "the-api-secret")
    key = settings.signing_key()

    assert {name: _mode(tmp_path / name) for name in SECRET_FILES} == {
        name: 0o600 for name in SECRET_FILES
    }
    assert 'api_secret = "the-api-secret"' in layout.main_config.read_text()
    # Files without secrets are made as usual (so the umask really is 0 here).
    assert _mode(layout.config_dir / "janus.transport.http.jcfg") == 0o666
    assert _mode(layout.config_dir / "dtls" / "dtls-cert.pem") == 0o666
    # Nothing half-made is left behind, and the key is kept, not made again.
    leftovers = [p.name for p in tmp_path.rglob("*.tmp")]
    assert leftovers == []
    assert Settings(data_dir=tmp_path, secret_key="").signing_key() == key
    assert len(key) == 64


# An open that creates a file, or a change of mode, as strace prints them.
CREATE = re.compile(r'(?:open|openat|creat)\((?:AT_FDCWD, )?"([^"]+)", ([^,)]+)(?:, (0\d+))?')
CHMOD = re.compile(r"\b(?:chmod|fchmod|fchmodat2?)\(")
TEMP_NAME = re.compile(r"\.(.+)\.[0-9a-f]{12}\.tmp")
WRITER = """
from pathlib import Path
from crosslive.media.janus_config import write_config
from crosslive.settings import Settings
settings = Settings(data_dir=Path({folder!r}), secret_key="", media_turn_password="turn-pw")
write_config(settings, 18188, "the-api-secret")
write_config(settings, 18188, "the-next-api-secret")  # the next start of Janus
settings.signing_key()
"""


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed")
def test_the_kernel_never_makes_a_secret_file_readable_by_others(tmp_path: Path) -> None:
    """Every system call that made or changed a file, traced while the configuration and the
    signing key are written under umask 0: the files that come to hold secrets are all
    created 0600, and no mode is changed afterwards."""
    folder = tmp_path / "data"
    trace = tmp_path / "trace.log"
    command = [
        "strace", "-f", "-qq", "-o", str(trace),
        "-e", "trace=open,openat,creat,chmod,fchmod,fchmodat",
        sys.executable, "-c", "import os; os.umask(0); exec(os.environ['WRITER'])",
    ]  # fmt: skip
    env = {**os.environ, "WRITER": WRITER.format(folder=str(folder))}
    subprocess.run(command, env=env, check=True, timeout=120)
    lines = trace.read_text().splitlines()

    made: dict[str, set[str]] = {}
    for line in lines:
        found = CREATE.search(line)
        if found and "O_CREAT" in found[2] and found[1].startswith(str(folder)):
            name = Path(found[1]).name
            temp = TEMP_NAME.fullmatch(name)  # made under a temporary name, then renamed
            made.setdefault(temp[1] if temp else name, set()).add(found[3])
    secret_names = {"janus.jcfg", "dtls-key.pem", "secret_key"}
    assert {name: made.get(name) for name in secret_names} == {
        name: {"0600"} for name in secret_names
    }
    assert made["janus.transport.http.jcfg"] == {"0666"}  # the umask really was 0
    assert [line for line in lines if CHMOD.search(line)] == []


def _janus_call(url: str, body: dict[str, Any]) -> dict[str, Any]:
    reply: dict[str, Any] = httpx.post(url, json={"transaction": "t", **body}, timeout=5).json()
    return reply


def videoroom_exists(base: str, secret: str, room: int) -> bool:
    session = _janus_call(base, {"janus": "create", "apisecret": secret})["data"]["id"]
    attach = {"janus": "attach", "plugin": "janus.plugin.videoroom", "apisecret": secret}
    handle = _janus_call(f"{base}/{session}", attach)["data"]["id"]
    body = {"request": "exists", "room": room}
    reply = _janus_call(
        f"{base}/{session}/{handle}", {"janus": "message", "apisecret": secret, "body": body}
    )
    _janus_call(f"{base}/{session}", {"janus": "destroy", "apisecret": secret})
    return bool(reply["plugindata"]["data"]["exists"])


async def _refusals(gateway: MediaGateway) -> None:
    layout = gateway.layout
    assert layout is not None and gateway.client is not None
    base, secret = layout.base_url, layout.api_secret
    info = httpx.get(f"{base}/info", timeout=5).json()
    assert (info["api_secret"], info["auth_token"]) == (True, False)

    # Without the API secret, or with a wrong one, Janus opens no session.
    for extra in ({}, {"apisecret": "guess"}):
        reply = _janus_call(base, {"janus": "create", **extra})
        assert reply["error"] == {
            "code": 403,
            "reason": "Unauthorized request (wrong or missing secret/token)",
        }
    # The gateway's own session: no events for a long poll without the secret.
    poll = httpx.get(f"{base}/{gateway.client.session_id}?maxev=1", timeout=5)
    assert poll.status_code == 403

    # With the secret (a process that read janus.jcfg: only its owner can), a session opens;
    # the show's room still refuses changes without the room's secret.
    await gateway.ensure_room(77)
    session = _janus_call(base, {"janus": "create", "apisecret": secret})["data"]["id"]
    url = f"{base}/{session}"
    handle = _janus_call(
        url, {"janus": "attach", "plugin": "janus.plugin.videoroom", "apisecret": secret}
    )
    handle_url = f"{url}/{handle['data']['id']}"

    def videoroom(body: dict[str, Any]) -> dict[str, Any]:
        reply = _janus_call(handle_url, {"janus": "message", "apisecret": secret, "body": body})
        data: dict[str, Any] = reply["plugindata"]["data"]
        return data

    refused = [
        videoroom({"request": "destroy", "room": 77}),
        videoroom({"request": "destroy", "room": 77, "secret": "guess"}),
        videoroom({"request": "add_remote_publisher", "room": 77, "secret": "guess",
                   "streams": [{"type": "audio", "mindex": 0, "mid": "0", "codec": "opus"}]}),
    ]  # fmt: skip
    assert [(r["error_code"], r["error"]) for r in refused] == [
        (429, "Missing mandatory element (secret)"),
        (433, "Unauthorized (wrong secret)"),
        (433, "Unauthorized (wrong secret)"),
    ]
    assert videoroom({"request": "exists", "room": 77})["exists"] is True
    assert videoroom({"request": "listparticipants", "room": 77})["participants"] == []

    # The gateway sends the room's secret: it adds an RTP publisher and removes it again.
    grant = PublishGrant(show_id=77, seller_id=1, user_id=5)
    rtp = await gateway.publish_rtp(grant)
    listed = videoroom({"request": "listparticipants", "room": 77})["participants"]
    assert [p["display"] for p in listed] == ["host-5"]
    await gateway.unpublish(grant, rtp.resource_id)
    assert videoroom({"request": "listparticipants", "room": 77})["participants"] == []
    _janus_call(url, {"janus": "destroy", "apisecret": secret})


async def _restart(gateway: MediaGateway, announced: list[tuple[set[int], int]]) -> None:
    """A new start of Janus has a new API secret; the old one opens nothing there. The
    shows that had a room on the old Janus are told (their pages rejoin at once), and the
    room is created again in the new one."""
    assert gateway.layout is not None and gateway.supervisor.pid is not None
    assert announced == []
    old = gateway.layout.api_secret
    os.kill(gateway.supervisor.pid, signal.SIGKILL)
    for _ in range(200):
        if gateway.generation == 2:
            break
        await asyncio.sleep(0.05)
    assert gateway.generation == 2
    layout = gateway.layout
    assert layout.api_secret != old
    assert f'api_secret = "{layout.api_secret}"' in layout.main_config.read_text()
    assert (
        _janus_call(layout.base_url, {"janus": "create", "apisecret": old})["error"]["code"] == 403
    )
    assert announced == [({77}, 2)]
    assert gateway.rooms == set()
    assert not videoroom_exists(layout.base_url, layout.api_secret, 77)
    await gateway.ensure_room(77)  # the gateway carries on with the new secret
    assert videoroom_exists(layout.base_url, layout.api_secret, 77)


@pytest.mark.skipif(shutil.which("janus") is None, reason="Janus is not installed")
def test_janus_refuses_requests_without_its_api_secret_and_room_changes_without_the_room_secret(
    netlab: NetLab, settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    configured = settings.model_copy(
        update={
            "media_enabled": True,
            "media_prejoined_viewers": 0,
            "media_ice_interfaces": netlab.server_if,
        }
    )

    announced: list[tuple[set[int], int]] = []

    async def on_restart(shows: set[int], generation: int) -> None:
        announced.append((shows, generation))

    async def scenario() -> None:
        gateway = MediaGateway(configured, session_factory, on_restart=on_restart)
        await gateway.start()
        try:
            await _refusals(gateway)
            await _restart(gateway, announced)
        finally:
            await gateway.stop()

    # Janus (started from this thread) and every request live in the lab's server namespace.
    run_in_netns(netlab.server_ns, lambda: asyncio.run(scenario()))
