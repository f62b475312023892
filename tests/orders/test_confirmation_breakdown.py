"""The buyer's confirmation email carries the landed-cost breakdown the order stored."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from crosslive.mail.templates import EmailTemplates
from crosslive.orders.address_format import locality_lines
from crosslive.orders.notifications import FOLDER


def _order(**charges: Any) -> SimpleNamespace:
    line = SimpleNamespace(
        quantity=2, product_title="Shirt", variant_label="M", line_total_minor=charges["subtotal"]
    )
    fields = {
        "name": "Ada",
        "currency": "EUR",
        "lines": [line],
        "payments": [],
        "hold_until": None,
        "address_line1": "Hauptstr. 1",
        "address_line2": "",
        "postal_code": "10115",
        "city": "Berlin",
        "region": "",
        "country": "DE",
        "subtotal_minor": charges["subtotal"],
        "shipping_minor": charges.get("shipping", 0),
        "tax_minor": charges.get("tax", 0),
        "tax_included": charges.get("included", True),
        "duties_minor": charges.get("duties", 0),
        "duties_at_door_minor": charges.get("door", 0),
        "vat_scheme": charges.get("scheme", ""),
        "ioss_number": charges.get("ioss", ""),
        "total_minor": charges["total"],
    }
    order = SimpleNamespace(**fields)
    order.locality_lines = locality_lines(order)  # as Order's property reads it
    return order


def _render(order: SimpleNamespace) -> tuple[str, str]:
    email = EmailTemplates(FOLDER).render(
        "confirmation",
        {"order": order, "store_name": "Shop", "url": "http://x/o", "line_titles": {}},
    )
    assert email.html is not None
    return email.text, email.html


def test_eu_ioss_order_lists_vat_included_duties_paid_and_the_ioss_number() -> None:
    order = _order(
        subtotal=4600, shipping=500, tax=814, duties=464, total=5564, scheme="ioss", ioss="IM27"
    )
    order.currency = "EUR"
    text, html = _render(order)
    lines = text.splitlines()
    for expected in (
        "Subtotal: €46.00",
        "Shipping: €5.00",
        "VAT included: €8.14",
        "Import duties: €4.64",
        "Total: €55.64",
        "Import VAT and duties are paid: nothing more is due on delivery.",
        "VAT paid at checkout under the EU Import One-Stop Shop (IOSS number IM27).",
    ):
        assert expected in lines, (expected, text)
    assert "Due on delivery" not in text
    assert "<tr><td>VAT included</td><td>€8.14</td></tr>" in html
    assert "<tr><td>Import duties</td><td>€4.64</td></tr>" in html
    assert "IOSS number IM27" in html


def test_uk_order_above_135_pounds_tells_what_is_due_at_the_door() -> None:
    order = _order(subtotal=16667, shipping=833, door=4500, total=17500)
    order.currency = "GBP"
    text, html = _render(order)
    lines = text.splitlines()
    assert "Subtotal: £166.67" in lines
    assert "Total: £175.00" in lines
    assert "Due on delivery, to the carrier: £45.00 (duties and import tax, estimate)" in lines
    assert not any(
        line.startswith(("VAT included", "Sales tax", "Import duties")) for line in lines
    )
    assert "nothing more is due" not in text
    assert "<strong>Due on delivery, to the carrier: £45.00</strong>" in html


def test_us_order_shows_sales_tax_added() -> None:
    order = _order(subtotal=4000, shipping=700, tax=376, included=False, total=5076)
    order.currency = "USD"
    text, html = _render(order)
    lines = text.splitlines()
    assert lines[4:7] == ["Subtotal: $40.00", "Shipping: $7.00", "Sales tax: $3.76"]
    assert "Total: $50.76" in lines
    assert "VAT included" not in text and "Due on delivery" not in text
    assert "<tr><td>Sales tax</td><td>$3.76</td></tr>" in html


def test_order_without_landed_charges_reads_as_before() -> None:
    text, html = _render(_order(subtotal=4600, total=4600))
    assert "Total: €46.00" in text.splitlines()
    for absent in ("Subtotal", "Shipping:", "VAT", "duties", "delivery"):
        assert absent not in text and absent not in html
