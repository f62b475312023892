"""What a question is about, found in its words: a country (named in any supported language,
through Babel's territory names), a product of the show, a size or a colour of it."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from babel import Locale

from crosslive.answers.product_words import PRODUCT_WORDS
from crosslive.answers.words import COLOUR_FAMILIES, COLOUR_WORDS, COUNTRY_ALIASES
from crosslive.catalog.models import Product, Variant

LOCALES = ("en", "de", "fr", "es", "it", "ja", "ko", "zh_Hans", "ar", "pt", "pl", "nl")
_SIZE_TOKEN = re.compile(r"(?<![\w'’-])(XXS|XS|S|M|L|XL|XXL|XXXL|EU ?\d{2})(?![\w'’-])")


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def _has_word(haystack: str, word: str) -> bool:
    if not word.isascii() and not re.search(r"[a-zà-ÿ]", word):
        return word in haystack  # CJK and Arabic: no spaces to rely on
    return re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", haystack) is not None


@functools.cache
def country_names() -> dict[str, str]:
    """Lower-case country name (any supported language) -> ISO code."""
    names: dict[str, str] = {}
    for loc in LOCALES:
        for code, name in Locale.parse(loc).territories.items():
            if len(code) == 2 and code.isalpha() and code not in {"ZZ", "EZ", "UN", "QO"}:
                names[_norm(name)] = code
    names.update(COUNTRY_ALIASES)
    return names


def country_in(question: str) -> str | None:
    """The country the question names (the longest name wins), or None."""
    text = _norm(question)
    found = [(len(n), code) for n, code in country_names().items() if _has_word(text, n)]
    return max(found)[1] if found else None


def country_name(code: str, language: str) -> str:
    return str(Locale.parse(language.replace("-", "_")).territories.get(code, code))


def market_place(code: str, countries: Sequence[str], name: str, language: str) -> str:
    """How to name a market's destination: its territory (EU), its one country, or its name."""
    territories = Locale.parse(language.replace("-", "_")).territories
    if code in territories:
        return str(territories[code])
    if len(countries) == 1:
        return str(territories.get(countries[0], name))
    return name


def product_in(question: str, products: Sequence[Product]) -> Product | None:
    """The product the question names: its title or a kind word for it, in any language."""
    text = _norm(question)
    for product in products:
        if _norm(product.title) in text or product.handle in text:
            return product
    hits = []
    for product in products:
        title = _norm(f"{product.title} {product.product_type} {product.handle}")
        for kind, words in PRODUCT_WORDS.items():
            if kind in title and any(_has_word(text, w) for w in words):
                hits.append(product)
                break
    return hits[0] if len(hits) == 1 else None


def without_products(question: str, products: Sequence[Product]) -> str:
    """The question with product names and kind words taken out: what is asked, not about
    what, is what the sentence vector should carry."""
    text = question
    for product in products:
        text = re.sub(re.escape(product.title), " ", text, flags=re.IGNORECASE)
    for words in PRODUCT_WORDS.values():
        for word in words:
            if word.isascii():
                text = re.sub(
                    rf"(?<![\w]){re.escape(word)}(?![\w])", " ", text, flags=re.IGNORECASE
                )
            else:
                text = text.replace(word, " ")
    text = " ".join(text.split())
    return text if len(text) >= 2 else question


def _colour_family(value: str) -> set[str]:
    return {COLOUR_FAMILIES[w] for w in _norm(value).split() if w in COLOUR_FAMILIES}


def _asked_colours(text: str) -> set[str]:
    return {
        basic for basic, words in COLOUR_WORDS.items() if any(_has_word(text, w) for w in words)
    }


@dataclass(frozen=True)
class Wanted:
    """Options the question asks for: per option position, the values it names."""

    values: dict[int, set[str]]
    unknown: list[str]  # sizes named that the product does not have


def options_in(question: str, product: Product) -> Wanted:
    text = _norm(question)
    colours = _asked_colours(text)
    values: dict[int, set[str]] = {}
    known: set[str] = set()
    for position in range(3):
        for variant in product.variants:
            value = variant.options[position] if position < len(variant.options) else None
            if not value:
                continue
            known.add(value.upper())
            if _option_named(question, text, value, colours):
                values.setdefault(position, set()).add(value)
    unknown = [
        t.upper() for t in _SIZE_TOKEN.findall(question) if t.upper() not in known and t.upper()
    ]
    return Wanted(values, [u for u in unknown if not any(u in k for k in known)])


def _option_named(question: str, text: str, value: str, colours: set[str]) -> bool:
    low = _norm(value)
    if len(value) <= 4 and value.isupper():  # XS, M, XL: case matters, "m" is not a size
        return re.search(rf"(?<![\w'’-]){re.escape(value)}(?![\w'’-])", question) is not None
    if len(low) >= 3 and _has_word(text, low):
        return True
    number = re.fullmatch(r"eu ?(\d{2})", low)
    if number and re.search(rf"(?<!\d){number.group(1)}(?!\d)", text):
        return True
    return bool(colours & _colour_family(value))


def matching_variants(product: Product, wanted: Wanted) -> list[Variant]:
    return [
        v
        for v in product.variants
        if all(
            position < len(v.options) and v.options[position] in names
            for position, names in wanted.values.items()
        )
    ]
