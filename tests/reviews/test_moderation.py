"""Moderation: the seller hides a review's words only for abuse, with a reason from the fixed
list; every action is logged (who, when, why); the log and the reviews cannot be edited away
or deleted; a hidden review keeps counting in the product's rating. The admin page does the
same with CSRF-checked forms, for the owner only."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction, utcnow
from crosslive.errors import InvalidInput, NotFound
from crosslive.reviews import moderation, service
from crosslive.reviews.models import (
    AbuseReason,
    AppendOnly,
    Review,
    ReviewAction,
    ReviewActionKind,
    ReviewStatus,
)
from tests.factories import add_staff, page_login
from tests.returns.follow_up_helpers import Buying
from tests.reviews.helpers import counts


@pytest.fixture
def negative(buying: Buying, buyer: TestClient) -> int:
    """A one-star review of the shirt; its id."""
    bought = buying.delivered("review-moderation")
    body = {"line_id": bought.shirt.id, "rating": 1, "title": "Fell apart"}
    posted = buyer.post(bought.url, json={**body, "body": "Call me 555-0100"})
    assert posted.status_code == 201, posted.text
    return int(posted.json()["id"])


def moderator(owner: dict[str, str | int]) -> moderation.Moderator:
    return moderation.Moderator(int(owner["seller_id"]), int(owner["user_id"]), "Olive")


def test_a_negative_review_cannot_be_hidden_without_an_abuse_reason(
    negative: int,
    owner: dict[str, str | int],
    session_factory: sessionmaker[Session],
    db: Session,
) -> None:
    for reason in ("", "negative", "inaccurate", "HARASSMENT "):
        with pytest.raises(InvalidInput), transaction(session_factory) as change:
            moderation.hide(change, moderator(owner), negative, reason, "", now=utcnow())
    review = db.get(Review, negative)
    assert review is not None and review.status is ReviewStatus.VISIBLE
    assert counts(db) == (1, 1)  # only the buyer's "posted"
    other_store = moderation.Moderator(int(owner["seller_id"]) + 1000, 1, "Mallory")
    with pytest.raises(NotFound), transaction(session_factory) as change:
        moderation.hide(change, other_store, negative, "spam", "", now=utcnow())
    assert counts(db) == (1, 1)


def test_hiding_for_abuse_is_logged_keeps_the_stars_and_cannot_be_deleted(
    negative: int,
    owner: dict[str, str | int],
    session_factory: sessionmaker[Session],
    db: Session,
) -> None:
    with transaction(session_factory) as change:
        moderation.hide(
            change, moderator(owner), negative, "personal_data", "a phone number", now=utcnow()
        )
    with transaction(session_factory) as change:  # again: nothing more happens
        moderation.hide(change, moderator(owner), negative, "spam", "", now=utcnow())
    db.expire_all()
    review = db.get(Review, negative)
    assert review is not None and review.status is ReviewStatus.HIDDEN
    assert review.hidden_reason is AbuseReason.PERSONAL_DATA
    log = moderation.moderation_log(db, int(owner["seller_id"]), negative)
    assert [(a.kind, a.reason, a.actor, a.note) for a in log] == [
        (ReviewActionKind.HIDDEN, AbuseReason.PERSONAL_DATA, "Olive", "a phone number"),
        (ReviewActionKind.POSTED, None, "buyer", ""),
    ]
    assert log[0].staff_user_id == owner["user_id"]
    # The stars still count; the public sees that words were hidden, and why, not the words.
    assert review.product_id is not None
    summary = service.rating_summary(db, review.product_id)
    assert (summary.count, summary.distribution[1]) == (1, 1)
    public = service.review_dict(review)
    assert (public["hidden"], public["body"], public["title"]) == (True, "", "")
    assert public["hidden_reason"] == "personal_data"
    # Neither the log nor the review can be edited away or deleted.
    with pytest.raises(AppendOnly), transaction(session_factory) as change:
        row = change.scalars(select(ReviewAction).where(ReviewAction.review_id == negative)).first()
        assert row is not None
        row.note = "nothing happened"
    with pytest.raises(AppendOnly), transaction(session_factory) as change:
        for row in change.scalars(select(ReviewAction)):
            change.delete(row)
    with pytest.raises(AppendOnly), transaction(session_factory) as change:
        found = change.get(Review, negative)
        assert found is not None
        change.delete(found)
    assert counts(db) == (1, 2)


def test_the_admin_page_hides_for_abuse_with_csrf_for_the_owner_only(
    app_client: TestClient,
    negative: int,
    owner: dict[str, str | int],
    db: Session,
) -> None:
    csrf = page_login(app_client, str(owner["email"]))
    page = app_client.get("/admin/reviews")
    assert page.status_code == 200
    assert "Call me 555-0100" in page.text and 'data-kind="posted"' in page.text
    forged = app_client.post(
        f"/admin/reviews/{negative}/hide", data={"csrf_token": "x", "reason": "spam"}
    )
    assert forged.status_code == 403
    no_reason = app_client.post(
        f"/admin/reviews/{negative}/hide", data={"csrf_token": csrf, "reason": ""}
    )
    assert no_reason.status_code == 422
    assert "a negative review is not abuse" in no_reason.text
    assert counts(db) == (1, 1)
    hidden = app_client.post(
        f"/admin/reviews/{negative}/hide",
        data={"csrf_token": csrf, "reason": "personal_data", "note": "phone <b>number</b>"},
        follow_redirects=False,
    )
    assert hidden.status_code == 303
    page = app_client.get("/admin/reviews")
    assert 'data-status="hidden"' in page.text and 'data-kind="hidden"' in page.text
    assert "phone &lt;b&gt;number&lt;/b&gt;" in page.text
    labelled = app_client.post(
        f"/admin/reviews/{negative}/incentive",
        data={"csrf_token": csrf, "given": "a 10% voucher"},
        follow_redirects=False,
    )
    assert labelled.status_code == 303
    db.expire_all()
    review = db.get(Review, negative)
    assert review is not None and (review.incentivised, review.incentive) == (True, "a 10% voucher")
    assert counts(db) == (1, 3)


def test_a_host_sees_the_reviews_but_cannot_hide_one(
    app_client: TestClient,
    negative: int,
    owner: dict[str, str | int],
    session_factory: sessionmaker[Session],
    db: Session,
) -> None:
    email = add_staff(session_factory, int(owner["seller_id"]), "host-reviews@acme.test")
    csrf = page_login(app_client, email)
    assert "Fell apart" in app_client.get("/admin/reviews").text
    refused = app_client.post(
        f"/admin/reviews/{negative}/hide", data={"csrf_token": csrf, "reason": "harassment"}
    )
    assert refused.status_code == 403
    assert "only the store owner moderates reviews; you are host" in refused.text
    db.expire_all()
    review = db.get(Review, negative)
    assert review is not None and review.status is ReviewStatus.VISIBLE
    assert counts(db) == (1, 1)
