"""The review pages: the order page and the follow-up email link to the review form, the form
records a review, and the live room's product sheet shows it escaped, with the distribution,
the count, how reviews are verified and the incentive label."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction, utcnow
from crosslive.mail.models import OutboxEmail
from crosslive.orders.links import OrderLinks
from crosslive.returns import followup_mail
from crosslive.reviews.models import Review
from crosslive.settings import Settings
from tests.factories import Shop
from tests.returns.follow_up_helpers import Buying, links_of
from tests.reviews.helpers import counts
from tests.web.jsonld_vocabulary import page_jsonld


def test_the_form_records_a_review_that_the_sheet_shows_escaped(
    buying: Buying, buyer: TestClient, shop: Shop, db: Session
) -> None:
    bought = buying.delivered("review-page")
    shirt, token = bought.shirt, bought.token
    order_page = buyer.get(f"/orders/{token}")
    assert f'data-testid="review-link" href="/orders/{token}/reviews"' in order_page.text
    form = buyer.get(f"/orders/{token}/reviews")
    assert form.status_code == 200 and form.text.count('data-testid="review-form"') == 2
    sent = {
        "line": str(shirt.id),
        "rating": "4",
        "title": "<script>alert(1)</script>",
        "body": 'Nice "linen" & <b>soft</b>',
        "incentivised": "yes",
        "incentive": "a free tote bag",
    }
    posted = buyer.post(f"/orders/{token}/reviews", data=sent)
    assert posted.status_code == 200 and 'data-testid="review-thanks"' in posted.text
    assert 'data-testid="review-given" data-rating="4"' in posted.text
    bad = buyer.post(f"/orders/{token}/reviews", data={**sent, "rating": "9"})
    assert bad.status_code == 422 and 'data-testid="review-error"' in bad.text
    assert counts(db) == (1, 1)
    product_id = db.scalar(select(Review.product_id))
    sheet = buyer.get(f"/live/{shop.show_slug}/cards/{product_id}?country=US")
    assert sheet.status_code == 200
    html = sheet.text
    assert "<script>alert(1)</script>" not in html and "<b>soft</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Nice &#34;linen&#34; &amp; &lt;b&gt;soft&lt;/b&gt;" in html
    assert 'data-testid="reviews" data-count="1"' in html
    assert '<li data-stars="4" data-count="1">' in html
    assert (
        'data-testid="incentivised">The buyer received something for this review: a free tote bag'
        in html
    )
    assert "Only buyers can review" in html


def test_the_follow_up_email_links_to_the_review_form(
    buying: Buying, db: Session, session_factory: sessionmaker[Session], settings: Settings
) -> None:
    order = buying.delivered("review-mail").order
    order_links = OrderLinks.from_settings(settings)
    with transaction(session_factory) as job:
        assert followup_mail.send(
            job,
            {"order_id": order.id},
            links=links_of(settings),
            order_links=order_links,
            now=utcnow(),
        )
    email = db.scalars(select(OutboxEmail).order_by(OutboxEmail.id.desc())).first()
    assert email is not None
    found = re.findall(r'href="(http[^"]+/orders/[^"/]+/reviews)"', email.html_body)
    assert len(found) == 1
    token = found[0].rsplit("/", 2)[-2]
    assert order_links.public_id(token) == order.public_id
    assert found[0] in email.text_body


def test_the_product_page_states_the_verified_rating(
    app_client: TestClient, buying: Buying, buyer: TestClient
) -> None:
    page = "/s/acme/products/acme-shirt?country=US"
    assert "aggregateRating" not in page_jsonld(app_client.get(page).text)
    for n, rating in enumerate((5, 2)):
        bought = buying.delivered(f"review-ld-{n}")
        posted = buyer.post(bought.url, json={"line_id": bought.shirt.id, "rating": rating})
        assert posted.status_code == 201, posted.text
    document = page_jsonld(app_client.get(page).text)
    assert document["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": 3.5,
        "reviewCount": 2,
        "bestRating": 5,
        "worstRating": 1,
    }


def test_the_sheet_writes_the_average_rating_as_the_page_language_does(
    buying: Buying, buyer: TestClient, shop: Shop, db: Session
) -> None:
    bought = buying.delivered("review-average")
    token = bought.token
    sent = {"line": str(bought.shirt.id), "rating": "4", "title": "Good", "body": "Soft."}
    assert buyer.post(f"/orders/{token}/reviews", data=sent).status_code == 200
    product_id = db.scalar(select(Review.product_id))
    average = 'data-testid="rating-average">{}</strong>'
    english = buyer.get(f"/live/{shop.show_slug}/cards/{product_id}?country=US&lang=en").text
    assert average.format("4.0") in english
    german = buyer.get(f"/live/{shop.show_slug}/cards/{product_id}?country=US&lang=de").text
    assert average.format("4,0") in german
