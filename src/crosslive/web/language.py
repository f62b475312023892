"""The language of the pages a viewer opens: chosen by ?lang=, else the viewer's remembered
choice (a cookie the language switcher sets), else the browser's Accept-Language; never by
the market. Templates translate through jinja2's i18n extension with the page's catalog
(`translations` in the render context); ES modules read their strings from the page."""

from __future__ import annotations

import gettext
import json
from datetime import date, datetime
from typing import Any

from fastapi import Request, Response
from jinja2 import Environment, pass_context
from jinja2.runtime import Context

from crosslive import i18n
from crosslive.deps import LANGUAGE_COOKIE
from crosslive.deps import page_language as page_language
from crosslive.markets.models import Market
from crosslive.money import format_money, to_decimal
from crosslive.web import js_strings

COOKIE = LANGUAGE_COOKIE
COOKIE_AGE = 365 * 24 * 3600
_ENGLISH = gettext.NullTranslations()


def page_catalog(request: Request) -> gettext.NullTranslations:
    """The catalog of the language REQUEST's page speaks (also for its API calls' errors)."""
    return i18n.translations(page_language(request))


def context_for(request: Request) -> dict[str, Any]:
    """What a viewer's page needs to speak the viewer's language."""
    lang = page_language(request)
    catalog = i18n.translations(lang)
    return {
        "lang": lang,
        "dir": i18n.direction(lang),
        "translations": catalog,
        "languages": [(tag, i18n.native_name(tag)) for tag in i18n.SUPPORTED],
        "js_strings": json.dumps(
            {m: catalog.gettext(m) for m in js_strings.MESSAGES}, ensure_ascii=False
        ),
    }


def remember(request: Request, response: Response) -> None:
    """A supported ?lang= sticks: the next page opens in it without asking again."""
    asked = i18n.supported(request.query_params.get("lang", ""))
    if asked and asked != request.cookies.get(COOKIE):
        response.set_cookie(COOKIE, asked, max_age=COOKIE_AGE, samesite="lax", httponly=True)


def _catalog(context: Context) -> gettext.NullTranslations:
    found = context.get("translations")
    return found if isinstance(found, gettext.NullTranslations) else _ENGLISH


@pass_context
def _gettext(context: Context, message: str) -> str:
    return _catalog(context).gettext(message)


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    return _catalog(context).ngettext(singular, plural, n)


@pass_context
def _local_money(context: Context, amount_minor: int, currency: str) -> str:
    """A price as the page's language writes it ('49,00 €' in de); English pages keep the
    house format the emails and the admin use (money.format_money)."""
    lang = context.get("lang") or i18n.DEFAULT
    if lang == i18n.DEFAULT:
        return format_money(amount_minor, currency)
    return i18n.format_price(to_decimal(amount_minor, currency), currency, lang)


@pass_context
def _local_number(context: Context, value: float, pattern: str | None = None) -> str:
    """A number as the page's language writes it (4.5 -> '4,5' in de); PATTERN a CLDR
    pattern such as '0.0'."""
    return i18n.format_number(value, context.get("lang") or i18n.DEFAULT, pattern)


@pass_context
def _utc_time(context: Context, moment: datetime) -> str:
    """A deadline in the page's language, in UTC and labelled so (i18n.format_utc)."""
    return i18n.format_utc(moment, context.get("lang") or i18n.DEFAULT)


@pass_context
def _local_day(context: Context, day: date | str) -> str:
    """A day in the page's language; DAY a date or its ISO text ('' stays '')."""
    if isinstance(day, str):
        if not day:
            return ""
        day = date.fromisoformat(day)
    return i18n.format_day(day, context.get("lang") or i18n.DEFAULT)


@pass_context
def _place_name(context: Context, code: str, fallback: str = "") -> str:
    """A country or region code named in the page's language ('JP' -> '日本' on a Japanese
    page); FALLBACK (else the code) where CLDR has no name for it."""
    return i18n.render_value(i18n.Territory(code, fallback), context.get("lang") or i18n.DEFAULT)


@pass_context
def _zone_name(context: Context, zone: str) -> str:
    """A time zone named in the page's language ('Asia/Shanghai' -> 'China Time')."""
    return i18n.zone_name(zone, context.get("lang") or i18n.DEFAULT)


@pass_context
def _market_name(context: Context, market: Market) -> str:
    """A market named in the page's language as the live room names it: its one country
    ('JP' -> '日本'), else its code as a territory ('EU' -> '欧盟'), else its own name."""
    countries = list(market.countries or [])
    where = countries[0] if len(countries) == 1 else market.code
    return _place_name(context, where, market.name)


def install(env: Environment) -> None:
    """{% trans %} and _() in ENV translate with the render context's catalog (English when
    a page has none), so one environment serves every language at once; local_money()
    writes prices, local_number() numbers, and place_name() countries and regions, in the
    page's language."""
    env.globals["local_money"] = _local_money
    env.globals["local_number"] = _local_number
    env.globals["utc_time"] = _utc_time
    env.globals["local_day"] = _local_day
    env.globals["place_name"] = _place_name
    env.globals["zone_name"] = _zone_name
    env.globals["market_name"] = _market_name
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(  # type: ignore[attr-defined]
        _gettext, _ngettext, newstyle=True
    )
