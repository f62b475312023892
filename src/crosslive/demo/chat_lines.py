"""The live show's chat as the demo opens it: each simulated viewer's first line
(demo.viewers_data), in seven languages, with the translations written for it, so a newcomer
sees chat across languages at once, each line in their own language, the original a tap
away. The rest of their lines come while `crosslive demo` serves (demo.stage)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from crosslive.chat import service as chat_service
from crosslive.demo.stage_moves import line_languages
from crosslive.demo.viewers_data import VIEWERS


def seed_chat(db: Session, show_id: int) -> None:
    for viewer in VIEWERS:
        chat_service.post_seeded_message(
            db,
            show_id,
            name=viewer.name,
            body=viewer.original(viewer.opening),
            question=viewer.opening.question,
            languages=line_languages(viewer, viewer.opening),
        )
