"""A slip for a buyer in Japan keeps every Japanese, Korean and Chinese character."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest
from pypdf import PdfReader

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


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


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
