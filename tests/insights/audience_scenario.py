"""What the viewers of the fixed store (tests/insights/scenario.py) did, every figure worked
out by hand in test_audience.py: five playback sessions (four in the Spring show, which was
live 12:00-13:00, one in Lamp night), the sheets they opened, the carts, a checkout started,
two credentials seen, one question answered by the host after 90 s and one by the assistant.

Spring show sessions (viewer, market, country, device, start s, watch s, first frame ms,
freezes, frozen s, kbit/s, layer switches):
    v US US desktop    0  1800   400  2  9.0  1000  2
    w US CA phone    600     5  2000  0  0.0   300  0
    x EU FR phone    900  1800   800  1  9.0   500  2
    y EU DE tablet  1000   200     -  0  0.0     0  0
Lamp night: v US US desktop 0 60 1000 0 0.0 800 0 (the show never went live on the clock).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.chat.models import ChatMessage
from crosslive.db import transaction
from crosslive.events.actions import Action, ActionKind, record
from crosslive.events.models import ShowEvent
from crosslive.media.models import ViewerSession
from crosslive.shows.models import Show
from crosslive.trust.models import Credential, CredentialType
from tests.insights.scenario import DAY, Scenario

SESSIONS = [
    ("v", "US", "US", "desktop", 0, 1800.0, 400, 2, 9.0, 1000.0, (1, 1)),
    ("w", "US", "CA", "phone", 600, 5.0, 2000, 0, 0.0, 300.0, (0, 0)),
    ("x", "EU", "FR", "phone", 900, 1800.0, 800, 1, 9.0, 500.0, (0, 2)),
    ("y", "EU", "DE", "tablet", 1000, 200.0, None, 0, 0.0, 0.0, (0, 0)),
]
LAMP_SESSION = ("v", "US", "US", "desktop", 0, 60.0, 1000, 0, 0.0, 800.0, (0, 0))


def build_audience(factory: sessionmaker[Session], seller_id: int, s: Scenario) -> int:
    """The viewers' sessions and actions; returns the credential's id."""
    with transaction(factory) as db:
        spring = db.get(Show, s.show1)
        assert spring is not None
        spring.started_at, spring.ended_at = DAY, DAY + timedelta(hours=1)
        for row in SESSIONS:
            add_session(db, seller_id, s.show1, *row)
        add_session(db, seller_id, s.show2, *LAMP_SESSION)
        credential = Credential(
            seller_id=seller_id,
            type=CredentialType.CERTIFICATION,
            claim="Certified organic linen",
            issuer="Control Union",
            identifier="CU-1",
        )
        db.add(credential)
        db.flush()
        cert = CredentialType.CERTIFICATION.value
        steps = {
            "v": [
                Action(ActionKind.SHEET_OPENED, s.shirt),
                Action(ActionKind.ADDED_TO_CART),
                Action(ActionKind.CHECKOUT_STARTED),
                Action(ActionKind.CREDENTIAL_SEEN, credential.id, cert, "push"),
            ],
            "w": [Action(ActionKind.SHEET_OPENED, s.lamp)],
            "x": [
                Action(ActionKind.SHEET_OPENED, s.shirt),
                Action(ActionKind.SHEET_OPENED, s.lamp),
                Action(ActionKind.ADDED_TO_CART),
                Action(ActionKind.CREDENTIAL_SEEN, credential.id, cert, "panel"),
            ],
        }
        markets = {"v": "US", "w": "US", "x": "EU"}
        for viewer, actions in steps.items():
            record(
                db,
                seller_id=seller_id,
                show_id=s.show1,
                viewer_id=viewer,
                market_code=markets[viewer],
                actions=actions * 2,  # repeats are kept once
            )
        _answers(db, s)
        return credential.id


def add_session(
    db: Session,
    seller_id: int,
    show_id: int,
    viewer: str,
    market: str,
    country: str,
    device: str,
    start_s: int,
    watch_s: float,
    first_frame_ms: int | None,
    freezes: int,
    freeze_s: float,
    kbps: float,
    switches: tuple[int, int],
) -> None:
    started = DAY + timedelta(seconds=start_s)
    db.add(
        ViewerSession(
            seller_id=seller_id,
            show_id=show_id,
            viewer_key=f"{show_id}-{viewer}-{start_s}-{db.info.setdefault('n', 0)}",
            viewer_id=viewer,
            started_at=started,
            ended_at=started + timedelta(seconds=watch_s),
            end_reason="left",
            first_frame_ms=first_frame_ms,
            freezes=freezes,
            freeze_s=freeze_s,
            avg_kbps=kbps,
            layer_ups=switches[0],
            layer_downs=switches[1],
            market_code=market,
            country=country,
            device=device,
            watch_s=watch_s,
        )
    )
    db.info["n"] += 1


def _answers(db: Session, s: Scenario) -> None:
    """The Spring show's question answered by the host 90 s after it was asked; Lamp night's
    answered at once by the assistant."""
    spring = db.scalars(
        select(ChatMessage).where(ChatMessage.show_id == s.show1, ChatMessage.is_question)
    ).one()
    spring.created_at = DAY
    spring.answered_at = DAY + timedelta(seconds=90)
    lamp = db.scalars(
        select(ChatMessage).where(ChatMessage.show_id == s.show2, ChatMessage.is_question)
    ).one()
    db.add(
        ShowEvent(
            show_id=s.show2,
            kind="auto_answer",
            payload={"message_id": lamp.id, "answer": "Yes", "escalated": False},
        )
    )
    db.add(
        ShowEvent(
            show_id=s.show2,
            kind="auto_answer",
            payload={"message_id": 0, "answer": "Ask the host", "escalated": True},
        )
    )
