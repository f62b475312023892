"""A publisher's offer sent to the VideoRoom (a show's WHIP publish and a call's side): the
answer comes back with the feed's reply; a refused offer or a reply without an answer detaches
the handle and says why. A stand-in Janus client answers (the network edge)."""

from __future__ import annotations

from typing import Any, cast

import pytest

from crosslive.errors import InvalidInput
from crosslive.media.errors import MediaUnavailable
from crosslive.media.janus_client import JanusClient, JanusError
from crosslive.media.videoroom import join_publisher
from tests.media.conftest import run_async

BODY = {"request": "joinandconfigure", "ptype": "publisher", "room": 3, "display": "host-1"}
OFFER = "v=0 an offer\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n"
Reply = tuple[dict[str, Any], dict[str, Any] | None]


class StandIn:
    """Replies to `message` with REPLY (or raises it); records what was sent and detached."""

    def __init__(self, reply: Reply | JanusError) -> None:
        self.reply = reply
        self.sent: list[tuple[int, dict[str, Any], dict[str, Any] | None]] = []
        self.detached: list[int] = []

    async def message(
        self, handle_id: int, body: dict[str, Any], jsep: dict[str, Any] | None = None
    ) -> Reply:
        self.sent.append((handle_id, body, jsep))
        if isinstance(self.reply, JanusError):
            raise self.reply
        return self.reply

    async def detach(self, handle_id: int) -> None:
        self.detached.append(handle_id)


def _join(janus: StandIn) -> tuple[dict[str, Any], str]:
    out: list[tuple[dict[str, Any], str]] = []

    async def join() -> None:
        out.append(await join_publisher(cast(JanusClient, janus), 7, BODY, OFFER))

    run_async(join)
    return out[0]


def test_the_offer_goes_out_whole_and_the_answer_comes_back_with_the_feed() -> None:
    janus = StandIn(({"id": 42, "streams": [{"mid": "0"}]}, {"type": "answer", "sdp": "v=0 yes"}))
    assert _join(janus) == ({"id": 42, "streams": [{"mid": "0"}]}, "v=0 yes")
    assert janus.sent == [(7, BODY, {"type": "offer", "sdp": OFFER, "trickle": False})]
    assert janus.detached == []


def test_a_refused_offer_detaches_the_handle_and_says_why() -> None:
    janus = StandIn(JanusError("Invalid element type", 433))
    with pytest.raises(InvalidInput) as refused:
        _join(janus)
    assert refused.value.message == "the media server refused the offer (Invalid element type)"
    assert janus.detached == [7]


@pytest.mark.parametrize(
    "reply", [({"id": 42}, None), ({"configured": "ok"}, {"type": "answer", "sdp": "v=0"})]
)
def test_a_reply_without_an_answer_or_a_feed_detaches_the_handle(reply: Reply) -> None:
    janus = StandIn(reply)
    with pytest.raises(MediaUnavailable) as missing:
        _join(janus)
    assert missing.value.message == "the media server sent no answer"
    assert janus.detached == [7]
