"""A buyer reviews the lines of their delivered order through the signed order link: only a
delivered order, one review per line, the same review again changes nothing, and bad input
changes nothing; the product's summary and public list follow."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.events.models import ShowEvent
from crosslive.reviews import service
from crosslive.reviews.models import Review
from tests.returns.follow_up_helpers import Buying
from tests.reviews.helpers import counts


def test_only_a_delivered_order_can_be_reviewed(
    buying: Buying, buyer: TestClient, db: Session
) -> None:
    bought = buying.shipped("review-shipped")
    shirt, url = bought.shirt, bought.url
    answer = buyer.post(url, json={"line_id": shirt.id, "rating": 5, "title": "Great"})
    assert answer.status_code == 409
    assert answer.json()["detail"] == "you can review an order once it has been delivered"
    assert counts(db) == (0, 0)
    listed = buyer.get(url).json()
    assert listed["can_review"] is False
    assert [line["review"] for line in listed["lines"]] == [None, None]


def test_one_review_per_line_and_the_same_review_again_changes_nothing(
    buying: Buying, buyer: TestClient, db: Session
) -> None:
    bought = buying.delivered("review-once")
    shirt, lamp, url = bought.shirt, bought.lamp, bought.url
    body = {"line_id": shirt.id, "rating": 2, "title": "Runs small", "body": "Too tight."}
    first = buyer.post(url, json=body)
    assert first.status_code == 201, first.text
    review = first.json()
    assert review["rating"] == 2 and review["verified_purchase"] is True
    assert review["author"] == "Ana B." and review["variant"] == "M"
    again = buyer.post(url, json=body)
    assert again.status_code == 200 and again.json() == review
    other = buyer.post(url, json={**body, "rating": 5, "title": "Actually fine"})
    assert other.status_code == 409
    assert other.json()["detail"] == "you have already reviewed this item"
    assert counts(db) == (1, 1)
    stored = db.scalars(select(Review)).one()
    assert (stored.rating, stored.title, stored.language) == (2, "Runs small", "en")
    assert stored.language_detected is True
    lamp_review = {"line_id": lamp.id, "rating": 5, "body": "Sehr schöne Lampe, gut verpackt."}
    assert buyer.post(url, json=lamp_review).status_code == 201
    assert counts(db) == (2, 2)
    german = db.scalars(select(Review).where(Review.order_line_id == lamp.id)).one()
    assert german.language == "de"
    # The show's log tells the room, without personal data.
    events = db.scalars(select(ShowEvent).where(ShowEvent.kind == "review_posted")).all()
    assert [e.payload["rating"] for e in events] == [2, 5]
    assert all(set(e.payload) == {"review_id", "product_id", "rating"} for e in events)


def test_bad_input_changes_nothing(buying: Buying, buyer: TestClient, db: Session) -> None:
    bought = buying.delivered("review-bad")
    other_shirt = buying.delivered("review-bad-2").shirt
    url = bought.url
    good = {"line_id": bought.shirt.id, "rating": 4}
    for bad, status in [
        ({**good, "rating": 0}, 422),
        ({**good, "rating": 6}, 422),
        ({**good, "rating": "five"}, 422),
        ({**good, "title": "x" * 121}, 422),
        ({**good, "body": "x" * 4001}, 422),
        ({**good, "language": "klingon"}, 422),
        ({**good, "surprise": 1}, 422),
        ({**good, "line_id": other_shirt.id}, 404),  # another order's line
    ]:
        answer = buyer.post(url, json=bad)
        assert answer.status_code == status, (bad, answer.text)
    tampered = url.replace("/reviews", "x/reviews")
    assert buyer.post(tampered, json=good).status_code == 404
    assert counts(db) == (0, 0)


def test_the_summary_counts_every_review_and_lists_the_viewers_language_first(
    app_client: TestClient, buying: Buying, buyer: TestClient, db: Session
) -> None:
    texts = [(5, "en", "Lovely shirt"), (1, "de", "Schlecht genäht"), (4, "ja", "いいシャツ")]
    product_id = None
    for n, (rating, lang, title) in enumerate(texts):
        bought = buying.delivered(f"review-sum-{n}")
        shirt = bought.shirt
        body = {"line_id": shirt.id, "rating": rating, "title": title, "language": lang}
        posted = buyer.post(bought.url, json=body)
        assert posted.status_code == 201, posted.text
        product_id = db.scalar(select(Review.product_id).where(Review.order_line_id == shirt.id))
    assert product_id is not None
    summary = service.rating_summary(db, product_id)
    assert (summary.count, summary.average) == (3, 3.33)
    assert summary.distribution == {1: 1, 2: 0, 3: 0, 4: 1, 5: 1}
    public = app_client.get(f"/api/v1/products/{product_id}/reviews?lang=de")
    assert public.status_code == 200
    data = public.json()
    assert data["summary"] == {
        "count": 3,
        "average": 3.33,
        "distribution": {"1": 1, "2": 0, "3": 0, "4": 1, "5": 1},
    }
    assert [r["language"] for r in data["reviews"]] == ["de", "ja", "en"]
    assert data["how_verified"].startswith("Nur Käufer")
    assert app_client.get("/api/v1/products/999999/reviews").status_code == 404
    empty = service.rating_summary(db, 999999)
    assert (empty.count, empty.average) == (0, None)


def test_posting_is_rate_limited_per_order_link(
    buying: Buying, buyer: TestClient, db: Session
) -> None:
    bought = buying.delivered("review-limit")
    body = {"line_id": bought.shirt.id, "rating": 3}
    answers = [buyer.post(bought.url, json=body).status_code for _ in range(21)]
    assert answers == [201] + [200] * 19 + [429]
    assert counts(db) == (1, 1)
