"""`crosslive bench media --scenario janus-restart`: Janus killed (SIGKILL) mid-show, and how
long until every viewer plays again and every publisher is back. `--scenario app-restart`:
the same with the app process itself killed (SIGKILL; its Janus ends with it) and started
again on the same port, as a supervisor (systemd, Docker's restart policy) would.

On the air: the host's browser (publisher.js, told of a restart by the show's event log as
the host console is), an aiortc WHIP client (`crosslive media broadcast`, the demo
broadcaster, which posts a new offer when its connection fails, as OBS does) and, where
ffmpeg is installed, an RTMP push through `crosslive media rtmp` (RTP into Janus). Watching:
N lightweight viewers (subscribers.py: real WebRTC sessions that rejoin as the player does)
and one real browser page with the player and the event log. The clock for every figure
is the wall clock of this one machine; the kill is time 0.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from select import select as wait_readable
from typing import Any

import httpx
from playwright.sync_api import Browser, Page
from sqlalchemy import select

from crosslive.auth import service as auth_service
from crosslive.auth.models import Role, Seller
from crosslive.db import make_engine, make_session_factory, transaction
from crosslive.media.lab.cpu_share import CpuShare
from crosslive.media.lab.netlab import SERVER_IP, NetLab
from crosslive.media.lab.nsexec import run_in_netns
from crosslive.media.lab.stats import percentile
from crosslive.shows import service as shows_service
from crosslive.shows.models import Show, ShowHost, ShowState

PASSWORD = "x" * 12
# After the kill: how long publishers and viewers are given to come back.
WATCH_S = 15.0
# After an app kill: the new process's own start (seconds of imports) comes first.
APP_WATCH_S = 90.0
STEADY_S = 3.0
# The CPU shares' steady window starts this long after the sampling does.
SAMPLE_MARGIN_S = 0.6
RTMP_PORT = 19356


def _cohosts(db_url: str, show_slug: str, names: list[str]) -> dict[str, tuple[int, str]]:
    """Co-hosts of the show, each with a publish token of their own ("lead": the lead host,
    no new token); the show goes live."""
    factory = make_session_factory(make_engine(db_url))
    with transaction(factory) as db:
        show = db.scalars(select(Show).where(Show.slug == show_slug)).one()
        show.state = ShowState.LIVE
        seller = db.get(Seller, show.seller_id)
        assert seller is not None
        lead = db.scalars(select(ShowHost).where(ShowHost.show_id == show.id)).one()
        made = {"lead": (lead.user_id, ""), "show": (show.id, "")}
        for name in names:
            user = auth_service.create_staff(
                db, seller, email=f"{name}@bench.test", name=name, password=PASSWORD,
                role=Role.OWNER,
            )  # fmt: skip
            db.add(ShowHost(show_id=show.id, user_id=user.id))
            db.flush()
            made[name] = (user.id, shows_service.issue_publish_token(db, show, user))
    return made


class Api:
    """The staff API as the store's owner, from inside the server's namespace."""

    def __init__(self, lab: NetLab, base: str, email: str, show_id: int) -> None:
        self.lab, self.base = lab, base
        login = {"email": email, "password": PASSWORD}
        reply = self._call("POST", "/api/v1/auth/login", json=login)
        self.headers = {"Authorization": f"Bearer {reply.json()['token']}"}
        self.show_id = show_id

    def _call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        def call() -> httpx.Response:
            with httpx.Client(base_url=self.base, timeout=10) as client:
                response = client.request(method, path, **kwargs)
                response.raise_for_status()
                return response

        return run_in_netns(self.lab.server_ns, call)

    def publishers(self) -> list[dict[str, Any]]:
        path = f"/api/v1/media/shows/{self.show_id}/publishers"
        listed: list[dict[str, Any]] = self._call("GET", path, headers=self.headers).json()
        return listed


def _cli(lab: NetLab, *args: str) -> list[str]:
    return [
        *lab.prefix(lab.server_ns), sys.executable, "-c",
        "from crosslive.cli import main; main()", *args,
    ]  # fmt: skip


def _rtmp(
    lab: NetLab, folder: Path, port: int, show: str, token: str
) -> list[subprocess.Popen[bytes]]:
    """The RTMP ingest next to the server (RTP into Janus) and ffmpeg pushing to it."""
    listen = f"rtmp://127.0.0.1:{RTMP_PORT}/live/bench-restart"
    whip_url = f"http://127.0.0.1:{port}/whip/{show}"
    ingest = _cli(
        lab, "media", "rtmp", "--listen", listen, "--whip-url", whip_url, "--token", token
    )
    push = [
        *lab.prefix(lab.server_ns), "ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
        "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=15",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
        "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "30",
        "-b:v", "600k", "-c:a", "aac", "-f", "flv", listen,
    ]  # fmt: skip
    log = (folder / "rtmp-push.log").open("ab")
    ingest_log = (folder / "rtmp-ingest.log").open("ab")
    first = subprocess.Popen(ingest, stdout=ingest_log, stderr=ingest_log)
    deadline = time.monotonic() + 60
    while True:  # until the ingest's ffmpeg listens (seconds on a busy machine)
        time.sleep(1.5)
        pusher = subprocess.Popen(push, stdout=log, stderr=log)
        with contextlib.suppress(subprocess.TimeoutExpired):
            pusher.wait(1.5)
        if pusher.poll() is None or time.monotonic() > deadline:
            return [first, pusher]


def _wait_line(process: subprocess.Popen[str], key: str, timeout: float) -> dict[str, Any]:
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = wait_readable([process.stdout], [], [], 0.5)
        if ready:
            line = process.stdout.readline()
            if not line:
                break
            if line.startswith("{") and key in (row := json.loads(line)):
                return row
    raise RuntimeError(f"the subscribers did not say {key!r} in time")


def measure_janus_restart(
    lab: NetLab,
    folder: Path,
    db_url: str,
    port: int,
    show: str,
    host: Browser,
    viewers: Browser,
    open_page: Any,
    host_token: str,
    count: int,
    restart_app: Any = None,
) -> dict[str, Any]:
    """With RESTART_APP (kills the app, then starts it again, returning when it answers),
    the app restart; without, Janus alone is killed."""
    watch_s = WATCH_S if restart_app is None else APP_WATCH_S
    base = f"http://{SERVER_IP}:{port}"
    hosts = _cohosts(db_url, show, ["whip", "rtmp"])
    api = Api(lab, base, "whip@bench.test", hosts["show"][0])
    children: list[subprocess.Popen[Any]] = []
    not_on_air: list[str] = []
    cpu = CpuShare()
    try:
        publisher = open_page(host, "publish", f"show={show}&token={host_token}&events=1")
        publisher.wait_for_function("window.publisher?.state.connected", timeout=60_000)
        whip_log = (folder / "whip.log").open("ab")
        whip_cmd = _cli(lab, "media", "broadcast", "--whip-url", f"{base}/whip/{show}",
                        "--token", hosts["whip"][1])  # fmt: skip
        children.append(subprocess.Popen(whip_cmd, stdout=whip_log, stderr=whip_log))
        kinds = {hosts["lead"][0]: "browser_console", hosts["whip"][0]: "whip_client"}
        # Not in app-restart: the push's x264 and the ingest's three VP8 encoders would take
        # a 2-core machine's CPU from the app's own start, which is what that one measures
        # (the ingest's way back is tested in tests/media/test_publishers_app_restart.py).
        if shutil.which("ffmpeg") and restart_app is None:
            children += _rtmp(lab, folder, port, show, hosts["rtmp"][1])
            kinds[hosts["rtmp"][0]] = "rtmp_ingest"
        try:
            _until(lambda: _connected(api) >= set(kinds), 120, "every publisher on the air")
        except RuntimeError as exc:
            # An RTMP ingest that never came up (its ffmpeg listener, on a loaded machine) is
            # left out and named in the output; any other publisher missing is a failure.
            missing = set(kinds) - _connected(api)
            if missing != {hosts["rtmp"][0]}:
                logs = "".join(f"{f.name}: {f.read_text()[-1500:]}\n" for f in folder.glob("*.log"))
                raise RuntimeError(f"{exc}: {api.publishers()} {kinds}\n{logs}") from exc
            not_on_air.append(kinds.pop(hosts["rtmp"][0]))

        page = open_page(viewers, "watch", f"show={show}&events=1")
        page.wait_for_function("window.player.state.playing", timeout=60_000)
        subs_cmd = [
            *lab.prefix(lab.viewer_ns), sys.executable, "-m", "crosslive.media.lab.rejoining",
            base, show, "--viewers", str(count), "--seconds", str(STEADY_S + watch_s),
        ]  # fmt: skip
        subs = subprocess.Popen(subs_cmd, stdout=subprocess.PIPE, stderr=None, text=True)
        children.append(subs)
        _wait_line(subs, "ready", 120)
        cpu.start()
        time.sleep(STEADY_S)

        old_feeds = {p["feed_id"] for p in api.publishers()}
        [janus_pid] = lab.pids_named(lab.server_ns, "janus")
        killed = time.time()
        app_back: list[float] = []
        if restart_app is None:
            os.kill(janus_pid, signal.SIGKILL)
        else:
            threading.Thread(target=lambda: app_back.append(restart_app()), daemon=True).start()
        back = _publishers_back(api, lab, janus_pid, old_feeds, set(kinds), killed, watch_s)
        said = _wait_line(subs, "first_frames", STEADY_S + watch_s + 60)
        rows = said["first_frames"]
        browser_first = _browser_first_frame(page, killed)
    finally:
        cpu.stop()
        for child in reversed(children):
            if child.poll() is None:
                child.terminate()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    child.wait(10)
                if child.poll() is None:
                    child.kill()
    janus_back = back.pop("janus", None)
    janus_gone = back.pop("janus_gone", None)
    light = [min((t for t in firsts if t > killed), default=None) for firsts in rows]
    recovers = [(t - killed) * 1000 for t in [*light, browser_first] if t is not None]
    extra = {}
    if restart_app is not None:
        extra = {
            "app_back_ms": round((app_back[0] - killed) * 1000) if app_back else None,
            "old_janus_gone_ms": janus_gone,
        }
        # From the new app's first answer: what the pages and publishers add to its start.
        after = [t - (app_back[0] - killed) * 1000 for t in recovers] if app_back else []
        extra["recover_after_app_ms_p50"] = percentile(after, 0.5)
        extra["recover_after_app_ms_p95"] = percentile(after, 0.95)
        if not app_back:  # the new app did not answer in time: say what it was doing
            extra["app_log_tail"] = (folder / "app.log").read_text(errors="replace")[-2000:]
    return {
        "scenario": "janus-restart" if restart_app is None else "app-restart",
        "viewers": count + 1,
        "browser_viewers": 1,
        "recovered": len(recovers),
        "recover_ms_p50": percentile(recovers, 0.5),
        "recover_ms_p95": percentile(recovers, 0.95),
        "recover_ms_max": round(max(recovers)) if recovers else None,
        "browser_recover_ms": round((browser_first - killed) * 1000) if browser_first else None,
        "publisher_recover_ms": {
            kinds[user]: (round((at - killed) * 1000) if at else None) for user, at in back.items()
        },
        "janus_back_ms": janus_back,
        **extra,
        "publishers_never_on_air": not_on_air,
        "watched_s": watch_s,
        "killed_at": round(killed, 3),  # wall clock, to read the app's and Janus's logs by
        "recover_ms_all": sorted(round(v) for v in recovers),
        "light_steps_ms": light_steps(said.get("tries", []), killed),
        # When the light viewers' event log heard of the restart and of each new line-up,
        # and how late their one process ran its tasks (asyncio loop lag) after the kill.
        "light_heard_ms": {
            kind: [round((t - killed) * 1000) for t in times]
            for kind, times in said.get("heard", {}).items()
        },
        "light_loop_lag_ms": _lag(said.get("lags", []), killed, max(recovers, default=0)),
        # Each kind of process's CPU, % of one core: the 3 s before the kill, and from the
        # kill until the last viewer played again (CPU_COUNT cores in all).
        "cpu_pct_steady": cpu.share(killed - STEADY_S + SAMPLE_MARGIN_S, killed),
        "cpu_pct_recovery": cpu.share(killed, killed + max(recovers, default=0) / 1000),
        "cpu_count": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 2),
    }


def light_steps(tries: list[list[dict[str, Any]]], killed: float) -> dict[str, Any]:
    """Where the light viewers' recovery went: per step of the join that brought each one's
    picture back (its start, offer in hand, answer acknowledged, connected, first frame), p50
    and p95 in ms from the kill; and how many joins each tried before it (404s, 503s)."""
    steps: dict[str, list[float]] = {}
    before: list[float] = []
    for own in tries:
        after = [t for t in own if t["start"] > killed]
        recovering = next((i for i, t in enumerate(after) if "frame" in t), None)
        if recovering is None:
            continue
        before.append(recovering)
        tried = after[recovering]
        marks = {"first_try": after[0]["start"], "start": tried["start"], **tried["marks"]}
        for step, at in (marks | {"frame": tried["frame"]}).items():
            steps.setdefault(step, []).append((at - killed) * 1000)
    out: dict[str, Any] = {
        step: [percentile(values, 0.5), percentile(values, 0.95)] for step, values in steps.items()
    }
    out["joins_before"] = [percentile(before, 0.5), max(before, default=0)]
    return out


def _lag(lags: list[list[float]], killed: float, until_ms: float) -> dict[str, Any]:
    """The light viewers' event-loop lag from the kill until the last viewer played: p50,
    p95, max (ms) and the seconds it added up to."""
    window = [ms for t, ms in lags if killed <= t <= killed + until_ms / 1000]
    return {
        "p50": percentile(window, 0.5),
        "p95": percentile(window, 0.95),
        "max": round(max(window, default=0), 1),
        "total_s": round(sum(window) / 1000, 2),
    }


def _connected(api: Api) -> set[int]:
    return {int(p["user_id"]) for p in api.publishers() if p["connected"]}


def _until(check: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise RuntimeError(f"timed out waiting for {what}")


def _publishers_back(
    api: Api,
    lab: NetLab,
    janus_pid: int,
    old: set[int],
    users: set[int],
    killed: float,
    watch_s: float,
) -> dict[Any, Any]:
    """When each publisher was connected to the new Janus (wall clock), when the new Janus
    was there at all ("janus", ms after the kill) and when the old one was gone. One thread
    and one kept-alive connection ask the app every 50 ms, and Janus's processes are looked
    for only until both are found: the watching takes as little as it can of the CPU the
    recovery it watches needs."""
    back: dict[Any, Any] = {user: None for user in users}
    deadline = killed + watch_s
    path = f"/api/v1/media/shows/{api.show_id}/publishers"

    def watch() -> None:
        with httpx.Client(base_url=api.base, headers=api.headers, timeout=10) as http:
            while time.time() < deadline and any(at is None for at in back.values()):
                if "janus" not in back or "janus_gone" not in back:
                    pids = lab.pids_named(lab.server_ns, "janus")
                    if "janus" not in back and pids not in ([], [janus_pid]):
                        back["janus"] = round((time.time() - killed) * 1000)
                    if "janus_gone" not in back and janus_pid not in pids:
                        back["janus_gone"] = round((time.time() - killed) * 1000)
                with contextlib.suppress(httpx.HTTPError, ValueError):
                    now = time.time()
                    for p in http.get(path).raise_for_status().json():
                        user = int(p["user_id"])
                        fresh = p["connected"] and p["feed_id"] not in old
                        if fresh and user in users and back[user] is None:
                            back[user] = now
                time.sleep(0.05)

    run_in_netns(lab.server_ns, watch)
    return back


def _browser_first_frame(page: Page, killed: float) -> float | None:
    """The first time the browser's player was playing again after the kill (wall clock)."""
    times: list[float] = page.evaluate("window.playingAt")
    later = [t / 1000 for t in times if t / 1000 > killed]
    return min(later) if later else None
