"""static/live/socket.js shows each kept event once, whatever order two app processes'
publishes arrive in, and resumes after the highest id it has seen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import LiveServer

pytestmark = pytest.mark.e2e

FEED = """async () => {
  const sockets = [];
  window.WebSocket = class {
    constructor(url) { this.url = url; this.readyState = 1; sockets.push(this); }
    send() {}
    close() {}
  };
  const { ShowSocket } = await import("/static/live/socket.js");
  const shown = [];
  const socket = new ShowSocket("/live/any/ws", (event) => shown.push(event.id));
  socket.closed = true;
  const say = (id) => sockets[0].onmessage({ data: JSON.stringify({ id, kind: "message" }) });
  for (const id of [10, 12, 11, 12, 10]) say(id);
  return { shown, resumeFrom: socket.url() };
}"""


def test_an_event_arriving_after_a_later_one_is_shown_once(
    page: Page, live_server: LiveServer
) -> None:
    page.goto(f"{live_server.url}/api/v1/health")
    result = page.evaluate(FEED)
    assert result["shown"] == [10, 12, 11]
    assert result["resumeFrom"].endswith("/live/any/ws?last_event_id=12")
