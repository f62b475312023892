"""Migration 0044 back-fills the What works summaries (order_advice_days, watcher_groups) from
the orders, returns, sessions and actions already recorded, with its own copy of the sums:
the result is what a rebuild gives, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event, text
from sqlalchemy.orm import Session

from crosslive import migrate
from crosslive.db import make_engine, make_session_factory, transaction
from crosslive.insights import advice_days, effect_hooks, line_hooks, watcher_rebuild
from tests.events.test_log_migration import database_url
from tests.factories import add_staff, old_seller
from tests.insights.audience_scenario import build_audience
from tests.insights.scenario import add_followed, build

__all__ = ["database_url"]

ADVICE = "SELECT seller_id, day, show_id, market_code, variant_id, advised, advised_size,"
ADVICE += " lines, returned FROM order_advice_days"
GROUPS = "SELECT seller_id, show_id, market_filter, market_code, seen, order_days, viewers"
GROUPS += " FROM watcher_groups"
HOOKS = (
    ("before_flush", effect_hooks._before_flush),
    ("after_flush", effect_hooks._after_flush),
    ("do_orm_execute", effect_hooks._statement),
    # The order summaries' hooks write the columns of later revisions (0047) too.
    ("before_flush", line_hooks._before_flush),
    ("after_flush", line_hooks._after_flush),
    ("do_orm_execute", line_hooks._statement),
)


@contextmanager
def _without_hooks() -> Iterator[None]:
    """Records written before the summaries' tables exist: their hooks do not run."""
    for name, fn in HOOKS:
        event.remove(Session, name, fn)
    try:
        yield
    finally:
        for name, fn in HOOKS:
            event.listen(Session, name, fn)


def _summaries(engine: Engine) -> list[list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        return [sorted(tuple(r) for r in conn.execute(text(q))) for q in (ADVICE, GROUPS)]


def test_the_back_fill_sums_what_is_recorded_as_a_rebuild_does(database_url: str) -> None:
    # 0045 (the Shows summaries, whose hooks run on these writes) comes before 0044.
    migrate.upgrade(database_url, "0045")
    engine = make_engine(database_url)
    factory = make_session_factory(engine)
    with _without_hooks():
        with transaction(factory) as db:
            seller_id = old_seller(db)
        add_staff(factory, seller_id, "hana@acme.test")
        scenario = build(factory, seller_id, "hana@acme.test")
        build_audience(factory, seller_id, scenario)
        add_followed(factory, seller_id, scenario.show1, 3, 1)
    migrate.upgrade(database_url)
    filled = _summaries(engine)
    assert sum(row[7] for row in filled[0]) == 8  # delivered lines of sized products and not
    assert any(row[2] == "*" and row[4] == "certification" for row in filled[1])
    with transaction(factory) as db:
        advice_days.rebuild(db)
        watcher_rebuild.rebuild(db)
    assert _summaries(engine) == filled
    engine.dispose()
