"""What a question is about, found in its words: a country (named in any supported language,
through Babel's territory names), a product of the show, a size or a colour of it."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from babel import Locale

from crosslive.catalog.models import Product, Variant

LOCALES = ("en", "de", "fr", "es", "it", "ja", "ko", "zh_Hans", "ar")
# Common names Babel's formal territory names miss.
COUNTRY_ALIASES = {
    "usa": "US",
    "america": "US",
    "amerika": "US",
    "amérique": "US",
    "アメリカ": "US",
    "美国": "US",
    "미국": "US",
    "أمريكا": "US",
    "uk": "GB",
    "britain": "GB",
    "england": "GB",
    "イギリス": "GB",
    "英国": "GB",
    "영국": "GB",
    "بريطانيا": "GB",
    "holland": "NL",
    "großbritannien": "GB",
    "grande-bretagne": "GB",
    "gran bretaña": "GB",
    "gran bretagna": "GB",
    "inghilterra": "GB",
    "angleterre": "GB",
    "inglaterra": "GB",
    "estados unidos": "US",
    "états-unis": "US",
    "stati uniti": "US",
    "corée": "KR",
    "韩国": "KR",
    "日本": "JP",
}
# Basic colour words in the supported languages -> a basic colour.
COLOUR_WORDS = {
    "black": (
        "black",
        "schwarz",
        "noir",
        "negro",
        "negra",
        "nero",
        "nera",
        "黒",
        "ブラック",
        "검정",
        "블랙",
        "黑",
        "أسود",
        "سوداء",
    ),
    "white": (
        "white",
        "weiß",
        "weiss",
        "blanc",
        "blanche",
        "blanco",
        "blanca",
        "bianco",
        "bianca",
        "白",
        "ホワイト",
        "흰색",
        "화이트",
        "أبيض",
        "بيضاء",
    ),
    "grey": ("grey", "gray", "grau", "gris", "grigio", "グレー", "灰", "회색", "그레이", "رمادي"),
    "blue": (
        "blue",
        "navy",
        "blau",
        "bleu",
        "azul",
        "blu",
        "紺",
        "ネイビー",
        "青",
        "蓝",
        "藏青",
        "네이비",
        "파란",
        "أزرق",
        "كحلي",
    ),
    "green": ("green", "grün", "vert", "verde", "緑", "グリーン", "绿", "초록", "그린", "أخضر"),
    "brown": (
        "brown",
        "braun",
        "marron",
        "marrón",
        "marrone",
        "茶",
        "ブラウン",
        "棕",
        "갈색",
        "브라운",
        "بني",
    ),
    "beige": (
        "beige",
        "natur",
        "naturel",
        "natural",
        "naturale",
        "ベージュ",
        "米色",
        "베이지",
        "بيج",
    ),
    "pink": ("pink", "rosa", "rose", "ピンク", "粉", "핑크", "وردي"),
    "red": (
        "red",
        "rot",
        "rouge",
        "rojo",
        "roja",
        "rosso",
        "rossa",
        "赤",
        "レッド",
        "红",
        "빨간",
        "레드",
        "أحمر",
    ),
}
# Words in a seller's colour name -> the basic colour it is.
COLOUR_FAMILIES = {
    "black": "black",
    "white": "white",
    "pearl": "white",
    "grey": "grey",
    "gray": "grey",
    "charcoal": "grey",
    "graphite": "grey",
    "slate": "grey",
    "stone": "grey",
    "navy": "blue",
    "ink": "blue",
    "blue": "blue",
    "sage": "green",
    "olive": "green",
    "moss": "green",
    "forest": "green",
    "celadon": "green",
    "green": "green",
    "brown": "brown",
    "natural": "beige",
    "sand": "beige",
    "oatmeal": "beige",
    "oat": "beige",
    "beige": "beige",
    "rose": "pink",
    "peony": "pink",
    "pink": "pink",
    "brick": "red",
    "terracotta": "red",
    "red": "red",
}
# Product kinds named in the supported languages -> words of an English product title/type.
PRODUCT_WORDS = {
    "tee": (
        "t-shirt",
        "tshirt",
        "tee",
        "shirt",
        "camiseta",
        "maglietta",
        "tシャツ",
        "t恤",
        "티셔츠",
        "تيشيرت",
        "قميص",
    ),
    "sweater": (
        "sweater",
        "jumper",
        "pullover",
        "pull",
        "jersey",
        "maglione",
        "セーター",
        "ニット",
        "毛衣",
        "스웨터",
        "니트",
        "كنزة",
        "سترة",
    ),
    "trousers": (
        "trousers",
        "pants",
        "hose",
        "pantalon",
        "pantalón",
        "pantaloni",
        "パンツ",
        "裤",
        "바지",
        "بنطلون",
    ),
    "jacket": (
        "jacket",
        "jacke",
        "veste",
        "chaqueta",
        "giacca",
        "ジャケット",
        "夹克",
        "羽绒服",
        "재킷",
        "패딩",
        "جاكيت",
    ),
    "dress": (
        "dress",
        "kleid",
        "robe",
        "vestido",
        "vestito",
        "ワンピース",
        "ドレス",
        "连衣裙",
        "원피스",
        "فستان",
    ),
    "sneaker": (
        "sneaker",
        "sneakers",
        "baskets",
        "zapatillas",
        "scarpe",
        "スニーカー",
        "运动鞋",
        "스니커즈",
        "حذاء",
    ),
    "boot": (
        "boot",
        "boots",
        "stiefel",
        "bottes",
        "botas",
        "stivali",
        "ブーツ",
        "靴子",
        "부츠",
        "بوت",
    ),
    "earbuds": (
        "earbuds",
        "earphones",
        "kopfhörer",
        "écouteurs",
        "auriculares",
        "auricolari",
        "イヤホン",
        "耳机",
        "이어폰",
        "سماعات",
    ),
    "charger": (
        "charger",
        "ladegerät",
        "netzteil",
        "chargeur",
        "cargador",
        "caricatore",
        "充電器",
        "充电器",
        "충전기",
        "شاحن",
    ),
    "mug": ("mug", "tasse", "taza", "tazza", "マグ", "马克杯", "杯子", "머그", "كوب"),
    "serum": ("serum", "sérum", "suero", "siero", "美容液", "精华", "세럼", "سيروم"),
    "sunscreen": (
        "sunscreen",
        "sonnencreme",
        "crème solaire",
        "protector solar",
        "crema solare",
        "日焼け止め",
        "防晒",
        "선크림",
        "واقي الشمس",
    ),
    "towel": (
        "towel",
        "handtuch",
        "serviette",
        "toalla",
        "asciugamano",
        "タオル",
        "毛巾",
        "수건",
        "منشفة",
    ),
    "lamp": ("lamp", "lampe", "lámpara", "lampada", "ランプ", "台灯", "램프", "مصباح"),
}
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
