"""Media fixtures: namespaces, the app (with its Janus) running inside them, browsers inside
them, and a show with a host's publish token."""

from __future__ import annotations

import asyncio
import math
import os
import shutil
import struct
import subprocess
import sys
import time
import wave
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, Playwright
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth import service as auth_service
from crosslive.auth.models import Role, StaffUser
from crosslive.db import make_engine, make_session_factory, transaction
from crosslive.media.lab.browser import chromium_args
from crosslive.media.lab.impairment import Leg
from crosslive.media.lab.netlab import SERVER_IP, NetLab, netns_available
from crosslive.media.lab.nsexec import run_in_netns
from crosslive.media.lab.region_net import RegionLab
from crosslive.settings import Settings
from crosslive.shows import service as shows_service
from crosslive.shows.models import Show, ShowHost
from tests.conftest import PASSWORD, RELAXED_CHECKOUT

APP_PORT = 8000
CHROMIUM_ARGS = chromium_args(f"http://{SERVER_IP}:{APP_PORT}")
SHOW_SLUG = "spring-drop"


@contextmanager
def running_lab(impair: tuple[Leg, Leg] | None = None) -> Iterator[NetLab]:
    """The namespaces up for one test (the viewer's link impaired when asked), or a skip."""
    reason = netns_available()
    if reason:
        pytest.skip(reason)
    if os.environ.get("CROSSLIVE_TEST_DATABASE_URL"):
        pytest.skip("media tests run the app inside a namespace, which reaches SQLite only")
    lab = NetLab(impair=impair)
    try:
        lab.up()
        yield lab
    finally:
        lab.down()


@pytest.fixture
def netlab() -> Iterator[NetLab]:
    with running_lab() as lab:
        yield lab


@dataclass
class MediaApp:
    lab: NetLab | RegionLab
    process: subprocess.Popen[bytes]
    url: str
    log_path: Path

    def request(self, method: str, path: str, **kwargs: object) -> httpx.Response:
        def call() -> httpx.Response:
            with httpx.Client(base_url=self.url, timeout=20) as client:
                return client.request(method, path, **kwargs)  # type: ignore[arg-type]

        return run_in_netns(self.lab.server_ns, call)

    def janus_pids(self) -> list[int]:
        return self.lab.pids_named(self.lab.server_ns, "janus")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-6000:]


def start_app(lab: NetLab | RegionLab, settings: Settings, log_path: Path, **env: str) -> MediaApp:
    environment = {
        **os.environ,
        "CROSSLIVE_DATA_DIR": str(settings.data_dir),
        "CROSSLIVE_DATABASE_URL": settings.resolved_database_url,
        "CROSSLIVE_SECRET_KEY": settings.signing_key(),
        "CROSSLIVE_MEDIA_ENABLED": "true",
        "CROSSLIVE_MEDIA_ICE_INTERFACES": lab.server_if,
        "CROSSLIVE_MEDIA_PUBLISHER_IDLE_S": "3",
        # Transcribing the test tone would only load the machine (tests/captions turns it on).
        "CROSSLIVE_CAPTIONS_ENABLED": "false",
        **env,
    }
    command = [
        *lab.prefix(lab.server_ns), sys.executable, "-m", "uvicorn", "--factory",
        "crosslive.app:create_app", "--host", "0.0.0.0", "--port", str(APP_PORT),
        "--log-level", "warning",
    ]  # fmt: skip
    with log_path.open("ab") as log_file:
        process = subprocess.Popen(command, env=environment, stdout=log_file, stderr=log_file)
    app = MediaApp(lab, process, f"http://{SERVER_IP}:{APP_PORT}", log_path)
    # An app with three remote edges checks each before it serves: longer on a loaded machine.
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"app exited: {app.log()}")
        try:
            if app.request("GET", "/api/v1/health").status_code == 200:
                return app
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"app did not start: {app.log()}")


@contextmanager
def app_running(
    lab: NetLab | RegionLab, settings: Settings, log_path: Path, **env: str
) -> Iterator[MediaApp]:
    """The app (and its Janus) inside the lab for one block; its log is printed after."""
    app = start_app(lab, settings, log_path, **env)
    try:
        yield app
    finally:
        print("---- app log\n", app.log())
        app.process.terminate()
        try:
            app.process.wait(10)
        except subprocess.TimeoutExpired:
            app.process.kill()


@pytest.fixture
def media_app(netlab: NetLab, settings: Settings, tmp_path: Path) -> Iterator[MediaApp]:
    with app_running(netlab, settings, tmp_path / "app.log") as app:
        yield app


@dataclass(frozen=True)
class ShowGrant:
    show_id: int
    user_id: int
    token: str


def make_live_show(factory: sessionmaker[Session], user_id: int) -> ShowGrant:
    """The show SHOW_SLUG of USER_ID's store, with USER_ID as its lead host and their
    publish token."""
    with transaction(factory) as db:
        user = db.get(StaffUser, user_id)
        assert user is not None
        show = Show(
            seller_id=user.seller_id,
            slug=SHOW_SLUG,
            title="Spring drop",
            scheduled_at=datetime.now(UTC),
        )
        db.add(show)
        db.flush()
        db.add(ShowHost(show_id=show.id, user_id=user.id, is_lead=True))
        db.flush()
        token = shows_service.issue_publish_token(db, show, user)
        return ShowGrant(show_id=show.id, user_id=user.id, token=token)


@pytest.fixture
def live_show(owner: dict[str, str | int], session_factory: sessionmaker[Session]) -> ShowGrant:
    return make_live_show(session_factory, int(owner["user_id"]))


@dataclass(frozen=True)
class SharedShow:
    """A module's app, its store's owner (login details) and the show with its grant."""

    app: MediaApp
    owner: dict[str, str | int]
    grant: ShowGrant


@pytest.fixture(scope="module")
def shared_show(
    tmp_path_factory: pytest.TempPathFactory, _sqlite_template: Path
) -> Iterator[SharedShow]:
    """One lab, database, app (and its Janus) and live show for all the tests of a module
    that neither stop nor reconfigure them: each test publishes and watches anew, so it
    looks only at what it made (saving an app start a test, ~10 s on a loaded machine)."""
    folder = tmp_path_factory.mktemp("shared")
    shutil.copyfile(_sqlite_template, folder / "test.db")
    settings = Settings(
        data_dir=folder / "data",
        database_url=f"sqlite:///{folder / 'test.db'}",
        secret_key="test-secret",
        **RELAXED_CHECKOUT,
    )
    settings.prepare_dirs()
    engine = make_engine(settings.resolved_database_url)
    try:
        factory = make_session_factory(engine)
        with transaction(factory) as db:
            seller = auth_service.create_seller(db, slug="acme", name="Acme Outfitters")
            user = auth_service.create_staff(
                db, seller, email="owner@acme.test", name="Olive", password=PASSWORD,
                role=Role.OWNER,
            )  # fmt: skip
            owner: dict[str, str | int] = {
                "seller_id": seller.id, "user_id": user.id, "email": user.email,
            }  # fmt: skip
        grant = make_live_show(factory, int(owner["user_id"]))
    finally:
        engine.dispose()
    with running_lab() as lab, app_running(lab, settings, folder / "app.log") as app:
        yield SharedShow(app, owner, grant)


def replace_publish_token(session_factory: sessionmaker[Session], grant: ShowGrant) -> str:
    """A new publish token for the grant's host (as the console's camera takes one): the
    grant's own token stops working."""
    with transaction(session_factory) as db:
        show = db.get(Show, grant.show_id)
        host = db.get(StaffUser, grant.user_id)
        assert show is not None and host is not None
        return shows_service.issue_publish_token(db, show, host)


def write_tone(path: Path, seconds: int = 4, hz: int = 440) -> Path:
    """A 16-bit mono WAV sine tone: the fake microphone (Chromium's own sends silence here)."""
    rate = 48_000
    samples = (int(12_000 * math.sin(2 * math.pi * hz * i / rate)) for i in range(rate * seconds))
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(b"".join(struct.pack("<h", sample) for sample in samples))
    return path


@pytest.fixture(scope="session")
def tone_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tone(tmp_path_factory.mktemp("audio") / "tone.wav")


@pytest.fixture
def browser_in(
    playwright_instance: Playwright, tmp_path: Path, tone_wav: Path
) -> Iterator[Callable[[str], Browser]]:
    """Launches Debian's Chromium inside a namespace (through a tiny wrapper script)."""
    browsers: list[Browser] = []

    def launch(ns: str) -> Browser:
        wrapper = tmp_path / f"chromium-{ns}.sh"
        wrapper.write_text(f'#!/bin/sh\nexec ip netns exec {ns} /usr/bin/chromium "$@"\n')
        wrapper.chmod(0o755)
        browser = playwright_instance.chromium.launch(
            executable_path=str(wrapper),
            args=[*CHROMIUM_ARGS, f"--use-file-for-fake-audio-capture={tone_wav}"],
        )
        browsers.append(browser)
        return browser

    yield launch
    for browser in browsers:
        browser.close()


PUBLISH_PAGE = """<!doctype html><html><body><video id="self" muted playsinline></video>
<script type="module">
import { startPublishing } from "/static/media/publisher.js";
window.publisher = await startPublishing({
  showSlug: %(slug)r, token: %(token)r, video: document.getElementById("self"),
});
</script></body></html>"""

WATCH_PAGE = """<!doctype html><html><body>
<video id="main" playsinline></video><video id="pip" muted playsinline hidden></video>
<script type="module">
import { mountPlayer } from "/static/media/player.js";
window.stats = [];
window.player = mountPlayer(document.getElementById("main"), {
  showSlug: %(slug)r, statsEverySec: %(every)s, pipVideo: document.getElementById("pip"),
  onEvent: (kind, data) => { if (kind === "stats") window.stats.push(data); },
});
</script></body></html>"""
# How many frames the watch page's (or the live room's) picture-in-picture video has played.
PIP_FRAMES = """() => { const v = document.getElementById("pip");
  return !v.hidden && v.srcObject ? v.getVideoPlaybackQuality().totalVideoFrames : 0; }"""


def open_test_page(browser: Browser, base_url: str, html: str) -> Page:
    """A page at base_url/__test whose HTML is served by the test (same origin as the app)."""
    page = browser.new_page()
    page.set_default_timeout(20_000)
    page.on("console", lambda message: print(f"[{base_url} console] {message.text}"))
    page.on("pageerror", lambda error: print(f"[{base_url} error] {error}"))
    page.route(
        f"{base_url}/__test",
        lambda route: route.fulfill(status=200, content_type="text/html", body=html),
    )
    page.goto(f"{base_url}/__test")
    return page


def publish_page(browser: Browser, base_url: str, grant: ShowGrant) -> Page:
    html = PUBLISH_PAGE % {"slug": SHOW_SLUG, "token": grant.token}
    page = open_test_page(browser, base_url, html)
    page.wait_for_function("window.publisher && window.publisher.state.connected", timeout=30_000)
    return page


def watch_page(browser: Browser, base_url: str, every_s: float = 2) -> Page:
    return open_test_page(browser, base_url, WATCH_PAGE % {"slug": SHOW_SLUG, "every": every_s})


def staff_headers(app: MediaApp, owner: dict[str, str | int]) -> dict[str, str]:
    response = app.request(
        "POST", "/api/v1/auth/login", json={"email": owner["email"], "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def publishers(app: MediaApp, show_id: int, headers: dict[str, str]) -> list[dict[str, object]]:
    response = app.request("GET", f"/api/v1/media/shows/{show_id}/publishers", headers=headers)
    assert response.status_code == 200, response.text
    result: list[dict[str, object]] = response.json()
    return result


def wait_connected(app: MediaApp, show_id: int, headers: dict[str, str], what: str) -> None:
    """Until exactly one publisher of the show is connected (Janus saw its WebRTC come up)."""
    wait_until(
        lambda: [p["connected"] for p in publishers(app, show_id, headers)] == [True],
        30,
        f"{what} to connect",
    )


def wait_until(check: Callable[[], bool], timeout: float, message: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting: {message}")


def start_broadcaster(app: MediaApp, token: str, log_path: Path) -> subprocess.Popen[bytes]:
    """The aiortc WHIP publisher (`crosslive media broadcast`) inside the server namespace."""
    command = [
        *app.lab.prefix(app.lab.server_ns), sys.executable, "-c",
        "from crosslive.cli import main; main()", "media", "broadcast",
        "--whip-url", f"{app.url}/whip/{SHOW_SLUG}", "--token", token,
    ]  # fmt: skip
    with log_path.open("ab") as log_file:
        return subprocess.Popen(command, stdout=log_file, stderr=log_file)


def run_async(test: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run TEST on a loop of its own thread: in a full run Playwright owns the main thread's
    event loop, so async tests cannot use it."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, test()).result()
