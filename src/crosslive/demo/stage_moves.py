"""What happens in the demo's live show, one move at a time, through the services the host
console and the live room use (so every move is an event in the show's log): the host pins
the next product of the line-up or pushes a credential card; a simulated viewer writes a line
in their language, and a question is answered at once by the instant answers.

Each move flushes and never commits: the caller's unit of work commits and publishes.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from crosslive import viewers
from crosslive.answers import service as answers_service
from crosslive.chat import service as chat_service
from crosslive.chat.moderation import ProfanityFilter
from crosslive.demo.viewers_data import DemoViewer, Line
from crosslive.live import service as live_service
from crosslive.shows.models import Show
from crosslive.translation.languages import SUPPORTED
from crosslive.trust import service as trust_service

# How long a simulated viewer's chat join lasts (each line joins afresh: it never expires).
JOIN_S = 3600


def line_languages(viewer: DemoViewer, line: Line) -> dict[str, Any]:
    """The line's `{"lang", "translations"}` as live chat stores them (chat.languages)."""
    return {
        "lang": viewer.language,
        "translations": {
            code: line.text.get(code) for code in SUPPORTED if code != viewer.language
        },
    }


def say(
    db: Session,
    show: Show,
    viewer: DemoViewer,
    line: Line,
    *,
    signing_key: str,
    profanity: ProfanityFilter,
    answers: answers_service.Engine | None,
    now: datetime,
) -> list[dict[str, Any]]:
    """VIEWER writes LINE in the show's chat as a joined viewer does; a question gets its
    instant answer under it (when ANSWERS is at hand). Returns the events recorded."""
    identity, _token = viewers.issue(
        signing_key,
        viewer.name,
        f"demo-{viewer.market.lower()}-{viewer.language.lower()}",
        chat_show=show.id,
        chat_until=int(now.timestamp()) + JOIN_S,
    )
    message = chat_service.post_viewer_message(
        db,
        show.id,
        identity,
        viewer.original(line),
        question=line.question,
        profanity=profanity,
        fingerprint=f"demo:{viewer.name}",
        now=now.timestamp(),
        languages=line_languages(viewer, line),
    )
    if not line.question or answers is None:
        return [message]
    answer = answers_service.ask(
        db,
        answers,
        show=show,
        market_code=viewer.market,
        question=viewer.original(line),
        now=now,
        every_language=True,
    )
    recorded = answers_service.record_answer(db, show.id, message["data"]["message_id"], answer)
    return [message, recorded]


def next_pin(db: Session, show: Show) -> int | None:
    """Pin the line-up's next product in place of what is pinned (the first when nothing is);
    returns its id, None when the line-up is empty."""
    lineup = [item.product_id for item in sorted(show.lineup, key=lambda i: i.position)]
    if not lineup:
        return None
    pinned = [p.id for p in live_service.pinned_products(db, show.id)]
    after = max((lineup.index(p) for p in pinned if p in lineup), default=-1)
    product_id = lineup[(after + 1) % len(lineup)]
    for old in pinned:
        if old != product_id:
            live_service.unpin(db, show, old)
    if product_id not in pinned:
        live_service.pin(db, show, product_id)
    return product_id


def pushable(db: Session, show: Show, today: date) -> list[int]:
    """The credentials the host may push now for what is pinned (else store-wide ones): those
    every market of the show may see first, then those only some of them may; among equals,
    one with a video clip first (the stage shows it playing over the show)."""
    pinned = [p.id for p in live_service.pinned_products(db, show.id)]
    seen: dict[int, int] = {}
    with_clip: set[int] = set()
    for code in show.market_codes:
        for credential in trust_service.displayable_credentials(
            db, show.seller_id, pinned[0] if pinned else None, code, today
        ):
            seen[credential.id] = seen.get(credential.id, 0) + 1
            if trust_service.clip_urls(credential):
                with_clip.add(credential.id)
    return sorted(seen, key=lambda cid: (-seen[cid], cid not in with_clip))


def push_card(db: Session, show: Show, turn: int, today: date) -> int | None:
    """Push the TURN-th pushable credential (in turn); its id, None when none may be pushed."""
    ids = pushable(db, show, today)
    if not ids:
        return None
    credential_id = ids[turn % len(ids)]
    live_service.push_credential(db, show, credential_id, today)
    return credential_id
