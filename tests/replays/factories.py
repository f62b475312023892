"""A shop's show that ended, with a replay made from two recorded segments and an event log
of pins and a credential push at known moments."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction
from crosslive.events.models import ShowEvent
from crosslive.replays import service
from crosslive.replays.timeline import place
from crosslive.shows.models import Show, ShowHost, ShowState
from crosslive.trust.models import Credential, CredentialType
from tests.factories import Shop, make_shop

LIVE_AT = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)
# The first segment starts 5 s after the show went live and plays 60 s; Janus restarted,
# and the second starts 90 s after the first did and plays 60 s; the show ends at 160 s.
RECORDED_FROM = LIVE_AT + timedelta(seconds=5)
SPANS = [(0.0, 60.0), (90.0, 60.0)]
ENDED_AT = LIVE_AT + timedelta(seconds=160)


@dataclass(frozen=True)
class Replayed:
    shop: Shop
    shirt_id: int
    lamp_id: int
    credential_id: int
    replay_id: int


def _event(show_id: int, kind: str, wall: float, **data: int) -> ShowEvent:
    at = RECORDED_FROM + timedelta(seconds=wall)
    return ShowEvent(show_id=show_id, kind=kind, payload=data, created_at=at)


def ended_show_with_replay(
    factory: sessionmaker[Session],
    host_user_id: int | None = None,
    video: tuple[Path, Path] | None = None,
) -> Replayed:
    """VIDEO: (a 120 s video, the replays folder) puts a real file behind the replay."""
    if video is not None:
        video[1].mkdir(parents=True, exist_ok=True)
        shutil.copyfile(video[0], video[1] / "r.mp4")
    shop = make_shop(factory)
    with transaction(factory) as db:
        show = db.get(Show, shop.show_id)
        assert show is not None
        show.state, show.started_at, show.ended_at = ShowState.ENDED, LIVE_AT, ENDED_AT
        if host_user_id is not None:
            db.add(ShowHost(show_id=show.id, user_id=host_user_id, is_lead=True))
        shirt_id, lamp_id = (item.product_id for item in show.lineup)
        credential = Credential(
            seller_id=shop.seller_id, type=CredentialType.CERTIFICATION, claim="OEKO-TEX 100"
        )
        db.add(credential)
        db.flush()
        db.add_all(
            [
                _event(show.id, "pinned", 10, product_id=shirt_id),
                _event(show.id, "credential_pushed", 30, credential_id=credential.id),
                _event(show.id, "message", 40, message_id=1),
                _event(show.id, "unpinned", 75, product_id=shirt_id),  # while nothing recorded
                _event(show.id, "pinned", 100, product_id=lamp_id),
            ]
        )
        replay = service.open_replay(db, show)
        service.finish(
            db, replay.id, file_name="r.mp4", recorded_from=RECORDED_FROM, placed=place(SPANS)
        )
        return Replayed(shop, shirt_id, lamp_id, credential.id, replay.id)


def replay_row(db: Session, replayed: Replayed) -> service.Replay:
    replay = db.get(service.Replay, replayed.replay_id)
    assert replay is not None
    return replay
