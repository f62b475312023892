from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Product
from crosslive.db import transaction
from crosslive.errors import Conflict
from crosslive.live import service
from crosslive.live.models import ShowPin
from crosslive.shows.models import Show
from tests.chat.factories import Room


def test_a_fourth_pin_is_refused(session_factory: sessionmaker[Session], room: Room) -> None:
    with transaction(session_factory) as db:
        show = db.get(Show, room.show_id)
        assert show is not None
        extra = [Product(seller_id=room.seller_id, handle=f"p{i}", title=f"P{i}") for i in range(2)]
        db.add_all(extra)
        db.flush()
        for product_id in (room.product_id, room.second_product_id, extra[0].id):
            service.pin(db, show, product_id)
        with pytest.raises(Conflict, match="at most 3 products can be pinned; unpin one first"):
            service.pin(db, show, extra[1].id)
    with session_factory() as db:
        count = db.scalar(select(func.count(ShowPin.id)).where(ShowPin.show_id == room.show_id))
    assert count == 3


def test_pinning_puts_the_product_in_the_line_up(
    session_factory: sessionmaker[Session], room: Room
) -> None:
    with transaction(session_factory) as db:
        show = db.get(Show, room.show_id)
        assert show is not None
        service.pin(db, show, room.second_product_id)
    with session_factory() as db:
        show = db.get(Show, room.show_id)
        assert show is not None
        assert [item.product_id for item in show.lineup] == [room.second_product_id]
