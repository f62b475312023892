"""A viewer on stage, in real browsers inside the network lab: the host invites a viewer who
wrote in the chat; the viewer's live room shows the consent dialog with the (fake) camera's
preview, they join, and another viewer plays them picture-in-picture; the host removes them
and they are off the air at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction
from crosslive.shows.models import Show, ShowState
from tests.media.conftest import (
    PIP_FRAMES,
    SHOW_SLUG,
    MediaApp,
    ShowGrant,
    publishers,
    staff_headers,
    start_broadcaster,
    wait_until,
    watch_page,
)

pytestmark = pytest.mark.e2e

# The viewer joins the chat and writes, as the page's chat form does; the message's id.
SAY = """async (slug) => {
  const headers = { "Content-Type": "application/json", ...crossliveViewer.headers() };
  const joined = await (await fetch(`/api/v1/live/${slug}/viewers`, {
    method: "POST", headers, body: JSON.stringify({ name: "Ana" }) })).json();
  crossliveViewer.set(joined.token, "Ana");
  const sent = await fetch(`/api/v1/live/${slug}/messages`, { method: "POST",
    headers: { ...headers, ...crossliveViewer.headers() },
    body: JSON.stringify({ body: "May I show you mine?" }) });
  return (await sent.json()).data.message_id;
}"""
PREVIEWING = """() => { const v = document.querySelector(".stage-dialog .stage-preview");
  return v && v.videoWidth > 0; }"""


def test_an_invited_viewer_joins_the_stage_and_everyone_sees_them(
    media_app: MediaApp,
    live_show: ShowGrant,
    owner: dict[str, str | int],
    session_factory: sessionmaker[Session],
    browser_in: Callable[[str], Browser],
    tmp_path: Path,
) -> None:
    with transaction(session_factory) as db:
        show = db.get(Show, live_show.show_id)
        assert show is not None
        show.state = ShowState.LIVE
    headers = staff_headers(media_app, owner)
    host = start_broadcaster(media_app, live_show.token, tmp_path / "host.log")
    try:
        wait_until(lambda: len(publishers(media_app, live_show.show_id, headers)) == 1, 30, "host")
        browser = browser_in(media_app.lab.viewer_ns)
        guest = browser.new_context().new_page()
        guest.set_default_timeout(20_000)
        guest.goto(f"{media_app.url}/live/{SHOW_SLUG}")
        guest.wait_for_function("window.crossliveViewer && crossliveViewer.token()")
        message_id = guest.evaluate(SAY, SHOW_SLUG)
        invite = media_app.request(
            "POST",
            f"/api/v1/host/{SHOW_SLUG}/stage/invite",
            json={"message_id": message_id},
            headers=headers,
        )
        assert invite.status_code == 200, invite.text

        # Consent first: the dialog previews the camera and nothing is published yet.
        guest.wait_for_function(PREVIEWING)
        assert len(publishers(media_app, live_show.show_id, headers)) == 1
        guest.get_by_role("button", name="Join the stage").click()
        wait_until(
            lambda: (
                [
                    p["connected"]
                    for p in publishers(media_app, live_show.show_id, headers)
                    if p["on_stage"]
                ]
                == [True]
            ),
            30,
            "the viewer on stage",
        )
        watcher = watch_page(browser, media_app.url)
        watcher.wait_for_function(f"({PIP_FRAMES})() > 20", timeout=30_000)

        removed = media_app.request(
            "POST", f"/api/v1/host/{SHOW_SLUG}/stage/remove", headers=headers
        )
        assert removed.status_code == 204, removed.text
        assert [p["on_stage"] for p in publishers(media_app, live_show.show_id, headers)] == [False]
        guest.wait_for_selector(".stage-dialog", state="detached")
    finally:
        if host.poll() is None:
            host.kill()
