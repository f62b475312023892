"""The insights page: filters, tables, chart data and CSV links; hosts see their shows only.
The tests only read the store of tests/insights/test_figures.py: they share one
(tests/shared_store.py)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth.models import Role
from crosslive.web.admin_insights_words import value_words
from tests.factories import add_staff, page_login
from tests.insights.scenario import Scenario
from tests.insights.test_figures import HOST, scenario  # noqa: F401  (the fixture)
from tests.shared_store import once_per_module

pytestmark = pytest.mark.shared_store


@pytest.fixture
def moderator(
    request: pytest.FixtureRequest,
    session_factory: sessionmaker[Session],
    owner: dict[str, str | int],
) -> str:
    """A moderator of the store; returns the email."""
    seller_id = int(owner["seller_id"])
    return once_per_module(
        request, lambda: add_staff(session_factory, seller_id, "mo@acme.test", Role.MODERATOR)
    )


def _section(html: str, table: str) -> str:
    """The page's section that holds TABLE."""
    return html.split(f'data-table="{table}"', 1)[1].split("</section>", 1)[0]


def _chart_values(html: str, table: str) -> list[object]:
    raw = _section(html, table).split('data-values="', 1)[1].split('"', 1)[0].replace("&#34;", '"')
    values: list[object] = json.loads(raw)
    return values


def _chart_attr(html: str, table: str, name: str) -> object:
    """The chart's data-NAME attribute in TABLE's section: a JSON list, else its text."""
    raw = _section(html, table).split(f'data-{name}="', 1)[1].split('"', 1)[0]
    text = raw.replace("&#34;", '"')
    return json.loads(text) if text.startswith("[") else text


def test_owner_sees_every_show_and_can_filter(
    app_client: TestClient,
    owner: dict[str, str | int],
    scenario: Scenario,  # noqa: F811
) -> None:
    page_login(app_client, str(owner["email"]))
    html = app_client.get("/admin/insights").text
    assert "Spring show" in html and "Lamp night" in html
    assert _chart_values(html, "by_category") == [0.6, 0.3333]
    assert "/static/vendor/chartjs/chart.umd.min.js" in html
    assert 'href="/api/v1/insights/returns/by_category.csv"' in html
    csv = app_client.get("/api/v1/insights/returns/by_category.csv?market=EU")
    assert csv.text == "category,units,returned_units,return_rate\napparel,1,0,0.0\n"
    shows = app_client.get(f"/admin/insights?report=shows&show_id={scenario.show2}").text
    assert 'href="/api/v1/insights/shows/shows.csv?show_id=' in shows
    assert _chart_values(shows, "shows") == [3]
    # "answered" counts the host's answers only, next to the instant answers' own column.
    assert "<th>answered by the host</th><th>answered instantly</th>" in shows
    bad = app_client.get("/admin/insights?since=yesterday")
    assert bad.status_code == 200 and "must be a date" in bad.text


def test_host_sees_only_their_shows(
    app_client: TestClient,
    scenario: Scenario,  # noqa: F811
) -> None:
    page_login(app_client, HOST)
    html = app_client.get("/admin/insights?report=shows").text
    assert "Spring show" in html and "Lamp night" not in html
    assert _chart_values(html, "shows") == [3]


def test_moderators_are_refused(
    app_client: TestClient,
    moderator: str,
    scenario: Scenario,  # noqa: F811
) -> None:
    page_login(app_client, moderator)
    assert app_client.get("/admin/insights").status_code == 403
    assert app_client.get("/api/v1/insights/returns").status_code == 403


VALUES = st.one_of(
    st.sampled_from(["", "0", "-1", "²", "9" * 40, "a\x00b", "<b>x</b>", "2026-13-45", "US"]),
    st.text(max_size=20),
)


def test_no_filter_value_answers_500(
    app_client: TestClient,
    owner: dict[str, str | int],
    scenario: Scenario,  # noqa: F811
) -> None:
    page_login(app_client, str(owner["email"]))
    names = ("report", "since", "until", "show_id", "market", "category")

    @given(st.fixed_dictionaries({name: VALUES for name in names}))
    @examples(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
    def get(params: dict[str, str]) -> None:
        response = app_client.get("/admin/insights", params=params)
        assert response.status_code == 200, f"{params!r}: {response.text[:300]}"
        assert "<b>x</b>" not in response.text

    get()


def test_a_chinese_seller_reads_the_tables_titles_and_headers_in_chinese(
    app_client: TestClient,
    owner: dict[str, str | int],
    scenario: Scenario,  # noqa: F811
) -> None:
    page_login(app_client, str(owner["email"]))
    chinese = app_client.get("/admin/insights", headers={"Accept-Language": "zh-CN"}).text
    assert "<h2>各品类退货率 <small>" in chinese
    assert "<th>退货率</th>" in chinese and "<th>return rate</th>" not in chinese
    # The keys the reports keep (a category, a return reason) are words too, in the cells
    # and under the chart's bars, and the chart's axis is named in Chinese.
    categories = _section(chinese, "by_category")
    assert "<td>服装</td>" in categories and "<td>apparel</td>" not in categories
    assert _chart_attr(chinese, "by_category", "labels") == ["服装", "数码电子"]
    assert _chart_attr(chinese, "by_category", "name") == "退货率"
    assert 'data-percent="1"' in categories
    assert '<option value="apparel" >服装</option>' in chinese  # the category filter
    reasons = _section(chinese, "by_reason")
    assert "<td>太小</td>" in reasons and "too_small" not in reasons
    english = app_client.get("/admin/insights", headers={"Accept-Language": "en"}).text
    assert "<h2>Return rate by category <small>" in english and "<th>return rate</th>" in english
    assert "<td>Too small</td>" in _section(english, "by_reason")
    effects = app_client.get("/admin/insights?report=effects", headers={"Accept-Language": "zh-CN"})
    advice = _section(effects.text, "size_advice")
    assert "<td>采纳了尺码建议</td>" in advice and ">followed<" not in advice
    assert "<td>数据不足</td>" in advice or "not enough data" not in advice
    # The credentials table's keys (none in this store's figures) have their words too.
    keys = (("credential_type", "certification"), ("group", "did_not_see"), ("market", "EU"))
    assert [value_words(c, v) for c, v in keys] == ["Certification", "did not see it", None]
    assert _chart_attr(english, "by_category", "name") == "return rate"
    # The CSV keeps the column keys, whatever the page's language.
    csv = app_client.get(
        "/api/v1/insights/returns/by_category.csv", headers={"Accept-Language": "zh-CN"}
    )
    assert csv.text.startswith("category,units,returned_units,return_rate\n")
