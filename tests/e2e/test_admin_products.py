from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import LiveServer


def test_owner_creates_a_product_with_two_sizes_and_a_size_chart(
    live_server: LiveServer, page: Page, owner: dict[str, str | int]
) -> None:
    page.goto(f"{live_server.url}/admin/products")
    page.get_by_label("Email").fill(str(owner["email"]))
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Products")).to_be_visible()
    page.get_by_role("link", name="New product").click()

    page.get_by_label("Title").fill("Relaxed Linen Shirt")
    page.get_by_label("Category").select_option("apparel")
    page.get_by_label("Materials").fill("100% linen")
    page.get_by_label("Option 1 name").fill("Size")
    page.get_by_label("Option 2 name").fill("")

    variants = page.locator("#variants tbody tr")
    expect(variants).to_have_count(1)
    variants.nth(0).get_by_label("Option 1 value").fill("S")
    variants.nth(0).get_by_label("SKU").fill("RLS-S")
    variants.nth(0).get_by_label("Stock").fill("5")
    variants.nth(0).get_by_label("Price", exact=True).fill("49.00")
    page.get_by_role("button", name="Add variant").click()
    expect(variants).to_have_count(2)
    variants.nth(1).get_by_label("Option 1 value").fill("M")
    variants.nth(1).get_by_label("SKU").fill("RLS-M")
    variants.nth(1).get_by_label("Stock").fill("3")
    variants.nth(1).get_by_label("Price", exact=True).fill("52.00")

    sizes = page.locator("#size-chart tbody tr")
    sizes.nth(0).get_by_label("Size label").fill("S")
    sizes.nth(0).get_by_label("chest (cm)").fill("96")
    sizes.nth(0).get_by_label("length (cm)").fill("70")
    page.get_by_role("button", name="Add size").click()
    sizes.nth(1).get_by_label("Size label").fill("M")
    sizes.nth(1).get_by_label("chest (cm)").fill("101.6")
    sizes.nth(1).get_by_label("length (cm)").fill("72")
    page.get_by_label("Size worn").fill("S")
    page.get_by_role("button", name="Save product").click()

    expect(page.get_by_role("heading", name="Relaxed Linen Shirt")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("Saved.")
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
