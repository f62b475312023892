"""Translated chat in the hub: one frame per language present, each viewer gets theirs."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction
from crosslive.events import hub as hub_module
from crosslive.events import service as events_service
from crosslive.events.brokers import MemoryBroker, RedisBroker
from crosslive.events.hub import Hub
from crosslive.events.languages import lacks, localise, with_translation
from tests.chat.factories import Room
from tests.events.test_hub import REDIS_URL, Transport, _viewer

EVENT: dict[str, Any] = {
    "id": 4,
    "kind": "message",
    "data": {
        "message_id": 9,
        "body": "Ist die Tasche wasserdicht?",
        "lang": "de",
        "translations": {"ja": "そのバッグは防水ですか？", "ko": None},
    },
}


def _data(frame: bytes) -> dict[str, Any]:
    start = 4 if frame[1] == 126 else 2  # the header: 2 bytes, 4 with a 16-bit length
    payload: dict[str, Any] = json.loads(frame[start:])
    return payload["data"]


def test_localise_keeps_the_original_and_adds_only_the_readers_language() -> None:
    original = {"message_id": 9, "body": "Ist die Tasche wasserdicht?", "lang": "de"}
    assert localise(EVENT, "ja")["data"] == {
        **original,
        "translation": {"lang": "ja", "body": "そのバッグは防水ですか？"},
    }
    assert localise(EVENT, "ko")["data"] == {
        **original,
        "translation": {"lang": "ko", "unavailable": True},
    }
    # A reader of a language nobody translated into (joined later): the original, said so.
    assert localise(EVENT, "fr")["data"]["translation"] == {"lang": "fr", "unavailable": True}
    assert localise(EVENT, "de")["data"] == original
    assert localise(EVENT, None)["data"] == original
    plain = {"id": 5, "kind": "pinned", "data": {"product_id": 1}}
    assert localise(plain, "ja") is plain


async def test_each_language_gets_its_frame_built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[dict[str, Any]] = []
    real = hub_module.encode_event

    def counting(event: dict[str, Any]) -> bytes:
        built.append(event)
        return real(event)

    hub = Hub(MemoryBroker(), heartbeat_seconds=60, idle_seconds=60)
    readers = {"ja": 3, "de": 2, "ko": 1, None: 2}
    transports: dict[str | None, list[Transport]] = {}
    async with hub.running():
        for language, count in readers.items():
            for _ in range(count):
                transport = Transport()
                sub = _viewer(transport)
                sub.language = language
                await hub.join(1, sub)
                hub.go_live(sub, 0)
                transports.setdefault(language, []).append(transport)
        assert await hub.room_languages(1, ("de", "ja", "ko", "fr")) == {"de", "ja", "ko"}
        monkeypatch.setattr(hub_module, "encode_event", counting)
        await hub.publish(1, EVENT)
    # One encoding to publish, then one per language present (None included): not per viewer.
    assert len(built) == 1 + len(readers)
    assert hub.delivered == 8
    for language, group in transports.items():
        frames = [t.frames for t in group]
        assert all(f == frames[0] for f in frames) and len(frames[0]) == 1
        data = _data(frames[0][0])
        assert "translations" not in data
        assert data == localise(EVENT, language)["data"]


async def test_the_rooms_languages_span_every_process_sharing_redis() -> None:
    prefix = f"test-{uuid.uuid4().hex}:"
    first = Hub(RedisBroker(REDIS_URL, prefix=prefix), heartbeat_seconds=60, idle_seconds=60)
    second = Hub(RedisBroker(REDIS_URL, prefix=prefix), heartbeat_seconds=60, idle_seconds=60)
    async with first.running(), second.running():
        here, there = _viewer(Transport()), _viewer(Transport())
        here.language, there.language = "de", "ja"
        await first.join(7, here)
        await second.join(7, there)
        await first.report_audience()
        await second.report_audience()
        candidates = ("de", "fr", "ja", "ko")
        assert await first.room_languages(7, candidates) == {"de", "ja"}
        assert await second.room_languages(7, candidates) == {"de", "ja"}
        assert await first.audience(7) == 2  # languages are not counted as viewers
        await second.leave(7, there)  # reported as zero, not left to go stale
        await second.report_audience()
        assert await first.room_languages(7, candidates) == {"de"}


def test_only_a_translated_event_without_the_language_lacks_it() -> None:
    assert lacks(EVENT, "fr")
    assert not lacks(EVENT, "ja") and not lacks(EVENT, "ko")  # ko: tried when it was posted
    assert not lacks(EVENT, "de")  # the original's language
    assert not lacks({"id": 5, "kind": "message", "data": {"body": "hi"}}, "fr")
    filled = with_translation(EVENT, "fr", "Le sac est-il étanche ?")
    assert localise(filled, "fr")["data"]["translation"] == {
        "lang": "fr",
        "body": "Le sac est-il étanche ?",
    }
    assert "fr" not in EVENT["data"]["translations"]  # the backlog's copy is left alone


def test_a_late_translation_is_kept_unless_the_event_changed(
    session_factory: sessionmaker[Session], room: Room
) -> None:
    data = {"body": "Hi there", "lang": "en", "translations": {"ja": "こんにちは"}}
    with transaction(session_factory) as db:
        kept = events_service.record(db, room.show_id, "message", data)
        gone = events_service.record(db, room.show_id, "message", data)
        events_service.scrub(db, gone["id"], {"message_id": 1, "deleted": True})
    with transaction(session_factory) as db:
        events_service.add_translation(db, kept["id"], "de", "Hallo", "Hi there")
        events_service.add_translation(db, kept["id"], "de", "Servus", "Hi there")  # has de
        events_service.add_translation(db, gone["id"], "de", "Hallo", "Hi there")
    with transaction(session_factory) as db:
        assert events_service.payload_of(db, kept["id"])["translations"] == {
            "ja": "こんにちは",
            "de": "Hallo",
        }
        assert events_service.payload_of(db, gone["id"]) == {"message_id": 1, "deleted": True}
