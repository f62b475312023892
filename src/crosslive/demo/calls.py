"""The demo's one-to-one video calls: a request nobody took is already in the seller's inbox,
and while the demo serves a simulated viewer asks for a call every CALL_EVERY beats whenever
none is waiting, so the host console always has one to take (the viewer side is simulated:
the host's camera waits for a viewer who never joins)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.consultations import service as consultations
from crosslive.consultations.models import Consultation, ConsultationState
from crosslive.demo.viewers_data import VIEWERS
from crosslive.shows.models import Show

CALL_EVERY = 120  # beats (10 min at 5 s a beat)


def _ask(db: Session, show: Show, turn: int, now: datetime, email: str = "") -> Consultation:
    viewer = VIEWERS[turn % len(VIEWERS)]
    product = show.lineup[turn % len(show.lineup)].product_id if show.lineup else None
    # The show's markets only (a JP viewer of a US/EU/UK show has no cart in it).
    market = viewer.market if viewer.market in (show.market_codes or [viewer.market]) else ""
    return consultations.ask(
        db,
        show,
        f"demo-call-{turn}-{now:%H%M%S}",
        email=email,
        language=viewer.language,
        market=market,
        product_id=product,
        note=f"{viewer.name}: could you show me this one on camera?",
        now=now,
    )


def seed_calls(db: Session, show: Show, now: datetime) -> None:
    """One missed request (in the inbox, with an address; the store's email about it is
    history, not sent again) and one waiting for a host."""
    missed = _ask(db, show, 1, now - timedelta(hours=5), email="mia@example.com")
    missed.state, missed.open_key = ConsultationState.EXPIRED, None
    missed.ended_at, missed.end_reason = missed.expires_at, "nobody_free"
    _ask(db, show, 0, now)


def keep_one_waiting(db: Session, show: Show, turn: int, now: datetime) -> None:
    """A simulated viewer asks for a call unless one is already waiting."""
    waiting = select(Consultation.id).where(
        Consultation.seller_id == show.seller_id,
        Consultation.state == ConsultationState.WAITING,
        Consultation.expires_at > now,
    )
    if db.scalar(waiting.limit(1)) is None:
        _ask(db, show, turn, now)
