"""`crosslive bench media`: first frame, glass-to-glass delay and smoothness, measured with
real Janus, the real app and Chromium in private namespaces, the viewer behind an impaired
link (userspace delay/loss/rate). Needs root and the dev extra (Playwright)."""

from __future__ import annotations

import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from crosslive import migrate
from crosslive.auth import service as auth_service
from crosslive.auth.models import Role
from crosslive.db import make_engine, make_session_factory, transaction
from crosslive.media.children import ending_with_parent
from crosslive.media.lab.browser import chromium_args, fake_tone
from crosslive.media.lab.capacity import STEPS, measure_capacity, measure_edge_capacity
from crosslive.media.lab.impairment import Leg
from crosslive.media.lab.ingest_bench import measure_rtmp_ingest
from crosslive.media.lab.netlab import SERVER_IP, NetLab
from crosslive.media.lab.nsexec import run_in_netns
from crosslive.media.lab.region_net import RegionLab
from crosslive.media.lab.regions_bench import measure_regions
from crosslive.media.lab.restart_bench import measure_janus_restart
from crosslive.media.lab.room_bench import room_joins
from crosslive.media.lab.stats import percentile
from crosslive.shows import service as shows_service
from crosslive.shows.models import Show, ShowHost, ShowState

PAGES = Path(__file__).parent / "bench_pages"
PORT = 8000
SHOW = "bench-show"
SECRET = "bench-secret"
# Where the running app serves the live room's early-join script. The bench fetches it from
# there and inlines it in the watch page, as the live room does (the lab does not import the
# web package).
EARLY_JOIN_PATH = "/static/media/early-join.js"
CHROMIUM_ARGS = chromium_args(f"http://{SERVER_IP}:{PORT}")
# The host's browser stands for another machine: on this one its 720p three-layer encoder
# would otherwise take the CPU the viewer's browser and the server need. It gets the last
# core only, at low priority.
HOST_CPU = (os.cpu_count() or 1) - 1
HOST_NICE = 10
# Joins are timed one at a time, each in a new page once the last one has been torn down
# and Janus's one-per-second keyframe-request limit has passed (a burst of joins shares
# keyframes and is a different measurement).
JOIN_GAP_S = 1.0
# (server -> viewer, viewer -> server): half the round trip each way, loss each way.
SCENARIOS: dict[str, tuple[Leg, Leg] | None] = {
    "same-host": None,
    "rtt100": (Leg(50), Leg(50)),
    "rtt200": (Leg(100), Leg(100)),
    "rtt100-loss2": (Leg(50, 0.02), Leg(50, 0.02)),
    "rtt100-loss10": (Leg(50, 0.10), Leg(50, 0.10)),
    "viewer-500k": (Leg(0, 0, 500), Leg()),
    "capacity": None,
    "rtmp-ingest": None,
    "janus-restart": None,
    "regions": None,
    "app-restart": None,
}


def _median_marks(marks: list[dict[str, int]]) -> dict[str, float]:
    """Median time (ms from the player's start) of each step towards the first frame."""
    names = sorted(
        {name for m in marks for name in m},
        key=lambda n: statistics.median([m[n] for m in marks if n in m]),
    )
    return {n: statistics.median([m[n] for m in marks if n in m]) for n in names}


def _prepare_db(data_dir: Path) -> tuple[str, str]:
    url = f"sqlite:///{data_dir / 'bench.db'}"
    migrate.upgrade(url)
    factory = make_session_factory(make_engine(url))
    with transaction(factory) as db:
        seller = auth_service.create_seller(db, slug="bench", name="Bench store")
        user = auth_service.create_staff(
            db, seller, email="host@bench.test", name="Host", password="x" * 12, role=Role.OWNER
        )
        # Live, so the live room's page joins the video (the room-page joins below).
        now = datetime.now(UTC)
        show = Show(
            seller_id=seller.id, slug=SHOW, title="Bench", scheduled_at=now,
            state=ShowState.LIVE, started_at=now,
        )  # fmt: skip
        db.add(show)
        db.flush()
        db.add(ShowHost(show_id=show.id, user_id=user.id))
        db.flush()
        return url, shows_service.issue_publish_token(db, show, user)


def _start_app(
    lab: NetLab | RegionLab,
    data_dir: Path,
    url: str,
    extra: dict[str, str] | None = None,
    tied: bool = True,
) -> subprocess.Popen[bytes]:
    """The app in the server's namespace with EXTRA settings; TIED: it ends with the thread
    that started it (one started from a passing thread is not, and is ended by run_bench)."""
    env = {
        **os.environ,
        "CROSSLIVE_DATA_DIR": str(data_dir),
        "CROSSLIVE_DATABASE_URL": url,
        "CROSSLIVE_SECRET_KEY": SECRET,
        "CROSSLIVE_MEDIA_ENABLED": "true",
        "CROSSLIVE_MEDIA_ICE_INTERFACES": lab.server_if,
        # Every simulated viewer comes from one address, hundreds of them in the capacity
        # scenario: the per-address limits would measure themselves, not the media plane.
        "CROSSLIVE_MEDIA_VIEWERS_PER_SHOW": "100000",
        "CROSSLIVE_MEDIA_VIEWERS_PER_ADDRESS": "100000",
        "CROSSLIVE_MEDIA_VIEWER_JOINS_PER_MINUTE": "100000",
        "CROSSLIVE_CAPTIONS_ENABLED": "false",  # as in the media tests: Whisper takes the CPU
        **(extra or {}),
    }
    command = [
        *lab.prefix(lab.server_ns), sys.executable, "-m", "uvicorn", "--factory",
        "crosslive.app:create_app", "--host", "0.0.0.0", "--port", str(PORT),
        "--log-level", "warning",
    ]  # fmt: skip
    if tied:
        command = ending_with_parent(command)
    log = (data_dir / "app.log").open("ab")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=log)

    def healthy() -> bool:
        try:
            return httpx.get(f"http://{SERVER_IP}:{PORT}/api/v1/health").status_code == 200
        except httpx.HTTPError:
            return False

    deadline = time.monotonic() + 120  # a loaded 2-core machine takes tens of seconds
    while time.monotonic() < deadline:
        if run_in_netns(lab.server_ns, healthy):
            return process
        time.sleep(0.1)
    raise RuntimeError("the app did not start")


def _early_join_js(lab: NetLab | RegionLab) -> str:
    """The early-join script, as the running app serves it."""

    def fetch() -> str:
        response = httpx.get(f"http://{SERVER_IP}:{PORT}{EARLY_JOIN_PATH}")
        response.raise_for_status()
        return response.text

    return run_in_netns(lab.server_ns, fetch)


def _launch(pw: Playwright, ns: str, folder: Path, tone: Path, host: bool = False) -> Browser:
    prefix = f"taskset -c {HOST_CPU} nice -n {HOST_NICE} " if host else ""
    wrapper = folder / f"chromium-{'host' if host else 'viewer'}.sh"
    wrapper.write_text(f'#!/bin/sh\nexec {prefix}ip netns exec {ns} /usr/bin/chromium "$@"\n')
    wrapper.chmod(0o755)
    args = [*CHROMIUM_ARGS, f"--use-file-for-fake-audio-capture={tone}"]
    return pw.chromium.launch(executable_path=str(wrapper), args=args)


def _open(browser: Browser | BrowserContext, name: str, query: str, early_join: str) -> Page:
    base = f"http://{SERVER_IP}:{PORT}"
    page = browser.new_page()
    # As the live room does, the page inlines early-join.js in its head.
    body = (
        (PAGES / f"{name}.html")
        .read_text()
        .replace("<!--early-join-->", f"<script>{early_join}</script>")
    )
    page.route(
        f"{base}/__bench/{name}*",
        lambda route: route.fulfill(status=200, content_type="text/html", body=body),
    )
    page.goto(f"{base}/__bench/{name}?{query}")
    return page


AUDIO = """async () => { const r = await window.player.peer().getStats(); let o = {};
r.forEach((s) => { if (s.type === "inbound-rtp" && s.kind === "audio") o = {
  concealed: s.concealedSamples || 0, total: s.totalSamplesReceived || 0,
  silent: s.silentConcealedSamples || 0, events: s.concealmentEvents || 0 };
  if (s.type === "inbound-rtp" && s.kind === "video") { o.freezes = s.freezeCount || 0;
  o.freeze_s = s.totalFreezesDuration || 0; o.decoded = s.framesDecoded || 0; } }); return o; }"""


def _playback(page: Page, seconds: float) -> dict[str, Any]:
    """Watch one viewer for `seconds` after its first frame; smoothness and delay figures."""
    page.wait_for_function("window.player.state.playing", timeout=60_000)
    start = page.evaluate(f"({AUDIO})()")
    t0 = page.evaluate("performance.timeOrigin + performance.now()")
    page.evaluate("window.g2g = []")
    time.sleep(seconds)
    end = page.evaluate(f"({AUDIO})()")
    frames: list[float] = page.evaluate("window.frameTimes")
    g2g: list[float] = page.evaluate("window.g2g")
    window = [t for t in frames if t >= t0]
    gaps = [b - a for a, b in itertools.pairwise(window)]
    later = [b - a for a, b in itertools.pairwise(window) if a >= t0 + 5000]
    total = end.get("total", 0) - start.get("total", 0)
    concealed = end.get("concealed", 0) - start.get("concealed", 0)
    silent = end.get("silent", 0) - start.get("silent", 0)
    return {
        "g2g": g2g,
        "fps": round(len(window) / seconds, 1),
        "freezes": end.get("freezes", 0) - start.get("freezes", 0),
        "freeze_s": round(end.get("freeze_s", 0) - start.get("freeze_s", 0), 2),
        "max_frame_gap_ms": round(max(gaps), 0) if gaps else None,
        "gaps_over_1s_after_5s": sum(1 for gap in later if gap > 1000),
        "audio_concealed_ratio": round(concealed / total, 3) if total else None,
        # Concealment that went silent (a gap a listener hears) rather than being filled in.
        "audio_silent_ratio": round(silent / total, 4) if total else None,
        "audio_concealment_events": end.get("events", 0) - start.get("events", 0),
        "layer": page.evaluate("window.player.state.layer"),
        # Each stats report: [layer after it, fps, loss, freezes, freeze_s, kbit/s].
        "reports": page.evaluate("window.reports"),
        "width": page.evaluate("window.player.state.width"),
    }


# The early join's steps from navigation (its clock is the page's): where the round trips go
# before the player has even mounted.
PAGE_STEPS = """async () => { const j = await window.offer; if (!j) return null; const o = {};
for (const [k, v] of Object.entries(j.times)) o[k] = Math.round(v);
o.mount = Math.round(window.mountedAt); return o; }"""


def _joins(
    viewers: Browser | BrowserContext, samples: int, prewarm: bool, early_join: str
) -> dict[str, Any]:
    """Join `samples` times in fresh pages: first-frame figures. With `prewarm` the page
    asks for the offer while it loads, as the live room does; the player's clock starts
    when it mounts, the page's at navigation."""
    first: list[float] = []
    marks: list[dict[str, int]] = []
    page_first: list[float] = []
    page_marks: list[dict[str, int]] = []
    for _ in range(samples):
        page = _open(viewers, "watch", f"show={SHOW}&prewarm={int(prewarm)}", early_join)
        page.wait_for_function("window.player.state.firstFrameMs", timeout=60_000)
        first.append(page.evaluate("window.player.state.firstFrameMs"))
        marks.append(page.evaluate("window.player.state.marks"))
        page_first.append(page.evaluate("window.frameTimes[0] - performance.timeOrigin"))
        page_marks.append(page.evaluate(PAGE_STEPS))
        page.evaluate("window.player.stop()")
        page.close()
        time.sleep(JOIN_GAP_S)
    return {
        "first_frame_ms_p50": percentile(first, 0.5),
        "first_frame_ms_p95": percentile(first, 0.95),
        "page_to_first_frame_ms_p50": percentile(page_first, 0.5),
        "page_to_first_frame_ms_p95": percentile(page_first, 0.95),
        "first_frame_ms_all": [round(v) for v in first],
        "first_frame_steps_ms": _median_marks(marks),
        "first_frame_steps_all": marks,
        "page_steps_ms": _median_marks([m for m in page_marks if m]),
        "page_steps_all": page_marks,
    }


def _publish(host: Browser, token: str, early_join: str) -> Page:
    publisher = _open(host, "publish", f"show={SHOW}&token={token}", early_join)
    publisher.wait_for_function("window.publisher?.state.connected", timeout=60_000)
    time.sleep(2)  # let the encoder ramp up all layers
    return publisher


def _scenario(
    lab: NetLab, host: Browser, viewers: Browser, token: str, scenario: str, samples: int,
    seconds: float, early_join: str, steps: tuple[int, ...],
) -> dict[str, Any]:  # fmt: skip
    _publish(host, token, early_join)
    if scenario == "capacity":
        [janus_pid] = lab.pids_named(lab.server_ns, "janus")
        url = f"http://{SERVER_IP}:{PORT}"
        return measure_capacity(lab, url, SHOW, janus_pid, steps=steps)
    joins = _joins(viewers, samples, prewarm=True, early_join=early_join)
    cold = _joins(viewers, samples, prewarm=False, early_join=early_join)
    room = room_joins(
        viewers, samples, f"http://{SERVER_IP}:{PORT}/live/{SHOW}?store=bench", JOIN_GAP_S
    )
    play = _playback(_open(viewers, "watch", f"show={SHOW}", early_join), seconds)
    g2g = play.pop("g2g")
    return {
        "scenario": scenario,
        **{k: v for k, v in joins.items() if k.endswith(("p50", "p95"))},
        **{f"cold_{k}": v for k, v in cold.items() if k.endswith(("p50", "p95"))},
        **room,
        "g2g_ms_p50": percentile(g2g, 0.5),
        "g2g_ms_p95": percentile(g2g, 0.95),
        "g2g_ms_mean": round(statistics.fmean(g2g), 1) if g2g else None,
        "g2g_frames_read": len(g2g),
        **play,
        "samples": samples,
        "playback_s": seconds,
        "first_frame_ms_all": joins["first_frame_ms_all"],
        "first_frame_steps_ms": joins["first_frame_steps_ms"],
        # Each pre-warmed join's steps: the slow ones show which step made them slow.
        "first_frame_steps_all": joins["first_frame_steps_all"],
        # The same from navigation, the page's own clock (mount: the player's start).
        "page_steps_ms": joins["page_steps_ms"],
        "page_steps_all": joins["page_steps_all"],
        "cold_first_frame_ms_all": cold["first_frame_ms_all"],
        "cold_first_frame_steps_ms": cold["first_frame_steps_ms"],
    }


def run_bench(
    scenario: str,
    samples: int = 20,
    seconds: float = 20.0,
    both_legs: bool = False,
    viewers: int = 20,
    node: str = "",
    steps: tuple[int, ...] = STEPS,
) -> dict[str, Any]:
    """Run one scenario (capacity with NODE: against that edge of the regions lab, built
    with its region only); returns the JSON-ready figures."""
    lab: NetLab | RegionLab = NetLab(impair=SCENARIOS[scenario])
    if scenario == "regions" or node:
        lab = RegionLab((node,)) if node else RegionLab()
    with tempfile.TemporaryDirectory(prefix="crosslive-bench-") as tmp:
        folder = Path(tmp)
        url, token = _prepare_db(folder)
        lab.up()
        apps: list[subprocess.Popen[bytes]] = []
        try:
            nodes = None
            if isinstance(lab, RegionLab):
                lab.start_edges(folder)
                # The viewer API beside each edge (CROSSLIVE_BENCH_EDGE_API=0: without, as
                # before it existed), for the bench pages' origin.
                if os.environ.get("CROSSLIVE_BENCH_EDGE_API", "1") != "0":
                    store = f"http://{SERVER_IP}:{PORT}"
                    lab.start_edge_apis(folder / "edge-apis", store, (store,))
                nodes = lab.app_env()
            apps.append(_start_app(lab, folder, url, nodes))
            if scenario == "rtmp-ingest" and isinstance(lab, NetLab):
                return measure_rtmp_ingest(lab, folder, PORT, SHOW, token)
            early_join = _early_join_js(lab)
            with sync_playwright() as pw:
                tone = fake_tone(folder / "tone.wav")
                host_ns = lab.viewer_ns if both_legs else lab.server_ns
                host = _launch(pw, host_ns, folder, tone, host=True)
                watchers = _launch(pw, lab.viewer_ns, folder, tone) if nodes is None else host
                if scenario in {"janus-restart", "app-restart"} and isinstance(lab, NetLab):

                    def restart_app() -> float:
                        """kill -9 the app, start it again: when it answers (wall clock)."""
                        apps[-1].kill()
                        apps[-1].wait()
                        apps.append(_start_app(lab, folder, url, tied=False))
                        return time.time()

                    result = measure_janus_restart(
                        lab, folder, url, PORT, SHOW, host, watchers,
                        lambda b, name, query: _open(b, name, query, early_join), token, viewers,
                        restart_app if scenario == "app-restart" else None,
                    )  # fmt: skip
                elif isinstance(lab, RegionLab) and node:
                    _publish(host, token, early_join)
                    url = f"http://{SERVER_IP}:{PORT}"
                    result = measure_edge_capacity(lab, url, SHOW, node, steps=steps)
                elif isinstance(lab, RegionLab):
                    result = measure_regions(
                        lab, host, lambda b, name, query: _open(b, name, query, early_join),
                        lambda ns: _launch(pw, ns, folder, tone),
                        lambda context: _joins(context, samples, True, early_join),
                        lambda page: _playback(page, seconds),
                        token, max(1, viewers // 4),
                    )  # fmt: skip
                else:
                    result = _scenario(
                        lab, host, watchers, token, scenario, samples, seconds, early_join, steps
                    )
        finally:
            for app in apps:
                if app.poll() is None:
                    app.terminate()
                    try:
                        app.wait(10)
                    except subprocess.TimeoutExpired:  # a loaded machine: the figures stand
                        app.kill()
            lab.down()
    host_browser = f"cpu {HOST_CPU}, nice {HOST_NICE}"
    return {**result, "both_legs": both_legs, "host_browser": host_browser}
