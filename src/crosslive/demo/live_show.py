"""The demo's second show, live from the first second, and the broadcaster's publish token.

The scheduled show stays for the host to take live from the console; this one is taken live
through `shows.service.go_live` as soon as it is seeded, and `crosslive demo` publishes a
synthetic picture into it (media/publishers/broadcaster.py) so a newcomer sees a playing
live room.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth import service as auth_service
from crosslive.auth.models import Seller, StaffUser
from crosslive.catalog.models import Product
from crosslive.db import transaction
from crosslive.demo import stage_moves, store_data
from crosslive.live import service as live_service
from crosslive.shows import service as shows_service
from crosslive.shows.models import Show, ShowHost, ShowProduct, ShowState


def seed_live_show(
    db: Session, seller: Seller, products: dict[str, Product], host: StaffUser, now: datetime
) -> Show:
    """Create the live show with HOST as its lead host and take it live."""
    spec = store_data.LIVE_SHOW
    show = Show(
        seller_id=seller.id,
        slug=spec.slug,
        title=spec.title,
        description=spec.description,
        scheduled_at=now,
        duration_minutes=spec.duration_minutes,
        language=spec.language,
        market_codes=list(spec.market_codes),
        sponsored=False,
        hosts=[ShowHost(user_id=host.id, is_lead=True)],
        lineup=[
            ShowProduct(product_id=products[handle].id, position=position)
            for position, handle in enumerate(spec.lineup, start=1)
        ],
    )
    db.add(show)
    db.flush()
    live = shows_service.go_live(db, show, host)
    # The host shows the first product of the line-up (its card is open beside the video)
    # and pushes a credential for it: both are in the show's log from its first second.
    live_service.pin(db, live, products[spec.lineup[0]].id)
    stage_moves.push_card(db, live, 0, now.date())
    return live


def live_show(db: Session, seller_id: int) -> Show | None:
    return db.scalar(
        select(Show).where(Show.seller_id == seller_id, Show.slug == store_data.LIVE_SHOW.slug)
    )


def reopen(db: Session, show: Show, now: datetime) -> Show:
    """A rerun finds the live show ended (someone pressed End show): the demo opens it again.

    Only the demo does this; real shows never go from ended back to live.
    """
    if show.state == ShowState.ENDED:
        show.state = ShowState.SCHEDULED
        show.scheduled_at = now
        show.started_at = None
        show.ended_at = None
        db.flush()
    lead = next(h.user for h in show.hosts if h.is_lead)
    return shows_service.go_live(db, show, lead)


def broadcaster_token(factory: sessionmaker[Session]) -> str:
    """A fresh publish token for the live show's lead host (their previous one is revoked)."""
    with transaction(factory) as db:
        seller = auth_service.find_seller(db, store_data.STORE_SLUG)
        show = live_show(db, seller.id) if seller is not None else None
        if show is None:
            raise LookupError("the demo store has no live show")
        lead = next(h.user for h in show.hosts if h.is_lead)
        return shows_service.issue_publish_token(db, show, lead)


def ensure_live_show(db: Session, seller: Seller, now: datetime) -> Show:
    """On a rerun: the live show live again (seeded now for a store that predates it)."""
    show = live_show(db, seller.id)
    if show is not None:
        return reopen(db, show, now)
    handles = set(store_data.LIVE_SHOW.lineup)
    products = {
        p.handle: p
        for p in db.scalars(
            select(Product).where(Product.seller_id == seller.id, Product.handle.in_(handles))
        )
    }
    host = db.scalar(
        select(StaffUser).where(
            StaffUser.seller_id == seller.id, StaffUser.email == store_data.HOST_EMAIL
        )
    )
    if host is None or set(products) != handles:
        raise LookupError("the demo store lacks the host or products of its live show")
    return seed_live_show(db, seller, products, host, now)
