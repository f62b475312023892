"""Seller admin: insights (returns, what works, lane economics, shows, video quality) with
filters, tables, charts and CSV links. Owners see the store; hosts their own shows."""

from __future__ import annotations

import gettext
import json
from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from crosslive import i18n
from crosslive.deps import SessionDep
from crosslive.errors import DomainError, InvalidInput
from crosslive.i18n import A_
from crosslive.ids import id_from_text
from crosslive.insights import service
from crosslive.insights.scope import Filters
from crosslive.money import to_decimal
from crosslive.web.admin_insights_words import HEADERS, is_percent, value_words
from crosslive.web.admin_language import admin_catalog, admin_language, seller_error
from crosslive.web.pages import PageUser, render

router = APIRouter(prefix="/admin/insights", include_in_schema=False)
TITLES = {
    "returns": A_("Returns"),
    "effects": A_("What works"),
    "economics": A_("Economics"),
    "shows": A_("Shows"),
    "quality": A_("Video quality"),
}
# Which tables get a bar chart: the label column and the value column.
CHARTS = {
    "by_category": ("category", "return_rate"),
    "by_market": ("market", "return_rate"),
    "by_show": ("show", "return_rate"),
    "by_reason": ("reason", "returned_units"),
    "outcomes": ("outcome", "returns"),
    "size_advice": ("group", "return_rate"),
    "by_market_category": ("category", "margin_after_returns_minor"),
    "shows": ("show", "orders"),
}
# Charts of one report's table where another report has a table of that name.
REPORT_CHARTS = {
    ("shows", "funnel"): ("show", "conversion"),
    ("shows", "viewers"): ("show", "peak_concurrent"),
    ("shows", "markets"): ("market", "conversion"),
    ("quality", "by_show"): ("show", "frozen_share"),
    ("quality", "by_market"): ("market", "ttff_p95_ms"),
    ("quality", "by_region"): ("region", "ttff_p95_ms"),
    ("quality", "by_device"): ("device", "frozen_share"),
}
FILTER_NAMES = ("since", "until", "show_id", "market", "category")


@router.get("", response_class=HTMLResponse)
def insights_page(
    request: Request, db: SessionDep, user: PageUser, report: str = "returns"
) -> HTMLResponse:
    raw = {k: request.query_params.get(k, "").strip() for k in FILTER_NAMES}
    choices = service.choices(db, user)
    context: dict[str, Any] = {
        "titles": TITLES,
        "current": report if report in TITLES else "returns",
        "raw": raw,
        "choices": choices,
        "section": "insights",
        "headers": HEADERS,
        "value_words": value_words,
        "is_percent": is_percent,
    }
    try:
        filters = _filters(raw)
        result = service.report(db, user, context["current"], filters)
    except DomainError as exc:
        return render(
            request,
            "admin/insights.html",
            {**context, "error": seller_error(request, exc)},
            user=user,
        )
    query = urlencode({k: v for k, v in raw.items() if v})
    charts = _charts(context["current"], result.tables, _say(request))
    context |= {"result": result, "query": query, "charts": charts}
    return render(request, "admin/insights.html", context, user=user)


def _filters(raw: dict[str, str]) -> Filters:
    return Filters(
        since=_day(raw["since"], A_("start date")),
        until=_day(raw["until"], A_("end date")),
        show_id=_show(raw["show_id"]),
        market=raw["market"] or None,
        category=raw["category"] or None,
    )


def _day(text: str, label: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(A_("the {label} must be a date like 2026-03-01"), label=label) from None


def _show(text: str) -> int | None:
    if not text:
        return None
    show_id = id_from_text(text)
    if show_id is None:
        raise InvalidInput(A_("choose a show from the list"))
    return show_id


def _say(request: Request) -> Callable[[str], str]:
    """A text in the seller's language: the admin catalog, else the viewers' (return reasons
    are translated there), else as written (the template's `tr` filter, for the charts)."""
    lang = admin_language(request)
    catalogs: tuple[gettext.NullTranslations, ...] = (
        admin_catalog(lang),
        i18n.translations(lang),
    )

    def say(text: str) -> str:
        for catalog in catalogs:
            if (found := catalog.gettext(text)) != text:
                return found
        return text

    return say


def _charts(
    report: str, tables: dict[str, Any], say: Callable[[str], str]
) -> dict[str, list[dict[str, str]]]:
    """Per table that has a chart, its charts: one, or for money one per currency (amounts
    of different currencies never share an axis, and no rates convert them)."""
    charts = {}
    for key, table in tables.items():
        chart = REPORT_CHARTS.get((report, key)) or CHARTS.get(key)
        if chart is None or not table.rows or chart[1] not in table.columns:
            continue
        label, value = chart
        rows = [r for r in table.rows if r.get(value) is not None]
        if not rows:
            continue
        named = "market" in table.columns and label != "market"
        charts[key] = [
            _chart(label, value, group, currency, named, say)
            for currency, group in _per_currency(value, rows)
        ]
    return charts


def _per_currency(value: str, rows: list[dict[str, Any]]) -> list[tuple[str, list[Any]]]:
    """ROWS by currency (in currency order) where VALUE is money, else all of them at once."""
    if not value.endswith("_minor"):
        return [("", rows)]
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(str(row.get("currency") or ""), []).append(row)
    return sorted(groups.items())


def _chart(
    label: str,
    value: str,
    rows: list[dict[str, Any]],
    currency: str,
    named: bool,
    say: Callable[[str], str],
) -> dict[str, str]:
    labels = []
    for row in rows:
        words = value_words(label, row[label])
        text = say(words) if words else str(row[label])
        labels.append(f"{row['market']} · {text}" if named and row.get("market") else text)
    name = say(HEADERS.get(value, value.replace("_minor", "").replace("_", " ")))
    values: list[Any] = [r[value] for r in rows]
    if currency:
        # Money in the currency's own units (euros, not cents), named on the axis.
        values = [float(to_decimal(int(v), currency)) for v in values]
        name = f"{name} ({currency})"
    return {
        "labels": json.dumps(labels, ensure_ascii=False),
        "values": json.dumps(values),
        "name": name,
        "percent": "1" if is_percent(value) else "",
        "currency": currency,
    }
