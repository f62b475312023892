"""The viewer API beside an edge, against a stand-in for the edge's Janus and the origin:
a viewer with the origin's pass answers, trickles and leaves there (the leave reaches the
origin too); without a valid pass, from another site or too often, nothing reaches Janus."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest

from crosslive.media import edge_token
from crosslive.media.edge_api import EdgeApiConfig, EdgeApiConfigError, create_edge_app
from crosslive.web.headers import PagePolicy

SECRET = "k" * 40
STORE = "https://shop.example"
SDP = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n"


class FakeJanusAndOrigin:
    """Records what reaches the edge's Janus (and the origin); `down` makes Janus unreachable."""

    def __init__(self) -> None:
        self.janus: list[tuple[str, dict[str, Any]]] = []
        self.origin: list[tuple[str, str]] = []
        self.down = False

    def handler(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == "origin.test":
            self.origin.append((request.method, request.url.path))
            return httpx.Response(204)
        if self.down:
            raise httpx.ConnectError("refused")
        if request.url.path.endswith("/info"):
            return httpx.Response(200, json={"janus": "server_info"})
        body = json.loads(request.content)
        self.janus.append((request.url.path, body))
        if body.get("apisecret") != "janus-secret":
            return httpx.Response(200, json={"janus": "error", "error": {"code": 403}})
        return httpx.Response(200, json={"janus": "ack"})


def config(**changes: Any) -> EdgeApiConfig:
    fields: dict[str, Any] = {
        "edge": "eu",
        "janus_url": "http://janus.test/janus",
        "janus_secret": "janus-secret",
        "secret": SECRET,
        "origin_url": "http://origin.test",
        "allowed_origins": (STORE,),
        "rate_per_minute": 100,
    }
    return EdgeApiConfig(**(fields | changes))


def a_pass(viewer: str = "v1", edge: str = "eu", ttl_s: float = 60.0) -> str:
    return edge_token.issue(
        SECRET, show=7, viewer=viewer, edge=edge, session=11, handle=22, ttl_s=ttl_s
    )


def run(fake: FakeJanusAndOrigin, work: Any, **changes: Any) -> Any:
    async def scenario() -> Any:
        janus_http = httpx.AsyncClient(transport=httpx.MockTransport(fake.handler))
        app = create_edge_app(config(**changes), janus_http)
        transport = httpx.ASGITransport(app=app, client=("10.1.0.5", 5000))
        async with httpx.AsyncClient(transport=transport, base_url="http://edge") as client:
            result = await work(client)
        await app.state.edge_api.drain()
        return result

    return asyncio.run(scenario())


def post(client: httpx.AsyncClient, path: str, body: dict[str, Any], origin: str = STORE) -> Any:
    # As the player sends it: text/plain (no CORS preflight), the pass in the body.
    headers = {"Content-Type": "text/plain;charset=UTF-8", "Origin": origin}
    return client.post(path, content=json.dumps(body), headers=headers)


def test_answer_candidates_and_leave_reach_the_edges_janus_with_a_valid_pass() -> None:
    fake = FakeJanusAndOrigin()

    async def work(client: httpx.AsyncClient) -> list[httpx.Response]:
        token = a_pass()
        return [
            await post(client, "/viewers/v1/answer", {"token": token, "sdp": SDP}),
            await post(
                client,
                "/viewers/v1/candidates",
                {
                    "token": token,
                    "candidates": [
                        {"candidate": "candidate:1 1 udp 1 10.0.0.1 5 typ host", "sdpMid": "0"},
                        None,
                    ],
                },
            ),
            await post(client, "/viewers/v1/leave", {"token": token}),
        ]

    answered, trickled, left = run(fake, work)
    assert [r.status_code for r in (answered, trickled, left)] == [204, 204, 204]
    assert answered.headers["access-control-allow-origin"] == STORE
    paths = {path for path, _ in fake.janus}
    assert paths == {"/janus/11/22"}  # the handle the pass names, on this edge's Janus
    kinds = [body["janus"] for _, body in fake.janus]
    assert kinds == ["message", "trickle", "detach"]
    start = fake.janus[0][1]
    assert start["body"] == {"request": "start"} and start["jsep"] == {"type": "answer", "sdp": SDP}
    assert fake.janus[1][1]["candidates"][1] == {"completed": True}
    # The origin learns the session ended (its records, the viewer's seat).
    assert fake.origin == [("DELETE", "/api/v1/media/viewers/v1")]


@pytest.mark.parametrize(
    ("path", "token"),
    [
        ("/viewers/v1/answer", ""),
        ("/viewers/v1/answer", a_pass(edge="us")),  # another edge's pass
        ("/viewers/v2/answer", a_pass(viewer="v1")),  # another viewer's pass
        ("/viewers/v1/answer", a_pass(ttl_s=-1)),  # expired
        ("/viewers/v1/answer", a_pass()[:-3] + "AAA"),  # forged
        ("/viewers/v1/leave", a_pass(edge="us")),
    ],
)
def test_without_a_valid_pass_nothing_reaches_janus(path: str, token: str) -> None:
    fake = FakeJanusAndOrigin()

    async def work(client: httpx.AsyncClient) -> httpx.Response:
        return await post(client, path, {"token": token, "sdp": SDP})

    response = run(fake, work)
    assert response.status_code == 401
    assert fake.janus == [] and fake.origin == []


def test_another_site_bad_bodies_and_floods_are_refused() -> None:
    fake = FakeJanusAndOrigin()

    async def work(client: httpx.AsyncClient) -> list[int]:
        token = a_pass()
        codes = [
            (
                await post(
                    client,
                    "/viewers/v1/answer",
                    {"token": token, "sdp": SDP},
                    "https://evil.example",
                )
            ).status_code,
            (
                await post(client, "/viewers/v1/answer", {"token": token, "sdp": "hello"})
            ).status_code,
            (
                await post(client, "/viewers/v1/candidates", {"token": token, "candidates": []})
            ).status_code,
            (
                await client.post(
                    "/viewers/v1/answer", content=b"{not json", headers={"Origin": STORE}
                )
            ).status_code,
        ]
        preflight = await client.options(
            "/viewers/v1/answer",
            headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
        )
        assert "access-control-allow-origin" not in preflight.headers
        for _ in range(3):
            codes.append((await post(client, "/viewers/v1/leave", {"token": token})).status_code)
        return codes

    codes = run(fake, work, rate_per_minute=5)  # the 403 is not counted
    assert codes == [403, 422, 422, 422, 204, 204, 429]
    assert [body["janus"] for _, body in fake.janus] == ["detach", "detach"]


def test_a_dead_janus_is_a_503_and_health_says_so() -> None:
    fake = FakeJanusAndOrigin()
    fake.down = True

    async def work(client: httpx.AsyncClient) -> tuple[int, int]:
        answered = await post(client, "/viewers/v1/answer", {"token": a_pass(), "sdp": SDP})
        health = await client.get("/health")
        return answered.status_code, health.status_code

    assert run(fake, work) == (503, 503)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"secret": ""}, "CROSSLIVE_MEDIA_EDGE_API_SECRET"),
        ({"secret": "short"}, "too short"),
        ({"allowed_origins": ()}, "no store origins"),
        ({"allowed_origins": ("*",)}, "never '\\*'"),
        ({"janus_url": "janus:8088"}, "not a Janus API URL"),
        ({"origin_url": ""}, "not the origin app's URL"),
        ({"edge": ""}, "name the edge"),
    ],
)
def test_a_bad_configuration_stops_it_with_a_clear_message(
    changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(EdgeApiConfigError, match=message):
        create_edge_app(config(**changes))


def test_the_pages_may_call_the_configured_edge_apis_only() -> None:
    policy = PagePolicy([], ["https://eu-edge.example/edge", "http://10.97.1.1:8090"])
    scope: Any = {"type": "http", "headers": [(b"host", b"shop.example")], "scheme": "https"}
    [connect] = [d for d in policy.header(scope).split("; ") if d.startswith("connect-src")]
    assert connect == (
        "connect-src 'self' wss://shop.example http://10.97.1.1:8090 https://eu-edge.example"
    )
    assert "connect-src 'self' wss://shop.example;" in PagePolicy([]).header(scope) + ";"
