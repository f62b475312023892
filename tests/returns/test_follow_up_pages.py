"""The follow-up through the browser's eyes: the email's links (present, escaped), the GET
page that only confirms, the POST that records and offers the exchange or the returns form,
the order page's "Does it fit?" block, and the clear page for a link that does not work."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction, utcnow
from crosslive.events.models import ShowEvent
from crosslive.fit.models import FitFeedback
from crosslive.mail.models import OutboxEmail
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order, OrderLine
from crosslive.returns import followup_mail
from crosslive.returns.followup_models import Answer, FollowUpAnswer
from crosslive.settings import Settings
from tests.factories import Shop
from tests.returns.follow_up_helpers import Buying, links_of, make_shirt_apparel


@pytest.fixture(autouse=True)
def _apparel(session_factory: sessionmaker[Session], shop: Shop) -> None:
    make_shirt_apparel(session_factory)


def answers(db: Session) -> list[tuple[int, Answer]]:
    db.expire_all()
    rows = db.execute(select(FollowUpAnswer.order_line_id, FollowUpAnswer.answer))
    return [tuple(r) for r in rows]  # type: ignore[misc]


def follow_link(html: str, testid: str, order_links: OrderLinks) -> tuple[str, str]:
    """The page's TESTID link as (the order's public id its token stands for, the rest)."""
    href = re.search(f'data-testid="{testid}" href="/orders/([^/"]+)([^"]*)"', html)
    assert href is not None, f"no {testid} link"
    return order_links.public_id(href.group(1)), href.group(2)


def test_the_email_carries_a_link_per_line_and_answer_and_escapes_what_buyers_wrote(
    buying: Buying,
    buyer: TestClient,
    db: Session,
    session_factory: sessionmaker[Session],
    settings: Settings,
) -> None:
    bought = buying.delivered("follow-page-1")
    order, shirt, lamp = bought.order, bought.shirt, bought.lamp
    with transaction(session_factory) as change:
        change.execute(update(Order).where(Order.id == order.id).values(name='Ana <b>"B"</b>'))
        change.execute(
            update(OrderLine).where(OrderLine.id == lamp.id).values(product_title="Lamp <i>&</i>")
        )
    with transaction(session_factory) as job:
        links, order_links = links_of(settings), OrderLinks.from_settings(settings)
        assert followup_mail.send(
            job, {"order_id": order.id}, links=links, order_links=order_links, now=utcnow()
        )
    email = db.scalars(select(OutboxEmail).order_by(OutboxEmail.id.desc())).first()
    assert email is not None and email.subject == "Acme Outfitters: how does it fit?"
    base = settings.public_url.rstrip("/")
    expected = {
        links.url(order, shirt.id, a)
        for a in (Answer.FITS, Answer.TOO_SMALL, Answer.TOO_LARGE, Answer.PROBLEM)
    } | {links.url(order, lamp.id, a) for a in (Answer.ALL_RIGHT, Answer.PROBLEM)}
    found = set(re.findall(r'href="([^"]+/follow-up/[^"]+)"', email.html_body))
    assert found == expected
    assert set(re.findall(r"(http\S+/follow-up/\S+)", email.text_body)) == expected
    assert f"{base}/orders/" in email.text_body
    html = email.html_body
    assert "Ana &lt;b&gt;&#34;B&#34;&lt;/b&gt;" in html and "<b>" not in html
    assert "Lamp &lt;i&gt;&amp;&lt;/i&gt;" in html
    assert 'Ana <b>"B"</b>, your order from Acme Outfitters has arrived.' in email.text_body
    assert "How does it fit?" in email.text_body and "Is everything all right?" in email.text_body
    # The email's link opens the confirmation page.
    path = links.path(order, shirt.id, Answer.TOO_SMALL)
    assert path in html
    page = buyer.get(path)
    assert page.status_code == 200 and "Too small" in page.text


def test_one_click_records_the_answer_and_offers_the_exchange(
    buying: Buying,
    buyer: TestClient,
    db: Session,
    settings: Settings,
) -> None:
    links = links_of(settings)
    bought = buying.delivered("follow-page-2")
    order, shirt, lamp = bought.order, bought.shirt, bought.lamp
    order_links = OrderLinks.from_settings(settings)
    small = links.path(order, shirt.id, Answer.TOO_SMALL)

    fetched = buyer.get(small)  # what a link scanner does: nothing is recorded
    assert fetched.status_code == 200
    assert fetched.headers["cache-control"] == "no-store"
    assert '<script type="module" src="/static/shop/follow-up.js"></script>' in fetched.text
    assert 'method="post" data-follow-up-auto' in fetched.text
    assert answers(db) == []

    thanks = buyer.post(small)
    assert thanks.status_code == 200
    assert 'data-answer="too_small"' in thanks.text
    exchange = f"/return?line={shirt.id}&amp;reason=too_small"
    assert follow_link(thanks.text, "exchange-link", order_links) == (order.public_id, exchange)
    assert follow_link(thanks.text, "order-link", order_links) == (order.public_id, "")
    assert buyer.post(small).status_code == 200  # the second click changes nothing
    assert answers(db) == [(shirt.id, Answer.TOO_SMALL)]
    assert db.scalar(select(func.count()).select_from(FitFeedback)) == 1
    kinds = db.scalars(select(ShowEvent.kind).where(ShowEvent.kind == "fit_answer")).all()
    assert kinds == ["fit_answer"]

    large = buyer.post(links.path(order, shirt.id, Answer.TOO_LARGE)).text
    too_large = f"/return?line={shirt.id}&amp;reason=too_large"
    assert follow_link(large, "exchange-link", order_links) == (order.public_id, too_large)
    wrong = buyer.post(links.path(order, lamp.id, Answer.PROBLEM)).text
    problem = f"/return?line={lamp.id}"
    assert follow_link(wrong, "problem-link", order_links) == (order.public_id, problem)
    fits = buyer.post(links.path(order, shirt.id, Answer.FITS)).text
    assert "exchange-link" not in fits and "problem-link" not in fits
    assert sorted(answers(db)) == sorted([(shirt.id, Answer.FITS), (lamp.id, Answer.PROBLEM)])

    page = buyer.get(f"/orders/{bought.token}").text
    assert "Does it fit?" in page
    assert 'data-testid="fit-given" data-answer="fits"' in page
    assert f'action="{links.path(order, shirt.id, Answer.TOO_SMALL)}"' in page
    assert f'action="{links.path(order, lamp.id, Answer.ALL_RIGHT)}"' in page
    assert 'data-answer="fits" aria-pressed="true"' in page


def test_a_bad_or_late_link_shows_a_clear_page_and_records_nothing(
    buying: Buying,
    buyer: TestClient,
    db: Session,
    session_factory: sessionmaker[Session],
    settings: Settings,
) -> None:
    links = links_of(settings)
    bought = buying.delivered("follow-page-3")
    order = bought.order
    path = links.path(order, bought.shirt.id, Answer.TOO_SMALL)
    tampered = path[:-3] + ("xyz" if not path.endswith("xyz") else "abc")
    for method in (buyer.get, buyer.post):
        response = method(tampered)
        assert response.status_code == 404
        assert "This link does not work" in response.text
        assert "Nothing was recorded" in response.text

    with transaction(session_factory) as change:
        change.execute(
            update(Order)
            .where(Order.id == order.id)
            .values(returns_until=utcnow() - timedelta(minutes=1))
        )
    for method in (buyer.get, buyer.post):
        response = method(path)
        assert response.status_code == 403
        assert "the return window of this order has ended" in response.text
    assert answers(db) == []
    page = buyer.get(f"/orders/{bought.token}").text
    assert "Does it fit?" not in page
