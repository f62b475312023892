from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import LiveServer
from tests.e2e.flows import create_two_size_product, log_in


def test_owner_creates_a_product_with_two_sizes_and_a_size_chart(
    live_server: LiveServer, page: Page, owner: dict[str, str | int]
) -> None:
    page.goto(f"{live_server.url}/admin/products")
    log_in(page, str(owner["email"]), PASSWORD)
    expect(page.get_by_role("heading", name="Products")).to_be_visible()
    create_two_size_product(page, "Relaxed Linen Shirt", "RLS")
    cm = page.get_by_role("table", name="Size chart (cm)")
    inches = page.get_by_role("table", name="Size chart (inches)")
    expect(cm.get_by_role("row", name=re.compile(r"^M "))).to_contain_text("101.6 cm")
    expect(cm.get_by_role("row", name=re.compile(r"^M "))).to_contain_text("72 cm")
    expect(inches.get_by_role("row", name=re.compile(r"^M "))).to_contain_text("40.0 in")
    expect(inches.get_by_role("row", name=re.compile(r"^S "))).to_contain_text("37.8 in")
    expect(inches.get_by_role("row", name=re.compile(r"^S "))).to_contain_text("27.6 in")

    page.get_by_role("link", name="← Products").click()
    row = page.get_by_role("row", name="Relaxed Linen Shirt")
    expect(row).to_contain_text("$49.00 \u2013 $52.00")
    expect(row.get_by_role("cell").nth(2)).to_have_text("2")
    expect(row.get_by_role("cell").nth(3)).to_have_text("8")
