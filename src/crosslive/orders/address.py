"""Buyer contact and shipping address checks for a market."""

from __future__ import annotations

import re
from dataclasses import dataclass

from crosslive.errors import InvalidInput
from crosslive.i18n import N_, Listed, Message, Territory
from crosslive.mail.addresses import one_address
from crosslive.markets.models import Market
from crosslive.orders import address_checks
from crosslive.orders.schemas import CheckoutIn

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Each required field by the label the checkout form shows for it (cart.js), so an error
# names the field as the buyer sees it, in the buyer's language.
FIELD_LABELS = {
    "name": N_("Full name"),
    "line1": N_("Address"),
    "city": N_("City"),
    "region": N_("State / region"),
    "postal_code": N_("Postal code"),
}


@dataclass(frozen=True)
class ShippingAddress:
    email: str
    name: str
    line1: str
    line2: str
    city: str
    region: str
    postal_code: str
    country: str


def _clean(value: str) -> str:
    """Trim and drop control characters (a newline in a name must not reach email headers)."""
    return _CONTROL.sub(" ", value).strip()


def validate(data: CheckoutIn, market: Market) -> ShippingAddress:
    email = one_address(_clean(data.email))
    address = data.address
    country = _clean(address.country).upper()
    allowed = sorted(c.upper() for c in market.countries)
    if country not in allowed:
        raise _not_shipped(market, allowed, country)
    fields = {
        "name": _clean(data.name),
        "line1": _clean(address.line1),
        "city": _clean(address.city),
        "region": _clean(address.region),
        "postal_code": " ".join(_clean(address.postal_code).upper().split()),
    }
    checked = address_checks.check(country, fields)
    if checked.missing or checked.wrong:
        raise AddressRejected(country, checked)
    return ShippingAddress(
        email=email,
        name=fields["name"],
        line1=fields["line1"],
        line2=_clean(address.line2),
        city=fields["city"],
        region=checked.region,
        postal_code=checked.postal_code,
        country=country,
    )


class AddressRejected(InvalidInput):
    """The address misses what its country's post requires, or has a postal code or region
    the country does not have; the answer names each field (`fields`) with what is wrong."""

    def __init__(self, country: str, checked: address_checks.Checked) -> None:
        needed = Message.of(address_checks.NEEDED, country=Territory(country))
        self.field_errors = {name: needed for name in checked.missing} | checked.wrong
        named = checked.missing or list(checked.wrong)
        labels = Listed(tuple(Message.of(FIELD_LABELS[name]) for name in named))
        summary = N_("fill in: {fields}") if checked.missing else N_("check the address: {fields}")
        super().__init__(summary, fields=labels)

    def body(self) -> dict[str, object]:
        return self.body_in("en")

    def body_in(self, lang: str) -> dict[str, object]:
        fields = {name: message.render(lang) for name, message in self.field_errors.items()}
        return {"detail": self.message, "code": "address", "fields": fields}


def _not_shipped(market: Market, allowed: list[str], country: str) -> InvalidInput:
    """Why MARKET cannot ship to COUNTRY, its countries named in the buyer's language."""
    if not allowed:
        return InvalidInput(N_("{market} does not ship anywhere yet"), market=market.name)
    countries = Listed(tuple(Territory(code) for code in allowed))
    if not country:
        return InvalidInput(
            N_("choose the country to ship to: {market} ships to {countries}"),
            market=market.name,
            countries=countries,
        )
    return InvalidInput(
        N_("{market} ships only to {countries} (the address is in {country})"),
        market=market.name,
        countries=countries,
        country=Territory(country),
    )
