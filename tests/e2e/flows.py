"""Steps several browser tests take the same way: logging in, making a product, a credential."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from playwright.sync_api import Page, expect


def log_in(page: Page, email: str, password: str) -> None:
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def create_two_size_product(page: Page, title: str, sku_prefix: str) -> None:
    """From the product list: a product with sizes S and M, each priced, and a size chart."""
    page.get_by_role("link", name="New product").click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Category").select_option("apparel")
    page.get_by_label("Materials").fill("100% linen")
    page.get_by_label("Option 1 name").fill("Size")
    page.get_by_label("Option 2 name").fill("")

    variants = page.locator("#variants tbody tr")
    expect(variants).to_have_count(1)
    variants.nth(0).get_by_label("Option 1 value").fill("S")
    variants.nth(0).get_by_label("SKU").fill(f"{sku_prefix}-S")
    variants.nth(0).get_by_label("Stock").fill("5")
    variants.nth(0).get_by_label("Price", exact=True).fill("49.00")
    page.get_by_role("button", name="Add variant").click()
    expect(variants).to_have_count(2)
    variants.nth(1).get_by_label("Option 1 value").fill("M")
    variants.nth(1).get_by_label("SKU").fill(f"{sku_prefix}-M")
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
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("Saved.")


def certificate_pdf(path: Path) -> Path:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=14)
    pdf.cell(text="Test report 22.HUS.12345: OEKO-TEX Standard 100, class I")
    pdf.output(str(path))
    return path


def fill_credential(page: Page, claim: str, evidence: Path) -> None:
    page.get_by_label("Type").select_option("certification")
    page.get_by_label("Claim viewers read").fill(claim)
    page.get_by_label("Issuer").fill("Hohenstein")
    page.get_by_label("Identifier (certificate or report number)").fill("22.HUS.12345")
    page.get_by_label("Valid from").fill("2026-01-01")
    page.get_by_label("Valid until").fill("2030-12-31")
    page.get_by_label("All products").check()
    page.get_by_label("Evidence file").set_input_files(str(evidence))
    page.get_by_role("button", name="Save credential").click()
