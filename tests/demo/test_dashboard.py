"""The demo's dashboard (/admin) as its owner opens it: the show on air, something in every
count of work waiting, and the last week's orders."""

from __future__ import annotations

from fastapi.testclient import TestClient

from crosslive.app import create_app
from crosslive.demo import store_data
from crosslive.state import state_of
from tests.dashboard.helpers import FIGURE, TASK
from tests.factories import csrf_of

from .conftest import Seeded

EVERY_TASK = {
    "to_ship",
    "holds_ending",
    "to_review",
    "to_refund",
    "questions",
    "calls",
    "sold_out",
    "low_stock",
    "expiring",
    "withdrawn",
}


def _owner_page(demo: Seeded) -> str:
    app = create_app(demo.settings)
    try:
        with TestClient(app) as client:
            token = csrf_of(client.get("/admin/login").text)
            login = client.post(
                "/admin/login",
                data={
                    "email": store_data.OWNER_EMAIL,
                    "password": demo.passwords[store_data.OWNER_EMAIL],
                    "csrf_token": token,
                },
            )
            assert login.status_code == 200, login.text
            page = client.get("/admin")
            assert page.status_code == 200, page.text
            return page.text
    finally:
        state_of(app).engine.dispose()


def test_every_dashboard_card_has_something_to_show(demo_copy: Seeded) -> None:
    page = _owner_page(demo_copy)
    # Now and next: the show on air.
    assert store_data.LIVE_SHOW.title in page
    # Waiting for you: every count, none of them zero (a zero count is left out).
    tasks = {key: int(count) for key, _href, count in TASK.findall(page)}
    assert set(tasks) == EVERY_TASK
    assert all(count > 0 for count in tasks.values()), tasks
    # The seeded stock count and credentials, exactly.
    assert (tasks["sold_out"], tasks["low_stock"]) == (1, 1)
    assert (tasks["expiring"], tasks["withdrawn"]) == (1, 1)
    # Last 7 days and the 7 before: a show in each, its orders paid, delivered and some
    # returned, so every figure of both weeks is a real one.
    figures = {key: (last, before) for key, last, before in FIGURE.findall(page)}
    assert set(figures) == {"orders", "revenue", "return_rate"}
    for last, before in (figures["orders"], figures["return_rate"]):
        for figure in (last, before):
            assert figure != "-" and float(figure.removesuffix(" %")) > 0, figures
    for revenue in figures["revenue"]:
        assert revenue.startswith("$") and revenue != "$0.00", figures
