"""Browser-test fixtures: a real uvicorn server in a thread and Debian's Chromium via Playwright."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, Playwright

from crosslive.app import create_app
from crosslive.cli import server_config
from crosslive.media.lab.browser import chromium_args
from crosslive.settings import Settings
from crosslive.state import state_of

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = chromium_args()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).parent.name == "e2e":
            item.add_marker(pytest.mark.e2e)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class LiveServer:
    """uvicorn serving create_app(settings) on a free loopback port, in a thread."""

    def __init__(self, settings: Settings, port: int | None = None) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.app = create_app(settings)
        # Served as `crosslive serve` serves it (the same proxy-header rules), on this port.
        served = settings.model_copy(update={"host": "127.0.0.1", "port": self.port})
        self.server = uvicorn.Server(server_config(self.app, served, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("test server did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        state_of(self.app).engine.dispose()


@pytest.fixture
def live_server(settings: Settings) -> Iterator[LiveServer]:
    server = LiveServer(settings)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def policy_violations(page: Page, refused: list[str] | None = None) -> list[str]:
    """What Chromium refuses on PAGE because of a Content-Security-Policy (a script, a
    socket, a photo, a frame), as it reports it in the console; filled as the page runs
    (into REFUSED when given, so several pages can share one list)."""
    refused = [] if refused is None else refused
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return refused


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A browser page; the test fails if the site's policy refused anything on it."""
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.set_default_timeout(10_000)
    refused = policy_violations(page)
    yield page
    context.close()
    assert refused == [], "the Content-Security-Policy refused something the page needs"
