"""The owner's order list pages through a big store: 50 newest first, "Older" / "Newer" by
(created_at, id) keeping the status filter and the search, the count of matching orders,
a search on public id / name / email with LIKE wildcards taken literally, bad page links
refused with a message, another store's orders never shown, and a constant number of
queries per page however many orders the store holds."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from html import unescape
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction
from crosslive.orders.models import Order, OrderStatus
from tests.factories import other_store, page_login

BASE = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
ROW = re.compile(r'<tr data-order="(\d+)">')


def _order(seller_id: int, n: int, **changes: Any) -> Order:
    values: dict[str, Any] = {
        "public_id": f"pub-{seller_id}-{n:04d}-token",
        "seller_id": seller_id,
        "market_code": "US",
        "viewer_id": f"viewer-{n}",
        "currency": "USD",
        "subtotal_minor": 1000 + n,
        "total_minor": 1000 + n,
        # Paid for every third order, else waiting; two orders share each minute, so the
        # page boundaries fall between orders placed at the same time.
        "status": OrderStatus.PAID if n % 3 == 0 else OrderStatus.PENDING_PAYMENT,
        "email": f"buyer{n}@example.com",
        "name": f"Buyer {n:03d}",
        "address_line1": "1 Main St",
        "city": "Springfield",
        "country": "US",
        "created_at": BASE + timedelta(minutes=(n + 1) // 2),
    }
    values.update(changes)
    return Order(**values)


def _add_orders(factory: sessionmaker[Session], seller_id: int, numbers: range) -> list[int]:
    """Orders numbered NUMBERS (later numbers are newer); their ids, in the same order."""
    with transaction(factory) as db:
        orders = [_order(seller_id, n) for n in numbers]
        db.add_all(orders)
        db.flush()
        return [o.id for o in orders]


def _newest_first(factory: sessionmaker[Session], seller_id: int, **where: Any) -> list[int]:
    with transaction(factory) as db:
        rows = db.query(Order).filter_by(seller_id=seller_id, **where).all()
        rows.sort(key=lambda o: (o.created_at, o.id), reverse=True)
        return [o.id for o in rows]


def _ids(html: str) -> list[int]:
    return [int(i) for i in ROW.findall(html)]


def _link(html: str, rel: str) -> str | None:
    match = re.search(rf'<a href="([^"]+)" rel="{rel}">', html)
    return unescape(match.group(1)) if match else None


@contextmanager
def _counting() -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(Engine, "before_cursor_execute", count)


def test_pages_of_fifty_newest_first_older_and_newer(
    app_client: TestClient, owner: dict[str, Any], session_factory: sessionmaker[Session]
) -> None:
    seller_id = int(owner["seller_id"])
    _add_orders(session_factory, seller_id, range(120))
    expected = _newest_first(session_factory, seller_id)
    page_login(app_client, str(owner["email"]))

    first = app_client.get("/admin/orders")
    assert first.status_code == 200
    assert "120 orders" in first.text
    assert _ids(first.text) == expected[:50]
    assert _link(first.text, "prev") is None

    older = _link(first.text, "next")
    assert older is not None and older.startswith("/admin/orders?older=")
    second = app_client.get(older)
    assert _ids(second.text) == expected[50:100]
    third_link = _link(second.text, "next")
    assert third_link is not None
    third = app_client.get(third_link)
    assert _ids(third.text) == expected[100:]
    assert len(_ids(third.text)) == 20
    assert _link(third.text, "next") is None

    # Coming back: "Newer" from the last page is the middle page, then the first.
    back = _link(third.text, "prev")
    assert back is not None and "newer=" in back
    middle = app_client.get(back)
    assert _ids(middle.text) == expected[50:100]
    again = _link(middle.text, "prev")
    assert again is not None
    top = app_client.get(again)
    assert _ids(top.text) == expected[:50]
    assert _link(top.text, "prev") is None


def test_the_status_filter_and_the_search_survive_paging(
    app_client: TestClient, owner: dict[str, Any], session_factory: sessionmaker[Session]
) -> None:
    seller_id = int(owner["seller_id"])
    _add_orders(session_factory, seller_id, range(180))
    waiting = _newest_first(session_factory, seller_id, status=OrderStatus.PENDING_PAYMENT)
    assert len(waiting) == 120
    page_login(app_client, str(owner["email"]))

    first = app_client.get("/admin/orders?status=pending_payment")
    assert "120 orders" in first.text and _ids(first.text) == waiting[:50]
    older = _link(first.text, "next")
    assert older is not None and "status=pending_payment" in older
    second = app_client.get(older)
    assert _ids(second.text) == waiting[50:100]
    last_link = _link(second.text, "next")
    assert last_link is not None and "status=pending_payment" in last_link
    assert _ids(app_client.get(last_link).text) == waiting[100:]

    # "Buyer 1" matches Buyer 100..179: 80 orders, the search kept across pages.
    searched = app_client.get("/admin/orders?q=buyer+1")
    assert "80 orders" in searched.text
    link = _link(searched.text, "next")
    assert link is not None and "q=buyer+1" in link
    rest = app_client.get(link)
    found = _ids(searched.text) + _ids(rest.text)
    assert len(found) == 80 and _link(rest.text, "next") is None
    everything = _newest_first(session_factory, seller_id)
    with transaction(session_factory) as db:
        names = {o.id: o.name for o in db.query(Order).filter(Order.id.in_(found))}
    assert all(name.startswith("Buyer 1") for name in names.values())
    assert found == [i for i in everything if i in names]


def test_search_by_public_id_name_or_email_takes_wildcards_literally(
    app_client: TestClient, owner: dict[str, Any], session_factory: sessionmaker[Session]
) -> None:
    seller_id = int(owner["seller_id"])
    with transaction(session_factory) as db:
        plain = _order(seller_id, 1, name="Ana 100x CottonXFan", email="ana@example.com")
        literal = _order(seller_id, 2, name="Ana 100% Cotton_Fan", email="ana_b@example.com")
        other = _order(
            seller_id, 3, name="Bo Li", email="BO.LI@Example.org", public_id="Xy7QzPUBLIC"
        )
        db.add_all([plain, literal, other])
        db.flush()
        ids = (plain.id, literal.id, other.id)
    page_login(app_client, str(owner["email"]))

    def found(q: str) -> list[int]:
        response = app_client.get("/admin/orders", params={"q": q})
        assert response.status_code == 200
        return sorted(_ids(response.text))

    assert found("xy7qzpublic") == [ids[2]]  # public id, any case
    assert found("bo li") == [ids[2]]  # name
    assert found("bo.li@EXAMPLE.ORG") == [ids[2]]  # email, any case
    assert found("100%") == [ids[1]]  # % is a percent sign, not "anything"
    assert found("Cotton_Fan") == [ids[1]]  # _ is an underscore, not "one character"
    assert found("a_b@") == [ids[1]]
    assert found("%") == [ids[1]]
    assert found("\\") == []
    assert found("ana") == sorted(ids[:2])
    assert found(f"#{ids[0]}") == [ids[0]]
    nothing = app_client.get("/admin/orders", params={"q": "nobody"})
    assert "No orders match this search." in nothing.text and "0 orders" in nothing.text


def test_bad_page_links_and_filters_are_refused_with_a_message(
    app_client: TestClient, owner: dict[str, Any], session_factory: sessionmaker[Session]
) -> None:
    _add_orders(session_factory, int(owner["seller_id"]), range(3))
    page_login(app_client, str(owner["email"]))
    for query in (
        "older=garbage",
        "newer=1.2.3",
        "older=99999999999999999999.1",
        "older=-9999999999999999999.1",
        "older=1.5&newer=1.6",
        "status=lost",
        "q=" + "x" * 201,
    ):
        response = app_client.get(f"/admin/orders?{query}")
        assert response.status_code == 422, query
        assert 'role="alert"' in response.text, query
        assert _ids(response.text) == [], query
    bad = app_client.get("/admin/orders?older=garbage")
    assert "This page link is not valid; start again from the first page." in bad.text
    assert (
        "There is no order status called lost." in app_client.get("/admin/orders?status=lost").text
    )
    chinese = app_client.get("/admin/orders?older=nope", headers={"Accept-Language": "zh-CN"})
    assert chinese.status_code == 422 and "此翻页链接无效" in chinese.text


def test_an_owner_never_sees_another_stores_orders(
    app_client: TestClient, owner: dict[str, Any], session_factory: sessionmaker[Session]
) -> None:
    mine = _add_orders(session_factory, int(owner["seller_id"]), range(60))
    globex = other_store(session_factory)
    theirs = _add_orders(session_factory, int(globex["seller_id"]), range(60, 130))
    page_login(app_client, str(globex["email"]))
    first = app_client.get("/admin/orders")
    assert "70 orders" in first.text
    older = _link(first.text, "next")
    assert older is not None
    seen = _ids(first.text) + _ids(app_client.get(older).text)
    assert sorted(seen) == sorted(theirs)
    assert not set(seen) & set(mine)
    # Acme's names and a cursor taken from an Acme order show nothing of Acme's either.
    assert _ids(app_client.get("/admin/orders?q=Buyer+005").text) == []


def test_queries_per_page_do_not_grow_with_the_store(
    app_client: TestClient, owner: dict[str, Any], session_factory: sessionmaker[Session]
) -> None:
    seller_id = int(owner["seller_id"])
    page_login(app_client, str(owner["email"]))

    def queries(url: str) -> tuple[int, str]:
        # The fewest of three views: the app's background jobs share the engine and, on a
        # loaded machine, may run a statement while a page is being counted; they only add.
        counts = []
        for _ in range(3):
            with _counting() as statements:
                response = app_client.get(url)
            assert response.status_code == 200
            counts.append(len(statements))
        return min(counts), response.text

    _add_orders(session_factory, seller_id, range(60))
    app_client.get("/admin/orders")  # the first page view of the process fills its caches
    small, small_page = queries("/admin/orders")
    assert len(_ids(small_page)) == 50
    _add_orders(session_factory, seller_id, range(60, 600))
    big, big_page = queries("/admin/orders")
    assert "600 orders" in big_page and len(_ids(big_page)) == 50
    older = _link(big_page, "next")
    assert older is not None
    deeper, _ = queries(older)
    searched, _ = queries("/admin/orders?status=paid&q=buyer")
    assert small == big == deeper == searched
    assert small <= 6  # the login's few, the count and the page


def test_the_search_folds_accented_capitals_and_keeps_paging_and_count(
    app_client: TestClient, owner: dict[str, Any], session_factory: sessionmaker[Session]
) -> None:
    seller_id = int(owner["seller_id"])
    with transaction(session_factory) as db:
        shouted = [_order(seller_id, n, name=f"ÉLODIE MÜLLER {n:02d}") for n in range(40)]
        quiet = [_order(seller_id, n, name=f"élodie müller {n:02d}") for n in range(40, 60)]
        others = [_order(seller_id, n, name=f"Elodie Muller {n:02d}") for n in range(60, 70)]
        db.add_all(shouted + quiet + others)
        db.flush()
        both = {o.id for o in shouted + quiet}
    expected = [i for i in _newest_first(session_factory, seller_id) if i in both]
    page_login(app_client, str(owner["email"]))

    for q in ("élodie", "ÉLODIE", "Müller", "élodie müller"):
        first = app_client.get("/admin/orders", params={"q": q})
        assert "60 orders" in first.text, q
        link = _link(first.text, "next")
        assert link is not None
        rest = app_client.get(link)
        assert _ids(first.text) + _ids(rest.text) == expected, q
        assert _link(rest.text, "next") is None
        back = _link(rest.text, "prev")
        assert back is not None and _ids(app_client.get(back).text) == expected[:50]
    # Unaccented letters are other letters, on SQLite as on PostgreSQL.
    assert "10 orders" in app_client.get("/admin/orders", params={"q": "muller"}).text
