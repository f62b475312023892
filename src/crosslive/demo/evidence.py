"""Evidence documents for the demo credentials: small real PDFs (fpdf2) and PNG cards.

Every document says in its footer that it is a demo specimen from a fictional organisation.
PDFs use the built-in Helvetica (no font embedding keeps seeding fast), so their text sticks
to Latin-1.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from PIL import Image, ImageDraw

from crosslive.demo.images import font, scaled

if TYPE_CHECKING:
    from fpdf import FPDF

SPECIMEN = (
    "Demo specimen generated for the crosslive demo store. The organisations and numbers are "
    "fictional; this is not a real certificate or report."
)
INK = (33, 37, 41)


@dataclass(frozen=True)
class Report:
    """A letter-style document: test report, award letter, statement, guarantee."""

    filename: str
    issuer: str
    issuer_address: str
    title: str
    reference: str
    issued: date
    fields: tuple[tuple[str, str], ...] = ()
    paragraphs: tuple[str, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()  # first row is the header
    signatory: str = ""
    accent: tuple[int, int, int] = (24, 92, 120)

    def render(self) -> bytes:
        pdf = _start(self.issuer, self.issuer_address, self.accent)
        pdf.set_font("helvetica", "B", 16)
        pdf.set_text_color(*INK)
        pdf.multi_cell(0, 8, self.title, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", "", 9)
        pdf.cell(0, 6, f"Reference {self.reference}    Issued {self.issued.isoformat()}")
        pdf.ln(10)
        for label, value in self.fields:
            pdf.set_font("helvetica", "B", 10)
            pdf.cell(48, 6, label)
            pdf.set_font("helvetica", "", 10)
            pdf.multi_cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        pdf.set_font("helvetica", "", 10)
        for paragraph in self.paragraphs:
            pdf.multi_cell(0, 5.5, paragraph, align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        if self.table:
            _table(pdf, self.table, self.accent)
        _signature(pdf, self.signatory)
        return _finish(pdf)


@dataclass(frozen=True)
class Certificate:
    """A framed certificate: scheme, holder, scope, number and validity."""

    filename: str
    issuer: str
    scheme: str
    holder: str
    holder_address: str
    scope: str
    number: str
    valid_from: date
    valid_until: date
    signatory: str
    accent: tuple[int, int, int] = (30, 110, 70)

    def render(self) -> bytes:
        from fpdf import FPDF  # here: slow to import, and only the demo draws these

        pdf = FPDF(orientation="landscape", format="A4")
        pdf.set_auto_page_break(False)
        pdf.add_page()
        pdf.set_draw_color(*self.accent)
        pdf.set_line_width(2.2)
        pdf.rect(10, 10, 277, 190)
        pdf.set_line_width(0.4)
        pdf.rect(14, 14, 269, 182)
        pdf.set_text_color(*self.accent)
        pdf.set_font("helvetica", "B", 13)
        pdf.set_xy(20, 24)
        pdf.cell(257, 8, self.issuer.upper(), align="C")
        pdf.set_font("helvetica", "B", 34)
        pdf.set_xy(20, 40)
        pdf.cell(257, 16, "CERTIFICATE", align="C")
        pdf.set_text_color(*INK)
        lines = (
            ("", 12, self.scheme),
            ("", 11, "is granted to"),
            ("B", 18, self.holder),
            ("", 10, self.holder_address),
            ("", 11, f"for: {self.scope}"),
        )
        pdf.set_y(64)
        for style, size, text in lines:
            pdf.set_font("helvetica", style, size)
            pdf.set_x(30)
            pdf.multi_cell(237, size * 0.62, text, align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        pdf.set_font("helvetica", "B", 11)
        pdf.set_xy(30, 150)
        pdf.cell(237, 7, f"Certificate no. {self.number}", align="C")
        pdf.set_font("helvetica", "", 11)
        pdf.set_xy(30, 158)
        validity = f"Valid from {self.valid_from.isoformat()} until {self.valid_until.isoformat()}"
        pdf.cell(237, 7, validity, align="C")
        pdf.set_draw_color(120, 120, 120)
        pdf.line(30, 176, 100, 176)
        pdf.set_xy(30, 177)
        pdf.cell(120, 6, self.signatory)
        _seal(pdf, 240, 168, self.accent)
        pdf.set_font("helvetica", "I", 7)
        pdf.set_xy(30, 186)
        pdf.cell(237, 4, SPECIMEN, align="C")
        return bytes(pdf.output())


def _seal(pdf: FPDF, x: float, y: float, accent: tuple[int, int, int]) -> None:
    """A round stamp in the issuer's colour."""
    pdf.set_draw_color(*accent)
    pdf.set_line_width(1.2)
    pdf.circle(x=x, y=y, radius=14)
    pdf.set_line_width(0.4)
    pdf.circle(x=x, y=y, radius=11)
    pdf.set_text_color(*accent)
    pdf.set_font("helvetica", "B", 8)
    pdf.set_xy(x - 11, y - 2.5)
    pdf.cell(22, 5, "CERTIFIED", align="C")
    pdf.set_text_color(*INK)


def _start(issuer: str, address: str, accent: tuple[int, int, int]) -> FPDF:
    from fpdf import FPDF  # here: slow to import, and only the demo draws these

    pdf = FPDF(format="A4")
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=22)
    pdf.add_page()
    pdf.set_fill_color(*accent)
    pdf.rect(0, 0, 210, 6, style="F")
    pdf.set_text_color(*accent)
    pdf.set_font("helvetica", "B", 13)
    pdf.cell(0, 7, issuer)
    pdf.ln(7)
    pdf.set_font("helvetica", "", 8)
    pdf.set_text_color(90, 90, 90)
    pdf.cell(0, 5, address)
    pdf.ln(12)
    return pdf


def _table(pdf: FPDF, rows: tuple[tuple[str, ...], ...], accent: tuple[int, int, int]) -> None:
    width = 170 / len(rows[0])
    pdf.set_fill_color(*accent)
    pdf.set_text_color(255, 255, 255)
    pdf.set_font("helvetica", "B", 9)
    for cell in rows[0]:
        pdf.cell(width, 7, cell, border=1, fill=True)
    pdf.ln(7)
    pdf.set_text_color(*INK)
    pdf.set_font("helvetica", "", 9)
    for index, row in enumerate(rows[1:]):
        pdf.set_fill_color(*((244, 246, 248) if index % 2 else (255, 255, 255)))
        for cell in row:
            pdf.cell(width, 6.5, cell, border=1, fill=True)
        pdf.ln(6.5)
    pdf.ln(4)


def _signature(pdf: FPDF, signatory: str) -> None:
    if not signatory:
        return
    pdf.ln(6)
    pdf.set_draw_color(120, 120, 120)
    pdf.line(pdf.l_margin, pdf.get_y() + 10, pdf.l_margin + 60, pdf.get_y() + 10)
    pdf.ln(12)
    pdf.set_font("helvetica", "", 9)
    pdf.multi_cell(0, 5, signatory, new_x="LMARGIN", new_y="NEXT")


def _finish(pdf: FPDF) -> bytes:
    pdf.set_auto_page_break(False)
    pdf.set_y(-18)
    pdf.set_font("helvetica", "I", 7)
    pdf.set_text_color(110, 110, 110)
    pdf.multi_cell(0, 3.5, SPECIMEN, align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _specimen_note(draw: ImageDraw.ImageDraw, width: int, y: int) -> None:
    draw.text((24, y), "Demo specimen - fictional data", fill=(140, 140, 140), font=font(13))


@dataclass(frozen=True)
class RankingCard:
    """A screenshot-style ranking page with the brand's row highlighted."""

    filename: str
    publication: str
    title: str
    rows: tuple[tuple[int, str, str], ...]  # rank, brand, score
    highlight: str

    def render(self) -> bytes:
        width, height = 900, 160 + 58 * len(self.rows)
        image = Image.new("RGB", (width, height), (250, 250, 251))
        draw = ImageDraw.Draw(image)
        draw.rectangle((0, 0, width, 38), fill=(226, 228, 232))
        for index, colour in enumerate(((236, 95, 87), (245, 190, 80), (98, 197, 85))):
            draw.ellipse((16 + index * 22, 13, 28 + index * 22, 25), fill=colour)
        draw.rounded_rectangle((96, 8, width - 20, 30), radius=11, fill=(255, 255, 255))
        url = "sourcing-weekly.example/indexes/cross-border-apparel-2026"
        draw.text((110, 11), url, fill=(90, 90, 90), font=font(13))
        draw.text((24, 54), self.publication, fill=(150, 40, 50), font=font(15, bold=True))
        draw.text((24, 76), self.title, fill=INK, font=font(22, bold=True))
        y = 120
        for rank, brand, score in self.rows:
            mine = brand == self.highlight
            if mine:
                draw.rounded_rectangle(
                    (16, y - 6, width - 16, y + 44), radius=8, fill=(255, 243, 205)
                )
            draw.text((32, y + 4), f"#{rank}", fill=(150, 40, 50), font=font(22, bold=True))
            draw.text((110, y + 6), brand, fill=INK, font=font(20, bold=mine))
            draw.text((width - 170, y + 8), score, fill=(80, 80, 80), font=font(17))
            draw.line((24, y + 50, width - 24, y + 50), fill=(228, 228, 232))
            y += 58
        _specimen_note(draw, width, height - 24)
        return _png(image)


@dataclass(frozen=True)
class ReviewsCard:
    """Average rating, count, and the star distribution of verified-purchase reviews."""

    filename: str
    average: float
    counts: tuple[int, int, int, int, int]  # 5 stars first
    note: str

    def render(self) -> bytes:
        image = Image.new("RGB", (900, 420), (255, 255, 255))
        draw = ImageDraw.Draw(image)
        total = sum(self.counts)
        draw.text((40, 36), f"{self.average:.1f}", fill=INK, font=font(72, bold=True))
        draw.text((40, 130), "\u2605" * 5, fill=(240, 170, 30), font=font(34))
        draw.text((40, 180), f"{total:,} verified-purchase reviews", fill=INK, font=font(18))
        for index, count in enumerate(self.counts):
            y = 48 + index * 52
            draw.text((330, y), f"{5 - index} \u2605", fill=INK, font=font(20))
            draw.rounded_rectangle((400, y + 4, 800, y + 26), radius=10, fill=(236, 236, 238))
            filled = 400 + round(400 * count / max(self.counts))
            draw.rounded_rectangle((400, y + 4, filled, y + 26), radius=10, fill=(240, 170, 30))
            draw.text((815, y + 2), f"{count:,}", fill=(90, 90, 90), font=font(17))
        draw.text((40, 330), self.note, fill=(90, 90, 90), font=font(15))
        _specimen_note(draw, 900, 390)
        return _png(image)


@dataclass(frozen=True)
class FactoryCard:
    """A photo card of the knitting workshop: rows of circular knitting machines."""

    filename: str
    caption: str
    details: tuple[str, ...] = field(default_factory=tuple)
    seed: int = 7

    def render(self) -> bytes:
        rng = random.Random(self.seed)
        image = Image.new("RGB", (900, 640), (232, 234, 230))
        draw = ImageDraw.Draw(image)
        draw.rectangle((0, 0, 900, 300), fill=(214, 218, 214))
        for x in range(0, 900, 150):
            draw.rectangle((x + 20, 30, x + 130, 150), fill=(238, 244, 246))
            draw.line((x + 75, 30, x + 75, 150), fill=(190, 196, 198), width=4)
        draw.polygon([(0, 300), (900, 300), (900, 480), (0, 480)], fill=(170, 176, 170))
        for row, (y, scale) in enumerate(((250, 0.7), (330, 1.0))):
            for index in range(6 - row):
                x = 40 + index * (150 if row else 140) + row * 60
                _knitting_machine(draw, x, y, scale, rng)
        draw.rectangle((0, 480, 900, 640), fill=(255, 255, 255))
        draw.text((28, 498), self.caption, fill=INK, font=font(22, bold=True))
        for index, line in enumerate(self.details):
            draw.text((28, 534 + index * 26), line, fill=(80, 80, 80), font=font(16))
        _specimen_note(draw, 900, 612)
        return _png(image)


def _knitting_machine(
    draw: ImageDraw.ImageDraw, x: float, y: float, scale: float, rng: random.Random
) -> None:
    """A circular knitting machine: spool creel on top, cylinder, fabric tube below."""
    w = 110 * scale
    draw.rectangle((x + w * 0.45, y - 90 * scale, x + w * 0.55, y), fill=(120, 126, 130))
    for spool in range(5):
        sx = x + spool * w / 5
        colour = rng.choice(((232, 226, 214), (70, 90, 120), (150, 170, 150), (240, 240, 240)))
        draw.rounded_rectangle(
            (sx, y - 110 * scale, sx + w / 6, y - 84 * scale), radius=3, fill=colour
        )
    draw.ellipse((x, y - 12 * scale, x + w, y + 14 * scale), fill=(88, 94, 100))
    draw.rectangle((x + w * 0.1, y, x + w * 0.9, y + 70 * scale), fill=(150, 156, 160))
    fabric = scaled((232, 226, 214), rng.uniform(0.85, 1.0))
    draw.rectangle((x + w * 0.2, y + 70 * scale, x + w * 0.8, y + 120 * scale), fill=fabric)
    draw.rectangle(
        (x + w * 0.05, y + 120 * scale, x + w * 0.95, y + 140 * scale), fill=(70, 74, 78)
    )


Evidence = Report | Certificate | RankingCard | ReviewsCard | FactoryCard
