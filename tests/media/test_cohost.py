"""A co-host publishes into the same show: the viewer plays the host in the main video and
the co-host picture-in-picture."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth import service as auth_service
from crosslive.auth.models import Role, Seller
from crosslive.db import transaction
from crosslive.shows import service as shows_service
from crosslive.shows.models import Show, ShowHost
from tests.conftest import PASSWORD
from tests.media.conftest import (
    PIP_FRAMES,
    MediaApp,
    ShowGrant,
    publishers,
    staff_headers,
    start_broadcaster,
    wait_until,
    watch_page,
)

pytestmark = pytest.mark.e2e


def test_cohost_plays_picture_in_picture(
    media_app: MediaApp,
    live_show: ShowGrant,
    owner: dict[str, str | int],
    session_factory: sessionmaker[Session],
    browser_in: Callable[[str], Browser],
    tmp_path: Path,
) -> None:
    with transaction(session_factory) as db:
        seller = db.get(Seller, owner["seller_id"])
        assert seller is not None
        cohost = auth_service.create_staff(
            db, seller, email="cohost@acme.test", name="Kim", password=PASSWORD, role=Role.HOST
        )
        db.add(ShowHost(show_id=live_show.show_id, user_id=cohost.id, is_lead=False))
        db.flush()
        show = db.get(Show, live_show.show_id)
        assert show is not None
        db.refresh(show)  # its hosts now include the co-host
        cohost_token = shows_service.issue_publish_token(db, show, cohost)
    headers = staff_headers(media_app, owner)
    host = start_broadcaster(media_app, live_show.token, tmp_path / "host.log")
    guest = None
    try:
        wait_until(lambda: len(publishers(media_app, live_show.show_id, headers)) == 1, 30, "host")
        guest = start_broadcaster(media_app, cohost_token, tmp_path / "cohost.log")
        wait_until(
            lambda: (
                sorted(p["user_id"] for p in publishers(media_app, live_show.show_id, headers))
                == sorted([live_show.user_id, cohost.id])
            ),
            30,
            "host and co-host both publishing",
        )
        viewer = watch_page(browser_in(media_app.lab.viewer_ns), media_app.url)
        viewer.wait_for_function("window.player.state.framesDecoded > 20", timeout=40_000)
        viewer.wait_for_function(f"({PIP_FRAMES})() > 20", timeout=30_000)
    finally:
        for process in (host, guest):
            if process is not None and process.poll() is None:
                process.kill()
