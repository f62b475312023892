"""A caption reaches the show's viewers over the event log, each in their language (through
the translation provider) or the host's; it is kept with the show, and the show's transcript
comes out as WebVTT. The host's switch stops them and tells the pages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from crosslive.app import create_app
from crosslive.captions import service
from crosslive.captions.audio import Phrase
from crosslive.captions.live import LiveCaptions, post_caption
from crosslive.db import transaction
from crosslive.settings import Settings
from crosslive.shows.models import Show, ShowState
from crosslive.state import state_of
from tests.chat.factories import Room, bearer
from tests.chat.test_chat_api import _receive_until
from tests.conftest import keeps_viewer_identity
from tests.translation.libretranslate_server import LibreTranslateStub


@pytest.fixture
def client(settings: Settings, libretranslate: LibreTranslateStub) -> Iterator[TestClient]:
    translated = settings.model_copy(
        update={"translation_provider": "libretranslate", "translation_url": libretranslate.url}
    )
    app = create_app(translated)
    with TestClient(app) as test_client:
        yield keeps_viewer_identity(test_client)
    state_of(app).engine.dispose()


@pytest.fixture
def live_room(room: Room, session_factory: sessionmaker[Session]) -> Room:
    with transaction(session_factory) as db:
        show = db.get(Show, room.show_id)
        assert show is not None
        show.state = ShowState.LIVE
        show.started_at = datetime.now(UTC) - timedelta(seconds=60)
    return room


def _say(client: TestClient, room: Room, text: str, lang: str = "en") -> Any:
    ended = datetime.now(UTC)
    portal = client.portal
    assert portal is not None
    return portal.call(post_caption, client.app, room.show_id, text, lang, ended, 2.5)


def test_a_caption_reaches_each_viewer_in_their_language_and_is_kept(
    client: TestClient,
    live_room: Room,
    libretranslate: LibreTranslateStub,
    session_factory: sessionmaker[Session],
) -> None:
    path = f"/live/{live_room.slug}/ws"
    with (
        client.websocket_connect(f"{path}?lang=en") as en,
        client.websocket_connect(f"{path}?lang=ja") as ja,
    ):
        sent = _say(client, live_room, "This linen shirt is only thirty nine dollars.")
        assert sent is not None
        to_en = _receive_until(en, "caption")["data"]
        to_ja = _receive_until(ja, "caption")["data"]
    assert to_en["body"] == "This linen shirt is only thirty nine dollars."
    assert to_en["lang"] == "en" and "translation" not in to_en
    assert to_ja["body"] == to_en["body"]
    assert to_ja["translation"]["lang"] == "ja"
    assert to_ja["translation"]["body"]  # the provider's Japanese
    assert any(r["target"] == "ja" for r in libretranslate.requests)
    # Timed against the show: it ended about 60 s after the show went live, after 2.5 s.
    assert 59_000 <= to_en["end_ms"] <= 70_000
    assert to_en["end_ms"] - to_en["start_ms"] == 2500
    with transaction(session_factory) as db:
        [line] = service.transcript(db, live_room.show_id)
        assert (line.text, line.lang, line.end_ms) == (to_en["body"], "en", to_en["end_ms"])
        # The Japanese viewers' line is kept too, for the replay's Japanese track.
        assert service.kept_languages(db, live_room.show_id) == ["en", "ja"]
        assert service.transcript_in(db, live_room.show_id, "ja") == [
            (line.start_ms, line.end_ms, to_ja["translation"]["body"])
        ]
        assert service.transcript_in(db, live_room.show_id, "de") == []


def test_the_transcript_is_webvtt_for_replays(
    client: TestClient, live_room: Room, session_factory: sessionmaker[Session]
) -> None:
    _say(client, live_room, "First <b>line</b> & more")
    _say(client, live_room, "Second line")
    with transaction(session_factory) as db:
        vtt = service.webvtt(db, live_room.show_id)
        later = service.webvtt(db, live_room.show_id, offset_ms=1_000_000)
    lines = vtt.splitlines()
    assert lines[0] == "WEBVTT"
    assert "First &lt;b&gt;line&lt;/b&gt; &amp; more" in lines
    assert "Second line" in lines
    cues = [line for line in lines if " --> " in line]
    assert len(cues) == 2
    assert cues[0].startswith("00:00:5") or cues[0].startswith("00:01:")
    assert later.strip() == "WEBVTT"  # a replay starting after every line has no cue
    host = bearer(client, live_room.host_email)
    response = client.get(f"/api/v1/host/{live_room.slug}/captions.vtt", headers=host)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/vtt")
    assert response.text == vtt


def test_the_host_switches_captions_off_and_the_pages_are_told(
    client: TestClient, live_room: Room, session_factory: sessionmaker[Session]
) -> None:
    host = bearer(client, live_room.host_email)
    url = f"/api/v1/host/{live_room.slug}/captions"
    assert client.get(url, headers=host).json() == {"enabled": True, "available": False}
    with client.websocket_connect(f"/live/{live_room.slug}/ws") as page:
        response = client.put(url, json={"enabled": False}, headers=host)
        assert response.status_code == 200, response.text
        assert _receive_until(page, "captions")["data"] == {"enabled": False}
    assert _say(client, live_room, "Nobody reads this") is None
    with transaction(session_factory) as db:
        assert service.transcript(db, live_room.show_id) == []
    other = bearer(client, live_room.other_host_email)  # a host of the store, not the show
    assert client.put(url, json={"enabled": True}, headers=other).status_code == 403
    assert client.get(url, headers=host).json()["enabled"] is False


def test_dropped_audio_is_told_to_the_console_at_most_every_few_seconds(
    client: TestClient, live_room: Room
) -> None:
    captions = LiveCaptions(client.app, None)
    phrase = Phrase(live_room.show_id, np.zeros(1600, np.float32), 0.0, 3.2)
    portal = client.portal
    assert portal is not None
    with client.websocket_connect(f"/live/{live_room.slug}/ws") as console:
        portal.call(captions.tell_behind, phrase, "queue full")
        portal.call(captions.tell_behind, phrase, "too late")  # within 5 s: not again
        portal.call(post_caption, client.app, live_room.show_id, "After", "en",
                    datetime.now(UTC), 1.0)  # fmt: skip
        behind = _receive_until(console, "captions_behind")
        assert behind["data"] == {"dropped_ms": 3200, "why": "queue full"}
        kinds = []
        while not kinds or kinds[-1] != "caption":
            kinds.append(console.receive_json()["kind"])
        assert "captions_behind" not in kinds  # no second notice before the caption
