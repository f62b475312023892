from __future__ import annotations

from decimal import Decimal

import pytest

from crosslive.errors import InvalidInput
from crosslive.money import convert, format_money, parse_amount


@pytest.mark.parametrize(
    ("text", "currency", "minor"),
    [("19.99", "USD", 1999), ("2500", "JPY", 2500), ("1,299.5", "EUR", 129950), ("0", "GBP", 0)],
)
def test_parse_amount(text: str, currency: str, minor: int) -> None:
    assert parse_amount(text, currency) == minor


@pytest.mark.parametrize("text", ["abc", "-1", "1.234", "NaN", ""])
def test_parse_amount_refuses(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_amount(text, "USD")


def test_jpy_refuses_decimals() -> None:
    with pytest.raises(InvalidInput, match="more decimals than JPY"):
        parse_amount("100.5", "JPY")


def test_format_and_convert() -> None:
    assert format_money(1999, "USD") == "$19.99"
    assert format_money(250000, "JPY") == "¥250,000"
    assert format_money(1999, "SEK") == "19.99 SEK"
    # A loss (the insights' margins) carries its sign before the currency.
    assert format_money(-600, "USD") == "-$6.00"
    assert format_money(-961500, "JPY") == "-¥961,500"
    assert format_money(-885, "EUR") == "-€8.85"
    assert format_money(-1999, "SEK") == "-19.99 SEK"
    assert convert(1999, Decimal("149.5"), "USD", "JPY") == 2989
