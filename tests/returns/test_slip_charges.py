"""The packing slip carries the order's breakdown and, under IOSS, the IOSS number."""

from __future__ import annotations

import io

from pypdf import PdfReader

from crosslive.orders.models import Order
from crosslive.returns import slip
from crosslive.returns.service import charges


def _order(**fields: object) -> Order:
    base: dict[str, object] = {
        "currency": "EUR",
        "subtotal_minor": 4600,
        "shipping_minor": 500,
        "tax_minor": 814,
        "tax_included": True,
        "duties_minor": 464,
        "duties_at_door_minor": 0,
        "total_minor": 5564,
        "ioss_number": "IM2760000001",
    }
    return Order(**{**base, **fields})


def _render(order: Order) -> str:
    card = slip.ReturnCard("en", 30, "", True, "ORDER-1")
    data = slip.SlipData(
        store="Acme",
        order_ref="Order #1",
        placed="1 Dec 2026",
        ship_to=["Ana", "Hauptstr. 1", "10115 Berlin", "DE"],
        lines=[slip.SlipLine("shirt-m", "Linen Shirt", "M", 2)],
        advice={},
        card=card,
        charges=charges(order),
        ioss_number=order.ioss_number,
    )
    reader = PdfReader(io.BytesIO(slip.render_slip(data)))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def test_slip_shows_the_breakdown_and_the_ioss_number() -> None:
    text = _render(_order())
    for part in ("Subtotal €46.00", "Shipping €5.00", "VAT included €8.14", "Duties paid €4.64"):
        assert part in text
    assert "Total paid €55.64" in text
    assert "IOSS number: IM2760000001" in text
    assert "Due on delivery" not in text


def test_slip_under_dap_shows_the_estimate_and_no_ioss() -> None:
    order = _order(duties_minor=0, duties_at_door_minor=1200, total_minor=5100, ioss_number="")
    text = _render(order)
    assert "Due on delivery (estimate) €12.00" in text
    assert "IOSS" not in text
