"""A viewer's chat question gets its instant answer published under it in the event log."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.answers import exemplars
from crosslive.events.models import ShowEvent
from tests.answers.factories import make_ask_shop
from tests.chat.factories import viewer_headers


def test_a_chat_question_is_answered_under_it(
    app_client: TestClient, session_factory: sessionmaker[Session], db: Session
) -> None:
    make_ask_shop(session_factory)
    alice = viewer_headers(app_client, "spring-drop", "Alice")
    posted = app_client.post(
        "/api/v1/live/spring-drop/messages",
        json={"body": "Wie lange dauert der Versand nach Deutschland?", "question": True},
        headers=alice,
    )
    assert posted.status_code == 201, posted.text
    message_id = posted.json()["data"]["message_id"]
    asked = app_client.post(
        "/api/v1/live/spring-drop/ask",
        json={"message_id": message_id, "country": "DE"},
        headers=alice,
    )
    assert asked.status_code == 200, asked.text
    assert (asked.json()["language"], asked.json()["intent"]) == ("de", "delivery")
    event = db.scalars(select(ShowEvent).where(ShowEvent.kind == "auto_answer")).one()
    assert event.payload["message_id"] == message_id
    assert event.payload["answer"].startswith("Lieferung – Deutschland: 2-4 Tage")
    assert event.payload["sources"] == ["markets:EU:delivery", "landed:EU:shipping_fee"]
    # Readers of the other languages get it written in theirs from the same facts (the event
    # log hands each viewer their language, as for a chat message).
    assert (event.payload["lang"], event.payload["body"]) == ("de", event.payload["answer"])
    written = event.payload["translations"]
    assert set(written) == set(exemplars.LANGUAGES) - {"de"}
    assert written["en"].startswith("Delivery – Germany: 2-4 days")
    assert written["fr"].startswith("Livraison – Allemagne : 2-4 jours")
    assert all("2-4" in text for text in written.values())
    # The answer over HTTP stays the asker's alone.
    assert "translations" not in asked.json() and "others" not in asked.json()


def test_only_the_asker_can_have_a_chat_question_answered(
    app_client: TestClient, session_factory: sessionmaker[Session], db: Session
) -> None:
    make_ask_shop(session_factory)
    alice = viewer_headers(app_client, "spring-drop", "Alice")
    bob = viewer_headers(app_client, "spring-drop", "Bob")
    posted = app_client.post(
        "/api/v1/live/spring-drop/messages",
        json={"body": "Can I return it?", "question": True},
        headers=alice,
    )
    message_id = posted.json()["data"]["message_id"]
    by_bob = app_client.post(
        "/api/v1/live/spring-drop/ask", json={"message_id": message_id, "market": "US"}, headers=bob
    )
    assert by_bob.status_code == 404
    both = app_client.post(
        "/api/v1/live/spring-drop/ask",
        json={"message_id": message_id, "question": "x", "market": "US"},
        headers=alice,
    )
    assert both.status_code == 422
    assert db.scalars(select(ShowEvent).where(ShowEvent.kind == "auto_answer")).all() == []
