"""A slip for a buyer in Japan keeps every Japanese, Korean and Chinese character; a slip
whose text DejaVu covers does without the CJK font."""

from __future__ import annotations

import dataclasses
import io
import logging
from pathlib import Path
from typing import Any

import pytest
from fpdf import FPDF
from pypdf import PdfReader

from crosslive.mail.languages import translations
from crosslive.returns import slip
from crosslive.returns.slip_fonts import CJK_PACKAGE, cjk_font_path

STORE = "さくら屋"
NAME = "山田 花子"
ADDRESS = "東京都渋谷区神南1-2-3 サクラハイツ201"
KOREAN_TITLE = "한복 저고리"
CHINESE_TITLE = "真丝旗袍"

needs_cjk_font = pytest.mark.skipif(
    cjk_font_path() is None,
    reason="no CJK font installed (scripts/setup.sh installs fonts-wqy-microhei)",
)


def _data() -> slip.SlipData:
    return slip.SlipData(
        store=STORE,
        order_ref="Order #7",
        placed="1 Dec 2026",
        ship_to=[NAME, ADDRESS, "150-0041 Tokyo", "JP"],
        lines=[
            slip.SlipLine("hanbok-m", KOREAN_TITLE, "M", 1),
            slip.SlipLine("qipao-s", CHINESE_TITLE, "S", 2),
        ],
        advice={},
        card=slip.ReturnCard("en", 30, "", True, "ORDER-7"),
    )


def _latin_data() -> slip.SlipData:
    return slip.SlipData(
        store="Maple & Co",
        order_ref="Order #8",
        placed="1 Dec 2026",
        ship_to=["Zoë Łukasik-Müller", "Ул. Ленина 5", "Αθήνα 105 57", "GR"],
        lines=[slip.SlipLine("tee-m", "Crème tee", "M", 1)],
        advice={},
        card=slip.ReturnCard("en", 30, "", True, "ORDER-8"),
        charges=[("Subtotal", "1\u202f234,50\u00a0€"), ("Total", "£12.00 · ¥1,200 · ₩9,900")],
    )


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _fonts(pdf: bytes) -> list[str]:
    """The fonts embedded in the PDF, without their subset prefix ("ABCDEF+")."""
    reader = PdfReader(io.BytesIO(pdf))
    return sorted(
        str(font["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    )


@needs_cjk_font
def test_slip_keeps_japanese_korean_and_chinese_text(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="crosslive.returns"):
        text = _text(slip.render_slip(_data()))
    for part in (NAME, ADDRESS, KOREAN_TITLE, CHINESE_TITLE):
        assert part in text
    # The bold heading and the Latin text around the CJK also print.
    assert f"{STORE} · Packing slip · Order #7" in text
    assert "Write this reference on the parcel: ORDER-7" in text
    assert [r.message for r in caplog.records if r.name.startswith("crosslive.")] == []


@needs_cjk_font
def test_a_japanese_slip_embeds_the_cjk_font(monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = _loaded_fonts(monkeypatch)
    fonts = _fonts(slip.render_slip(_data()))
    cjk = cjk_font_path()
    assert cjk is not None
    assert loaded == ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", cjk.name]
    # DejaVu's two faces, then the CJK font (whichever of CJK_FONTS is installed).
    assert fonts[:2] == ["DejaVuSansBold", "DejaVuSansBook"]
    assert len(fonts) == 3


def _loaded_fonts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The font files FPDF.add_font parses from now on (it still parses them)."""
    loaded: list[str] = []
    add_font = FPDF.add_font

    def recording(pdf: FPDF, *args: Any, **kwargs: Any) -> None:
        loaded.append(Path(kwargs.get("fname") or args[2]).name)
        add_font(pdf, *args, **kwargs)

    monkeypatch.setattr(FPDF, "add_font", recording)
    return loaded


@needs_cjk_font
def test_a_slip_dejavu_covers_does_not_load_the_cjk_font(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded = _loaded_fonts(monkeypatch)
    with caplog.at_level(logging.WARNING, logger="crosslive.returns"):
        pdf = slip.render_slip(_latin_data())
    assert loaded == ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"]
    assert _fonts(pdf) == ["DejaVuSansBold", "DejaVuSansBook"]
    text = _text(pdf)
    for part in ("Zoë Łukasik-Müller", "Ул. Ленина 5", "Αθήνα 105 57", "Crème tee"):
        assert part in text
    assert [r.message for r in caplog.records if r.name.startswith("crosslive.")] == []


@needs_cjk_font
def test_a_latin_slip_with_a_japanese_return_card_loads_the_cjk_font(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded = _loaded_fonts(monkeypatch)
    data = dataclasses.replace(_latin_data(), card=slip.ReturnCard("ja", 30, "", True, "ORDER-8"))
    with caplog.at_level(logging.WARNING, logger="crosslive.returns"):
        text = _text(slip.render_slip(data))
    heading = translations("ja").gettext("If something is not right")
    assert heading != "If something is not right"
    assert heading in text
    assert len(loaded) == 3
    assert [r.message for r in caplog.records if r.name.startswith("crosslive.")] == []


def test_a_slip_dejavu_covers_needs_no_cjk_font_installed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    absent = [tmp_path / "no-such-font.ttc"]
    with caplog.at_level(logging.WARNING, logger="crosslive.returns"):
        text = _text(slip.render_slip(_latin_data(), cjk_fonts=absent))
    assert "Zoë Łukasik-Müller" in text
    assert [r.message for r in caplog.records if r.name.startswith("crosslive.")] == []


def test_slip_without_a_cjk_font_says_so_and_what_to_install(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    absent = [tmp_path / "no-such-font.ttc"]
    with caplog.at_level(logging.WARNING, logger="crosslive.returns"):
        text = _text(slip.render_slip(_data(), cjk_fonts=absent))
    ours = [r for r in caplog.records if r.name.startswith("crosslive.")]
    no_font = "no CJK font installed: Japanese, Korean and Chinese text cannot print on slips"
    assert [(r.levelname, r.message) for r in ours] == [
        ("WARNING", no_font),
        ("ERROR", "packing slip printed without some characters"),
    ]
    assert ours[0].__dict__["install"] == CJK_PACKAGE
    lost = {c for c in STORE + NAME + ADDRESS + KOREAN_TITLE + CHINESE_TITLE if ord(c) >= 0x3000}
    assert ours[1].__dict__["missing_characters"] == len(lost)
    assert ours[1].__dict__["install"] == CJK_PACKAGE
    # The log carries the count, never the buyer's characters.
    assert not any(c in str(r.__dict__) for r in ours for c in lost)
    # The rest of the slip still prints.
    assert "Write this reference on the parcel: ORDER-7" in text
    assert NAME not in text
