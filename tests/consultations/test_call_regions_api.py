"""Through the app's call routes, with stand-ins for each media node's Janus: a viewer who asks
from Germany gets the call's room on the eu edge, and both sides publish and watch there;
when eu goes down mid-call each side's heartbeat says its publisher is gone, and both meet on the
origin. A region nobody configured is refused before anything is kept."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.consultations.models import Consultation
from crosslive.db import transaction
from crosslive.media.calls import CALL_ROOM_BASE, CallRooms
from crosslive.media.lifespan import calls_of
from crosslive.media.regions import Regions
from crosslive.settings import Settings
from crosslive.state import state_of
from tests.consultations.helpers import ask, asked
from tests.factories import Shop
from tests.media.fake_nodes import OFFER, janus_of, nodes_with

H = "/api/v1/host/consultations"
GERMAN = {"Accept-Language": "de-DE,de;q=0.9"}


def _with_nodes(
    client: TestClient, settings: Settings, session_factory: sessionmaker[Session]
) -> Regions:
    regions, calls = nodes_with(settings, session_factory)
    state = state_of(client.app)
    state.provide(Regions, regions)
    state.provide(CallRooms, calls)
    return regions


def _bearer(token: str, sdp: bool = False) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {token}"}
    return headers | {"Content-Type": "application/sdp"} if sdp else headers


def _publish(client: TestClient, call: int, token: str) -> str:
    response = client.post(
        f"/api/v1/calls/{call}/publish", content=OFFER, headers=_bearer(token, True)
    )
    assert response.status_code == 201, response.text
    return response.text


def _watch(client: TestClient, call: int, token: str) -> str:
    response = client.post(f"/api/v1/calls/{call}/watch", headers=_bearer(token))
    assert response.status_code == 201, response.text
    answered = client.patch(
        response.headers["Location"], content="v=0 answer", headers=_bearer(token, True)
    )
    assert answered.status_code == 204, answered.text
    return response.text


def _ping(client: TestClient, call: int, token: str) -> dict[str, object]:
    response = client.post(f"/api/v1/calls/{call}/ping", headers=_bearer(token))
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def _viewer_pass(client: TestClient, call: int) -> str:
    joined = client.post(f"/api/v1/live/consultations/{call}/join")
    assert joined.status_code == 200, joined.text
    token: str = joined.json()["token"]
    return token


def test_a_viewer_in_germany_talks_on_the_eu_edge_and_both_move_up_when_it_goes_down(
    app_client: TestClient,
    settings: Settings,
    session_factory: sessionmaker[Session],
    shop: Shop,
    hosts: dict[str, dict[str, str]],
) -> None:
    regions = _with_nodes(app_client, settings, session_factory)
    eu, origin = janus_of(regions, "eu"), janus_of(regions, "origin")
    app_client.headers.update(GERMAN)
    call = asked(app_client, shop, market="")  # the browser's languages say Germany
    with transaction(session_factory) as db:
        assert db.get(Consultation, call).region == "eu"  # type: ignore[union-attr]
    taken = app_client.post(f"{H}/{call}/accept", headers=hosts["hana"])
    assert taken.status_code == 200, taken.text
    host, viewer = taken.json()["token"], _viewer_pass(app_client, call)

    # The host joins first; the room is on the viewer's node all the same.
    assert _publish(app_client, call, host) == "answer from eu"
    assert _publish(app_client, call, viewer) == "answer from eu"
    assert _watch(app_client, call, viewer) == "offer from eu"
    assert _watch(app_client, call, host) == "offer from eu"
    assert _ping(app_client, call, host) == {"publishing": True, "watching": True}
    assert _ping(app_client, call, viewer) == {"publishing": True, "watching": True}
    assert calls_of(app_client.app).placed(call) == "eu"  # type: ignore[union-attr]
    assert origin.requests == [] and janus_of(regions, "us").requests == []

    regions.edges["eu"].up = False  # eu dies mid-call: both heartbeats say join again
    gone = {"publishing": False, "watching": False}
    assert _ping(app_client, call, host) == _ping(app_client, call, viewer) == gone
    viewer = _viewer_pass(app_client, call)  # a fresh pass; the last one dies
    assert _publish(app_client, call, viewer) == "answer from origin"
    assert _ping(app_client, call, viewer) == {"publishing": True, "watching": False}
    assert _ping(app_client, call, host) == gone  # its publisher is in the dead node's room
    again = app_client.post(f"{H}/{call}/join", headers=hosts["hana"])
    assert again.status_code == 200, again.text
    host = again.json()["token"]
    assert _publish(app_client, call, host) == "answer from origin"
    assert _watch(app_client, call, host) == "offer from origin"
    assert _ping(app_client, call, host) == {"publishing": True, "watching": True}
    assert calls_of(app_client.app).placed(call) == "origin"  # type: ignore[union-attr]

    hung = app_client.post(f"{H}/{call}/hangup", headers=hosts["hana"])
    assert hung.status_code == 204
    room = CALL_ROOM_BASE + call
    assert [r["room"] for r in eu.asked("create")] == [room]
    assert [(r["display"], r["room"]) for r in eu.asked("joinandconfigure")] == [
        ("host", room),
        ("viewer", room),
    ]
    assert [r["display"] for r in origin.asked("joinandconfigure")] == ["viewer", "host"]
    assert [r["room"] for r in origin.asked("destroy")] == [room]
    assert eu.asked("destroy") == []  # still down: not waited for
    assert _ping_status(app_client, call, host) == 401


def _ping_status(client: TestClient, call: int, token: str) -> int:
    return client.post(f"/api/v1/calls/{call}/ping", headers=_bearer(token)).status_code


def test_a_region_named_outright_wins_and_an_unknown_one_is_refused(
    app_client: TestClient,
    other_viewer: TestClient,
    settings: Settings,
    session_factory: sessionmaker[Session],
    shop: Shop,
) -> None:
    _with_nodes(app_client, settings, session_factory)
    refused = ask(app_client, shop, region="mars")
    assert refused.status_code == 404, refused.text
    with transaction(session_factory) as db:
        assert db.scalar(select(func.count()).select_from(Consultation)) == 0
    other_viewer.headers.update(GERMAN)
    call = asked(other_viewer, shop, region="us")
    bad_country = ask(app_client, shop, country="DEU")
    assert bad_country.status_code == 422
    by_market = asked(app_client, shop, market="US")  # the US market is the us region's
    with transaction(session_factory) as db:
        regions = {row.id: row.region for row in db.scalars(select(Consultation)).all()}
    assert regions == {call: "us", by_market: "us"}
