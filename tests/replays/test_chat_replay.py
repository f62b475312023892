"""The chat replayed beside a replay: only messages that stayed up, by authors nobody muted,
each at its moment of the (trimmed) replay, in the viewer's language where it was translated."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from crosslive.chat.models import ChatMessage, ChatMute
from crosslive.db import transaction
from crosslive.events.models import ShowEvent
from crosslive.web.replay_chat import replay_chat
from tests.replays.factories import RECORDED_FROM, ended_show_with_replay, replay_row


def test_the_replayed_chat_holds_what_viewers_saw_on_the_replays_timeline(
    session_factory: sessionmaker[Session], owner: dict[str, str | int]
) -> None:
    replayed = ended_show_with_replay(session_factory)
    show_id = replayed.shop.show_id
    with transaction(session_factory) as db:
        said = ShowEvent(
            show_id=show_id,
            kind="message",
            payload={"body": "Hi", "lang": "en", "translations": {"de": "Hallo"}},
        )
        db.add(said)
        db.flush()
        for wall, viewer, body, event_id in (
            (5, "early", "Before the trim", None),
            (20, "ana", "Hi", said.id),
            (30, "troll", "Buy my stuff", None),
            (100, "ana", "<script>x</script>", None),
            (118, "ana", "After the trim", None),
        ):
            at = RECORDED_FROM + timedelta(seconds=wall)
            db.add(
                ChatMessage(
                    show_id=show_id,
                    viewer_id=viewer,
                    display_name=viewer.title(),
                    body=body,
                    event_id=event_id,
                    created_at=at,
                )
            )
        db.add(ChatMute(show_id=show_id, viewer_id="troll"))
        replay = replay_row(db, replayed)
        replay.trim_in_s, replay.trim_out_s = (
            10.0,
            80.0,
        )  # video 0-60 is wall 0-60, 60-120 is 90-150
    with session_factory() as db:
        replay = replay_row(db, replayed)
        assert replay_chat(db, replay, "de") == [
            {"at": 10.0, "name": "Ana", "body": "Hallo", "staff": False, "lang": "de"},
            {"at": 60.0, "name": "Ana", "body": "<script>x</script>", "staff": False},
        ]
        assert replay_chat(db, replay, None)[0]["body"] == "Hi"
