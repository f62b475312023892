"""Starting to watch, through the real app and Janus in the lab: joins per address per
minute, sessions per address and sessions per show are limited, each refusal says why and
records nothing, and a viewer's leave frees its seat."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from crosslive.media.admission import ADDRESS_FULL, SHOW_FULL
from crosslive.media.lab.netlab import NetLab
from crosslive.media.lab.nsexec import run_in_netns
from crosslive.settings import Settings
from tests.media.conftest import (
    SHOW_SLUG,
    ShowGrant,
    app_running,
    staff_headers,
    start_broadcaster,
    wait_connected,
)

pytestmark = pytest.mark.e2e

JOIN = f"/api/v1/media/shows/{SHOW_SLUG}/viewers"


def test_joins_are_limited_per_address_and_per_show_and_leaving_frees_a_seat(
    netlab: NetLab,
    settings: Settings,
    live_show: ShowGrant,
    owner: dict[str, str | int],
    tmp_path: Path,
) -> None:
    limits = {
        "CROSSLIVE_MEDIA_VIEWERS_PER_SHOW": "3",
        "CROSSLIVE_MEDIA_VIEWERS_PER_ADDRESS": "2",
        "CROSSLIVE_MEDIA_VIEWER_JOINS_PER_MINUTE": "3",
    }
    with app_running(netlab, settings, tmp_path / "app.log", **limits) as app:
        headers = staff_headers(app, owner)
        host = start_broadcaster(app, live_show.token, tmp_path / "host.log")
        try:
            wait_connected(app, live_show.show_id, headers, "the host")

            def from_ns(ns: str) -> Callable[[str, str], httpx.Response]:
                def call(method: str, path: str) -> httpx.Response:
                    with httpx.Client(base_url=app.url, timeout=20) as client:
                        return run_in_netns(ns, lambda: client.request(method, path))

                return call

            # Two addresses: the lab's server side and its viewer side.
            home, cafe = from_ns(netlab.server_ns), from_ns(netlab.viewer_ns)
            let_in = [home("POST", JOIN), home("POST", JOIN)]
            third = home("POST", JOIN)  # the address's third session at once
            let_in.append(cafe("POST", JOIN))  # the show's third viewer
            full = cafe("POST", JOIN)
            viewer_id = let_in[0].json()["viewer_id"]
            left = home("DELETE", f"/api/v1/media/viewers/{viewer_id}")
            let_in.append(cafe("POST", JOIN))  # takes the seat just left
            too_many = home("POST", JOIN)  # the address's fourth join within the minute
            sessions = app.request(
                "GET", f"/api/v1/media/shows/{live_show.show_id}/viewer-sessions", headers=headers
            ).json()
        finally:
            host.kill()

    assert [response.status_code for response in let_in] == [201, 201, 201, 201]
    assert left.status_code == 204
    assert (third.status_code, third.json(), third.headers["retry-after"]) == (
        429,
        {"detail": ADDRESS_FULL},
        "10",
    )
    assert (full.status_code, full.json()) == (503, {"detail": SHOW_FULL})
    assert (too_many.status_code, too_many.json(), too_many.headers["retry-after"]) == (
        429,
        {"detail": "too many requests to start watching from your network; try again in a minute"},
        "60",
    )
    # One row per join that was let in; the refused ones left none.
    assert len(sessions) == 4
    assert sorted(s["end_reason"] or "" for s in sessions) == ["", "", "", "left"]
