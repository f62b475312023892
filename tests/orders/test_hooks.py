"""The order hooks (orders.hooks): delivered hooks and close guards reach only the sessions of
the factory they were installed on, and delivered hooks run in the order registered."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import make_session_factory
from crosslive.orders import hooks as order_hooks
from crosslive.orders.hooks import OrderHooks
from crosslive.orders.models import Order


def test_hooks_run_in_order_on_the_factory_they_were_installed_on(
    session_factory: sessionmaker[Session],
) -> None:
    seen: list[str] = []
    hooks = OrderHooks()
    hooks.on_delivered("first", lambda db, order: seen.append(f"first {order.public_id}"))
    hooks.on_delivered("second", lambda db, order: seen.append(f"second {order.public_id}"))
    with pytest.raises(ValueError, match="'first' is already registered"):
        hooks.on_delivered("first", lambda db, order: None)
    assert hooks.delivered_names() == ("first", "second")
    hooks.hold_closing_while(lambda db, order: order.public_id == "held")

    installed = make_session_factory(session_factory.kw["bind"])
    hooks.install(installed)
    order, held = Order(public_id="abc"), Order(public_id="held")
    with session_factory() as plain:
        order_hooks.run_delivered(plain, order)
        assert not order_hooks.closing_held(plain, held)
    assert seen == []
    with installed() as db:
        order_hooks.run_delivered(db, order)
        assert order_hooks.closing_held(db, held)
        assert not order_hooks.closing_held(db, order)
    assert seen == ["first abc", "second abc"]
