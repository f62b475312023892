"""`crosslive demo`'s media regions: an edge Janus per region (eu, us, ap) beside the origin,
each with the viewer API beside it on a port of its own and a secret made for the run. Each
edge API answers /health for its own edge, refuses a forged pass or one made for another edge,
and hands a true pass's request to its edge's Janus with that Janus's current API secret, also
after the edge's Janus was killed and started again with a new one."""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient

from crosslive.app import create_app
from crosslive.demo.regions import demo_media_settings, region_lines
from crosslive.media import edge_token
from crosslive.media.edges import EdgeNode
from crosslive.media.lifespan import regions_of
from crosslive.settings import Settings
from crosslive.state import state_of

STORE = "http://127.0.0.1:8000"
EDGES = ["eu", "us", "ap"]

needs_janus = pytest.mark.skipif(not Path("/usr/bin/janus").exists(), reason="needs Janus")


def _demo(settings: Settings) -> Settings:
    return demo_media_settings(
        settings.model_copy(update={"media_enabled": True, "captions_enabled": False})
    )


def test_the_demo_runs_an_edge_per_region_each_with_its_viewer_api(settings: Settings) -> None:
    demo = _demo(settings)
    assert [(s.name, s.upstream, s.url) for s in demo.media_node_specs] == [
        ("origin", "", ""),
        ("eu", "origin", ""),
        ("us", "origin", ""),
        ("ap", "origin", ""),
    ]
    apis = demo.media_edge_api_map
    assert sorted(apis) == sorted(EDGES)
    assert all(url.startswith("http://127.0.0.1:") for url in apis.values())
    assert len(set(apis.values())) == 3
    assert len(demo.media_edge_api_secret) >= edge_token.MIN_SECRET_CHARS
    regions = demo.media_region_map
    assert (regions["EU"], regions["DE"], regions["US"], regions["JP"], regions["KR"]) == (
        "eu", "eu", "us", "ap", "ap",
    )  # fmt: skip
    lines = region_lines(demo)
    assert lines[0] == "  Media:  origin + edges " + ", ".join(
        f"{name} (viewer API {apis[name]})" for name in EDGES
    )
    # A second run makes a secret of its own; without live video nothing changes.
    assert _demo(settings).media_edge_api_secret != demo.media_edge_api_secret
    assert demo_media_settings(settings) is settings
    assert region_lines(settings) == []


def test_nodes_the_operator_configured_are_kept_and_their_child_edges_get_an_api(
    settings: Settings,
) -> None:
    own = settings.model_copy(
        update={
            "media_enabled": True,
            "media_nodes": "origin; eu<origin; us<origin@http://10.8.0.3:8088/janus",
            "media_regions": "DE=eu",
        }
    )
    demo = demo_media_settings(own)
    assert demo.media_nodes == own.media_nodes
    assert demo.media_region_map == {"DE": "eu"}
    # Only the child edge: a remote edge's viewer API runs on its own machine.
    assert list(demo.media_edge_api_map) == ["eu"]


def _wait(check: Callable[[], Any], what: str, timeout: float = 90.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _janus_handle(edge: EdgeNode) -> tuple[int, int]:
    """A session and VideoRoom handle opened on EDGE's Janus now (as the origin's app opens
    a viewer's), with that Janus's current API secret."""
    assert edge.supervisor is not None and edge.supervisor.layout is not None
    base, secret = edge.supervisor.layout.base_url, edge.supervisor.layout.api_secret

    def call(url: str, body: dict[str, Any]) -> int:
        body |= {"transaction": secrets.token_hex(6), "apisecret": secret}
        reply = httpx.post(url, json=body, timeout=10).json()
        return int(reply["data"]["id"])

    session = call(base, {"janus": "create"})
    attach = {"janus": "attach", "plugin": "janus.plugin.videoroom"}
    return session, call(f"{base}/{session}", attach)


def _handle_when_listening(edge: EdgeNode) -> tuple[int, int] | None:
    """A session and handle on EDGE's Janus, or None while its HTTP transport is not yet
    listening: the supervisor records the new pid as it starts Janus, and the edge's own
    client can still read as alive until its next long poll finds the old session gone."""
    try:
        return _janus_handle(edge)
    except httpx.ConnectError:
        return None


def _post(url: str, body: dict[str, Any], origin: str = STORE) -> httpx.Response:
    # As the player sends it: text/plain (no CORS preflight), the pass in the body.
    headers = {"Content-Type": "text/plain;charset=UTF-8", "Origin": origin}
    return httpx.post(url, content=json.dumps(body), headers=headers, timeout=10)


def _port_free(url: str) -> bool:
    where = urlsplit(url)
    with socket.socket() as sock:
        try:
            sock.bind((where.hostname or "", where.port or 0))
        except OSError:
            return False
    return True


@pytest.fixture
def demo_app(settings: Settings) -> Iterator[tuple[Settings, Any]]:
    if os.environ.get("CROSSLIVE_TEST_DATABASE_URL"):
        pytest.skip("starts four Janus processes; the database plays no part")
    demo = _demo(settings)
    app = create_app(demo)
    with TestClient(app):
        assert not any(_port_free(url) for url in demo.media_edge_api_map.values())
        yield demo, app
    state_of(app).engine.dispose()
    # The edge APIs stopped with the app.
    assert all(_port_free(url) for url in demo.media_edge_api_map.values())


@needs_janus
def test_each_demo_edge_answers_through_its_own_viewer_api(
    demo_app: tuple[Settings, Any],
) -> None:
    demo, app = demo_app
    regions = regions_of(app)
    assert regions is not None
    _wait(lambda: all(edge.up for edge in regions.edges.values()), "every edge up")
    secret = demo.media_edge_api_secret
    for name, url in demo.media_edge_api_map.items():
        health = httpx.get(f"{url}/health", timeout=10)
        assert (health.status_code, health.json()) == (200, {"edge": name, "janus": True})
        session, handle = _janus_handle(regions.edges[name])
        body = {"candidates": [{"completed": True}]}
        fields: dict[str, Any] = {"show": 1, "viewer": "v1", "session": session, "handle": handle}
        forged = edge_token.issue("f" * 40, edge=name, **fields)
        elsewhere = edge_token.issue(secret, edge="us" if name != "us" else "eu", **fields)
        for token in (forged, elsewhere):
            refused = _post(f"{url}/viewers/v1/candidates", body | {"token": token})
            assert (refused.status_code, refused.json()) == (401, {"detail": edge_token.REFUSED})
        good = edge_token.issue(secret, edge=name, **fields)
        other_site = _post(
            f"{url}/viewers/v1/candidates", body | {"token": good}, "https://x.example"
        )
        assert other_site.status_code == 403
        # The true pass reaches this edge's Janus, with its API secret (a wrong one: 403 there,
        # and 400 here).
        taken = _post(f"{url}/viewers/v1/candidates", body | {"token": good})
        assert taken.status_code == 204, taken.text

    # The eu edge's Janus killed: its supervisor starts a new one with a new API secret, and
    # the edge API beside it follows.
    eu = regions.edges["eu"]
    assert eu.supervisor is not None and eu.supervisor.layout is not None
    old_secret, old_pid = eu.supervisor.layout.api_secret, eu.supervisor.pid
    assert old_pid is not None
    os.kill(old_pid, signal.SIGKILL)
    _wait(
        lambda: (
            eu.supervisor is not None
            and eu.supervisor.pid not in (None, old_pid)
            and eu.up
            and eu.session_alive()
        ),
        "the eu edge back with a new Janus",
    )
    assert eu.supervisor.layout is not None and eu.supervisor.layout.api_secret != old_secret
    url = demo.media_edge_api_map["eu"]
    session, handle = _wait(lambda: _handle_when_listening(eu), "the new Janus's HTTP transport")
    good = edge_token.issue(secret, show=1, viewer="v2", edge="eu", session=session, handle=handle)
    taken = _post(f"{url}/viewers/v2/candidates", {"candidates": [None], "token": good})
    assert taken.status_code == 204, taken.text
