"""What every composer of an answer is given (the question, the viewer's language and
market, the show and the product asked about) and what it gives back: sentences and the
sources of their facts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from babel.numbers import format_currency
from sqlalchemy.orm import Session

from crosslive.catalog.models import Product
from crosslive.markets.models import Market
from crosslive.money import to_decimal
from crosslive.shows.models import Show


@dataclass
class Context:
    db: Session
    seller_id: int
    language: str
    market: Market
    markets: list[Market]
    show: Show
    product: Product | None
    question: str
    now: datetime
    products: Sequence[Product] = field(default_factory=list)

    @property
    def locale(self) -> str:
        return self.language.replace("-", "_")


@dataclass
class Composed:
    sentences: list[str]
    sources: list[str]

    @property
    def text(self) -> str:
        joiner = "" if self.sentences and self.sentences[0][-1:] in "。" else " "
        return joiner.join(self.sentences)


def money(ctx: Context, amount_minor: int, currency: str) -> str:
    return str(format_currency(to_decimal(amount_minor, currency), currency, locale=ctx.locale))


def days(low: int, high: int) -> str:
    return str(high) if low == high else f"{low}-{high}"
