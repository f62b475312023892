"""The return terms a viewer reads: the market's return policy stated concretely, in the
viewer's language (the same sentences as the pages' live/_terms.html)."""

from __future__ import annotations

from crosslive import i18n
from crosslive.i18n import N_
from crosslive.markets.models import LabelPaidBy, Market, Warehouse
from crosslive.markets.schemas import ReturnTerms
from crosslive.money import format_money, to_decimal


def return_terms(market: Market, lang: str = i18n.DEFAULT) -> ReturnTerms:
    """The return policy stated concretely: window, where it goes, who pays the label; its
    text in LANG (the sentences of the pages' terms, live/_terms.html)."""
    wh: Warehouse | None = market.return_warehouse
    catalog = i18n.translations(lang)
    seller_pays = market.return_label_paid_by == LabelPaidBy.SELLER
    values: dict[str, object] = {"days": market.return_window_days}
    if market.return_window_days == 0:
        message = N_("Returns are not accepted")
    elif wh is not None:
        values["city"] = wh.city
        message = (
            N_("Return within %(days)s days to our %(city)s warehouse; we pay the label")
            if seller_pays
            else N_(
                "Return within %(days)s days to our %(city)s warehouse; you pay the return label"
            )
        )
    else:
        message = (
            N_("Return within %(days)s days; we pay the label")
            if seller_pays
            else N_("Return within %(days)s days; you pay the return label")
        )
    text = catalog.gettext(message) % values if "%" in message else catalog.gettext(message)
    if market.keep_it_below_minor > 0:
        limit = (
            format_money(market.keep_it_below_minor, market.currency)
            if lang == i18n.DEFAULT
            else i18n.format_price(
                to_decimal(market.keep_it_below_minor, market.currency), market.currency, lang
            )
        )
        more = N_(". Items under %(limit)s are refunded without sending them back")
        text += catalog.gettext(more) % {"limit": limit}
    return ReturnTerms(
        window_days=market.return_window_days,
        label_paid_by=market.return_label_paid_by,
        warehouse_name=wh.name if wh else None,
        city=wh.city if wh else None,
        country=wh.country if wh else None,
        keep_it_below_minor=market.keep_it_below_minor,
        currency=market.currency,
        text=text,
    )
