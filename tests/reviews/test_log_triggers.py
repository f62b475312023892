"""The moderation log is append-only in the database itself (migration 0038's triggers), not
only in the ORM: plain SQL cannot change or delete a row, nor delete the review it belongs
to; only the staff account's ON DELETE SET NULL may touch it. Runs on SQLite, and on
PostgreSQL when CROSSLIVE_TEST_DATABASE_URL is set."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth.models import StaffUser
from crosslive.db import transaction
from crosslive.reviews.models import ReviewAction, ReviewActionKind
from tests.factories import add_staff
from tests.returns.follow_up_helpers import Buying


@pytest.fixture
def review_id(buying: Buying, buyer: TestClient) -> int:
    bought = buying.delivered("log-triggers")
    body = {"line_id": bought.shirt.id, "rating": 2, "title": "Thin", "body": "Thin linen"}
    posted = buyer.post(bought.url, json=body)
    assert posted.status_code == 201, posted.text
    return int(posted.json()["id"])


def log(db: Session) -> list[tuple[int, str, str, int | None, str]]:
    db.expire_all()
    rows = db.scalars(select(ReviewAction).order_by(ReviewAction.id))
    return [(r.review_id, r.kind.value, r.note, r.staff_user_id, r.actor) for r in rows]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE review_actions SET note = 'nothing happened'",
        "UPDATE review_actions SET kind = 'hidden', staff_user_id = NULL",
        "DELETE FROM review_actions",
        "DELETE FROM reviews",  # would cascade into the log
    ],
)
def test_plain_sql_cannot_edit_or_delete_the_log(
    session_factory: sessionmaker[Session], db: Session, review_id: int, statement: str
) -> None:
    before = log(db)
    assert before == [(review_id, "posted", "", None, "buyer")]
    with pytest.raises(IntegrityError, match="append-only"), transaction(session_factory) as c:
        c.execute(text(statement))
    assert log(db) == before


def test_deleting_a_staff_account_keeps_its_log_rows_and_name(
    session_factory: sessionmaker[Session], db: Session, review_id: int, buying: Buying
) -> None:
    add_staff(session_factory, buying.shop.seller_id, "mod@acme.test", name="Mo")
    with transaction(session_factory) as c:
        staff = c.scalar(select(StaffUser).where(StaffUser.email == "mod@acme.test"))
        assert staff is not None
        c.add(
            ReviewAction(
                review_id=review_id,
                seller_id=buying.shop.seller_id,
                kind=ReviewActionKind.INCENTIVE_LABELLED,
                staff_user_id=staff.id,
                actor="Mo",
            )
        )
    with transaction(session_factory) as c:
        c.execute(text("DELETE FROM staff_users WHERE email = 'mod@acme.test'"))
    assert log(db)[-1] == (review_id, "incentive_labelled", "", None, "Mo")
