"""The follow-up after delivery, as services: delivery schedules one job, the job emails once
and only when it should, answer links refuse what was not signed for this order or comes
after the return window, and answering is idempotent."""

from __future__ import annotations

import gettext
import io
import threading
from datetime import timedelta
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from itsdangerous import URLSafeSerializer
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction, utcnow
from crosslive.errors import NotFound
from crosslive.events.models import ShowEvent
from crosslive.fit.models import FitFeedback, FitSource, FitVerdict
from crosslive.mail.models import OutboxEmail
from crosslive.markets.models import Market
from crosslive.orders.links import LinkExpired, OrderLinks
from crosslive.orders.models import Order
from crosslive.returns import followup, followup_mail
from crosslive.returns.followup_models import Answer, FollowUpAnswer
from crosslive.scheduler.models import JobState, ScheduledJob
from crosslive.settings import Settings
from tests.factories import Shop
from tests.orders.lifecycle_helpers import fresh, paid_order
from tests.returns.follow_up_helpers import Buying, links_of, make_shirt_apparel, run_jobs_at
from tests.returns.return_helpers import count

SUBJECT = "Acme Outfitters: how does it fit?"


@pytest.fixture(autouse=True)
def _apparel(session_factory: sessionmaker[Session], shop: Shop) -> None:
    make_shirt_apparel(session_factory)


def follow_up_emails(db: Session) -> list[OutboxEmail]:
    db.expire_all()
    return list(db.scalars(select(OutboxEmail).where(OutboxEmail.subject == SUBJECT)))


def send(db: Session, settings: Settings, order_id: int, **kw: Any) -> bool:
    """Run the follow-up job's work for ORDER_ID now, and commit it."""
    links, order_links = links_of(settings), OrderLinks.from_settings(settings)
    db.expire_all()  # see what the other sessions committed
    payload = {"order_id": order_id}
    sent = followup_mail.send(db, payload, links=links, order_links=order_links, now=utcnow(), **kw)
    db.commit()
    return sent


def test_delivery_schedules_one_follow_up_which_is_sent_once_when_due(
    buying: Buying,
    db: Session,
    session_factory: sessionmaker[Session],
    settings: Settings,
) -> None:
    order = buying.delivered("follow-0001").order
    again = buying.staff.post(f"/api/v1/orders/{order.id}/delivered", json={}, headers=buying.auth)
    assert again.status_code == 200
    jobs = db.scalars(
        select(ScheduledJob).where(ScheduledJob.kind == followup_mail.FOLLOW_UP)
    ).all()
    assert order.delivered_at is not None
    due = order.delivered_at + timedelta(hours=48)
    assert [(j.key, j.payload, j.due_at, j.state) for j in jobs] == [
        (f"order:{order.id}", {"order_id": order.id}, due, JobState.PENDING)
    ]

    assert run_jobs_at(session_factory, settings, due - timedelta(seconds=1)) == 0
    assert follow_up_emails(db) == []
    assert run_jobs_at(session_factory, settings, due) == 1
    assert run_jobs_at(session_factory, settings, due + timedelta(hours=1)) == 0
    emails = follow_up_emails(db)
    assert [e.to_address for e in emails] == ["ana@example.com"]
    db.expire_all()
    job = db.scalars(select(ScheduledJob).where(ScheduledJob.kind == followup_mail.FOLLOW_UP)).one()
    assert job.state is JobState.DONE


def test_the_job_skips_answered_closed_cancelled_and_addressless_orders(
    buying: Buying,
    db: Session,
    session_factory: sessionmaker[Session],
    settings: Settings,
) -> None:
    answered = buying.delivered("follow-0002")
    fits = links_of(settings).token(answered.order, answered.shirt.id, Answer.FITS)
    followup.answer(db, links_of(settings), fits, now=utcnow())
    db.commit()
    assert followup_mail.why_not(db, answered.order, utcnow()) == "the buyer already answered"
    assert send(db, settings, answered.order.id) is False

    no_email = buying.delivered("follow-0003").order
    ended = buying.delivered("follow-0004").order
    with transaction(session_factory) as change:
        change.execute(update(Order).where(Order.id == no_email.id).values(email=""))
        change.execute(
            update(Order)
            .where(Order.id == ended.id)
            .values(returns_until=utcnow() - timedelta(minutes=1))
        )
    assert send(db, settings, no_email.id) is False
    assert send(db, settings, ended.id) is False
    shirt_m = buying.shop.shirt_m
    unpaid = paid_order(buying.staff, buying.buyer, db, shirt_m, "follow-0005", buying.auth)
    assert send(db, settings, unpaid) is False  # paid, never delivered
    assert followup_mail.why_not(db, fresh(db, unpaid), utcnow()) == "the order is paid"
    assert send(db, settings, 999_999) is False
    assert follow_up_emails(db) == []

    fine = buying.delivered("follow-0006").order
    assert send(db, settings, fine.id) is True
    assert len(follow_up_emails(db)) == 1


def test_answer_links_refuse_tampered_foreign_and_expired_tokens_and_record_nothing(
    buying: Buying,
    db: Session,
    settings: Settings,
) -> None:
    links = links_of(settings)
    bought = buying.delivered("follow-0010")
    order, shirt, lamp = bought.order, bought.shirt, bought.lamp
    other_shirt = buying.delivered("follow-0011").shirt
    good = links.token(order, shirt.id, Answer.TOO_SMALL)
    now = utcnow()

    refused = {
        "tampered": good[:-2] + ("AA" if not good.endswith("AA") else "BB"),
        "cut short": good[:20],
        "order page token": OrderLinks.from_settings(settings).token(order),
        # Signed by us, but the line belongs to another order.
        "other order's line": URLSafeSerializer(
            settings.signing_key(), salt="crosslive.returns.follow-up"
        ).dumps([order.public_id, other_shirt.id, "too_small"]),
        "fit answer for a line without a size": links.token(order, lamp.id, Answer.TOO_SMALL),
    }
    for why, token in refused.items():
        with pytest.raises(NotFound, match="this link does not work"):
            followup.answer(db, links, token, now=now)
        assert why and count(db, FollowUpAnswer) == 0

    assert order.returns_until is not None
    for late in (order.returns_until, order.returns_until + timedelta(days=1)):
        with pytest.raises(LinkExpired, match="the return window of this order has ended"):
            followup.answer(db, links, good, now=late)
    assert (count(db, FollowUpAnswer), count(db, FitFeedback)) == (0, 0)


def test_answering_twice_records_once_and_another_answer_replaces_it(
    buying: Buying,
    db: Session,
    settings: Settings,
) -> None:
    links = links_of(settings)
    bought = buying.delivered("follow-0020")
    order, shirt, lamp = bought.order, bought.shirt, bought.lamp
    small = links.token(order, shirt.id, Answer.TOO_SMALL)
    first = followup.answer(db, links, small, now=utcnow())
    again = followup.answer(db, links, small, now=utcnow())
    followup.answer(db, links, links.token(order, lamp.id, Answer.ALL_RIGHT), now=utcnow())
    db.commit()
    assert (first.changed, again.changed) == (True, False)
    rows = db.execute(
        select(FitFeedback.order_line_id, FitFeedback.size, FitFeedback.verdict, FitFeedback.source)
    ).all()
    assert [tuple(r) for r in rows] == [(shirt.id, "M", FitVerdict.SMALL, FitSource.FOLLOW_UP)]

    followup.answer(db, links, links.token(order, shirt.id, Answer.FITS), now=utcnow())
    db.commit()
    assert followup.given_answers(db, order.id) == {
        shirt.id: Answer.FITS,
        lamp.id: Answer.ALL_RIGHT,
    }
    assert db.scalars(select(FitFeedback.verdict)).all() == [FitVerdict.FIT]
    events = db.scalars(
        select(ShowEvent.payload).where(ShowEvent.kind == "fit_answer").order_by(ShowEvent.id)
    ).all()
    product = shirt_product(db, order)
    assert events == [
        {
            "order_id": order.id,
            "line_id": shirt.id,
            "product_id": product,
            "answer": "too_small",
            "previous": None,
        },
        {
            "order_id": order.id,
            "line_id": lamp.id,
            "product_id": lamp_product(db, order),
            "answer": "all_right",
            "previous": None,
        },
        {
            "order_id": order.id,
            "line_id": shirt.id,
            "product_id": product,
            "answer": "fits",
            "previous": "too_small",
        },
    ]


def shirt_product(db: Session, order: Order) -> int | None:
    return {q.line.product_title: q.product_id for q in followup.questions(db, order)}[
        "Linen Shirt"
    ]


def lamp_product(db: Session, order: Order) -> int | None:
    return {q.line.product_title: q.product_id for q in followup.questions(db, order)}["Lamp"]


def german(language: str) -> gettext.NullTranslations:
    """A German catalog for the follow-up's strings, the way a real one is compiled."""
    if language != "de":
        return gettext.NullTranslations()
    catalog = Catalog(locale="de")
    catalog.add("How does it fit?", "Wie passt es?")
    catalog.add("Too small", "Zu klein")
    catalog.add("{store}: how does it fit?", "{store}: Wie passt es?")
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def test_the_email_is_in_the_language_of_the_orders_market(
    buying: Buying,
    db: Session,
    session_factory: sessionmaker[Session],
    settings: Settings,
) -> None:
    english = buying.delivered("follow-0030").order
    assert send(db, settings, english.id, translations=german) is True
    german_order = buying.delivered("follow-0031").order
    with transaction(session_factory) as change:
        change.execute(update(Market).where(Market.code == "US").values(languages=["de", "en"]))
    assert send(db, settings, german_order.id, translations=german) is True
    subjects = [SUBJECT, "Acme Outfitters: Wie passt es?"]
    emails = db.scalars(
        select(OutboxEmail).where(OutboxEmail.subject.in_(subjects)).order_by(OutboxEmail.id)
    ).all()
    assert [e.subject for e in emails] == subjects
    assert "How does it fit?" in emails[0].text_body and "Too small: http" in emails[0].text_body
    assert "Wie passt es?" in emails[1].text_body and "Zu klein: http" in emails[1].text_body
    assert "How does it fit?" not in emails[1].text_body


def test_two_clicks_at_once_record_one_answer_and_one_event(
    buying: Buying,
    db: Session,
    session_factory: sessionmaker[Session],
    settings: Settings,
) -> None:
    links = links_of(settings)
    bought = buying.delivered("follow-0040")
    order, shirt = bought.order, bought.shirt
    token = links.token(order, shirt.id, Answer.TOO_LARGE)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def click() -> None:
        start.wait()
        try:
            with transaction(session_factory) as mine:
                done = followup.answer(mine, links, token, now=utcnow())
            outcomes.append("recorded" if done.changed else "already")
        except (IntegrityError, OperationalError):  # SQLite: the loser's write is refused
            outcomes.append("refused")

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("recorded") == 1
    if db.get_bind().dialect.name == "postgresql":  # the row lock: the second click waits
        assert sorted(outcomes) == ["already", "recorded"]
    assert followup.given_answers(db, order.id) == {shirt.id: Answer.TOO_LARGE}
    assert (count(db, FollowUpAnswer), count(db, FitFeedback)) == (1, 1)
    kinds = db.scalars(select(ShowEvent.kind).where(ShowEvent.kind == "fit_answer")).all()
    assert kinds == ["fit_answer"]
