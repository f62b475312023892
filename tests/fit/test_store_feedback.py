"""The store's own fit feedback moves the advice of a product that runs small, once it has
enough answers; the offset's arithmetic on hand-computed cases."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Category, Product, SizeChartRow, Variant
from crosslive.fit import feedback
from crosslive.fit.chart import Advice
from crosslive.fit.models import AdviceGiven, FitSource, FitVerdict
from crosslive.fit.store_offset import MIN_ROWS, Tally, item_offset, shifted
from crosslive.orders.models import OrderLine
from tests.conftest import keeps_viewer_identity
from tests.factories import Shop, make_shop
from tests.orders.lifecycle_helpers import paid_line

BODY = {"height_cm": 165, "weight_kg": 58, "usual_system": "INT", "usual_size": "M"}
COLD = Advice("M", 0.7, "L", "your usual size", "size_table")


@pytest.fixture
def shop(session_factory: sessionmaker[Session], owner: dict[str, str | int]) -> Shop:
    return make_shop(session_factory)


@pytest.fixture
def other_viewer(app_client: TestClient) -> Iterator[TestClient]:
    client = keeps_viewer_identity(TestClient(app_client.app))
    yield client
    client.close()


def test_offset_is_shrunk_toward_the_category() -> None:
    # 12 small, 2 large of 24: (12 - 2 + 3 x prior) / 27; prior = (5 - 1) / (20 + 3).
    offset = item_offset(Tally(24, 12, 2), Tally(20, 5, 1))
    assert offset.prior == pytest.approx(4 / 23, abs=1e-4)
    assert offset.offset == pytest.approx((10 + 3 * 4 / 23) / 27, abs=1e-4)
    assert offset.standard_error == pytest.approx(0.45 / 24**0.5)
    assert offset.steps == 1


def test_too_few_rows_or_a_small_offset_move_nothing() -> None:
    assert item_offset(Tally(MIN_ROWS - 1, MIN_ROWS - 1, 0), Tally()).steps == 0
    assert item_offset(Tally(40, 8, 2), Tally()).steps == 0  # 6 / 43 = 0.14 < 0.25
    assert item_offset(Tally(30, 1, 15), Tally()).steps == -1
    runs_large = item_offset(Tally(30, 1, 15), Tally())
    moved = shifted(COLD, ["S", "M", "L"], runs_large)
    assert (moved.size, moved.runner_up, moved.source) == ("S", "M", "feedback")
    assert str(moved.reason).startswith(
        "runs large: 50% of 30 buyers said it was large, so one size"
    )
    assert moved.reason.render("fr").startswith(
        "taille grand : 50\xa0% de 30 acheteurs l'ont trouvé trop grand, donc une taille"
    )
    # Already the smallest size: the advice stays.
    assert shifted(COLD, ["M", "L"], runs_large) == COLD


def _answers(
    db: Session, line: OrderLine, product_id: int, verdicts: list[FitVerdict], first: int = 0
) -> None:
    columns = [a.key for a in inspect(OrderLine).column_attrs if a.key != "id"]
    for index, verdict in enumerate(verdicts, start=first):
        clone = OrderLine(**{key: getattr(line, key) for key in columns})
        db.add(clone)
        db.flush()
        feedback.record(
            db,
            order_line_id=clone.id,
            product_id=product_id,
            viewer_id=f"buyer-{index}",
            size="M",
            verdict=verdict,
            source=FitSource.FOLLOW_UP if index % 2 else FitSource.RETURN,
        )
    db.commit()


def test_a_product_that_runs_small_is_advised_a_size_up(
    app_client: TestClient,
    other_viewer: TestClient,
    shop: Shop,
    auth_headers: dict[str, str],
    db: Session,
) -> None:
    line = paid_line(app_client, other_viewer, db, shop.shirt_m, "feedback-0001", auth_headers)
    variant = db.get(Variant, shop.shirt_m)
    assert variant is not None
    body = {"product_id": variant.product_id, **BODY}

    def advised() -> dict[str, object]:
        response = app_client.post("/api/v1/fit/advice", json=body)
        assert response.status_code == 200, response.text
        result: dict[str, object] = response.json()
        return result

    assert (advised()["size"], advised()["source"]) == ("M", "size_table")
    small, fit, large = [FitVerdict.SMALL] * 10, [FitVerdict.FIT] * 7, [FitVerdict.LARGE] * 2
    _answers(db, line, variant.product_id, small + fit + large)  # 19 answers: not yet
    assert advised()["size"] == "M"
    _answers(db, line, variant.product_id, [FitVerdict.SMALL], first=19)  # the 20th
    moved = advised()
    assert (moved["size"], moved["runner_up"], moved["source"]) == ("L", "M", "feedback")
    assert str(moved["reason"]).startswith("runs small: 55% of 20 buyers said it was small")
    # Buyers advised from the feedback itself took the moved size: their answers don't count.
    db.add(
        AdviceGiven(
            viewer_id="buyer-0",
            product_id=variant.product_id,
            size="L",
            confidence=0.7,
            source="feedback",
        )
    )
    db.add(
        AdviceGiven(
            viewer_id="buyer-1",
            product_id=variant.product_id,
            size="M",
            confidence=0.7,
            source="size_table",
        )
    )
    db.commit()
    assert feedback.product_tally(db, variant.product_id) == Tally(19, 10, 2)


def test_a_new_product_borrows_the_answers_of_its_nearest_items(
    app_client: TestClient,
    other_viewer: TestClient,
    shop: Shop,
    auth_headers: dict[str, str],
    db: Session,
) -> None:
    line = paid_line(app_client, other_viewer, db, shop.shirt_m, "feedback-0002", auth_headers)
    shirt = db.get(Variant, shop.shirt_m)
    assert shirt is not None

    def charted(product: Product, bust_at_m: float) -> None:
        for position, label in enumerate(("S", "M", "L")):
            bust = bust_at_m + 6 * (position - 1)
            db.add(
                SizeChartRow(
                    product_id=product.id,
                    size_label=label,
                    position=position,
                    measurements_cm={"bust": bust, "waist": bust - 18},
                )
            )

    linen = shirt.product
    linen.category = Category.APPAREL
    new = Product(
        seller_id=shop.seller_id,
        handle="cotton-shirt",
        title="Cotton Shirt",
        category=Category.APPAREL,
    )
    wide = Product(
        seller_id=shop.seller_id,
        handle="wide-shirt",
        title="Wide Shirt",
        category=Category.APPAREL,
    )
    db.add_all([new, wide])
    db.flush()
    charted(linen, 97)
    charted(new, 98)  # 1 cm from the linen shirt
    charted(wide, 108)  # 10 cm away: not a neighbour, whatever its buyers said
    db.commit()
    # The linen shirt runs small, the wide one large; the new product has no answers.
    _answers(db, line, linen.id, [FitVerdict.SMALL] * 12 + [FitVerdict.FIT] * 7)
    _answers(db, line, wide.id, [FitVerdict.LARGE] * 25, first=100)
    body = {"product_id": new.id, "height_cm": 165, "weight_kg": 58, "bust_cm": 88}

    def advised() -> dict[str, object]:
        response = app_client.post("/api/v1/fit/advice", json=body)
        assert response.status_code == 200, response.text
        result: dict[str, object] = response.json()
        return result

    cold = advised()
    assert cold["source"] == "chart"  # 19 borrowed answers: not enough yet
    _answers(db, line, linen.id, [FitVerdict.SMALL], first=19)
    moved = advised()
    assert moved["source"] == "neighbours"
    assert (moved["runner_up"], moved["size"]) == (cold["size"], {"S": "M", "M": "L"}[cold["size"]])
    assert "of similar products (Linen Shirt) said it was small" in str(moved["reason"])
    assert "Wide Shirt" not in str(moved["reason"])
    # The new product still has no answers of its own: the move is borrowed.
    assert feedback.product_tally(db, new.id) == Tally()
