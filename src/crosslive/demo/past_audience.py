"""Who watched the demo store's past shows: their playback sessions (market, country, device,
first frame, freezes, bitrate, watch time) and what they did (sheets opened, carts, checkouts
started, credentials seen), so the insights' Shows, Video quality and What works pages have
figures. Every buyer of a past show watched it; about three times as many only watched.
One show (the second) played worse than the others: more freezes and slower first frames."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.events.actions import Action, ActionKind, record
from crosslive.media.models import ViewerSession
from crosslive.orders.models import Order
from crosslive.shows.models import Show, ShowState
from crosslive.trust.models import Credential

WATCHERS_PER_BUYER = 3
DEVICES = (("phone", 0.6), ("desktop", 0.3), ("tablet", 0.1))
COUNTRIES = {"US": ("US", "CA"), "EU": ("DE", "FR", "IT", "ES"), "JP": ("JP",), "UK": ("GB",)}


def add_audience(
    db: Session, delivered: list[Order], rng: random.Random, now: datetime | None = None
) -> None:
    """Sessions and actions of every ended show's viewers, while it was live (so before
    NOW, which the steps after the past are given)."""
    if not delivered:
        return
    seller_id = delivered[0].seller_id
    shows = db.scalars(
        select(Show)
        .where(Show.seller_id == seller_id, Show.state == ShowState.ENDED)
        .order_by(Show.scheduled_at)
    ).all()
    credentials = db.scalars(select(Credential).where(Credential.seller_id == seller_id)).all()
    for index, show in enumerate(shows):
        if show.started_at is None or show.ended_at is None:
            continue
        buyers = db.execute(
            select(Order.viewer_id, Order.market_code).where(Order.show_id == show.id)
        ).all()
        codes = list(show.market_codes) or sorted({m for _, m in buyers}) or ["US"]
        watchers = [(v, m, True) for v, m in dict(buyers).items()]
        for n in range(WATCHERS_PER_BUYER * max(len(buyers), 10)):
            watchers.append((f"demo-{show.id}-{n}", rng.choice(codes), False))
        poor = index == 1
        for viewer, market, bought in watchers:
            _session(db, rng, show, viewer, market, poor, long=bought)
            _actions(db, rng, show, viewer, market, bought, credentials)
    db.flush()


def _session(
    db: Session,
    rng: random.Random,
    show: Show,
    viewer: str,
    market: str,
    poor: bool,
    long: bool,
) -> None:
    assert show.started_at is not None and show.ended_at is not None
    live_s = (show.ended_at - show.started_at).total_seconds()
    start_s = rng.uniform(0, live_s * 0.8)
    watch = rng.uniform(300, live_s - start_s) if long else min(rng.expovariate(1 / 400), live_s)
    frozen = watch * (rng.uniform(0.01, 0.06) if poor else rng.uniform(0.0, 0.008))
    started = show.started_at + timedelta(seconds=start_s)
    device = rng.choices([d for d, _ in DEVICES], [w for _, w in DEVICES])[0]
    db.add(
        ViewerSession(
            seller_id=show.seller_id,
            show_id=show.id,
            viewer_key=f"demo-{show.id}-{viewer}",
            viewer_id=viewer,
            started_at=started,
            ended_at=started + timedelta(seconds=watch),
            end_reason="left",
            first_frame_ms=int(rng.gauss(1800 if poor else 900, 250)),
            freezes=int(frozen / 1.5),
            freeze_s=round(frozen, 1),
            start_layer=1,
            final_layer=rng.choice((1, 2)),
            layer_ups=rng.randrange(3),
            layer_downs=rng.randrange(4 if poor else 2),
            avg_kbps=round(rng.uniform(350, 700) if poor else rng.uniform(700, 1700), 1),
            reports=max(1, int(watch / 3)),
            market_code=market,
            country=rng.choice(COUNTRIES.get(market, (market[:2],))),
            device=device,
            watch_s=round(watch, 1),
        )
    )


def _actions(
    db: Session,
    rng: random.Random,
    show: Show,
    viewer: str,
    market: str,
    bought: bool,
    credentials: Sequence[Credential],
) -> None:
    actions = []
    products = [p.product_id for p in show.lineup]
    if products and (bought or rng.random() < 0.45):
        actions.append(Action(ActionKind.SHEET_OPENED, rng.choice(products)))
    if bought or rng.random() < 0.15:
        actions.append(Action(ActionKind.ADDED_TO_CART))
    if bought or rng.random() < 0.05:
        actions.append(Action(ActionKind.CHECKOUT_STARTED))
    if credentials and rng.random() < (0.6 if bought else 0.35):
        credential = rng.choice(list(credentials))
        where = rng.choice(("push", "panel"))
        actions.append(
            Action(ActionKind.CREDENTIAL_SEEN, credential.id, credential.type.value, where)
        )
    record(
        db,
        seller_id=show.seller_id,
        show_id=show.id,
        viewer_id=viewer,
        market_code=market,
        actions=actions,
    )
