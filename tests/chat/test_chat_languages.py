"""Chat across languages through the API: each viewer reads a message in their language,
translated once per language in the room, with the original alongside; the host's replies
too. Translation goes through the LibreTranslate-protocol test server."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from crosslive.app import create_app
from crosslive.settings import Settings
from crosslive.state import state_of
from tests.chat.factories import Room, bearer, viewer_headers
from tests.chat.test_chat_api import _post, _receive_until
from tests.conftest import keeps_viewer_identity
from tests.factories import page_login
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


def _message(ws: Any) -> dict[str, Any]:
    data: dict[str, Any] = _receive_until(ws, "message")["data"]
    data.pop("message_id")
    return data


def test_each_viewer_reads_the_message_in_their_language(
    client: TestClient, room: Room, libretranslate: LibreTranslateStub
) -> None:
    hans = viewer_headers(client, room.slug, "Hans")
    ws_path = f"/live/{room.slug}/ws"
    with (
        client.websocket_connect(f"{ws_path}?lang=ja") as ja_one,
        client.websocket_connect(f"{ws_path}?lang=ja") as ja_two,
        client.websocket_connect(ws_path, headers={"Accept-Language": "de-DE,de;q=0.9"}) as de,
        client.websocket_connect(f"{ws_path}?lang=ko") as ko,
    ):
        sent = _post(client, room, hans, "Ist die Tasche wasserdicht?", question=True, lang="de")
        assert sent.status_code == 201, sent.text
        seen = {
            name: _message(ws)
            for name, ws in [("ja1", ja_one), ("ja2", ja_two), ("de", de), ("ko", ko)]
        }
    original = {
        "name": "Hans",
        "body": "Ist die Tasche wasserdicht?",
        "staff": False,
        "question": True,
        "lang": "de",
    }
    assert (
        seen["ja1"]
        == seen["ja2"]
        == {
            **original,
            "translation": {"lang": "ja", "body": "そのバッグは防水ですか？"},
        }
    )
    assert seen["de"] == original
    # The test server has no de-ko pair: the Korean viewer reads the original, labelled.
    assert seen["ko"] == {**original, "translation": {"lang": "ko", "unavailable": True}}
    # Once per language in the room, not per viewer.
    assert sorted(r["target"] for r in libretranslate.requests) == ["ja", "ko"]


def test_the_hosts_reply_reaches_each_viewer_translated(
    client: TestClient, room: Room, libretranslate: LibreTranslateStub
) -> None:
    host = bearer(client, room.host_email)
    with (
        client.websocket_connect(f"/live/{room.slug}/ws?lang=ja") as ja,
        client.websocket_connect(f"/live/{room.slug}/ws?lang=zh-CN") as zh,
    ):
        response = client.post(
            f"/api/v1/host/{room.slug}/messages",
            json={"body": "Yes, it is waterproof.", "lang": "en"},
            headers=host,
        )
        assert response.status_code == 201, response.text
        assert _message(ja)["translation"] == {"lang": "ja", "body": "はい、防水です。"}
        assert _message(zh)["translation"] == {"lang": "zh-Hans", "body": "是的，它是防水的。"}


def test_the_backlog_comes_in_the_readers_language(client: TestClient, room: Room) -> None:
    hans = viewer_headers(client, room.slug, "Hans")
    with client.websocket_connect(f"/live/{room.slug}/ws?lang=ja"):
        sent = _post(client, room, hans, "Ist die Tasche wasserdicht?", lang="de").json()
    assert sent["data"]["translations"] == {"ja": "そのバッグは防水ですか？"}
    with client.websocket_connect(f"/live/{room.slug}/ws?lang=ja") as again:
        assert _message(again)["translation"] == {"lang": "ja", "body": "そのバッグは防水ですか？"}


def test_translation_down_still_posts_with_the_original(
    client: TestClient, room: Room, libretranslate: LibreTranslateStub
) -> None:
    libretranslate.down = True
    hans = viewer_headers(client, room.slug, "Hans")
    with client.websocket_connect(f"/live/{room.slug}/ws?lang=ja") as ja:
        sent = _post(client, room, hans, "Ist die Tasche wasserdicht?", lang="de")
        assert sent.status_code == 201, sent.text
        data = _message(ja)
    assert (data["body"], data["translation"]) == (
        "Ist die Tasche wasserdicht?",
        {"lang": "ja", "unavailable": True},
    )


def test_the_question_being_answered_shows_in_the_readers_language(
    client: TestClient, room: Room
) -> None:
    hans, host = viewer_headers(client, room.slug, "Hans"), bearer(client, room.host_email)
    with client.websocket_connect(f"/live/{room.slug}/ws?lang=ja") as ja:
        asked = _post(client, room, hans, "Ist die Tasche wasserdicht?", question=True, lang="de")
        message_id = asked.json()["data"]["message_id"]
        path = f"/api/v1/host/{room.slug}/questions/{message_id}/answering"
        assert client.post(path, headers=host).status_code == 200
        banner = _receive_until(ja, "answering")["data"]
    assert (banner["body"], banner["translation"]) == (
        "Ist die Tasche wasserdicht?",
        {"lang": "ja", "body": "そのバッグは防水ですか？"},
    )


def test_the_host_console_lists_open_questions_in_the_hosts_language(
    client: TestClient, room: Room
) -> None:
    hans = viewer_headers(client, room.slug, "Hans")
    with client.websocket_connect(f"/live/{room.slug}/ws?lang=ja"):
        _post(client, room, hans, "Ist die Tasche wasserdicht?", question=True, lang="de")
    page_login(client, room.host_email)
    in_japanese = client.get(f"/host/{room.slug}", headers={"Accept-Language": "ja-JP"}).text
    in_french = client.get(f"/host/{room.slug}", headers={"Accept-Language": "fr-FR"}).text
    assert "<span>そのバッグは防水ですか？</span>" in in_japanese
    # Nobody read French when it was asked: the original.
    assert "<span>Ist die Tasche wasserdicht?</span>" in in_french


def test_a_translation_is_masked_like_what_viewers_write(client: TestClient, room: Room) -> None:
    emma = viewer_headers(client, room.slug, "Emma")
    with client.websocket_connect(f"/live/{room.slug}/ws?lang=de") as de:
        assert _post(client, room, emma, "What a day", lang="en").status_code == 201
        data = _message(de)
    assert data["translation"] == {"lang": "de", "body": "Was für ein *** Tag"}


def test_a_viewer_who_joins_later_reads_the_backlog_in_their_language(
    client: TestClient, room: Room, libretranslate: LibreTranslateStub
) -> None:
    emma, host = viewer_headers(client, room.slug, "Emma"), bearer(client, room.host_email)
    ws_path = f"/live/{room.slug}/ws"
    with client.websocket_connect(f"{ws_path}?lang=ja"):
        sent = _post(client, room, emma, "Yes, it is waterproof.", question=True, lang="en")
        message_id = sent.json()["data"]["message_id"]
        path = f"/api/v1/host/{room.slug}/questions/{message_id}/answering"
        assert client.post(path, headers=host).status_code == 200
    # Nobody read German when it was posted.
    assert sent.json()["data"]["translations"] == {"ja": "はい、防水です。"}
    german = {"lang": "de", "body": "Ja, sie ist wasserdicht."}
    with client.websocket_connect(f"{ws_path}?lang=de") as de:
        assert _message(de)["translation"] == german
        assert _receive_until(de, "answering")["data"]["translation"] == german
    with client.websocket_connect(f"{ws_path}?lang=de-AT") as again:
        assert _message(again)["translation"] == german
    # Once per text and language (the question and its banner say the same): the second
    # German viewer read it from the log.
    assert [r["target"] for r in libretranslate.requests] == ["ja", "de"]
    events = client.get(f"/api/v1/live/{room.slug}/events", headers=host).json()
    kept = next(e for e in events if e["kind"] == "message")["data"]["translations"]
    assert kept == {"ja": "はい、防水です。", "de": "Ja, sie ist wasserdicht."}


def test_a_backlog_translation_that_fails_reads_unavailable(
    client: TestClient, room: Room, libretranslate: LibreTranslateStub
) -> None:
    emma = viewer_headers(client, room.slug, "Emma")
    with client.websocket_connect(f"/live/{room.slug}/ws?lang=ja"):
        _post(client, room, emma, "Yes, it is waterproof.", lang="en")
    libretranslate.down = True
    with client.websocket_connect(f"/live/{room.slug}/ws?lang=de") as de:
        data = _message(de)
    assert (data["body"], data["translation"]) == (
        "Yes, it is waterproof.",
        {"lang": "de", "unavailable": True},
    )
