"""The fonts a packing slip prints with: DejaVu Sans, then a CJK font for what it lacks.

DejaVu Sans covers Latin, Greek and Cyrillic. Japanese, Korean and Chinese names, addresses
and product titles need a font with Han, kana and Hangul: the first of CJK_FONTS that exists
(scripts/setup.sh installs Debian's fonts-wqy-microhei) is registered as fpdf2's fallback
font, which prints each character DejaVu has no glyph for. It is registered only when the
slip's text has such a character: parsing the 5 MB CJK font would cost every other slip
several times its own making.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fpdf import FPDF

log = logging.getLogger(__name__)

DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
# Debian's packages of fonts with Han, kana and Hangul, smallest first.
CJK_FONTS: tuple[Path, ...] = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),  # fonts-wqy-microhei
    Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),  # fonts-droid-fallback
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),  # fonts-noto-cjk
)
CJK_PACKAGE = "fonts-wqy-microhei"
CJK_FAMILY = "CJK"
# fpdf2's keys for the faces registered below: family in lower case, then the style.
MAIN_FACES = ("dejavu", "dejavuB")


def cjk_font_path(candidates: Sequence[Path] = CJK_FONTS) -> Path | None:
    """The first CJK font installed, or None."""
    return next((path for path in candidates if path.is_file()), None)


def lacks_glyphs(pdf: FPDF, text: str) -> bool:
    """Whether TEXT has a character (line breaks and other controls aside) that DejaVu's
    regular or bold face, registered on PDF, has no glyph for (read from the faces' cmaps,
    which fpdf2 parsed when they were added)."""
    # A core (built-in) font has no cmap: then every character counts as lacking.
    cmaps: list[dict[int, str]] = [getattr(pdf.fonts[key], "cmap", {}) for key in MAIN_FACES]
    printed = {ord(char) for char in text if ord(char) >= 0x20}
    return any(code not in cmap for code in printed for cmap in cmaps)


def register_fonts(pdf: FPDF, text: str, cjk_fonts: Sequence[Path] = CJK_FONTS) -> Path | None:
    """Register DejaVu (regular and bold) and, when TEXT (all the slip prints) has characters
    DejaVu lacks, the first installed CJK font as the fallback.

    Returns the CJK font's path; None when TEXT needs none, or (with a warning) when it does
    and none of cjk_fonts exists.
    """
    pdf.add_font("DejaVu", "", str(DEJAVU_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(DEJAVU_DIR / "DejaVuSans-Bold.ttf"))
    if not lacks_glyphs(pdf, text):
        return None
    cjk = cjk_font_path(cjk_fonts)
    if cjk is None:
        log.warning(
            "no CJK font installed: Japanese, Korean and Chinese text cannot print on slips",
            extra={"looked_in": [str(path) for path in cjk_fonts], "install": CJK_PACKAGE},
        )
        return None
    # A .ttc holds several faces: the first is the regular one in each font listed above.
    pdf.add_font(CJK_FAMILY, "", str(cjk), collection_font_number=0)
    # The CJK font has no bold face: bold headings fall back to its regular one.
    pdf.set_fallback_fonts([CJK_FAMILY], exact_match=False)
    return cjk


def missing_glyphs(pdf: FPDF) -> int:
    """How many distinct characters of the rendered PDF no registered font could print."""
    missing: set[int] = set()
    for font in pdf.fonts.values():
        missing.update(getattr(font, "missing_glyphs", ()))
    return len(missing)


def report_missing(pdf: FPDF, cjk: Path | None) -> None:
    """Log an error when characters were lost, with the fix (never their text: it is personal)."""
    count = missing_glyphs(pdf)
    if count:
        log.error(
            "packing slip printed without some characters",
            extra={
                "missing_characters": count,
                "cjk_font": str(cjk) if cjk else None,
                "install": None if cjk else CJK_PACKAGE,
            },
        )
