"""The delivered hooks (orders.delivered_hooks): run by the delivery that moved the order, in
its transaction, only on sessions of the factory they were installed on."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import make_session_factory
from crosslive.orders.delivered_hooks import DeliveredHooks, run_delivered_hooks
from crosslive.orders.models import Order


def test_hooks_run_in_order_on_the_factory_they_were_installed_on(
    session_factory: sessionmaker[Session],
) -> None:
    seen: list[str] = []
    hooks = DeliveredHooks()
    hooks.register("first", lambda db, order: seen.append(f"first {order.public_id}"))
    hooks.register("second", lambda db, order: seen.append(f"second {order.public_id}"))
    with pytest.raises(ValueError, match="'first' is already registered"):
        hooks.register("first", lambda db, order: None)
    assert hooks.names() == ("first", "second")

    other = make_session_factory(session_factory.kw["bind"])
    hooks.install(session_factory)
    order = Order(public_id="abc")
    with other() as plain:
        run_delivered_hooks(plain, order)
    assert seen == []
    with session_factory() as db:
        run_delivered_hooks(db, order)
    assert seen == ["first abc", "second abc"]
