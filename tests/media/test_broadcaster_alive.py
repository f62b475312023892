"""crosslive's WHIP client (the demo broadcaster) asks the app, while on the air, whether it
still has its publish: the app forgets every publisher when Janus restarts, so a 404 there
sends it to publish again without waiting for Janus's receiver reports to stop; a 409 (a newer
publish of the same host) ends it too; an app that does not answer (restarting) or still has
the publish keeps it on the air."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from crosslive.media.publishers import broadcaster

LOCATION = "http://app.test/whip/spring-drop/res-1"


def _watch(answers: list[int | None], monkeypatch: pytest.MonkeyPatch) -> tuple[bool, list[str]]:
    """Runs the watch against an app answering ANSWERS in turn (None: no connection), then
    200; returns whether it ended and the requests it made."""
    monkeypatch.setattr(broadcaster, "ALIVE_EVERY_S", 0.001)
    seen: list[str] = []

    def app(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.method} {request.url} {request.headers['authorization']}")
        status = answers.pop(0) if answers else 200
        if status is None:
            raise httpx.ConnectError("refused")
        return httpx.Response(status)

    async def scenario() -> bool:
        async with httpx.AsyncClient(transport=httpx.MockTransport(app)) as http:
            watch = broadcaster._server_forgot(http, LOCATION, {"Authorization": "Bearer t"})
            try:
                await asyncio.wait_for(watch, 0.5)
            except TimeoutError:
                return False
            return True

    return asyncio.run(scenario()), seen


@pytest.mark.parametrize("gone", [404, 409])
def test_a_publish_the_app_no_longer_has_is_left_at_once(
    gone: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    ended, seen = _watch([200, None, 200, gone], monkeypatch)
    assert ended
    assert seen == [f"POST {LOCATION}/alive Bearer t"] * 4


def test_a_publish_the_app_still_has_or_an_app_not_answering_stays_on_the_air(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ended, seen = _watch([None, None, 503], monkeypatch)
    assert not ended
    assert len(seen) > 3
    assert set(seen) == {f"POST {LOCATION}/alive Bearer t"}
