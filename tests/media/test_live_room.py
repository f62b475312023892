"""The whole thing, inside the namespaces: `crosslive demo` with live video on serves its live
show (the demo broadcaster publishes it) and the real /live page plays it; the host then takes
the scheduled show live from the console with the fake camera, viewers of that show see it
start by itself, and "End show" stops the camera and the video."""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page

from crosslive.demo import store_data
from crosslive.media.lab.netlab import SERVER_IP, NetLab
from crosslive.media.lab.nsexec import run_in_netns
from tests.demo.seeding import copy_for_command
from tests.e2e.conftest import policy_violations
from tests.media.conftest import APP_PORT

HOST_LINE = re.compile(r"^\s*host\s+(\S+)\s+password: (\S+)", re.M)
LIVE_SLUG = "studio-desk-live"
SCHEDULED_SLUG = store_data.SHOW.slug
SESSIONS_OF = """async (slug) => {
  const show = await (await fetch(`/api/v1/shows/${slug}`)).json();
  return (await fetch(`/api/v1/media/shows/${show.id}/viewer-sessions`)).json();
}"""
PLAYING = """() => {
  const v = document.querySelector("#video");
  return v.videoWidth > 0 && v.currentTime > 0.5;
}"""


@dataclass
class Demo:
    url: str
    host_email: str
    host_password: str
    output: str


def _wait_for_demo(lab: NetLab, url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    def health() -> int:
        with httpx.Client(timeout=5) as client:
            return client.get(f"{url}/api/v1/health").status_code

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"crosslive demo exited: {log.read_text()[-4000:]}")
        try:
            if run_in_netns(lab.server_ns, health) == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"crosslive demo did not serve: {log.read_text()[-4000:]}")


@pytest.fixture
def demo(netlab: NetLab, tmp_path: Path) -> Iterator[Demo]:
    url = f"http://{SERVER_IP}:{APP_PORT}"
    # Under scripts/test.sh the run's seeded demo is copied there: the command serves it.
    copy_for_command(tmp_path / "demo-data")
    env = {
        **os.environ,
        "CROSSLIVE_DATA_DIR": str(tmp_path / "demo-data"),
        "CROSSLIVE_DATABASE_URL": "",
        "CROSSLIVE_BASE_URL": url,
        "CROSSLIVE_MEDIA_ICE_INTERFACES": netlab.server_if,
        "CROSSLIVE_CAPTIONS_ENABLED": "false",
    }
    command = [
        *netlab.prefix(netlab.server_ns), sys.executable, "-m", "crosslive.cli", "demo",
        "--host", "0.0.0.0", "--port", str(APP_PORT),
    ]  # fmt: skip
    log = tmp_path / "demo.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_for_demo(netlab, url, process, log)
        output = log.read_text()
        match = HOST_LINE.search(output)
        assert match, output
        yield Demo(url, match.group(1), match.group(2), output)
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
        print("---- demo log\n", log.read_text(errors="replace")[-6000:])


def _identity(token: str) -> str:
    """The viewer id inside an identity token (its signature is the server's business)."""
    body = token.rsplit(".", 1)[0]
    return str(json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))["i"])


def _page(browser: Browser, url: str, refused: list[str]) -> Page:
    """A page at URL; what the site's Content-Security-Policy refused on it goes to REFUSED."""
    page = browser.new_context().new_page()
    page.set_default_timeout(30_000)
    policy_violations(page, refused)
    page.on("console", lambda message: print(f"[{url} console] {message.text}"))
    page.on("pageerror", lambda error: print(f"[{url} error] {error}"))
    page.goto(url)
    return page


# Waits on the app's own pages are written as functions: Playwright evaluates a bare
# expression with eval in the page, which the pages' Content-Security-Policy refuses.


def _frames_advance(page: Page) -> None:
    """Decoded pictures keep arriving: the current time moves on past a point read now."""
    page.wait_for_function(PLAYING, timeout=60_000)
    now = page.evaluate('document.querySelector("#video").currentTime')
    page.wait_for_function(
        f'() => document.querySelector("#video").currentTime > {now} + 1', timeout=30_000
    )
    assert page.evaluate('document.querySelector("#video").videoWidth') > 0


def test_demo_live_show_plays_and_host_console_takes_a_show_live(
    demo: Demo, netlab: NetLab, browser_in: Callable[[str], Browser]
) -> None:
    assert f"live room:    {demo.url}/live/{LIVE_SLUG}" in demo.output
    assert f"host console: {demo.url}/host/{SCHEDULED_SLUG}" in demo.output
    browser = browser_in(netlab.viewer_ns)
    refused: list[str] = []

    # The demo's live show plays on the real viewer page, published by the demo broadcaster.
    live = _page(browser, f"{demo.url}/live/{LIVE_SLUG}", refused)
    assert "crossliveOffer = crossliveJoin.start(" in live.content()  # the join is pre-warmed
    _frames_advance(live)
    watcher = _identity(live.evaluate("crossliveViewer.token()"))
    state = live.locator("[data-video-state]")
    assert state.get_attribute("data-video-state") == "playing"
    assert state.is_hidden()

    # The scheduled show says so until its host goes live.
    viewer = _page(browser, f"{demo.url}/live/{SCHEDULED_SLUG}", refused)
    state = viewer.locator("[data-video-state]")
    assert state.get_attribute("data-video-state") == "scheduled"
    assert state.inner_text().startswith("The show starts soon")

    host = _page(browser, f"{demo.url}/admin/login", refused)
    host.get_by_label("Email").fill(demo.host_email)
    host.get_by_label("Password").fill(demo.host_password)
    host.get_by_role("button", name="Log in").click()
    host.wait_for_url(re.compile(r"/admin"))
    # The pre-warmed join carried the page's viewer identity into the video session.
    sessions = host.evaluate(SESSIONS_OF, LIVE_SLUG)
    assert watcher in [s["viewer_id"] for s in sessions]
    host.goto(f"{demo.url}/host/{SCHEDULED_SLUG}")
    host.get_by_role("button", name="Go live").click()
    viewer.wait_for_function(
        '() => document.querySelector("[data-video-state]").dataset.videoState === "waiting"'
    )
    host.get_by_role("button", name="Start camera").click()
    host.wait_for_function(
        '() => document.querySelector("[data-publish-state]").dataset.publishState === "live"',
        timeout=40_000,
    )
    assert host.evaluate('document.querySelector("#self-view").videoWidth') > 0
    # The viewer that was waiting starts playing by itself.
    _frames_advance(viewer)
    assert viewer.locator("[data-video-state]").get_attribute("data-video-state") == "playing"

    host.on("dialog", lambda dialog: dialog.accept())
    host.get_by_role("button", name="End show").click()
    host.wait_for_function(
        '() => document.querySelector("[data-publish-state]").dataset.publishState === "off"'
    )
    viewer.wait_for_function(
        '() => document.querySelector("[data-video-state]").dataset.videoState === "ended"'
    )
    # The demo's own live show plays on, untouched.
    _frames_advance(live)
    # The site's Content-Security-Policy refused nothing these pages needed.
    assert refused == []
