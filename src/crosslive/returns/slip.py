"""The printable packing slip: the order's lines, how to pack them, and a return card.

The return card is written in the buyer's language through gettext: English strings are the
message ids, and a catalog under crosslive/locale/<lang>/LC_MESSAGES/crosslive.mo (the
languages issue adds them) translates them; without one, NullTranslations keeps the English.
DejaVu Sans covers Latin, Greek and Cyrillic names and addresses; Japanese, Korean and Chinese
ones print in the CJK fallback font (returns/slip_fonts.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from crosslive.mail.languages import translations
from crosslive.returns.packaging import PackagingKind
from crosslive.returns.slip_fonts import CJK_FONTS, register_fonts, report_missing

if TYPE_CHECKING:
    from fpdf import FPDF


@dataclass(frozen=True)
class SlipLine:
    sku: str
    title: str
    variant: str
    quantity: int


@dataclass(frozen=True)
class ReturnCard:
    language: str
    window_days: int
    warehouse: str  # name, city and country of the return warehouse; "" when none is set
    seller_pays_label: bool
    reference: str


@dataclass(frozen=True)
class SlipData:
    store: str
    order_ref: str
    placed: str
    ship_to: list[str]
    lines: list[SlipLine]
    advice: dict[PackagingKind, tuple[str, ...]]
    card: ReturnCard
    notes: list[str] = field(default_factory=list)
    # The order's breakdown as the buyer confirmed it: (label, amount as shown) rows, and
    # the IOSS number the EU import declaration needs ("" when VAT was not paid via IOSS).
    charges: list[tuple[str, str]] = field(default_factory=list)
    ioss_number: str = ""


def _pdf(text: str, cjk_fonts: Sequence[Path]) -> tuple[FPDF, Path | None]:
    # Imported here: fpdf (with fontTools) is slow to import, and only a slip needs it.
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    cjk = register_fonts(pdf, text, cjk_fonts)
    pdf.add_page()
    return pdf, cjk


def _heading(pdf: FPDF, text: str, size: int = 13) -> None:
    pdf.set_font("DejaVu", "B", size)
    pdf.cell(0, 9, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)


def _text(pdf: FPDF, text: str) -> None:
    pdf.multi_cell(0, 5.5, text, new_x="LMARGIN", new_y="NEXT")


def _lines(pdf: FPDF, lines: list[SlipLine]) -> None:
    with pdf.table(col_widths=(50, 80, 45, 15), text_align=("LEFT", "LEFT", "LEFT", "RIGHT")) as t:
        t.row(("SKU", "Product", "Variant", "Qty"))
        for line in lines:
            t.row((line.sku, line.title, line.variant, str(line.quantity)))


def _charges(pdf: FPDF, data: SlipData) -> None:
    if data.charges:
        pdf.ln(2)
        with pdf.table(col_widths=(140, 50), text_align=("LEFT", "RIGHT")) as t:
            for label, amount in data.charges:
                t.row((label, amount))
    if data.ioss_number:
        pdf.ln(2)
        _heading(pdf, f"IOSS number: {data.ioss_number}", size=11)
        _text(pdf, "EU VAT was paid at checkout (Import One-Stop Shop).")


def _advice(pdf: FPDF, advice: dict[PackagingKind, tuple[str, ...]]) -> None:
    _heading(pdf, "How to pack this order")
    if not advice:
        _text(pdf, "No category-specific advice: pack snugly so nothing moves in the parcel.")
    for kind, steps in advice.items():
        pdf.set_font("DejaVu", "B", 10)
        pdf.cell(0, 6, kind.value.capitalize(), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 10)
        for step in steps:
            _text(pdf, f"•  {step}")


def _card_text(card: ReturnCard) -> list[str]:
    """The return card in the buyer's language: its heading, then its lines."""
    _ = translations(card.language).gettext
    return [
        _("If something is not right"),
        _("You can return it within {days} days of delivery.").format(days=card.window_days),
        _("Send it back to: {warehouse}").format(warehouse=card.warehouse)
        if card.warehouse
        else _("Write to us first: we will tell you where to send it."),
        _("We pay the return label: ask us for one, it costs you nothing.")
        if card.seller_pays_label
        else _("The return postage is yours to pay."),
        _("Write this reference on the parcel: {ref}").format(ref=card.reference),
        _("Tell us why in the follow-up email: it helps the next buyer choose well."),
    ]


def _card(pdf: FPDF, card: list[str]) -> None:
    """The return-instructions card, cut along the line and put in the parcel."""
    pdf.ln(4)
    pdf.set_dash_pattern(dash=2, gap=2)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.set_dash_pattern()
    pdf.ln(3)
    heading, *lines = card
    _heading(pdf, heading, size=12)
    for line in lines:
        _text(pdf, line)


def _buyer_text(data: SlipData, card: list[str]) -> str:
    """Everything on the slip that is not this module's own English: what decides whether it
    needs the CJK font (the fixed wording around it is Latin, and DejaVu has it all)."""
    parts = [data.store, data.order_ref, data.placed, data.ioss_number, *data.ship_to]
    parts += [f"{line.sku}{line.title}{line.variant}" for line in data.lines]
    parts += [f"{label}{amount}" for label, amount in data.charges]
    parts += [step for steps in data.advice.values() for step in steps]
    return "".join([*parts, *data.notes, *card])


def render_slip(data: SlipData, cjk_fonts: Sequence[Path] = CJK_FONTS) -> bytes:
    """The packing slip as PDF bytes; cjk_fonts: where to look for the CJK fallback font."""
    card = _card_text(data.card)
    pdf, cjk = _pdf(_buyer_text(data, card), cjk_fonts)
    _heading(pdf, f"{data.store} · Packing slip · {data.order_ref}", size=15)
    _text(pdf, f"Placed {data.placed}")
    pdf.ln(2)
    _heading(pdf, "Ship to")
    _text(pdf, "\n".join(part for part in data.ship_to if part))
    pdf.ln(2)
    _lines(pdf, data.lines)
    _charges(pdf, data)
    pdf.ln(3)
    _advice(pdf, data.advice)
    for note in data.notes:
        _text(pdf, note)
    _card(pdf, card)
    out = bytes(pdf.output())
    report_missing(pdf, cjk)
    return out
