"""No style sheet writes words: a `content:` string with letters would show in English on
every page whatever its language, and screen readers read it inconsistently. Words belong
in the page, translated from the catalogs; `content:` keeps to symbols."""

from __future__ import annotations

import re
from pathlib import Path

from crosslive.web.routes import STATIC_DIR

# content: "…" or '…', single or double quoted (no escaped quotes in our sheets).
CONTENT = re.compile(r"""content\s*:\s*(?:"([^"]*)"|'([^']*)')""")
# A CSS escape (\2014, \00A0 ) is a code point written in hex, not a word.
ESCAPE = re.compile(r"\\[0-9a-fA-F]{1,6}\s?")


def worded_contents(css: str) -> list[str]:
    """The `content:` strings in a style sheet that hold a letter."""
    found = [double or single for double, single in CONTENT.findall(css)]
    return [text for text in found if any(ch.isalpha() for ch in ESCAPE.sub("", text))]


def test_the_scanner_catches_words_and_lets_symbols_through() -> None:
    css = """
    .a::after { content: " · host"; }
    .b::before{content:'Q '}
    .c::before { content: "● "; }
    .d::after { content: "\\2014\\00A0"; }
    .e::after { content: ""; }
    """
    assert worded_contents(css) == [" · host", "Q "]


def test_no_style_sheet_has_a_content_string_with_letters() -> None:
    sheets = sorted(STATIC_DIR.rglob("*.css"))
    assert sheets, "no style sheets found"
    worded = {
        str(Path(sheet).relative_to(STATIC_DIR)): words
        for sheet in sheets
        if (words := worded_contents(sheet.read_text(encoding="utf-8")))
    }
    assert worded == {}
