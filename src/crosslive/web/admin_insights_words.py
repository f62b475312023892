"""The insights tables' titles and column headers as the admin shows them, in the seller's
language: the reports (crosslive.insights) name them in English, and their CSV and JSON keep
the column keys; the page looks each one up here and writes it through the admin catalog."""

from __future__ import annotations

from crosslive.i18n import A_
from crosslive.returns.policy import REASON_TEXT
from crosslive.web.admin_credentials import TYPE_LABELS

TITLES: tuple[str, ...] = (
    A_("Video quality"),
    A_("Video quality by show"),
    A_("Video quality by market"),
    A_("Video quality by region"),
    A_("Video quality by device"),
    A_("Conversion by market"),
    A_("Credentials: conversion of viewers who saw one and who did not"),
    A_("Fit answers after delivery"),
    A_("Funnel per show (distinct viewers)"),
    A_("How returns ended"),
    A_("Margin per market and category"),
    A_("Products that lose money on a lane"),
    A_("Refunds issued"),
    A_("Return rate by show"),
    A_("Return rate by size"),
    A_("Return rate by category"),
    A_("Return rate by product"),
    A_("Return rate by market"),
    A_("Returns by reason"),
    A_("Revenue and refunds per show and currency"),
    A_("Shows"),
    A_("Shows that played worse than the store's usual"),
    A_("Size advisor: return rate of order lines"),
    A_("Viewers and watch time per show"),
)
# Column key -> its header.
HEADERS: dict[str, str] = {
    "added_to_cart": A_("added to cart"),
    "amount_minor": A_("amount"),
    # The host's answers; the instant answers are counted apart (answered_instantly).
    "answered": A_("answered by the host"),
    "answered_instantly": A_("answered instantly"),
    "answers": A_("answers"),
    "avg_answer_s": A_("host's avg answer s"),
    "avg_concurrent": A_("avg concurrent"),
    "avg_kbps": A_("avg kbps"),
    "category": A_("category"),
    "checkout_started": A_("checkout started"),
    "ci_high": A_("ci high"),
    "ci_low": A_("ci low"),
    "conversion": A_("conversion"),
    "credential_type": A_("credential type"),
    "currency": A_("currency"),
    "device": A_("device"),
    "expected_return_cost_minor": A_("expected return cost"),
    "figure": A_("figure"),
    "fit": A_("fit"),
    "fit_share": A_("fit share"),
    "freezes_per_hour": A_("freezes per hour"),
    "frozen_share": A_("frozen share"),
    "goods_cost_minor": A_("goods cost"),
    "group": A_("group"),
    "keep_it_savings_minor": A_("keep it savings"),
    "keep_its": A_("keep its"),
    "kept": A_("kept"),
    "large": A_("large"),
    "lines": A_("lines"),
    "lost_first_10s": A_("lost first 10s"),
    "lost_share": A_("lost share"),
    "m1_to_5m": A_("m1 to 5m"),
    "m5_to_15m": A_("m5 to 15m"),
    "margin_after_expected_returns_minor": A_("margin after expected returns"),
    "margin_after_returns_minor": A_("margin after returns"),
    "market": A_("market"),
    "messages": A_("messages"),
    "note": A_("note"),
    "ordered": A_("ordered"),
    "orders": A_("orders"),
    "outbound_minor": A_("outbound"),
    "outcome": A_("outcome"),
    "paid": A_("paid"),
    "peak_concurrent": A_("peak concurrent"),
    "product": A_("product"),
    "product_id": A_("product id"),
    "questions": A_("questions"),
    "reason": A_("reason"),
    "refunds": A_("refunds"),
    "refunds_minor": A_("refunds"),
    "region": A_("region"),
    "return_costs_minor": A_("return costs"),
    "return_rate": A_("return rate"),
    "returned_lines": A_("returned lines"),
    "returned_units": A_("returned units"),
    "returns": A_("returns"),
    "revenue_minor": A_("revenue"),
    "s10_to_1m": A_("s10 to 1m"),
    "scope": A_("scope"),
    "sessions": A_("sessions"),
    "share_of_returns": A_("share of returns"),
    "sheet_opened": A_("sheet opened"),
    "show": A_("show"),
    "show_id": A_("show id"),
    "show_value": A_("show value"),
    "size": A_("size"),
    "small": A_("small"),
    "store_value": A_("store value"),
    "switches_per_hour": A_("switches per hour"),
    "ttff_p50_ms": A_("ttff p50 ms"),
    "ttff_p95_ms": A_("ttff p95 ms"),
    "under_10s": A_("under 10s"),
    "units": A_("units"),
    "viewers": A_("viewers"),
    "watch_hours": A_("watch hours"),
}


# The groups the effects compare and the note under too few lines, as keys -> words.
GROUP_WORDS: dict[str, str] = {
    "followed": A_("followed the advice"),
    "ignored": A_("did not follow the advice"),
    "not_used": A_("asked no advice"),
    "saw": A_("saw the credential"),
    "did_not_see": A_("did not see it"),
}
NOTE_WORDS: dict[str, str] = {"not enough data": A_("not enough data")}


def value_words(column: str, value: object) -> str | None:
    """The words a key the reports keep (a category, a return reason, an outcome, a
    credential's type, an effect's group, a note) is shown in, in English for the catalogs
    ('too_small' -> 'Too small'); None for any other value, which is shown as it is (a
    product's title, a market's code)."""
    if not isinstance(value, str) or not value:
        return None
    if column == "category":
        return value
    if column == "reason":
        return next((text for reason, text in REASON_TEXT.items() if reason.value == value), None)
    if column == "outcome":
        return value.replace("_", " ")
    if column == "credential_type":
        return next((text for kind, text in TYPE_LABELS.items() if kind.value == value), None)
    if column == "group":
        return GROUP_WORDS.get(value)
    if column == "note":
        return NOTE_WORDS.get(value)
    return None


def is_percent(column: str) -> bool:
    """Whether COLUMN holds a share (0.25), shown as a percent (25.0 %)."""
    return (
        column.endswith(("rate", "share"))
        or column.startswith(("share", "ci_"))
        or column == "conversion"
    )
