"""The viewer's language: which languages crosslive speaks, their gettext catalogs, how a
browser's Accept-Language picks one, and numbers, prices and dates in that language.

English strings are the message ids. Each language's catalog is a .po file committed at
crosslive/locale/<locale>/LC_MESSAGES/crosslive.po (<locale> in Babel's spelling: de,
zh_Hans); it is read with Babel into gettext translations in memory, once per process, so
there is no compile step and no binary .mo file in the repository. docs/languages.md tells how
to add a language. The seller's side (admin pages, host console) has its own domain, admin.po,
in ADMIN_SUPPORTED (en, zh-Hans), marked with A_() in Python.
"""

from __future__ import annotations

import functools
import gettext
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from babel import Locale, negotiate_locale, numbers
from babel.dates import format_date, format_time, get_timezone, get_timezone_name
from babel.dates import format_datetime as babel_format_datetime
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "crosslive"
# The seller's side (admin pages and the host console) has its own catalog, admin.po, in
# fewer languages: the viewers' completeness rule does not reach it.
ADMIN_DOMAIN = "admin"
ADMIN_SUPPORTED: tuple[str, ...] = ("en", "zh-Hans")
# The cookie the admin's language switcher remembers the seller's choice in.
ADMIN_COOKIE = "crosslive_admin_lang"
# The languages pages and emails are written in, as HTML language tags; English is the source.
SUPPORTED: tuple[str, ...] = (
    "en",
    "de",
    "fr",
    "es",
    "it",
    "ja",
    "ko",
    "zh-Hans",
    "ar",
    "pt",
    "pl",
    "nl",
)
DEFAULT = "en"
RIGHT_TO_LEFT = frozenset({"ar"})
# Languages whose catalog holds only the paid-promotion label (the markets' rules want it said
# in the viewer's words even where the pages are not translated yet).
LABEL_ONLY: tuple[str, ...] = ("sv",)


def N_(message: str) -> str:
    """Marks MESSAGE for extraction where it is translated later (at render time)."""
    return message


def A_(message: str) -> str:
    """Marks MESSAGE for the seller's catalog (ADMIN_DOMAIN); translated where it is shown."""
    return message


def locale_name(tag: str) -> str:
    """'zh-Hans' -> 'zh_Hans': the catalog folder's (and Babel's) spelling of a tag."""
    return tag.replace("-", "_")


def catalog_path(tag: str, domain: str = DOMAIN) -> Path:
    return LOCALE_DIR / locale_name(tag) / "LC_MESSAGES" / f"{domain}.po"


@functools.cache
def translations(tag: str, domain: str = DOMAIN) -> gettext.NullTranslations:
    """The catalog of the language TAG ('de', 'ja-JP' -> ja, 'zh-Hans') in DOMAIN, or English
    (NullTranslations) when crosslive has none for it."""
    for candidate in _candidates(tag):
        path = catalog_path(candidate, domain)
        if path.is_file():
            return _load(path, candidate, domain)
    return gettext.NullTranslations()


def _candidates(tag: str) -> list[str]:
    """'zh-CN' -> zh-Hans; 'de-AT' -> de-AT, de."""
    tag = tag.strip()
    if not tag or "/" in tag or "." in tag:
        return []
    primary = tag.split("-")[0].split("_")[0].lower()
    if primary == "zh":
        return ["zh-Hans"]
    return [tag, primary] if tag.lower() != primary else [primary]


def _load(path: Path, tag: str, domain: str) -> gettext.NullTranslations:
    with path.open("rb") as po:
        catalog = read_po(po, locale=locale_name(tag), domain=domain)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(fp=compiled, domain=domain)


def has_catalog(tag: str) -> bool:
    return bool(tag) and isinstance(translations(tag), gettext.GNUTranslations)


def supported(tag: str, among: tuple[str, ...] = SUPPORTED) -> str:
    """TAG as one of AMONG ('DE' -> 'de', 'zh' -> 'zh-Hans'), or ''."""
    tag = tag.strip()
    if not tag:
        return ""
    lowered = {s.lower(): s for s in among}
    if tag.lower() in lowered:
        return lowered[tag.lower()]
    primary = tag.replace("_", "-").split("-")[0].lower()
    if primary == "zh":
        return "zh-Hans" if "zh-hans" in lowered else ""
    return lowered.get(primary, "")


def accepted(header: str | None) -> list[str]:
    """The tags of an Accept-Language header, most wanted first ('de-AT,de;q=0.8,en;q=0.5')."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((header or "").split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip()
        if not tag or tag == "*" or len(tag) > 35:
            continue
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        if quality > 0:
            ranked.append((-quality, position, tag))
    return [tag for _, _, tag in sorted(ranked)]


def negotiate(header: str | None, among: tuple[str, ...] = SUPPORTED) -> str:
    """The language of AMONG a browser asks for most, else English."""
    # Any Chinese browser reads the Simplified catalog rather than none.
    wanted = ["zh-Hans" if t.lower().startswith("zh") else t for t in accepted(header)]
    chosen = negotiate_locale(wanted, list(among), sep="-", aliases={})
    return supported(chosen or "", among) or DEFAULT


def choose(
    asked: str | None,
    remembered: str | None,
    header: str | None,
    among: tuple[str, ...] = SUPPORTED,
) -> str:
    """The page's language: ?lang= when given and supported, else the viewer's remembered
    choice, else the browser's. The market never decides it. The seller's side chooses
    among ADMIN_SUPPORTED the same way."""
    return (
        supported(asked or "", among)
        or supported(remembered or "", among)
        or negotiate(header, among)
    )


def direction(tag: str) -> str:
    return "rtl" if tag.split("-")[0] in RIGHT_TO_LEFT else "ltr"


@functools.cache
def native_name(tag: str) -> str:
    """The language's name in itself: Deutsch, 日本語, العربية."""
    name = Locale.parse(locale_name(tag)).get_display_name() or tag
    return name[:1].upper() + name[1:]


def first_translated(message: str, tags: Iterable[str]) -> str:
    """MESSAGE in the first of TAGS whose catalog translates it, else MESSAGE (English)."""
    for tag in tags:
        if tag.split("-")[0].lower() == "en":
            return message
        text = translations(tag).gettext(message)
        if text != message:
            return text
    return message


def format_price(amount: Decimal, currency: str, tag: str) -> str:
    """19.99 EUR in de -> '19,99 €'; in en -> '€19.99'."""
    return numbers.format_currency(amount, currency.upper(), locale=locale_name(tag))


def format_number(value: float | Decimal, tag: str, pattern: str | None = None) -> str:
    """VALUE as TAG writes it ('37,8' in de); PATTERN a CLDR pattern such as '0.0'."""
    return numbers.format_decimal(value, format=pattern, locale=locale_name(tag))


def format_datetime(moment: datetime, tag: str, fmt: str = "medium") -> str:
    return babel_format_datetime(moment, fmt, locale=locale_name(tag))


def format_utc(moment: datetime, tag: str) -> str:
    """A deadline in UTC as LANG writes it, labelled: '04.12.2026, 18:00 UTC' (de),
    '2026/12/04 18:00 UTC' (ja); English keeps the house format '2026-12-04 18:00 UTC'.
    A naive MOMENT is read as UTC."""
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    if tag.split("-")[0].lower() == DEFAULT:
        return moment.strftime("%Y-%m-%d %H:%M UTC")
    locale = Locale.parse(locale_name(tag))
    day = format_date(moment, "medium", locale=locale)
    clock = format_time(moment, "short", tzinfo=UTC, locale=locale)
    pattern = str(locale.datetime_formats["medium"])
    return pattern.replace("{1}", day).replace("{0}", clock) + " UTC"


def format_day(day: date, tag: str) -> str:
    """A day as LANG writes it ('04.12.2026' in de); English keeps '2026-12-04'."""
    if tag.split("-")[0].lower() == DEFAULT:
        return day.strftime("%Y-%m-%d")
    return format_date(day, "medium", locale=locale_name(tag))


def zone_name(zone: str, tag: str) -> str:
    """An IANA time zone named in LANG: 'Asia/Shanghai' -> 'China Time' (en), '中国时间'
    (zh-Hans), 'heure de la Chine' (fr); UTC stays 'UTC', and a zone Babel does not know
    keeps its IANA name."""
    if zone.upper() in {"UTC", "ETC/UTC", "ETC/GMT", "GMT", "ZULU", "ETC/ZULU"}:
        return "UTC"
    try:
        return get_timezone_name(get_timezone(zone), width="long", locale=locale_name(tag))
    except LookupError:
        return zone


# --- sentences put together in the reader's language ------------------------------------


@dataclass(frozen=True)
class Message:
    """A viewer-facing sentence kept as its message id (English, with %(name)s placeholders)
    and its values, written in a language only when it is shown (`render`). A value may be a
    Message (rendered first, in the same language), a Number, a Percent, a Listed, or
    anything else (as str()). str() is the English sentence."""

    msgid: str
    values: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, msgid: str, **values: object) -> Message:
        return cls(msgid, tuple(values.items()))

    def render(self, tag: str = DEFAULT) -> str:
        text = translations(tag).gettext(self.msgid)
        if not self.values:
            return text
        return text % {name: render_value(value, tag) for name, value in self.values}

    def __str__(self) -> str:
        return self.render(DEFAULT)


class _Rendered:
    """A value written in the reader's language when its sentence is shown."""

    def render(self, tag: str = DEFAULT) -> str:
        return render_value(self, tag)

    def __str__(self) -> str:
        return render_value(self, DEFAULT)


@dataclass(frozen=True)
class Number(_Rendered):
    """A measurement written with the reader's decimal sign: 8.0 -> '8,0' in German."""

    value: float
    pattern: str = "0.0"


@dataclass(frozen=True)
class Percent(_Rendered):
    """A share written as the reader's language writes percentages: 0.34 -> '34 %' (de)."""

    value: float


@dataclass(frozen=True)
class Listed(_Rendered):
    """Items joined as the reader's language joins them ('a, b and c'; style 'or':
    'a, b or c')."""

    items: tuple[object, ...]
    style: str = "standard"


@dataclass(frozen=True)
class Day(_Rendered):
    """A day written as the reader's language writes it (format_day): '03.12.2026' (de),
    '2026-12-03' (en)."""

    value: date


@dataclass(frozen=True)
class Territory(_Rendered):
    """A country or region code named in the reader's language: 'DE' -> 'Allemagne' (fr);
    FALLBACK (or the code) where Babel has no name for it."""

    code: str
    fallback: str = ""


def render_value(value: object, tag: str = DEFAULT) -> str:
    """VALUE (see Message) written in the language TAG."""
    locale = locale_name(tag)
    if isinstance(value, Message):
        return value.render(tag)
    if isinstance(value, Number):
        return numbers.format_decimal(value.value, format=value.pattern, locale=locale)
    if isinstance(value, Percent):
        return numbers.format_percent(value.value, locale=locale)
    if isinstance(value, Day):
        return format_day(value.value, tag)
    if isinstance(value, Territory):
        name = Locale.parse(locale).territories.get(value.code.upper())
        return str(name) if name else value.fallback or value.code
    if isinstance(value, Listed):
        rendered = [render_value(item, tag) for item in value.items]
        return format_list(rendered, style=value.style, locale=locale)  # type: ignore[arg-type]
    return str(value)
