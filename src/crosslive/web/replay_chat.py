"""The show's chat replayed alongside its replay: the messages that stayed up, each placed
on the replay's timeline (a message written before the trim's start or after its end is left
out), in the viewer's language where it was translated for the room while the show ran."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from crosslive.chat import service as chat
from crosslive.replays.models import Replay
from crosslive.replays.moments import within


def replay_chat(db: Session, replay: Replay, language: str | None) -> list[dict[str, Any]]:
    """[{"at", "name", "body", "staff", "lang"?}] oldest first. Text stays text: the page
    puts it in with textContent, and the JSON is escaped for its <script> tag."""
    messages = chat.shown_messages(db, replay.show_id)
    translated = chat.read_in(db, messages, language)
    lines = []
    for message, at in zip(messages, within(replay, [m.created_at for m in messages]), strict=True):
        if at is None:
            continue
        line: dict[str, Any] = {
            "at": round(at, 2),
            "name": message.display_name,
            "body": translated.get(message.id, message.body),
            "staff": message.is_staff,
        }
        if message.id in translated:
            line["lang"] = language
        lines.append(line)
    return lines
