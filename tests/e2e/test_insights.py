"""The insights page in Chromium: the vendored Chart.js draws the charts under the site's
Content-Security-Policy (the page fixture fails on any refusal)."""

from __future__ import annotations

from playwright.sync_api import Page
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import PASSWORD
from tests.e2e.conftest import LiveServer
from tests.factories import add_staff
from tests.insights.audience_scenario import build_audience
from tests.insights.currency_scenario import build_two_currencies
from tests.insights.scenario import add_followed, build

SELECTOR = '[data-table="by_category"] canvas'
SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


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


def _log_in(page: Page, url: str, email: str) -> None:
    page.goto(f"{url}/admin/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def _drawn(page: Page, table: str) -> list[float]:
    """The figures the charts of TABLE draw, chart after chart (a table of money has one chart
    per currency)."""
    selector = f'[data-table="{table}"] canvas'
    page.wait_for_function(
        f"() => {{ const all = [...document.querySelectorAll('{selector}')];"
        " return window.Chart && all.length > 0 && all.every((c) => Chart.getChart(c)); }"
    )
    data: list[float] = page.locator(selector).evaluate_all(
        "all => all.flatMap((c) => Chart.getChart(c).data.datasets[0].data)"
    )
    return data


CHARTED = {
    "returns": "by_category",
    "effects": "size_advice",
    "economics": "by_market_category",
    "shows": "funnel",
    "quality": "by_device",
}


def test_owner_sees_every_page_drawn_and_a_csv_that_matches_it(
    page: Page,
    live_server: LiveServer,
    owner: dict[str, str | int],
    session_factory: sessionmaker[Session],
) -> None:
    seller_id = int(owner["seller_id"])
    add_staff(session_factory, seller_id, "hana@acme.test")
    scenario = build(session_factory, seller_id, "hana@acme.test")
    build_audience(session_factory, seller_id, scenario)
    add_followed(session_factory, seller_id, scenario.show1, 30, 3)  # enough for a rate
    _log_in(page, live_server.url, str(owner["email"]))
    page.set_viewport_size({"width": 1280, "height": 800})
    for report, table in CHARTED.items():
        page.goto(f"{live_server.url}/admin/insights?report={report}")
        assert _drawn(page, table), report
        assert page.locator("section.insight table").count() >= 1, report
        # A table wider than the window (economics has 17 columns) scrolls in its own box.
        assert page.evaluate(SIDEWAYS) == 0, report
    assert _drawn(page, "by_device") == [0.48, 0.5, 0]  # frozen share, in percent
    page.goto(f"{live_server.url}/admin/insights?report=economics")
    box = page.locator('[data-table="by_market_category"] .table-scroll')
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")
    page.goto(f"{live_server.url}/admin/insights?report=shows")
    cells = page.locator('[data-table="funnel"] tbody tr').first.locator("td").all_inner_texts()
    csv = page.request.get(f"{live_server.url}/api/v1/insights/shows/funnel.csv").text()
    first = csv.splitlines()[1].split(",")
    assert cells[1:9] == first[1:9]
    assert cells[9] == f"{float(first[9]) * 100:.1f} %"


def test_a_host_sees_only_their_own_shows(
    page: Page,
    live_server: LiveServer,
    owner: dict[str, str | int],
    session_factory: sessionmaker[Session],
) -> None:
    seller_id = int(owner["seller_id"])
    add_staff(session_factory, seller_id, "hana@acme.test")
    scenario = build(session_factory, seller_id, "hana@acme.test")
    build_audience(session_factory, seller_id, scenario)
    _log_in(page, live_server.url, "hana@acme.test")
    for report in ("shows", "quality"):
        page.goto(f"{live_server.url}/admin/insights?report={report}")
        text = page.locator("main").inner_text()
        assert "Spring show" in text and "Lamp night" not in text, report
    options = page.locator("select[name=show_id] option").all_inner_texts()
    assert options == ["All", "Spring show"]


def test_economics_draws_one_chart_per_currency(
    page: Page,
    live_server: LiveServer,
    owner: dict[str, str | int],
    session_factory: sessionmaker[Session],
) -> None:
    """Euro and yen margins are drawn on charts of their own, each in its currency's units
    and named with it on the axis: no bar of yen stands next to one of euros."""
    build_two_currencies(session_factory, int(owner["seller_id"]))
    _log_in(page, live_server.url, str(owner["email"]))
    page.goto(f"{live_server.url}/admin/insights?report=economics")
    selector = '[data-table="by_market_category"] canvas'
    page.wait_for_function(
        f"() => window.Chart && [...document.querySelectorAll('{selector}')]"
        ".every((c) => Chart.getChart(c))"
    )
    drawn = page.locator(selector).evaluate_all(
        "cs => cs.map((c) => [c.dataset.currency, Chart.getChart(c).data.datasets[0].data,"
        " Chart.getChart(c).options.scales.y.title.text])"
    )
    assert drawn == [
        ["EUR", [-6, 16], "margin after returns (EUR)"],
        ["JPY", [2700, -3800], "margin after returns (JPY)"],
    ]
