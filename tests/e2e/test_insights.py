"""The insights page in Chromium: the vendored Chart.js draws the charts under the site's
Content-Security-Policy (the page fixture fails on any refusal)."""

from __future__ import annotations

from playwright.sync_api import Page
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import PASSWORD
from tests.e2e.conftest import LiveServer
from tests.factories import add_staff
from tests.insights.scenario import build

SELECTOR = '[data-table="by_category"] canvas'


def test_owner_sees_charts_drawn(
    page: Page,
    live_server: LiveServer,
    owner: dict[str, str | int],
    session_factory: sessionmaker[Session],
) -> None:
    add_staff(session_factory, int(owner["seller_id"]), "hana@acme.test")
    build(session_factory, int(owner["seller_id"]), "hana@acme.test")
    page.goto(f"{live_server.url}/admin/login")
    page.get_by_label("Email").fill(str(owner["email"]))
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/admin/insights")
    canvas = page.locator(SELECTOR)
    page.wait_for_function(
        f"() => window.Chart && Chart.getChart(document.querySelector('{SELECTOR}'))"
    )
    assert canvas.evaluate("c => Chart.getChart(c).data.datasets[0].data") == [60, 33.33]
    page.locator("select[name=market]").select_option("EU")
    page.get_by_role("button", name="Apply").click()
    assert page.locator('[data-table="by_market"] tbody tr').count() == 1
